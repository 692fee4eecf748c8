// WarmThroughput on CreateTable/UpdateTable (table and GSI) and UpdateTable's ReplicaUpdates
// (global tables 2019.11.21 in a single-region server; the test credential's region is us-east-1).
#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr const char* kInvalid = "One or more parameter values were invalid: ";

ApiResponse update(const std::string& name, const std::string& members) {
  return call("UpdateTable", R"({"TableName":")" + name + "\"," + members + "}");
}

int64_t units(const rapidjson::Value& warm, const char* name) { return warm[name].GetInt64(); }

std::string gsi_table_request(const std::string& name, const std::string& table_extra, const std::string& gsi_extra) {
  return R"({"TableName":")" + name +
         R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",)"
         R"("GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
         R"("Projection":{"ProjectionType":"ALL"})" + gsi_extra + "}]" + table_extra + "}";
}

// ---------------------------------------------------------------- WarmThroughput

TEST(WarmThroughput, NewOnDemandTableAndIndexStartAtTheDocumentedDefaults) {
  const std::string name = unique_table_name();
  auto created = create_table_ok(gsi_table_request(name, "", ""));
  const auto& warm = created.json["TableDescription"]["WarmThroughput"];
  EXPECT_EQ(units(warm, "ReadUnitsPerSecond"), 12000);
  EXPECT_EQ(units(warm, "WriteUnitsPerSecond"), 4000);
  EXPECT_EQ(std::string(warm["Status"].GetString()), "ACTIVE");
  const ApiResponse described_table = describe(name);
  const auto& table = described_table.json["Table"];
  EXPECT_EQ(units(table["WarmThroughput"], "ReadUnitsPerSecond"), 12000);
  const auto& index_warm = table["GlobalSecondaryIndexes"][0]["WarmThroughput"];
  EXPECT_EQ(units(index_warm, "ReadUnitsPerSecond"), 12000);
  EXPECT_EQ(units(index_warm, "WriteUnitsPerSecond"), 4000);
  EXPECT_EQ(std::string(index_warm["Status"].GetString()), "ACTIVE");
}

TEST(WarmThroughput, CreateTableTakesTableAndIndexValues) {
  const std::string name = unique_table_name();
  create_table_ok(gsi_table_request(name, R"(,"WarmThroughput":{"ReadUnitsPerSecond":15000,"WriteUnitsPerSecond":20000})",
                                    R"(,"WarmThroughput":{"ReadUnitsPerSecond":13000})"));
  const ApiResponse described_table = describe(name);
  const auto& table = described_table.json["Table"];
  EXPECT_EQ(units(table["WarmThroughput"], "ReadUnitsPerSecond"), 15000);
  EXPECT_EQ(units(table["WarmThroughput"], "WriteUnitsPerSecond"), 20000);
  EXPECT_EQ(units(table["GlobalSecondaryIndexes"][0]["WarmThroughput"], "ReadUnitsPerSecond"), 13000);
  EXPECT_EQ(units(table["GlobalSecondaryIndexes"][0]["WarmThroughput"], "WriteUnitsPerSecond"), 4000);
}

TEST(WarmThroughput, ProvisionedThroughputAboveTheDefaultCarriesIt) {
  const std::string name = unique_table_name();
  auto created = create_table_ok(R"({"TableName":")" + name +
                                 R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
                                 R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
                                 R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5000}})");
  EXPECT_EQ(units(created.json["TableDescription"]["WarmThroughput"], "ReadUnitsPerSecond"), 12000);
  EXPECT_EQ(units(created.json["TableDescription"]["WarmThroughput"], "WriteUnitsPerSecond"), 5000);
  auto raised = update(name, R"("ProvisionedThroughput":{"ReadCapacityUnits":30000,"WriteCapacityUnits":5000})");
  ASSERT_API_OK(raised);
  EXPECT_EQ(units(raised.json["TableDescription"]["WarmThroughput"], "ReadUnitsPerSecond"), 30000);
  // Lowering the provisioned throughput again leaves the warm throughput where it got to.
  ASSERT_API_OK(update(name, R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5})"));
  EXPECT_EQ(units(describe(name).json["Table"]["WarmThroughput"], "ReadUnitsPerSecond"), 30000);
}

