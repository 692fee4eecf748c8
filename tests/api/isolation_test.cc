// --isolate region|account: each namespace (region and/or account) has its own tables, ARNs carry
// its region and account, and the admin endpoints address one namespace or all of them.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "api_test_support.h"
#include "http/sigv4_signing.h"

namespace dynemu::testing_support {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<Server> start_server(bool region, bool account, const std::string& db_path = "") {
  ServerOptions options;
  options.port = 0;
  options.threads = 4;
  options.in_memory = db_path.empty();
  if (!db_path.empty()) options.db_path = db_path;
  options.isolate_region = region;
  options.isolate_account = account;
  options.ttl_sweep_period_ms = 0;
  auto server = std::make_unique<Server>(options);
  server->start();
  return server;
}

// A DynamoDB request signed (in shape) for `region` with access key `access_key`.
ApiResponse call_as(const Server& server, const std::string& region, const std::string& access_key,
                    const std::string& op, const std::string& body) {
  httplib::Headers headers{{"Authorization", "AWS4-HMAC-SHA256 Credential=" + access_key + "/20240101/" + region +
                                                 "/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                                                 "x-amz-target, Signature=0123456789abcdef"}};
  return post_raw_to(server.port(), "DynamoDB_20120810." + op, body, headers);
}

ApiResponse in_region(const Server& server, const std::string& region, const std::string& op,
                      const std::string& body) {
  return call_as(server, region, "AKIDTEST", op, body);
}

std::string create_request(const std::string& table) {
  return R"({"TableName":")" + table +
         R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",)"
         R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"}})";
}

std::string put_request(const std::string& table, const std::string& value) {
  return R"({"TableName":")" + table + R"(","Item":{"id":{"S":"k"},"v":{"S":")" + value + R"("}}})";
}

// The "v" of item "k", or "" when there is none.
std::string value_in(const Server& server, const std::string& region, const std::string& access_key,
                     const std::string& table) {
  auto r = call_as(server, region, access_key, "GetItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":"k"}}})");
  if (r.status != 200 || !r.json.HasMember("Item")) return "";
  return r.json["Item"]["v"]["S"].GetString();
}

std::set<std::string> tables_in(const Server& server, const std::string& region, const std::string& access_key) {
  auto r = call_as(server, region, access_key, "ListTables", "{}");
  std::set<std::string> names;
  if (r.status != 200) return names;
  for (const auto& name : r.json["TableNames"].GetArray()) names.insert(name.GetString());
  return names;
}

struct AdminAnswer {
  int status = 0;
  rapidjson::Document json;
};

AdminAnswer admin(const Server& server, const std::string& method, const std::string& path) {
  httplib::Client client("127.0.0.1", server.port());
  auto result = method == "GET" ? client.Get(path) : method == "DELETE" ? client.Delete(path) : client.Post(path);
  AdminAnswer a;
  if (!result) {
    ADD_FAILURE() << "no answer for " << method << " " << path;
    return a;
  }
  a.status = result->status;
  a.json.Parse(result->body.c_str());
  return a;
}

TEST(Isolation, OneTableNameInTwoRegionsHoldsDifferentItems) {
  auto server = start_server(/*region=*/true, /*account=*/false);
  for (const char* region : {"us-east-1", "eu-west-1"}) ASSERT_API_OK(in_region(*server, region, "CreateTable", create_request("Shared")));
  ASSERT_API_OK(in_region(*server, "us-east-1", "PutItem", put_request("Shared", "east")));
  ASSERT_API_OK(in_region(*server, "eu-west-1", "PutItem", put_request("Shared", "west")));
  EXPECT_EQ(value_in(*server, "us-east-1", "AKIDTEST", "Shared"), "east");
  EXPECT_EQ(value_in(*server, "eu-west-1", "AKIDTEST", "Shared"), "west");
  // Deleting it in one region leaves the other's.
  ASSERT_API_OK(in_region(*server, "eu-west-1", "DeleteTable", R"({"TableName":"Shared"})"));
  EXPECT_EQ(value_in(*server, "us-east-1", "AKIDTEST", "Shared"), "east");
  EXPECT_API_ERROR(in_region(*server, "eu-west-1", "DescribeTable", R"({"TableName":"Shared"})"), 400,
                   "ResourceNotFoundException", "Requested resource not found: Table: Shared not found");
}

