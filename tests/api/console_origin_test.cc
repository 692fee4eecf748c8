// The browser console's routes (GET /_dynemu/console, --no-console) and the Origin rule that keeps
// pages of other origins from driving dynemu through a visitor's browser (http/origin_guard.h).
#include "api_test_support.h"
#include "http/frontend.h"
#include "http/origin_guard.h"

namespace dynemu::testing_support {
namespace {

class ConsoleOriginTest : public ::testing::Test {
 protected:
  void start(const std::string& cors = "", bool console = true) {
    ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.threads = 2;
    options.cors_origins = cors;
    options.console = console;
    server_ = std::make_unique<Server>(options);
    server_->start();
  }

  std::string own_origin() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  // POST / with `origin` ("" sends none).
  httplib::Result api(const std::string& op, const std::string& body, const std::string& origin) {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Headers headers{{"X-Amz-Target", "DynamoDB_20120810." + op},
                             {"Authorization", kTestAuthorization},
                             {"X-Amz-Date", "20240101T000000Z"}};
    if (!origin.empty()) headers.emplace("Origin", origin);
    return client.Post("/", headers, body, "application/x-amz-json-1.0");
  }

  httplib::Result admin(const std::string& method, const std::string& path, const std::string& origin) {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Headers headers;
    if (!origin.empty()) headers.emplace("Origin", origin);
    if (method == "GET") return client.Get(path, headers);
    if (method == "DELETE") return client.Delete(path, headers);
    return client.Post(path, headers, "", "text/plain");
  }

  void create_table(const std::string& name) {
    auto r = api("CreateTable",
                 R"({"TableName":")" + name +
                     R"(","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
                     R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]})",
                 "");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }

  size_t table_count() {
    auto r = api("ListTables", "{}", "");
    EXPECT_TRUE(r);
    rapidjson::Document doc;
    doc.Parse(r->body.c_str());
    return doc["TableNames"].Size();
  }

  std::unique_ptr<Server> server_;
};

TEST(OriginRule, OwnOriginIsHttpAndTheHostHeader) {
  EXPECT_TRUE(http::is_own_origin("http://127.0.0.1:8000", "127.0.0.1:8000"));
  EXPECT_TRUE(http::is_own_origin("HTTP://LocalHost:8000", "localhost:8000"));
  EXPECT_FALSE(http::is_own_origin("http://127.0.0.1:8001", "127.0.0.1:8000"));
  EXPECT_FALSE(http::is_own_origin("https://127.0.0.1:8000", "127.0.0.1:8000"));
  EXPECT_FALSE(http::is_own_origin("http://127.0.0.1:8000.evil.test", "127.0.0.1:8000"));
  EXPECT_FALSE(http::is_own_origin("null", "127.0.0.1:8000"));
  EXPECT_FALSE(http::is_own_origin("http://", ""));
}

TEST(OriginRule, CorsListMatchesWholeEntries) {
  EXPECT_FALSE(http::cors_allows("http://a.test", ""));
  EXPECT_TRUE(http::cors_allows("http://a.test", "*"));
  EXPECT_TRUE(http::cors_allows("http://a.test", "http://b.test,http://a.test"));
  EXPECT_FALSE(http::cors_allows("http://a.tes", "http://a.test"));
  EXPECT_FALSE(http::cors_allows("http://a.test:1", "http://a.test"));
}