TEST(WarmThroughput, UpdateTableRaisesTableAndIndexTogether) {
  const std::string name = unique_table_name();
  create_table_ok(gsi_table_request(name, "", ""));
  auto r = update(name, R"("WarmThroughput":{"ReadUnitsPerSecond":12345,"WriteUnitsPerSecond":4567},)"
                        R"("GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"byG",)"
                        R"("WarmThroughput":{"ReadUnitsPerSecond":20000}}}])");
  ASSERT_API_OK(r);
  const ApiResponse described_table = describe(name);
  const auto& table = described_table.json["Table"];
  EXPECT_EQ(units(table["WarmThroughput"], "ReadUnitsPerSecond"), 12345);
  EXPECT_EQ(units(table["WarmThroughput"], "WriteUnitsPerSecond"), 4567);
  EXPECT_EQ(std::string(table["WarmThroughput"]["Status"].GetString()), "ACTIVE");
  EXPECT_EQ(units(table["GlobalSecondaryIndexes"][0]["WarmThroughput"], "ReadUnitsPerSecond"), 20000);
  EXPECT_EQ(units(table["GlobalSecondaryIndexes"][0]["WarmThroughput"], "WriteUnitsPerSecond"), 4000);
  // The current value again changes nothing and is accepted.
  ASSERT_API_OK(update(name, R"("WarmThroughput":{"ReadUnitsPerSecond":12345})"));
}

TEST(WarmThroughput, IndexCreatedByUpdateTableTakesItsWarmThroughput) {
  const std::string name = unique_table_name();
  create_table_ok(hash_table_request(name));
  auto r = update(name, R"("AttributeDefinitions":[{"AttributeName":"g","AttributeType":"S"}],)"
                        R"("GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byG",)"
                        R"("KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"},)"
                        R"("WarmThroughput":{"WriteUnitsPerSecond":9000}}}])");
  ASSERT_API_OK(r);
  const ApiResponse described_ix = describe(name);
  const auto& ix = described_ix.json["Table"]["GlobalSecondaryIndexes"][0];
  EXPECT_EQ(units(ix["WarmThroughput"], "ReadUnitsPerSecond"), 12000);
  EXPECT_EQ(units(ix["WarmThroughput"], "WriteUnitsPerSecond"), 9000);
}

TEST(WarmThroughput, Errors) {
  const std::string name = unique_table_name();
  create_table_ok(gsi_table_request(name, "", ""));
  EXPECT_API_ERROR(update(name, R"("WarmThroughput":{"ReadUnitsPerSecond":100})"), 400, "ValidationException",
                   std::string(kInvalid) +
                       "Warm throughput cannot be decreased for the table. Current ReadUnitsPerSecond: 12000. "
                       "Requested ReadUnitsPerSecond: 100");
  EXPECT_API_ERROR(update(name, R"("GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"byG",)"
                                R"("WarmThroughput":{"WriteUnitsPerSecond":10}}}])"),
                   400, "ValidationException",
                   std::string(kInvalid) +
                       "Warm throughput cannot be decreased for index: byG. Current WriteUnitsPerSecond: 4000. "
                       "Requested WriteUnitsPerSecond: 10");
  EXPECT_API_ERROR(update(name, R"("WarmThroughput":{"ReadUnitsPerSecond":0})"), 400, "ValidationException",
                   "1 validation error detected: Value '0' at 'warmThroughput.readUnitsPerSecond' failed to satisfy "
                   "constraint: Member must have value greater than or equal to 1");
  EXPECT_API_ERROR(update(name, R"("WarmThroughput":{})"), 400, "ValidationException",
                   std::string(kInvalid) + "WarmThroughput must specify ReadUnitsPerSecond, WriteUnitsPerSecond, or both");
  EXPECT_API_ERROR(update(name, R"("WarmThroughput":{"ReadUnitsPerSecond":"x"})"), 400, "SerializationException",
                   "STRING_VALUE cannot be converted to Long");
  EXPECT_API_ERROR(call("CreateTable", gsi_table_request(unique_table_name(), "",
                                                         R"(,"WarmThroughput":{"WriteUnitsPerSecond":-1})")),
                   400, "ValidationException",
                   "1 validation error detected: Value '-1' at 'globalSecondaryIndexes.1.member.warmThroughput."
                   "writeUnitsPerSecond' failed to satisfy constraint: Member must have value greater than or equal "
                   "to 1");
  // A failed update leaves the table as it was.
  EXPECT_EQ(units(describe(name).json["Table"]["WarmThroughput"], "ReadUnitsPerSecond"), 12000);
}