TEST(Isolation, ListTablesShowsTheRegionsOwnTables) {
  auto server = start_server(true, false);
  ASSERT_API_OK(in_region(*server, "us-west-2", "CreateTable", create_request("WestOnly")));
  ASSERT_API_OK(in_region(*server, "ap-south-1", "CreateTable", create_request("SouthOnly")));
  EXPECT_EQ(tables_in(*server, "us-west-2", "AKIDTEST"), std::set<std::string>{"WestOnly"});
  EXPECT_EQ(tables_in(*server, "ap-south-1", "AKIDTEST"), std::set<std::string>{"SouthOnly"});
  EXPECT_TRUE(tables_in(*server, "us-east-1", "AKIDTEST").empty());
  // Only region is isolated: another account of the same region sees the same tables.
  EXPECT_EQ(tables_in(*server, "us-west-2", "111122223333"), std::set<std::string>{"WestOnly"});
}

TEST(Isolation, AccountsAreTheTwelveDigitAccessKeys) {
  auto server = start_server(false, true);
  ASSERT_API_OK(call_as(*server, "us-east-1", "111122223333", "CreateTable", create_request("Orders")));
  ASSERT_API_OK(call_as(*server, "us-east-1", "111122223333", "PutItem", put_request("Orders", "first")));
  EXPECT_TRUE(tables_in(*server, "us-east-1", "444455556666").empty());
  // Only the account is isolated: the same account in another region sees the table.
  EXPECT_EQ(value_in(*server, "eu-west-1", "111122223333", "Orders"), "first");
  // A key that is not 12 digits acts as the default account 000000000000.
  ASSERT_API_OK(call_as(*server, "us-east-1", "AKIDTEST", "CreateTable", create_request("Default")));
  EXPECT_EQ(tables_in(*server, "us-east-1", "dynemu"), std::set<std::string>{"Default"});
  EXPECT_EQ(tables_in(*server, "us-east-1", "111122223333"), std::set<std::string>{"Orders"});
}

TEST(Isolation, ArnsCarryTheNamespacesRegionAndAccount) {
  auto server = start_server(true, true);
  auto created = call_as(*server, "eu-central-1", "111122223333", "CreateTable", create_request("Audit"));
  ASSERT_API_OK(created);
  const auto& description = created.json["TableDescription"];
  EXPECT_STREQ(description["TableArn"].GetString(), "arn:aws:dynamodb:eu-central-1:111122223333:table/Audit");
  const std::string stream_arn = description["LatestStreamArn"].GetString();
  EXPECT_EQ(stream_arn.rfind("arn:aws:dynamodb:eu-central-1:111122223333:table/Audit/stream/", 0), 0u) << stream_arn;
  auto backup = call_as(*server, "eu-central-1", "111122223333", "CreateBackup",
                        R"({"TableName":"Audit","BackupName":"nightly"})");
  ASSERT_API_OK(backup);
  const std::string backup_arn = backup.json["BackupDetails"]["BackupArn"].GetString();
  EXPECT_EQ(backup_arn.rfind("arn:aws:dynamodb:eu-central-1:111122223333:table/Audit/backup/", 0), 0u) << backup_arn;
  // The table's ARN names it for tagging; the same ARN of another account is not found there.
  const std::string tag_request = R"({"ResourceArn":"arn:aws:dynamodb:eu-central-1:111122223333:table/Audit",)"
                                  R"("Tags":[{"Key":"team","Value":"a"}]})";
  ASSERT_API_OK(call_as(*server, "eu-central-1", "111122223333", "TagResource", tag_request));
  EXPECT_API_ERROR(call_as(*server, "eu-central-1", "444455556666", "TagResource", tag_request), 400,
                   "ResourceNotFoundException",
                   "Requested resource not found: ResourcArn: arn:aws:dynamodb:eu-central-1:111122223333:table/Audit "
                   "not found");
}

TEST(Isolation, WithoutIsolationEveryRegionAndKeySharesOneNamespace) {
  auto server = start_server(false, false);
  ASSERT_API_OK(call_as(*server, "eu-west-1", "111122223333", "CreateTable", create_request("Everyone")));
  ASSERT_API_OK(call_as(*server, "us-west-2", "AKIDTEST", "PutItem", put_request("Everyone", "shared")));
  EXPECT_EQ(value_in(*server, "ap-south-1", "444455556666", "Everyone"), "shared");
  // ARNs keep the default account, whoever asks.
  auto described = call_as(*server, "eu-west-1", "111122223333", "DescribeTable", R"({"TableName":"Everyone"})");
  EXPECT_STREQ(described.json["Table"]["TableArn"].GetString(), "arn:aws:dynamodb:eu-west-1:000000000000:table/Everyone");
  auto health = admin(*server, "GET", "/_dynemu/health");
  EXPECT_STREQ(health.json["isolate"].GetString(), "none");
  EXPECT_EQ(health.json["namespaces"].Size(), 1u);
}

