// Test support on the wire: the request log, injected faults and the /_dynemu/ admin endpoints.
#include <chrono>

#include "api_test_support.h"

namespace dynemu::testing_support {
namespace {

// A server of its own: these tests reset state and inject faults, which must not reach other tests.
class DiagnosticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.threads = 4;
    server_ = std::make_unique<Server>(options);
    server_->start();
  }

  ApiResponse call(const std::string& op, const std::string& body) {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Headers headers{{"X-Amz-Target", "DynamoDB_20120810." + op},
                             {"Authorization", kTestAuthorization},
                             {"X-Amz-Date", "20240101T000000Z"}};
    auto result = client.Post("/", headers, body, "application/x-amz-json-1.0");
    ApiResponse r;
    if (!result) return r;
    r.status = result->status;
    r.body = result->body;
    r.headers = result->headers;
    r.json.Parse(r.body.c_str());
    return r;
  }

  // An admin call; returns status and parsed JSON.
  ApiResponse admin(const std::string& method, const std::string& path, const std::string& body = "") {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Result result = method == "GET"      ? client.Get(path)
                             : method == "DELETE" ? client.Delete(path)
                                                  : client.Post(path, body, "application/json");
    ApiResponse r;
    if (!result) {
      ADD_FAILURE() << "no answer from " << path;
      return r;
    }
    r.status = result->status;
    r.body = result->body;
    r.json.Parse(r.body.c_str());
    return r;
  }

  std::unique_ptr<Server> server_;
};

constexpr const char* kPut = R"({"TableName":"Orders","Item":{"pk":{"S":"a"}}})";

TEST_F(DiagnosticsTest, NextNCallsOfAnOperationOnATableAreThrottled) {
  Fault fault;
  fault.operation = "PutItem";
  fault.table = "Orders";
  fault.count = 2;
  fault.error = "ProvisionedThroughputExceededException";
  server_->add_fault(fault);

  // Another table and another operation are not affected.
  EXPECT_NE(call("PutItem", R"({"TableName":"Other","Item":{"pk":{"S":"a"}}})").error_type(),
            "ProvisionedThroughputExceededException");
  EXPECT_NE(call("GetItem", R"({"TableName":"Orders","Key":{"pk":{"S":"a"}}})").error_type(),
            "ProvisionedThroughputExceededException");
  for (int i = 0; i < 2; ++i) {
    auto r = call("PutItem", kPut);
    EXPECT_API_ERROR(r, 400, "ProvisionedThroughputExceededException",
                     "The level of configured provisioned throughput for the table was exceeded. Consider increasing "
                     "your provisioning level with the UpdateTable API.");
    EXPECT_EQ(r.header("x-amzn-ErrorType"), "ProvisionedThroughputExceededException");
    EXPECT_EQ(r.json["__type"].GetString(),
              std::string("com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"));
  }
  // The third call runs the operation (no such table here).
  EXPECT_EQ(call("PutItem", kPut).error_type(), "ResourceNotFoundException");

  auto log = server_->requests();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[2].operation, "PutItem");
  EXPECT_EQ(log[2].table, "Orders");
  EXPECT_TRUE(log[2].injected);
  EXPECT_EQ(log[2].error, "ProvisionedThroughputExceededException");
  EXPECT_FALSE(log[4].injected);
  EXPECT_EQ(log[4].error, "ResourceNotFoundException");
  EXPECT_LT(log[0].sequence, log[4].sequence);
}

TEST_F(DiagnosticsTest, InternalServerErrorAndCustomErrors) {
  server_->add_fault({"*", "", 1, "InternalServerError", "", 0, 0, ""});
  server_->add_fault({"GetItem", "", 1, "TransactionConflictException", "made up", 0, 0, ""});
  EXPECT_API_ERROR(call("GetItem", R"({"TableName":"Tbl","Key":{"pk":{"S":"a"}}})"), 500, "InternalServerError",
                   "Internal server error");
  EXPECT_API_ERROR(call("GetItem", R"({"TableName":"Tbl","Key":{"pk":{"S":"a"}}})"), 400,
                   "TransactionConflictException", "made up");
  EXPECT_EQ(call("GetItem", R"({"TableName":"Tbl","Key":{"pk":{"S":"a"}}})").error_type(), "ResourceNotFoundException");
}

TEST_F(DiagnosticsTest, LatencyFaultDelaysTheAnswer) {
  server_->add_fault({"GetItem", "", 1, "", "", 0, 120, ""});
  auto t0 = std::chrono::steady_clock::now();
  auto r = call("GetItem", R"({"TableName":"Tbl","Key":{"pk":{"S":"a"}}})");
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(r.error_type(), "ResourceNotFoundException");  // delayed, then executed
  EXPECT_GE(elapsed, std::chrono::milliseconds(120));
  EXPECT_GE(server_->requests().back().duration_ms, 120);
}

TEST_F(DiagnosticsTest, FaultForEveryCallUntilCleared) {
  server_->add_fault({"GetItem", "", -1, "ThrottlingException", "", 0, 0, ""});
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(call("GetItem", R"({"TableName":"Tbl","Key":{"pk":{"S":"a"}}})").error_type(), "ThrottlingException");
  server_->clear_faults();
  EXPECT_EQ(call("GetItem", R"({"TableName":"Tbl","Key":{"pk":{"S":"a"}}})").error_type(), "ResourceNotFoundException");
}