// ---------------------------------------------------------------- ReplicaUpdates

std::string replica_table() {
  const std::string name = unique_table_name();
  create_table_ok(gsi_table_request(name, "", ""));
  return name;
}

TEST(TableReplicas, CreateShowsTheReplicaAndEnablesTheStream) {
  const std::string name = replica_table();
  EXPECT_FALSE(describe(name).json["Table"].HasMember("Replicas"));
  EXPECT_FALSE(describe(name).json["Table"].HasMember("GlobalTableVersion"));
  auto r = update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1","KMSMasterKeyId":"alias/k",)"
                        R"("TableClassOverride":"STANDARD_INFREQUENT_ACCESS",)"
                        R"("GlobalSecondaryIndexes":[{"IndexName":"byG"}]}}])");
  ASSERT_API_OK(r);
  const ApiResponse described_table = describe(name);
  const auto& table = described_table.json["Table"];
  EXPECT_EQ(std::string(table["GlobalTableVersion"].GetString()), "2019.11.21");
  ASSERT_EQ(table["Replicas"].Size(), 1u);
  const auto& replica = table["Replicas"][0];
  EXPECT_EQ(std::string(replica["RegionName"].GetString()), "eu-west-1");
  EXPECT_EQ(std::string(replica["ReplicaStatus"].GetString()), "ACTIVE");
  EXPECT_EQ(std::string(replica["KMSMasterKeyId"].GetString()), "alias/k");
  EXPECT_EQ(std::string(replica["ReplicaTableClassSummary"]["TableClass"].GetString()), "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(std::string(replica["GlobalSecondaryIndexes"][0]["IndexName"].GetString()), "byG");
  // The first replica enabled the table's stream with NEW_AND_OLD_IMAGES.
  EXPECT_EQ(std::string(table["StreamSpecification"]["StreamViewType"].GetString()), "NEW_AND_OLD_IMAGES");
  EXPECT_TRUE(table.HasMember("LatestStreamArn"));
  // The stream cannot be disabled while the table has replicas.
  EXPECT_API_ERROR(update(name, R"("StreamSpecification":{"StreamEnabled":false})"), 400, "ValidationException",
                   std::string(kInvalid) + "Disabling Stream is not allowed for a Global Table replica.");
}

TEST(TableReplicas, UpdateAndDelete) {
  const std::string name = replica_table();
  ASSERT_API_OK(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}},{"Create":{"RegionName":"ap-south-1"}}])"));
  ASSERT_API_OK(update(name, R"("ReplicaUpdates":[{"Update":{"RegionName":"ap-south-1",)"
                             R"("OnDemandThroughputOverride":{"MaxReadRequestUnits":50}}}])"));
  auto table = describe(name);
  ASSERT_EQ(table.json["Table"]["Replicas"].Size(), 2u);
  EXPECT_EQ(table.json["Table"]["Replicas"][1]["OnDemandThroughputOverride"]["MaxReadRequestUnits"].GetInt64(), 50);
  EXPECT_EQ(std::string(table.json["Table"]["Replicas"][0]["ReplicaTableClassSummary"]["TableClass"].GetString()),
            "STANDARD");

  ASSERT_API_OK(update(name, R"("ReplicaUpdates":[{"Delete":{"RegionName":"eu-west-1"}}])"));
  table = describe(name);
  ASSERT_EQ(table.json["Table"]["Replicas"].Size(), 1u);
  EXPECT_EQ(std::string(table.json["Table"]["Replicas"][0]["RegionName"].GetString()), "ap-south-1");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Delete":{"RegionName":"eu-west-1"}}])"), 400,
                   "ValidationException",
                   std::string(kInvalid) + "Replica does not exist in region: eu-west-1 for table: " + name);
  ASSERT_API_OK(update(name, R"("ReplicaUpdates":[{"Delete":{"RegionName":"ap-south-1"}}])"));
  table = describe(name);
  EXPECT_FALSE(table.json["Table"].HasMember("Replicas"));
  EXPECT_FALSE(table.json["Table"].HasMember("GlobalTableVersion"));
  // Without replicas the stream can be disabled again.
  ASSERT_API_OK(update(name, R"("StreamSpecification":{"StreamEnabled":false})"));
}