TEST(Isolation, ARegionThatCannotNameANamespaceIsRefused) {
  auto server = start_server(true, false);
  for (const char* region : {"..", "US-EAST-1", "a.b", "x%2F..", "012345678901234567890123456789012"}) {
    SCOPED_TRACE(region);
    EXPECT_API_ERROR(in_region(*server, region, "ListTables", "{}"), 400, "IncompleteSignatureException",
                     "Credential should be scoped to a valid region. ");
  }
  EXPECT_EQ(server->namespaces().size(), 1u);  // none was opened
}

TEST(Isolation, SnapshotAndResetCoverEveryNamespace) {
  auto server = start_server(true, false);
  for (const char* region : {"us-east-1", "eu-west-1"}) {
    ASSERT_API_OK(in_region(*server, region, "CreateTable", create_request("Base")));
    ASSERT_API_OK(in_region(*server, region, "PutItem", put_request("Base", std::string("base-") + region)));
  }
  ASSERT_EQ(admin(*server, "POST", "/_dynemu/snapshot").status, 200);
  for (const char* region : {"us-east-1", "eu-west-1"})
    ASSERT_API_OK(in_region(*server, region, "PutItem", put_request("Base", "changed")));
  ASSERT_API_OK(in_region(*server, "ap-south-1", "CreateTable", create_request("Later")));  // after the snapshot

  auto reset = admin(*server, "POST", "/_dynemu/reset");
  ASSERT_EQ(reset.status, 200);
  EXPECT_STREQ(reset.json["restored"].GetString(), "snapshot");
  EXPECT_EQ(value_in(*server, "us-east-1", "AKIDTEST", "Base"), "base-us-east-1");
  EXPECT_EQ(value_in(*server, "eu-west-1", "AKIDTEST", "Base"), "base-eu-west-1");
  EXPECT_TRUE(tables_in(*server, "ap-south-1", "AKIDTEST").empty());  // it had no tables at the snapshot

  // One namespace alone: ?region= resets it and leaves the others.
  for (const char* region : {"us-east-1", "eu-west-1"})
    ASSERT_API_OK(in_region(*server, region, "PutItem", put_request("Base", "again")));
  ASSERT_EQ(admin(*server, "POST", "/_dynemu/reset?region=eu-west-1").status, 200);
  EXPECT_EQ(value_in(*server, "eu-west-1", "AKIDTEST", "Base"), "base-eu-west-1");
  EXPECT_EQ(value_in(*server, "us-east-1", "AKIDTEST", "Base"), "again");

  // The embedding API does the same across namespaces.
  server->reset();
  EXPECT_EQ(value_in(*server, "us-east-1", "AKIDTEST", "Base"), "base-us-east-1");
  server->discard_snapshot();
  server->reset();  // no baseline anywhere: every namespace is empty
  EXPECT_TRUE(tables_in(*server, "us-east-1", "AKIDTEST").empty());
  EXPECT_TRUE(tables_in(*server, "eu-west-1", "AKIDTEST").empty());
}

TEST(Isolation, HealthAndRequestsAddressNamespaces) {
  auto server = start_server(true, true);
  ASSERT_API_OK(call_as(*server, "eu-west-1", "111122223333", "CreateTable", create_request("Alpha")));
  ASSERT_API_OK(call_as(*server, "eu-west-1", "111122223333", "CreateTable", create_request("Beta")));
  ASSERT_API_OK(call_as(*server, "us-east-1", "AKIDTEST", "CreateTable", create_request("Gamma")));

  auto all = admin(*server, "GET", "/_dynemu/health");
  EXPECT_EQ(all.json["tables"].GetUint64(), 3u);
  EXPECT_STREQ(all.json["isolate"].GetString(), "region,account");
  ASSERT_EQ(all.json["namespaces"].Size(), 2u);
  EXPECT_STREQ(all.json["namespaces"][1]["region"].GetString(), "eu-west-1");
  EXPECT_STREQ(all.json["namespaces"][1]["account"].GetString(), "111122223333");
  EXPECT_EQ(all.json["namespaces"][1]["tables"].GetUint64(), 2u);
  EXPECT_EQ(admin(*server, "GET", "/_dynemu/health?region=eu-west-1&account=111122223333").json["tables"].GetUint64(),
            2u);
  // A namespace never used has no tables, and asking does not open it.
  EXPECT_EQ(admin(*server, "GET", "/_dynemu/health?region=sa-east-1").json["tables"].GetUint64(), 0u);
  EXPECT_EQ(server->namespaces().size(), 2u);

  auto requests = admin(*server, "GET", "/_dynemu/requests?account=111122223333");
  ASSERT_EQ(requests.status, 200);
  ASSERT_EQ(requests.json["requests"].Size(), 2u);
  EXPECT_STREQ(requests.json["requests"][0]["region"].GetString(), "eu-west-1");

  for (const char* bad : {"/_dynemu/reset?region=..%2Fetc", "/_dynemu/snapshot?account=12", "/_dynemu/health?region="}) {
    SCOPED_TRACE(bad);
    auto refused = admin(*server, bad == std::string("/_dynemu/health?region=") ? "GET" : "POST", bad);
    EXPECT_EQ(refused.status, 400);
    EXPECT_TRUE(refused.json.IsObject() && refused.json.HasMember("error"));
  }
}