TEST_F(ConsoleOriginTest, ConsolePageAndItsFilesAreServedWithAPolicyAllowingOnlyDynemu) {
  start();
  httplib::Client client("127.0.0.1", server_->port());
  auto page = client.Get("/_dynemu/console");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(page->body.find("/_dynemu/console/console.js"), std::string::npos);
  auto script = client.Get("/_dynemu/console/console.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_GT(script->body.size(), 1000u);
  auto style = client.Get("/_dynemu/console/console.css");
  ASSERT_TRUE(style);
  EXPECT_EQ(style->status, 200);
  EXPECT_EQ(style->get_header_value("Content-Type"), "text/css; charset=utf-8");
  auto missing = client.Get("/_dynemu/console/missing.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto traversal = client.Get("/_dynemu/console/../admin.cc");
  ASSERT_TRUE(traversal);
  EXPECT_EQ(traversal->status, 404);
}

TEST_F(ConsoleOriginTest, NoConsoleAnswersAsAnUnknownPathAndKeepsTheHealthLine) {
  start("", /*console=*/false);
  httplib::Client client("127.0.0.1", server_->port());
  auto page = client.Get("/_dynemu/console");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_EQ(page->body, R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  auto script = client.Get("/_dynemu/console/console.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 404);
  auto health = client.Get("/");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->body, "healthy: 127.0.0.1 ");  // the host the client asked for
}

TEST_F(ConsoleOriginTest, AdminEndpointsRefuseAForeignOriginAndServeTheirOwnAndNone) {
  start("*");  // --cors widens the DynamoDB API only, never the admin endpoints
  create_table("Kept");
  for (const char* method : {"POST", "GET", "DELETE"}) {
    const std::string path = std::string(method) == "POST" ? "/_dynemu/reset" : "/_dynemu/requests";
    auto refused = admin(method, path, "http://evil.test");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << method;
    rapidjson::Document doc;
    doc.Parse(refused->body.c_str());
    ASSERT_TRUE(doc.IsObject() && doc.HasMember("error")) << refused->body;
    EXPECT_EQ(std::string(doc["error"].GetString()),
              "dynemu refuses this request from origin http://evil.test: the /_dynemu/ endpoints take browser "
              "requests only from dynemu's own pages (http://127.0.0.1:" + std::to_string(server_->port()) + ")");
  }
  EXPECT_EQ(admin("POST", "/_dynemu/reset", "null")->status, 403);
  EXPECT_EQ(admin("POST", "/_dynemu/reset", "http://127.0.0.1:1")->status, 403);
  EXPECT_EQ(table_count(), 1u) << "a refused reset must not have run";

  auto own = admin("POST", "/_dynemu/reset", own_origin());
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200) << own->body;
  EXPECT_EQ(table_count(), 0u);
  create_table("Again");
  auto curl_like = admin("POST", "/_dynemu/reset", "");
  ASSERT_TRUE(curl_like);
  EXPECT_EQ(curl_like->status, 200);
  EXPECT_EQ(table_count(), 0u);
}

TEST_F(ConsoleOriginTest, ApiRefusesAForeignOriginWithoutCorsBeforeRunningOrRecording) {
  start();
  auto refused = api("CreateTable",
                     R"({"TableName":"T","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]})",
                     "http://evil.test");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(refused->get_header_value("x-amzn-ErrorType"), "AccessDeniedException");
  EXPECT_EQ(refused->get_header_value("x-amz-crc32"), std::to_string(http::body_crc32(refused->body)));
  rapidjson::Document doc;
  doc.Parse(refused->body.c_str());
  EXPECT_EQ(std::string(doc["__type"].GetString()), "com.amazon.coral.service#AccessDeniedException");
  EXPECT_EQ(std::string(doc["Message"].GetString()),
            "dynemu refuses this request from origin http://evil.test: start dynemu with --cors http://evil.test to "
            "let pages from it call the DynamoDB API");
  EXPECT_EQ(table_count(), 0u);
  EXPECT_TRUE(server_->requests().size() == 1u && server_->requests()[0].operation == "ListTables")
      << "only the ListTables check is logged";
  // The console's own origin and clients without Origin are served.
  auto own = api("ListTables", "{}", own_origin());
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
  auto none = api("ListTables", "{}", "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 200);
}

TEST_F(ConsoleOriginTest, CorsKeepsItsMeaningForTheApi) {
  start("http://app.test,http://other.test");
  auto listed = api("ListTables", "{}", "http://app.test");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  EXPECT_EQ(listed->get_header_value("Access-Control-Allow-Origin"), "http://app.test");
  auto unlisted = api("ListTables", "{}", "http://evil.test");
  ASSERT_TRUE(unlisted);
  EXPECT_EQ(unlisted->status, 403);
  server_.reset();
  start("*");
  auto any = api("ListTables", "{}", "http://evil.test");
  ASSERT_TRUE(any);
  EXPECT_EQ(any->status, 200);
  EXPECT_EQ(any->get_header_value("Access-Control-Allow-Origin"), "*");
}

}  // namespace
}  // namespace dynemu::testing_support