TEST(TableReplicas, Errors) {
  const std::string name = replica_table();
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"us-east-1"}}])"), 400,
                   "ValidationException",
                   "Cannot add, delete, or update the local region through ReplicaUpdates. Use CreateTable, "
                   "DeleteTable, or UpdateTable as required.");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Update":{"RegionName":"eu-west-1"}}])"), 400,
                   "ValidationException",
                   std::string(kInvalid) + "Replica does not exist in region: eu-west-1 for table: " + name);
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{}])"), 400, "ValidationException",
                   std::string(kInvalid) +
                       "One of ReplicationGroupUpdate.Create, ReplicationGroupUpdate.Update, ReplicationGroupUpdate."
                       "Delete must not be null");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"},"Delete":{"RegionName":"eu-west-1"}}])"),
                   400, "ValidationException",
                   std::string(kInvalid) + "Only one replica action is allowed per ReplicationGroupUpdate object");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}},{"Delete":{"RegionName":"eu-west-1"}}])"),
                   400, "ValidationException",
                   std::string(kInvalid) + "Only one replica update per region is allowed simultaneously. Region: eu-west-1");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{}}])"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'replicaUpdates.1.member.create.regionName' failed to "
                   "satisfy constraint: Member must not be null");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}],"DeletionProtectionEnabled":true)"),
                   400, "ValidationException",
                   std::string(kInvalid) + "DeletionProtection modification must be the only operation in the request");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}],"WarmThroughput":{"ReadUnitsPerSecond":13000})"),
                   400, "ValidationException",
                   std::string(kInvalid) + "ReplicaUpdates modification must be the only operation in the request");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1",)"
                                R"("GlobalSecondaryIndexes":[{"IndexName":"nope"}]}}])"),
                   400, "ValidationException",
                   std::string(kInvalid) + "Replica global secondary index nope is not a global secondary index of the table");
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[])"), 400, "ValidationException",
                   "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates "
                   "or SSESpecification or ReplicaUpdates is required");
  // None of the refused requests added a replica.
  EXPECT_FALSE(describe(name).json["Table"].HasMember("Replicas"));

  ASSERT_API_OK(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}])"));
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}])"), 400,
                   "ValidationException",
                   std::string(kInvalid) + "Replica already exists in region: eu-west-1 for table: " + name);
  EXPECT_API_ERROR(update("NoSuchTable_r", R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}])"), 400,
                   "ResourceNotFoundException", "Requested resource not found: Table: NoSuchTable_r not found");
}

TEST(TableReplicas, AStreamOfAnotherViewTypeIsRefused) {
  const std::string name = unique_table_name();
  create_table_ok(gsi_table_request(name, R"(,"StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"})", ""));
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}])"), 400,
                   "ValidationException",
                   std::string(kInvalid) + "Table: " + name +
                       " must have DynamoDB Streams with StreamViewType NEW_AND_OLD_IMAGES to add a replica; its "
                       "StreamViewType is KEYS_ONLY");
  EXPECT_FALSE(describe(name).json["Table"].HasMember("Replicas"));
}

TEST(TableReplicas, LegacyGlobalTablesAndAutoScalingSeeThemConsistently) {
  const std::string name = replica_table();
  ASSERT_API_OK(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}])"));
  // A 2019.11.21 global table is not a legacy one.
  EXPECT_EQ(call("DescribeGlobalTable", R"({"GlobalTableName":")" + name + R"("})").error_type(),
            "GlobalTableNotFoundException");
  EXPECT_API_ERROR(call("CreateGlobalTable", R"({"GlobalTableName":")" + name +
                                                 R"(","ReplicationGroup":[{"RegionName":"us-east-1"}]})"),
                   400, "ValidationException",
                   std::string(kInvalid) + "Table: '" + name + "' already has replicas of global tables version 2019.11.21");
  auto scaling = call("DescribeTableReplicaAutoScaling", R"({"TableName":")" + name + R"("})");
  ASSERT_API_OK(scaling);
  const auto& replicas = scaling.json["TableAutoScalingDescription"]["Replicas"];
  ASSERT_EQ(replicas.Size(), 1u);
  EXPECT_EQ(std::string(replicas[0]["RegionName"].GetString()), "eu-west-1");
  EXPECT_EQ(std::string(replicas[0]["ReplicaStatus"].GetString()), "ACTIVE");
  // DeleteTable deletes the table and its replica records with it.
  ASSERT_API_OK(call("DeleteTable", R"({"TableName":")" + name + R"("})"));
  EXPECT_EQ(describe(name).error_type(), "ResourceNotFoundException");
}