TEST(Isolation, InvokeInAndTtlSweepPerNamespace) {
  auto server = start_server(true, false);
  server->set_clock_ms(int64_t{1767225600} * 1000);
  server->freeze_clock();
  const std::string expired = std::to_string(1767225600 - 10);
  for (const char* region : {"us-west-2", "eu-west-1"}) {
    const NamespaceId ns{region, "000000000000"};
    ASSERT_EQ(server->invoke_in(ns, "CreateTable", create_request("Sessions")).status, 200);
    ASSERT_EQ(server->invoke_in(ns, "UpdateTimeToLive",
                                R"({"TableName":"Sessions","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})")
                  .status,
              200);
    ASSERT_EQ(server->invoke_in(ns, "PutItem",
                                R"({"TableName":"Sessions","Item":{"id":{"S":"k"},"exp":{"N":")" + expired + R"("}}})")
                  .status,
              200);
  }
  // invoke() is the default namespace's, which has no such table.
  EXPECT_EQ(server->invoke("DescribeTable", R"({"TableName":"Sessions"})").error_type, "ResourceNotFoundException");
  EXPECT_EQ(server->sweep_ttl(NamespaceId{"ap-south-1", "000000000000"}).deleted, 0);  // not open: nothing
  EXPECT_EQ(server->sweep_ttl(NamespaceId{"eu-west-1", "000000000000"}).deleted, 1);
  const std::string west_count =
      server->invoke_in(NamespaceId{"us-west-2", "000000000000"}, "Scan", R"({"TableName":"Sessions","Select":"COUNT"})")
          .body;
  EXPECT_NE(west_count.find("\"Count\":1"), std::string::npos) << west_count;
  const TtlSweepResult swept = server->sweep_ttl();  // every namespace: the us-west-2 one is left
  EXPECT_EQ(swept.deleted, 1);
  EXPECT_EQ(swept.tables.at("Sessions"), 1);
  EXPECT_THROW(server->invoke_in(NamespaceId{"../x", "000000000000"}, "ListTables", "{}"), std::invalid_argument);
}

