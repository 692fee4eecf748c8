// HTTP as DynamoDB speaks it (http/content_coding.h): compressed requests and responses, the
// headers every answer carries, and the body limit on chunked and compressed bodies.
#include <zlib.h>

#include "api_test_support.h"
#include "http/frontend.h"
#include "table_test_helpers.h"
#include "zlib_frames.h"

namespace dynemu::testing_support {
namespace {

using test_support::deflated;
using test_support::gzipped;
using test_support::inflated;

uint32_t crc_of(const std::string& body) {
  return static_cast<uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
}

// A POST whose body and headers go on the wire exactly as given, and whose answer is read raw
// (httplib's client would otherwise decompress it).
httplib::Result post_wire(const std::string& op, const std::string& body, httplib::Headers headers) {
  httplib::Client client("127.0.0.1", shared_server().port());
  client.set_decompress(false);
  client.set_read_timeout(60, 0);
  headers.emplace("X-Amz-Target", "DynamoDB_20120810." + op);
  headers.emplace("Authorization", kTestAuthorization);
  headers.emplace("X-Amz-Date", "20240101T000000Z");
  return client.Post("/", headers, body, "application/x-amz-json-1.0");
}

std::string put_request(const std::string& table, const std::string& id, const std::string& payload = "v") {
  return R"({"TableName":")" + table + R"(","Item":{"id":{"S":")" + id + R"("},"v":{"S":")" + payload + R"("}}})";
}

bool item_exists(const std::string& table, const std::string& id) {
  auto r = call("GetItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":")" + id + R"("}},"ConsistentRead":true})");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json.IsObject() && r.json.HasMember("Item");
}

TEST(HttpCompression, GzipAndDeflateRequestsAreDecoded) {
  const std::string table = create_hash_table();
  auto g = post_wire("PutItem", gzipped(put_request(table, "g")), {{"Content-Encoding", "gzip"}});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, 200) << g->body;
  auto d = post_wire("PutItem", deflated(put_request(table, "d")), {{"Content-Encoding", "deflate"}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 200) << d->body;
  const std::string body = put_request(table, "two-members");
  auto two = post_wire("PutItem", gzipped(body.substr(0, 12)) + gzipped(body.substr(12)),
                       {{"Content-Encoding", "GZIP"}});
  ASSERT_TRUE(two);
  EXPECT_EQ(two->status, 200) << two->body;
  auto identity = post_wire("PutItem", put_request(table, "i"), {{"Content-Encoding", "identity"}});
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->status, 200) << identity->body;
  for (const char* id : {"g", "d", "two-members", "i"}) EXPECT_TRUE(item_exists(table, id)) << id;
}

TEST(HttpCompression, UndecodableBodiesAre500AndWriteNothing) {
  const std::string table = create_hash_table();
  struct Case {
    std::string name;
    std::string body;
    httplib::Headers headers;
  };
  const std::string plain = put_request(table, "x");
  const std::string g = gzipped(plain);
  const std::vector<Case> cases = {
      {"unknown coding", plain, {{"Content-Encoding", "garbage"}}},
      {"brotli", plain, {{"Content-Encoding", "br"}}},
      {"not compressed", plain, {{"Content-Encoding", "gzip"}}},
      {"not deflated", plain, {{"Content-Encoding", "deflate"}}},
      {"empty", "", {{"Content-Encoding", "gzip"}}},
      {"truncated", g.substr(0, g.size() - 1), {{"Content-Encoding", "gzip"}}},
      {"trailing bytes", g + "junk", {{"Content-Encoding", "gzip"}}},
      {"two deflate streams", deflated(plain.substr(0, 9)) + deflated(plain.substr(9)), {{"Content-Encoding", "deflate"}}},
      {"doubled in one header", gzipped(g), {{"Content-Encoding", "gzip, gzip"}}},
      {"doubled headers", gzipped(g), {{"Content-Encoding", "gzip"}, {"Content-Encoding", "gzip"}}},
  };
  for (const Case& c : cases) {
    auto r = post_wire("PutItem", c.body, c.headers);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(r->status, 500) << c.name << ": " << r->body;
    EXPECT_EQ(r->body, R"({"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"})")
        << c.name;
    EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "InternalServerError") << c.name;
  }
  EXPECT_FALSE(item_exists(table, "x"));
}