TEST(TableReplicas, AutoScalingSettingsAreKeptForARecordedReplica) {
  const std::string name = replica_table();
  ASSERT_API_OK(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}])"));
  const std::string settings =
      R"({"MinimumUnits":5,"MaximumUnits":50,"AutoScalingRoleArn":"arn:aws:iam::000000000000:role/scaler",)"
      R"("ScalingPolicyUpdate":{"PolicyName":"p1","TargetTrackingScalingPolicyConfiguration":{"TargetValue":70.0}}})";
  const std::string described =
      R"({"MinimumUnits":5,"MaximumUnits":50,"AutoScalingRoleArn":"arn:aws:iam::000000000000:role/scaler",)"
      R"("ScalingPolicies":[{"PolicyName":"p1","TargetTrackingScalingPolicyConfiguration":{"TargetValue":70.0}}]})";
  auto updated = call("UpdateTableReplicaAutoScaling",
                      R"({"TableName":")" + name + R"(","ProvisionedWriteCapacityAutoScalingUpdate":)" + settings +
                          R"(,"ReplicaUpdates":[{"RegionName":"eu-west-1","ReplicaProvisionedReadCapacityAutoScalingUpdate":)" +
                          settings + R"(,"ReplicaGlobalSecondaryIndexUpdates":[{"IndexName":"byG",)"
                          R"("ProvisionedReadCapacityAutoScalingUpdate":{"MinimumUnits":2,"MaximumUnits":9}}]}]})");
  ASSERT_API_OK(updated);
  const std::string expected = R"({"TableAutoScalingDescription":{"TableName":")" + name +
                               R"(","TableStatus":"ACTIVE","Replicas":[{"RegionName":"eu-west-1","GlobalSecondaryIndexes":[)"
                               R"({"IndexName":"byG","IndexStatus":"ACTIVE","ProvisionedReadCapacityAutoScalingSettings":)"
                               R"({"MinimumUnits":2,"MaximumUnits":9}}],"ReplicaProvisionedReadCapacityAutoScalingSettings":)" +
                               described + R"(,"ReplicaProvisionedWriteCapacityAutoScalingSettings":)" + described +
                               R"(,"ReplicaStatus":"ACTIVE"}]}})";
  EXPECT_EQ(updated.body, expected);
  EXPECT_EQ(call("DescribeTableReplicaAutoScaling", R"({"TableName":")" + name + R"("})").body, expected);
  // A later update merges: it replaces only what it names.
  ASSERT_API_OK(call("UpdateTableReplicaAutoScaling",
                     R"({"TableName":")" + name + R"(","ReplicaUpdates":[{"RegionName":"eu-west-1",)"
                     R"("ReplicaProvisionedReadCapacityAutoScalingUpdate":{"MaximumUnits":80,"AutoScalingDisabled":true}}]})"));
  auto merged = call("DescribeTableReplicaAutoScaling", R"({"TableName":")" + name + R"("})");
  ASSERT_API_OK(merged);
  const auto& read = merged.json["TableAutoScalingDescription"]["Replicas"][0]["ReplicaProvisionedReadCapacityAutoScalingSettings"];
  EXPECT_EQ(read["MinimumUnits"].GetInt64(), 5);
  EXPECT_EQ(read["MaximumUnits"].GetInt64(), 80);
  EXPECT_TRUE(read["AutoScalingDisabled"].GetBool());
  EXPECT_EQ(std::string(read["ScalingPolicies"][0]["PolicyName"].GetString()), "p1");
  // A region without a replica, and an index the table does not have, change nothing.
  EXPECT_API_ERROR(call("UpdateTableReplicaAutoScaling", R"({"TableName":")" + name +
                                                             R"(","ReplicaUpdates":[{"RegionName":"ap-south-1"}]})"),
                   400, "ReplicaNotFoundException", "Replica not found in region: ap-south-1");
  EXPECT_API_ERROR(call("UpdateTableReplicaAutoScaling",
                        R"({"TableName":")" + name + R"(","GlobalSecondaryIndexUpdates":[{"IndexName":"nope",)"
                        R"("ProvisionedWriteCapacityAutoScalingUpdate":{"MinimumUnits":1}}]})"),
                   400, "ValidationException", "The table " + name + " has no global secondary index named nope");
  EXPECT_EQ(call("DescribeTableReplicaAutoScaling", R"({"TableName":")" + name + R"("})").body, merged.body);
}