TEST_F(DiagnosticsTest, AdminFaultsEndpoint) {
  auto added = admin("POST", "/_dynemu/faults",
                     R"({"faults":[{"operation":"PutItem","count":1,"error":"ThrottlingException"},
                                   {"operation":"Query","table":"Orders","latencyMs":5,"count":-1}]})");
  ASSERT_EQ(added.status, 200) << added.body;
  ASSERT_EQ(added.json["faults"].Size(), 2u);
  EXPECT_EQ(std::string(added.json["faults"][1]["table"].GetString()), "Orders");
  EXPECT_EQ(call("PutItem", kPut).error_type(), "ThrottlingException");
  EXPECT_EQ(admin("GET", "/_dynemu/faults").json["faults"].Size(), 1u);  // the PutItem fault is used up
  EXPECT_EQ(admin("DELETE", "/_dynemu/faults").status, 200);
  EXPECT_EQ(admin("GET", "/_dynemu/faults").json["faults"].Size(), 0u);

  for (const char* bad : {R"({"count":1,"error":"X"})", R"({"operation":"PutItem"})",
                          R"({"operation":"PutItem","error":"X","count":0})", R"({"operation":1})",
                          R"({"operation":"PutItem","error":"X","colour":"red"})", "[1", R"({"faults":3})"}) {
    auto r = admin("POST", "/_dynemu/faults", bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_TRUE(r.json.IsObject() && r.json.HasMember("error")) << r.body;
  }
}

TEST_F(DiagnosticsTest, AdminRequestsHealthAndReset) {
  call("GetItem", R"({"TableName":"Tbl","Key":{"pk":{"S":"a"}}})");
  auto log = admin("GET", "/_dynemu/requests");
  ASSERT_EQ(log.status, 200);
  ASSERT_EQ(log.json["requests"].Size(), 1u);
  const auto& rec = log.json["requests"][0];
  EXPECT_EQ(std::string(rec["operation"].GetString()), "GetItem");
  EXPECT_EQ(std::string(rec["table"].GetString()), "Tbl");
  EXPECT_EQ(std::string(rec["error"].GetString()), "ResourceNotFoundException");
  EXPECT_EQ(rec["status"].GetInt(), 400);

  auto health = admin("GET", "/_dynemu/health");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(std::string(health.json["status"].GetString()), "ok");
  EXPECT_FALSE(health.json["snapshot"].GetBool());

  EXPECT_EQ(admin("POST", "/_dynemu/snapshot").status, 200);
  EXPECT_TRUE(admin("GET", "/_dynemu/health").json["snapshot"].GetBool());
  admin("POST", "/_dynemu/faults", R"({"operation":"*","error":"ThrottlingException","count":-1})");
  auto reset = admin("POST", "/_dynemu/reset");
  ASSERT_EQ(reset.status, 200);
  EXPECT_EQ(std::string(reset.json["restored"].GetString()), "snapshot");
  // Reset clears the log and the faults.
  EXPECT_EQ(admin("GET", "/_dynemu/requests").json["requests"].Size(), 0u);
  EXPECT_EQ(admin("GET", "/_dynemu/faults").json["faults"].Size(), 0u);
  EXPECT_EQ(admin("DELETE", "/_dynemu/snapshot").status, 200);
  EXPECT_EQ(std::string(admin("POST", "/_dynemu/reset").json["restored"].GetString()), "empty");
}

TEST_F(DiagnosticsTest, AdminClockSetsAdvancesAndReturnsToRealTime) {
  auto now = admin("GET", "/_dynemu/clock");
  ASSERT_EQ(now.status, 200);
  EXPECT_TRUE(now.json["real"].GetBool());
  auto set = admin("POST", "/_dynemu/clock", R"({"now": 1700000000, "freeze": true})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_FALSE(set.json["real"].GetBool());
  EXPECT_TRUE(set.json["frozen"].GetBool());
  EXPECT_DOUBLE_EQ(set.json["now"].GetDouble(), 1700000000.0);
  // Tables created now carry the server clock's time.
  auto created = call("CreateTable", R"({"TableName":"Clocked","AttributeDefinitions":[{"AttributeName":"pk",)"
                                     R"("AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
                                     R"("BillingMode":"PAY_PER_REQUEST"})");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_DOUBLE_EQ(created.json["TableDescription"]["CreationDateTime"].GetDouble(), 1700000000.0);
  auto advanced = admin("POST", "/_dynemu/clock", R"({"advance": 90.5})");
  EXPECT_DOUBLE_EQ(advanced.json["now"].GetDouble(), 1700000090.5);
  EXPECT_EQ(admin("POST", "/_dynemu/clock", R"({"advance": -1})").status, 400);
  EXPECT_EQ(admin("POST", "/_dynemu/clock", R"({"now": "soon"})").status, 400);
  EXPECT_EQ(admin("POST", "/_dynemu/clock", R"({"now": 1, "advance": 1})").status, 400);
  EXPECT_EQ(admin("POST", "/_dynemu/clock", R"({"tomorrow": 1})").status, 400);
  EXPECT_EQ(admin("POST", "/_dynemu/clock", "not json").status, 400);
  auto real = admin("POST", "/_dynemu/clock", R"({"real": true})");
  ASSERT_EQ(real.status, 200);
  EXPECT_TRUE(real.json["real"].GetBool());
  EXPECT_FALSE(real.json["frozen"].GetBool());
  EXPECT_GT(real.json["now"].GetDouble(), 1700000090.5);
}

TEST(RequestRecordText, DescribesAccessPatterns) {
  RequestRecord r;
  r.sequence = 7;
  r.operation = "Query";
  r.table = "Users";
  r.tables = {"Users"};
  r.index = "ByEmail";
  r.key_condition = true;
  r.items_read = 3;
  r.read_units = 1.5;
  EXPECT_EQ(r.describe(), "Query Users index=ByEmail key-condition items=3 rcu=1.5 wcu=0");
  EXPECT_EQ(describe_requests({r}), "  #7 Query Users index=ByEmail key-condition items=3 rcu=1.5 wcu=0\n");
}

}  // namespace
}  // namespace dynemu::testing_support
