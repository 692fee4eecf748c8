// UpdateTable over HTTP, and the CREATING/UPDATING/DELETING windows of -delayTransientStatuses.
#include <chrono>
#include <map>
#include <thread>

#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr const char* kInvalid = "One or more parameter values were invalid: ";

ApiResponse update(const std::string& name, const std::string& members) {
  return call("UpdateTable", R"({"TableName":")" + name + "\"," + members + "}");
}

std::string create_provisioned_table(int read, int write) {
  const std::string name = unique_table_name();
  create_table_ok(R"({"TableName":")" + name +
                  R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
                  R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"ProvisionedThroughput":{"ReadCapacityUnits":)" +
                  std::to_string(read) + R"(,"WriteCapacityUnits":)" + std::to_string(write) + "}}");
  return name;
}

TEST(UpdateTable, ThroughputIncreaseAndDecrease) {
  const std::string name = create_provisioned_table(5, 5);
  auto up = update(name, R"("ProvisionedThroughput":{"ReadCapacityUnits":10,"WriteCapacityUnits":5})");
  ASSERT_API_OK(up);
  const auto& pt = up.json["TableDescription"]["ProvisionedThroughput"];
  EXPECT_EQ(pt["ReadCapacityUnits"].GetInt64(), 10);
  EXPECT_EQ(pt["WriteCapacityUnits"].GetInt64(), 5);
  EXPECT_TRUE(pt.HasMember("LastIncreaseDateTime"));
  EXPECT_EQ(pt["NumberOfDecreasesToday"].GetInt64(), 0);
  auto down = update(name, R"("ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1})");
  ASSERT_API_OK(down);
  EXPECT_EQ(down.json["TableDescription"]["ProvisionedThroughput"]["NumberOfDecreasesToday"].GetInt64(), 1);
  EXPECT_TRUE(down.json["TableDescription"]["ProvisionedThroughput"].HasMember("LastDecreaseDateTime"));
  EXPECT_EQ(describe(name).json["Table"]["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt64(), 1);
}

TEST(UpdateTable, UnchangedThroughputIsRejected) {
  const std::string name = create_provisioned_table(3, 4);
  EXPECT_API_ERROR(update(name, R"("ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4})"), 400,
                   "ValidationException",
                   "The provisioned throughput for the table will not change. The requested value equals the current "
                   "value. Current ReadCapacityUnits provisioned for the table: 3. Requested ReadCapacityUnits: 3. "
                   "Current WriteCapacityUnits provisioned for the table: 4. Requested WriteCapacityUnits: 4. Refer to "
                   "the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
}

TEST(UpdateTable, SwitchBillingModeBothWays) {
  const std::string name = create_provisioned_table(2, 2);
  auto to_on_demand = update(name, R"("BillingMode":"PAY_PER_REQUEST")");
  ASSERT_API_OK(to_on_demand);
  const auto& d = to_on_demand.json["TableDescription"];
  EXPECT_EQ(std::string(d["BillingModeSummary"]["BillingMode"].GetString()), "PAY_PER_REQUEST");
  EXPECT_EQ(d["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt64(), 0);
  EXPECT_EQ(d["ProvisionedThroughput"]["WriteCapacityUnits"].GetInt64(), 0);

  EXPECT_API_ERROR(update(name, R"("BillingMode":"PROVISIONED")"), 400, "ValidationException",
                   std::string(kInvalid) + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  EXPECT_API_ERROR(update(name, R"("ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1})"), 400,
                   "ValidationException",
                   std::string(kInvalid) +
                       "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
                       "PAY_PER_REQUEST");
  auto back = update(name,
                     R"("BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":6,"WriteCapacityUnits":7})");
  ASSERT_API_OK(back);
  const auto& b = back.json["TableDescription"];
  EXPECT_EQ(std::string(b["BillingModeSummary"]["BillingMode"].GetString()), "PROVISIONED");
  EXPECT_TRUE(b["BillingModeSummary"].HasMember("LastUpdateToPayPerRequestDateTime"));
  EXPECT_EQ(b["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt64(), 6);
  EXPECT_EQ(b["ProvisionedThroughput"]["WriteCapacityUnits"].GetInt64(), 7);
}

TEST(UpdateTable, OnDemandTableWithGlobalIndexNeedsIndexThroughputToSwitch) {
  const std::string name = unique_table_name();
  create_table_ok(R"({"TableName":")" + name + R"(","BillingMode":"PAY_PER_REQUEST",)"
                  R"("AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],)"
                  R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"GlobalSecondaryIndexes":[{"IndexName":"gix",)"
                  R"("KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})");
  EXPECT_API_ERROR(update(name, R"("BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1})"),
                   400, "ValidationException",
                   std::string(kInvalid) + "ProvisionedThroughput must be specified for index: gix");
}

// The console's "switch to provisioned" on a table with indexes: DynamoDB takes the table's and every
// index's throughput in one UpdateTable.
TEST(UpdateTable, SwitchingToProvisionedGivesEachIndexItsThroughputInTheSameRequest) {
  const std::string name = unique_table_name();
  create_table_ok(R"({"TableName":")" + name + R"(","BillingMode":"PAY_PER_REQUEST",)"
                  R"("AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"},)"
                  R"({"AttributeName":"h","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
                  R"("GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
                  R"("Projection":{"ProjectionType":"ALL"}},{"IndexName":"hix","KeySchema":[{"AttributeName":"h","KeyType":"HASH"}],)"
                  R"("Projection":{"ProjectionType":"KEYS_ONLY"}}]})");
  const std::string table_throughput = R"("BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":4,"WriteCapacityUnits":3})";
  // One index left without throughput is named.
  EXPECT_API_ERROR(update(name, table_throughput + R"(,"GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"gix",)"
                                                   R"("ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":2}}}])"),
                   400, "ValidationException", std::string(kInvalid) + "ProvisionedThroughput must be specified for index: hix");
  auto switched = update(name, table_throughput + R"(,"GlobalSecondaryIndexUpdates":[)"
                                                  R"({"Update":{"IndexName":"gix","ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":1}}},)"
                                                  R"({"Update":{"IndexName":"hix","ProvisionedThroughput":{"ReadCapacityUnits":6,"WriteCapacityUnits":5}}}])");
  ASSERT_API_OK(switched);
  const auto& d = switched.json["TableDescription"];
  EXPECT_EQ(std::string(d["BillingModeSummary"]["BillingMode"].GetString()), "PROVISIONED");
  EXPECT_EQ(d["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt64(), 4);
  EXPECT_EQ(d["ProvisionedThroughput"]["WriteCapacityUnits"].GetInt64(), 3);
  std::map<std::string, std::pair<int64_t, int64_t>> indexes;
  for (const auto& ix : d["GlobalSecondaryIndexes"].GetArray())
    indexes[ix["IndexName"].GetString()] = {ix["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt64(),
                                            ix["ProvisionedThroughput"]["WriteCapacityUnits"].GetInt64()};
  EXPECT_EQ(indexes, (std::map<std::string, std::pair<int64_t, int64_t>>{{"gix", {2, 1}}, {"hix", {6, 5}}}));
  // DescribeTable keeps it.
  auto described = describe(name);
  EXPECT_EQ(std::string(described.json["Table"]["BillingModeSummary"]["BillingMode"].GetString()), "PROVISIONED");

  // Back to on demand: index throughput may no longer be given.
  EXPECT_API_ERROR(update(name, R"("BillingMode":"PAY_PER_REQUEST","GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"gix",)"
                                R"("ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":2}}}])"),
                   400, "ValidationException",
                   std::string(kInvalid) + "ProvisionedThroughput cannot be specified for index: gix when BillingMode is PAY_PER_REQUEST");
  ASSERT_API_OK(update(name, R"("BillingMode":"PAY_PER_REQUEST")"));
}

TEST(UpdateTable, StreamEnableAndDisable) {
  const std::string name = create_hash_table();
  auto on = update(name, R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"})");
  ASSERT_API_OK(on);
  const auto& d = on.json["TableDescription"];
  EXPECT_EQ(json_at(d, "StreamSpecification"), R"({"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"})");
  const std::string arn = d["LatestStreamArn"].GetString();
  EXPECT_NE(arn.find(":table/" + name + "/stream/"), std::string::npos) << arn;
  EXPECT_API_ERROR(update(name, R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"})"), 400,
                   "ValidationException", "Table already has an enabled stream: TableName: " + name);
  auto off = update(name, R"("StreamSpecification":{"StreamEnabled":false})");
  ASSERT_API_OK(off);
  EXPECT_FALSE(off.json["TableDescription"].HasMember("StreamSpecification")) << off.body;
  EXPECT_EQ(std::string(off.json["TableDescription"]["LatestStreamArn"].GetString()), arn);
  EXPECT_API_ERROR(update(name, R"("StreamSpecification":{"StreamEnabled":false})"), 400, "ValidationException",
                   "Table has no stream to disable: TableName: " + name);
  EXPECT_API_ERROR(update(name, R"("StreamSpecification":{"StreamEnabled":true})"), 400, "ValidationException",
                   std::string(kInvalid) + "If stream is being enabled then UpdateViewType is required");
  EXPECT_API_ERROR(update(name, R"("StreamSpecification":{"StreamEnabled":false,"StreamViewType":"KEYS_ONLY"})"), 400,
                   "ValidationException",
                   std::string(kInvalid) + "If stream is being disabled, then UpdateViewType must not be specified");
}

TEST(UpdateTable, EncryptionTableClassAndDeletionProtection) {
  const std::string name = create_hash_table();
  EXPECT_API_ERROR(update(name, R"("SSESpecification":{"Enabled":false})"), 400, "ValidationException",
                   std::string(kInvalid) + "Table is already encrypted by default");
  auto kms = update(name, R"("SSESpecification":{"Enabled":true})");
  ASSERT_API_OK(kms);
  EXPECT_EQ(std::string(kms.json["TableDescription"]["SSEDescription"]["Status"].GetString()), "ENABLED");
  auto cls = update(name, R"("TableClass":"STANDARD_INFREQUENT_ACCESS")");
  ASSERT_API_OK(cls);
  EXPECT_EQ(std::string(cls.json["TableDescription"]["TableClassSummary"]["TableClass"].GetString()),
            "STANDARD_INFREQUENT_ACCESS");
  auto protect = update(name, R"("DeletionProtectionEnabled":true)");
  ASSERT_API_OK(protect);
  EXPECT_TRUE(describe(name).json["Table"]["DeletionProtectionEnabled"].GetBool());
}

TEST(UpdateTable, OnDemandThroughput) {
  const std::string name = create_hash_table();
  auto set = update(name, R"("OnDemandThroughput":{"MaxReadRequestUnits":50,"MaxWriteRequestUnits":60})");
  ASSERT_API_OK(set);
  EXPECT_EQ(json_at(set.json["TableDescription"], "OnDemandThroughput"),
            R"({"MaxReadRequestUnits":50,"MaxWriteRequestUnits":60})");
  auto cleared = update(name, R"("OnDemandThroughput":{"MaxReadRequestUnits":-1})");
  ASSERT_API_OK(cleared);
  EXPECT_EQ(json_at(cleared.json["TableDescription"], "OnDemandThroughput"), R"({"MaxWriteRequestUnits":60})");
  EXPECT_API_ERROR(update(name, R"("OnDemandThroughput":{"MaxReadRequestUnits":1},"DeletionProtectionEnabled":true)"),
                   400, "ValidationException",
                   std::string(kInvalid) + "DeletionProtection modification must be the only operation in the request");
  EXPECT_API_ERROR(update(name, R"("OnDemandThroughput":{"MaxReadRequestUnits":1},"StreamSpecification":{"StreamEnabled":false})"),
                   400, "ValidationException",
                   std::string(kInvalid) + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable "
                                           "request");
  const std::string provisioned = create_provisioned_table(1, 1);
  EXPECT_API_ERROR(update(provisioned, R"("OnDemandThroughput":{"MaxReadRequestUnits":1})"), 400, "ValidationException",
                   std::string(kInvalid) +
                       "MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is "
                       "PROVISIONED");
  auto switched = update(provisioned, R"("BillingMode":"PAY_PER_REQUEST","OnDemandThroughput":{"MaxReadRequestUnits":9})");
  ASSERT_API_OK(switched);
  EXPECT_EQ(json_at(switched.json["TableDescription"], "OnDemandThroughput"), R"({"MaxReadRequestUnits":9})");
}

TEST(UpdateTable, RequestRules) {
  const std::string name = create_hash_table();
  const std::string at_least_one =
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or "
      "SSESpecification or ReplicaUpdates is required";
  EXPECT_API_ERROR(call("UpdateTable", R"({"TableName":")" + name + R"("})"), 400, "ValidationException", at_least_one);
  EXPECT_API_ERROR(update(name, R"("GlobalSecondaryIndexUpdates":[])"), 400, "ValidationException", at_least_one);
  EXPECT_API_ERROR(update(name, R"("TableClass":"STANDARD","DeletionProtectionEnabled":true)"), 400,
                   "ValidationException",
                   std::string(kInvalid) + "TableClass modification must be the only operation in the request");
  EXPECT_API_ERROR(update(name, R"("SSESpecification":{"Enabled":true},"DeletionProtectionEnabled":true)"), 400,
                   "ValidationException",
                   std::string(kInvalid) + "Server-Side Encryption modification must be the only operation in the request");
  EXPECT_API_ERROR(update(name, R"("TableClass":"COLD")"), 400, "ValidationException",
                   "Invalid table-class parameter provided. Please try again with a valid table-class value: "
                   "[STANDARD, STANDARD_INFREQUENT_ACCESS].");
  EXPECT_API_ERROR(update(name, R"("GlobalSecondaryIndexUpdates":[{}])"), 400, "ValidationException",
                   std::string(kInvalid) +
                       "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                       "GlobalSecondaryIndexUpdate.Delete must not be null");
  EXPECT_API_ERROR(update(name, R"("GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"abc"}},{"Delete":{"IndexName":"abc"}}])"),
                   400, "ValidationException",
                   std::string(kInvalid) +
                       "Only one global secondary index update per index is allowed simultaneously. Index: abc");
  EXPECT_API_ERROR(update(name, R"("BillingMode":"CHEAP")"), 400, "ValidationException",
                   "1 validation error detected: Value 'CHEAP' at 'billingMode' failed to satisfy constraint: Member "
                   "must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  EXPECT_API_ERROR(update(name, R"("ProvisionedThroughput":{"ReadCapacityUnits":1000000000001,"WriteCapacityUnits":1})"),
                   400, "ValidationException", "Given value 1000000000001 for ReadCapacityUnits is out of bounds");
  EXPECT_API_ERROR(update("NoSuchTable_z", R"("BillingMode":"PAY_PER_REQUEST")"), 400, "ResourceNotFoundException",
                   "Requested resource not found: Table: NoSuchTable_z not found");
}

// A server of its own, with DynamoDB's transient statuses (500 ms windows).
dynemu::Server& delayed_server() {
  static std::unique_ptr<dynemu::Server> server = [] {
    dynemu::ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.delay_transient_statuses = true;
    auto s = std::make_unique<dynemu::Server>(options);
    s->start();
    return s;
  }();
  return *server;
}

std::string status_on(dynemu::Server& server, const std::string& name) {
  auto r = call_on(server, "DescribeTable", R"({"TableName":")" + name + R"("})");
  if (r.status != 200) return r.error_type();
  return r.json["Table"]["TableStatus"].GetString();
}

void wait_past_window() { std::this_thread::sleep_for(std::chrono::milliseconds(650)); }

TEST(TransientStatuses, CreatingUpdatingDeletingWindows) {
  auto& server = delayed_server();
  const std::string name = unique_table_name();
  auto created = call_on(server, "CreateTable", hash_table_request(name));
  ASSERT_API_OK(created);
  EXPECT_EQ(std::string(created.json["TableDescription"]["TableStatus"].GetString()), "CREATING");
  EXPECT_EQ(status_on(server, name), "CREATING");
  // Items cannot be written to a table that is still being created.
  EXPECT_API_ERROR(call_on(server, "PutItem", R"({"TableName":")" + name + R"(","Item":{"id":{"S":"a"}}})"), 400,
                   "ResourceNotFoundException", "Requested resource not found");
  EXPECT_API_ERROR(call_on(server, "DeleteTable", R"({"TableName":")" + name + R"("})"), 400,
                   "ResourceInUseException",
                   "Attempt to change a resource which is still in use: Table is being created: " + name);
  wait_past_window();
  EXPECT_EQ(status_on(server, name), "ACTIVE");
  ASSERT_API_OK(call_on(server, "PutItem", R"({"TableName":")" + name + R"(","Item":{"id":{"S":"a"}}})"));

  auto updated = call_on(server, "UpdateTable", R"({"TableName":")" + name + R"(","DeletionProtectionEnabled":false})");
  ASSERT_API_OK(updated);
  EXPECT_EQ(std::string(updated.json["TableDescription"]["TableStatus"].GetString()), "UPDATING");
  EXPECT_EQ(status_on(server, name), "UPDATING");
  // Items stay readable while the table updates.
  ASSERT_API_OK(call_on(server, "GetItem", R"({"TableName":")" + name + R"(","Key":{"id":{"S":"a"}}})"));
  wait_past_window();
  EXPECT_EQ(status_on(server, name), "ACTIVE");

  ASSERT_API_OK(call_on(server, "DeleteTable", R"({"TableName":")" + name + R"("})"));
  EXPECT_EQ(status_on(server, name), "DELETING");
  EXPECT_API_ERROR(call_on(server, "GetItem", R"({"TableName":")" + name + R"(","Key":{"id":{"S":"a"}}})"), 400,
                   "ResourceNotFoundException", "Requested resource not found");
  wait_past_window();
  EXPECT_EQ(status_on(server, name), "ResourceNotFoundException");
  // Once gone, the name is free again.
  ASSERT_API_OK(call_on(server, "CreateTable", hash_table_request(name)));
}

}  // namespace
}  // namespace dynemu::testing_support