TEST(TableReplicas, ALegacyGlobalTableTakesNoReplicaUpdates) {
  const std::string name = unique_table_name();
  create_table_ok(gsi_table_request(name, R"(,"StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"})", ""));
  ASSERT_API_OK(call("CreateGlobalTable", R"({"GlobalTableName":")" + name +
                                              R"(","ReplicationGroup":[{"RegionName":"us-east-1"}]})"));
  EXPECT_API_ERROR(update(name, R"("ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}])"), 400,
                   "ValidationException",
                   std::string(kInvalid) + "Table: " + name +
                       " is a global table version 2017.11.29; ReplicaUpdates apply to version 2019.11.21");
}

// ---------------------------------------------------------------- transient windows

ApiResponse describe_on(dynemu::Server& server, const std::string& name) {
  return call_on(server, "DescribeTable", R"({"TableName":")" + name + R"("})");
}

TEST(WarmThroughputAndReplicas, StatusesDuringTheUpdatingWindow) {
  auto& server = transient_status_server();
  const std::string name = unique_table_name();
  ASSERT_API_OK(call_on(server, "CreateTable", gsi_table_request(name, "", "")));
  wait_past_transient_window();

  auto warm = call_on(server, "UpdateTable",
                      R"({"TableName":")" + name + R"(","WarmThroughput":{"ReadUnitsPerSecond":30000}})");
  ASSERT_API_OK(warm);
  EXPECT_EQ(std::string(warm.json["TableDescription"]["WarmThroughput"]["Status"].GetString()), "UPDATING");
  // The index's warm throughput did not change, so it stays ACTIVE.
  EXPECT_EQ(std::string(warm.json["TableDescription"]["GlobalSecondaryIndexes"][0]["WarmThroughput"]["Status"].GetString()),
            "ACTIVE");
  EXPECT_EQ(std::string(describe_on(server, name).json["Table"]["WarmThroughput"]["Status"].GetString()), "UPDATING");
  wait_past_transient_window();
  EXPECT_EQ(std::string(describe_on(server, name).json["Table"]["WarmThroughput"]["Status"].GetString()), "ACTIVE");

  auto created = call_on(server, "UpdateTable",
                         R"({"TableName":")" + name + R"(","ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}]})");
  ASSERT_API_OK(created);
  EXPECT_EQ(std::string(created.json["TableDescription"]["TableStatus"].GetString()), "UPDATING");
  EXPECT_EQ(std::string(created.json["TableDescription"]["Replicas"][0]["ReplicaStatus"].GetString()), "CREATING");
  wait_past_transient_window();
  auto active = describe_on(server, name);
  EXPECT_EQ(std::string(active.json["Table"]["Replicas"][0]["ReplicaStatus"].GetString()), "ACTIVE");
  // The marks of the last update are settled: the table's warm throughput shows ACTIVE after the next one.
  auto deleted = call_on(server, "UpdateTable",
                         R"({"TableName":")" + name + R"(","ReplicaUpdates":[{"Delete":{"RegionName":"eu-west-1"}}]})");
  ASSERT_API_OK(deleted);
  EXPECT_EQ(std::string(deleted.json["TableDescription"]["Replicas"][0]["ReplicaStatus"].GetString()), "DELETING");
  EXPECT_EQ(std::string(deleted.json["TableDescription"]["WarmThroughput"]["Status"].GetString()), "ACTIVE");
  wait_past_transient_window();
  EXPECT_FALSE(describe_on(server, name).json["Table"].HasMember("Replicas"));
}

}  // namespace
}  // namespace dynemu::testing_support