TEST(HttpCompression, TheSizeLimitAppliesAfterDecoding) {
  const std::string table = create_hash_table();
  std::string body = put_request(table, "big");
  body.insert(body.size() - 1, std::string((16u << 20) + 10, ' '));  // legal JSON, 16 MB of blanks
  const std::string g = gzipped(body);
  ASSERT_LT(g.size(), 1u << 20);
  auto r = post_wire("PutItem", g, {{"Content-Encoding", "gzip"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413) << r->body.substr(0, 200);
  EXPECT_EQ(r->body,
            R"({"__type":"com.amazon.coral.service#RequestEntityTooLargeException","Message":"Request entity too large"})");
  EXPECT_FALSE(item_exists(table, "big"));
}

TEST(HttpCompression, AnOversizedChunkedBodyIs413) {
  const std::string table = create_hash_table();
  const std::string head = put_request(table, "chunked");
  const size_t blanks = (16u << 20) + 10;
  httplib::Client client("127.0.0.1", shared_server().port());
  client.set_read_timeout(60, 0);
  httplib::Headers headers{{"X-Amz-Target", "DynamoDB_20120810.PutItem"},
                           {"Authorization", kTestAuthorization},
                           {"X-Amz-Date", "20240101T000000Z"}};
  size_t sent = 0;
  const std::string block(1u << 20, ' ');
  // Without a length httplib sends the body chunked.
  auto r = client.Post(
      "/", headers,
      [&](size_t, httplib::DataSink& sink) {
        if (sent == 0) {
          sink.write(head.data(), head.size() - 1);
        } else if (sent < blanks) {
          sink.write(block.data(), block.size());
        } else {
          sink.write("}", 1);
          sink.done();
        }
        sent = sent == 0 ? 1 : sent + block.size();
        return true;
      },
      "application/x-amz-json-1.0");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "RequestEntityTooLargeException");
  EXPECT_FALSE(item_exists(table, "chunked"));
}

TEST(HttpCompression, LargeSuccessesAreCompressedWhenAskedAndTheChecksumIsOfTheBytesSent) {
  const std::string table = create_hash_table();
  const std::string payload(5000, 'x');
  ASSERT_EQ(call("PutItem", put_request(table, "p", payload)).status, 200);
  const std::string get = R"({"TableName":")" + table + R"(","Key":{"id":{"S":"p"}}})";

  auto plain = post_wire("GetItem", get, {});
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  ASSERT_GE(plain->body.size(), 4096u);

  for (const auto& [accept, coding, bits] : std::vector<std::tuple<std::string, std::string, int>>{
           {"gzip", "gzip", 16 + MAX_WBITS}, {"deflate", "deflate", MAX_WBITS}, {"*", "gzip", 16 + MAX_WBITS}}) {
    auto r = post_wire("GetItem", get, {{"Accept-Encoding", accept}});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Encoding"), coding) << accept;
    EXPECT_LT(r->body.size(), plain->body.size() / 10) << accept;
    EXPECT_EQ(r->get_header_value("x-amz-crc32"), std::to_string(crc_of(r->body))) << accept;
    EXPECT_EQ(inflated(r->body, bits), plain->body) << accept;
  }
  // The last Accept-Encoding header is the one that counts.
  auto last = post_wire("GetItem", get, {{"Accept-Encoding", "gzip"}, {"Accept-Encoding", "identity"}});
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->has_header("Content-Encoding"));
  EXPECT_EQ(last->body, plain->body);

  // Under 4 KB, nothing is compressed, asked or not.
  auto small = post_wire("GetItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":"p"}},"ProjectionExpression":"id"})",
                         {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200);
  EXPECT_FALSE(small->has_header("Content-Encoding"));
  EXPECT_EQ(small->body, R"({"Item":{"id":{"S":"p"}}})");

  // Errors are never compressed, however large.
  auto failed = post_wire("PutItem",
                          R"({"TableName":")" + table +
                              R"J(","Item":{"id":{"S":"p"}},"ConditionExpression":"attribute_not_exists(id)","ReturnValuesOnConditionCheckFailure":"ALL_OLD"})J",
                          {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 400);
  EXPECT_GE(failed->body.size(), 4096u);
  EXPECT_FALSE(failed->has_header("Content-Encoding"));
  EXPECT_NE(failed->body.find("ConditionalCheckFailedException"), std::string::npos);
}

TEST(HttpCompression, ApplicationJsonResponsesAreNotCompressedBehindTheChecksum) {
  // httplib compresses application/json on its own when asked; dynemu decides instead.
  auto r = post_wire("ListTables", "{}", {{"Accept-Encoding", "gzip, br"}, {"Content-Type", "application/json"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->has_header("Content-Encoding"));
  EXPECT_EQ(r->get_header_value("x-amz-crc32"), std::to_string(crc_of(r->body)));
}

TEST(HttpHeaders, EveryAnswerCarriesDateAndServer) {
  auto ok = post_wire("ListTables", "{}", {});
  auto error = post_wire("DescribeTable", R"({"TableName":"no-such-table-anywhere"})", {});
  httplib::Client client("127.0.0.1", shared_server().port());
  auto health = client.Get("/");
  auto unknown = client.Get("/no/such/path");
  for (auto* r : {&ok, &error, &health, &unknown}) {
    ASSERT_TRUE(*r);
    EXPECT_EQ((*r)->get_header_value("Server"), "Server");
    const std::string date = (*r)->get_header_value("Date");
    // IMF-fixdate: "Wed, 02 Dec 2026 12:38:24 GMT"
    ASSERT_EQ(date.size(), 29u) << date;
    EXPECT_EQ(date.substr(25), " GMT");
    EXPECT_EQ(date[3], ',');
  }
  EXPECT_EQ(http::health_host(""), "dynamodb.us-east-1.amazonaws.com");
}

TEST(HttpHeaders, TheHealthLineNamesTheHostAsked) {
  httplib::Client client("127.0.0.1", shared_server().port());
  auto plain = client.Get("/");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "healthy: 127.0.0.1 ");
  auto named = client.Get("/", {{"Host", "dynamodb.eu-west-1.amazonaws.com"}});
  ASSERT_TRUE(named);
  EXPECT_EQ(named->body, "healthy: dynamodb.eu-west-1.amazonaws.com ");
  auto hostile = client.Get("/", {{"Host", "<script>x</script>"}});
  ASSERT_TRUE(hostile);
  EXPECT_EQ(hostile->body, "healthy: dynamodb.us-east-1.amazonaws.com ");
}

}  // namespace
}  // namespace dynemu::testing_support