TEST(Isolation, UnderAuthVerifyTheAccountIsTheKeysAccount) {
  namespace sigv4 = dynemu::http::sigv4;
  const std::string credentials = "/tmp/dynemu-isolation-credentials-" + std::to_string(getpid());
  // The second key's id is 12 digits, but a verified key acts as the account its line names.
  std::ofstream(credentials) << "AKIDTEAMONE secret-one account=123456789012\n"
                                "999988887777 secret-two account=210987654321\n";
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.in_memory = true;
  options.isolate_account = true;
  options.credentials_file = credentials;
  Server server(options);
  server.start();
  std::remove(credentials.c_str());
  auto signed_call = [&](const std::string& key, const std::string& secret, const std::string& op,
                         const std::string& body) {
    sigv4::SigningRequest signing;
    signing.access_key = key;
    signing.secret = secret;
    signing.region = "eu-west-1";
    signing.amz_date = sigv4::amz_date(server.clock_ms() / 1000);
    signing.body = body;
    signing.headers = {{"Host", "127.0.0.1:" + std::to_string(server.port())},
                       {"Content-Type", "application/x-amz-json-1.0"},
                       {"X-Amz-Date", signing.amz_date},
                       {"X-Amz-Target", "DynamoDB_20120810." + op}};
    httplib::Request req;
    req.method = "POST";
    req.path = "/";
    for (const auto& [name, value] : signing.headers) req.headers.emplace(name, value);
    req.headers.emplace("Authorization", sigv4::sign_authorization(signing));
    req.body = body;
    httplib::Client client("127.0.0.1", server.port());
    auto result = client.send(req);
    ApiResponse r;
    if (!result) {
      ADD_FAILURE() << "no answer for " << op;
      return r;
    }
    r.status = result->status;
    r.body = result->body;
    r.json.Parse(r.body.c_str(), r.body.size());
    return r;
  };
  auto created = signed_call("AKIDTEAMONE", "secret-one", "CreateTable", create_request("Verified"));
  ASSERT_API_OK(created);
  EXPECT_STREQ(created.json["TableDescription"]["TableArn"].GetString(),
               "arn:aws:dynamodb:eu-west-1:123456789012:table/Verified");
  auto other = signed_call("999988887777", "secret-two", "ListTables", "{}");
  ASSERT_API_OK(other);
  EXPECT_EQ(other.json["TableNames"].Size(), 0u);
  // Under --auth verify the admin endpoints want a signature too (http/admin_access.h).
  auto signed_health = [&](const std::string& account) {
    sigv4::SigningRequest signing;
    signing.method = "GET";
    signing.wire_path = "/_dynemu/health";
    signing.raw_query = "account=" + account;
    signing.access_key = "AKIDTEAMONE";
    signing.secret = "secret-one";
    signing.region = "eu-west-1";
    signing.amz_date = sigv4::amz_date(server.clock_ms() / 1000);
    signing.headers = {{"Host", "127.0.0.1:" + std::to_string(server.port())}, {"X-Amz-Date", signing.amz_date}};
    httplib::Headers headers(signing.headers.begin(), signing.headers.end());
    headers.emplace("Authorization", sigv4::sign_authorization(signing));
    httplib::Client client("127.0.0.1", server.port());
    auto result = client.Get(signing.wire_path + "?" + signing.raw_query, headers);
    ApiResponse r;
    if (!result) {
      ADD_FAILURE() << "no answer from /_dynemu/health";
      return r;
    }
    r.status = result->status;
    r.body = result->body;
    r.json.Parse(r.body.c_str(), r.body.size());
    return r;
  };
  EXPECT_EQ(admin(server, "GET", "/_dynemu/health?account=123456789012").status, 400);  // unsigned
  auto health = signed_health("123456789012");
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.json["tables"].GetUint64(), 1u);
  EXPECT_EQ(signed_health("999988887777").json["tables"].GetUint64(), 0u);
}

class IsolationFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dynemu-isolation-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::set<std::string> files() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.insert(entry.path().filename().string());
    return names;
  }

  fs::path dir_;
};

TEST_F(IsolationFiles, NamespacesSurviveARestart) {
  const std::string db = (dir_ / "dynemu.db").string();
  {
    auto server = start_server(true, true, db);
    ASSERT_API_OK(call_as(*server, "us-west-2", "111122223333", "CreateTable", create_request("Kept")));
    ASSERT_API_OK(call_as(*server, "us-west-2", "111122223333", "PutItem", put_request("Kept", "west")));
    ASSERT_API_OK(call_as(*server, "us-east-1", "AKIDTEST", "CreateTable", create_request("Home")));
  }
  std::set<std::string> databases;
  for (const auto& name : files())
    if (name.size() > 3 && name.substr(name.size() - 3) == ".db") databases.insert(name);
  EXPECT_EQ(databases, (std::set<std::string>{"dynemu.db", "dynemu.region-us-west-2.account-111122223333.db"}));

  auto server = start_server(true, true, db);
  // Found at start: listed and counted before any request names it.
  EXPECT_EQ(server->namespaces().size(), 2u);
  EXPECT_EQ(admin(*server, "GET", "/_dynemu/health").json["tables"].GetUint64(), 2u);
  EXPECT_EQ(value_in(*server, "us-west-2", "111122223333", "Kept"), "west");
  EXPECT_EQ(tables_in(*server, "us-east-1", "AKIDTEST"), std::set<std::string>{"Home"});
  EXPECT_TRUE(tables_in(*server, "us-west-2", "AKIDTEST").empty());
}

TEST_F(IsolationFiles, AHostileRegionNeverReachesAPath) {
  const std::string db = (dir_ / "dynemu.db").string();
  auto server = start_server(true, false, db);
  const std::set<std::string> before = files();
  for (const char* region : {"../../escape", "..", "a/b", "con.db", "x\\y"}) {
    SCOPED_TRACE(region);
    auto r = in_region(*server, region, "CreateTable", create_request("Evil"));
    EXPECT_EQ(r.status, 400) << r.body;
  }
  EXPECT_EQ(files(), before);
  EXPECT_FALSE(fs::exists(dir_.parent_path() / "escape"));
  EXPECT_FALSE(fs::exists(dir_ / "dynemu.region-...db"));
}

}  // namespace
}  // namespace dynemu::testing_support
