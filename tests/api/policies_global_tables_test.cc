// Resource-based policies (Put/Get/DeleteResourcePolicy), legacy global tables in a single-region
// account (Create/Describe/List/UpdateGlobalTable, Describe/UpdateGlobalTableSettings), replica
// auto scaling, and a file database keeping the feature state of tables across a restart.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "table_test_helpers.h"
#include "temp_database_file.h"

namespace dynemu::testing_support {
namespace {

std::string arn_of(const std::string& table) { return "arn:aws:dynamodb:us-east-1:000000000000:table/" + table; }
const std::string kPolicy = R"({\"Version\":\"2012-10-17\",\"Statement\":[]})";

ApiResponse put_policy(const std::string& arn, const std::string& policy, const std::string& extra = "") {
  return call("PutResourcePolicy", R"({"ResourceArn":")" + arn + R"(","Policy":")" + policy + R"(")" + extra + "}");
}

TEST(ResourcePolicy, PutGetDeleteWithRevisions) {
  const std::string t = create_hash_table();
  const std::string arn = arn_of(t);
  const std::string get = R"({"ResourceArn":")" + arn + R"("})";
  EXPECT_API_ERROR(call("GetResourcePolicy", get), 400, "PolicyNotFoundException",
                   "Resource-based policy not found for the provided ResourceArn: " + arn);
  ApiResponse r = put_policy(arn, kPolicy, R"(,"ExpectedRevisionId":"NO_POLICY")");
  ASSERT_API_OK(r);
  const std::string revision = r.json["RevisionId"].GetString();
  EXPECT_FALSE(revision.empty());
  r = call("GetResourcePolicy", get);
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "Policy"), R"(")" + kPolicy + R"(")");
  EXPECT_EQ(json_at(r.json, "RevisionId"), R"(")" + revision + R"(")");
  // The same document again: idempotent, same revision.
  EXPECT_EQ(json_at(put_policy(arn, kPolicy).json, "RevisionId"), R"(")" + revision + R"(")");
  // NO_POLICY while a policy exists, and a stale revision, are refused.
  const std::string mismatch =
      "The revision ID provided does not match the current revision ID of the resource-based policy of ResourceArn: " + arn;
  const std::string other = R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\"}]})";
  EXPECT_API_ERROR(put_policy(arn, other, R"(,"ExpectedRevisionId":"NO_POLICY")"), 400, "PolicyNotFoundException", mismatch);
  EXPECT_API_ERROR(put_policy(arn, other, R"(,"ExpectedRevisionId":"1")"), 400, "PolicyNotFoundException", mismatch);
  r = put_policy(arn, other, R"(,"ExpectedRevisionId":")" + revision + R"(","ConfirmRemoveSelfResourceAccess":true)");
  ASSERT_API_OK(r);
  const std::string second = r.json["RevisionId"].GetString();
  EXPECT_GT(std::stoll(second), std::stoll(revision));
  EXPECT_API_ERROR(call("DeleteResourcePolicy", R"({"ResourceArn":")" + arn + R"(","ExpectedRevisionId":")" + revision + R"("})"),
                   400, "PolicyNotFoundException", mismatch);
  r = call("DeleteResourcePolicy", R"({"ResourceArn":")" + arn + R"(","ExpectedRevisionId":")" + second + R"("})");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "RevisionId"), R"(")" + second + R"(")");
  EXPECT_API_ERROR(call("GetResourcePolicy", get), 400, "PolicyNotFoundException",
                   "Resource-based policy not found for the provided ResourceArn: " + arn);
  EXPECT_API_ERROR(call("DeleteResourcePolicy", get), 400, "PolicyNotFoundException",
                   "Resource-based policy not found for the provided ResourceArn: " + arn);
}

TEST(ResourcePolicy, StreamPolicyIsSeparateFromTheTables) {
  const std::string t = unique_table_name();
  ApiResponse created = create_table_ok(
      R"({"TableName":")" + t + R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
      R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",)"
      R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})");
  const std::string stream_arn = created.json["TableDescription"]["LatestStreamArn"].GetString();
  ASSERT_API_OK(put_policy(stream_arn, kPolicy));
  ASSERT_API_OK(call("GetResourcePolicy", R"({"ResourceArn":")" + stream_arn + R"("})"));
  EXPECT_EQ(call("GetResourcePolicy", R"({"ResourceArn":")" + arn_of(t) + R"("})").error_type(), "PolicyNotFoundException");
  const std::string other_stream = arn_of(t) + "/stream/2000-01-01T00:00:00.000";
  EXPECT_API_ERROR(call("GetResourcePolicy", R"({"ResourceArn":")" + other_stream + R"("})"), 400,
                   "ResourceNotFoundException", "Requested resource not found: ResourcArn: " + other_stream + " not found");
}

TEST(ResourcePolicy, Errors) {
  const std::string t = create_hash_table();
  const std::string arn = arn_of(t);
  EXPECT_API_ERROR(call("PutResourcePolicy", "{}"), 400, "ValidationException",
                   "2 validation errors detected: Value null at 'resourceArn' failed to satisfy constraint: Member "
                   "must not be null; Value null at 'policy' failed to satisfy constraint: Member must not be null");
  EXPECT_API_ERROR(put_policy("not-an-arn", kPolicy), 400, "ValidationException",
                   "Invalid TableArn: Invalid ResourceArn provided as input not-an-arn");
  EXPECT_API_ERROR(put_policy(arn, "not json"), 400, "ValidationException",
                   "Resource-based policy document is not valid JSON");
  // 20 KB counts whitespace: a document one byte over is refused, one at the limit accepted.
  const std::string head = R"({\"Version\":\"2012-10-17\",\"Statement\":[]})";
  const size_t head_bytes = std::string(R"({"Version":"2012-10-17","Statement":[]})").size();
  const std::string at_limit = head + std::string(20 * 1024 - head_bytes, ' ');
  ASSERT_API_OK(put_policy(arn, at_limit));
  EXPECT_API_ERROR(put_policy(arn, at_limit + " "), 400, "ValidationException",
                   "Resource-based policy document exceeds the maximum size of 20 KB");
  const std::string missing = arn_of("Missing_policy_table");
  EXPECT_API_ERROR(put_policy(missing, kPolicy), 400, "ResourceNotFoundException",
                   "Requested resource not found: ResourcArn: " + missing + " not found");
  EXPECT_API_ERROR(call("PutResourcePolicy", R"({"ResourceArn":")" + arn + R"(","Policy":{}})"), 400,
                   "SerializationException", "Start of structure or map found where not expected");
}

std::string streamed_table_request(const std::string& name, const char* view_type) {
  return R"({"TableName":")" + name + R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
         R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5},)"
         R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":")" + view_type + R"("}})";
}

TEST(GlobalTables, SingleRegionLifecycle) {
  const std::string t = unique_table_name("Global");
  create_table_ok(streamed_table_request(t, "NEW_AND_OLD_IMAGES"));
  const std::string name = R"({"GlobalTableName":")" + t + R"("})";
  EXPECT_API_ERROR(call("DescribeGlobalTable", name), 400, "GlobalTableNotFoundException", "Global table not found");
  // Another region has no such table: DynamoDB's TableNotFoundException.
  EXPECT_API_ERROR(call("CreateGlobalTable", R"({"GlobalTableName":")" + t +
                                                 R"(","ReplicationGroup":[{"RegionName":"us-east-1"},{"RegionName":"eu-west-1"}]})"),
                   400, "TableNotFoundException",
                   "Table not found: Table: '" + t + "' not found in region: 'eu-west-1'.");
  ApiResponse r = call("CreateGlobalTable", R"({"GlobalTableName":")" + t + R"(","ReplicationGroup":[{"RegionName":"us-east-1"}]})");
  ASSERT_API_OK(r);
  const rapidjson::Value& d = r.json["GlobalTableDescription"];
  EXPECT_EQ(json_at(d, "ReplicationGroup"), R"([{"RegionName":"us-east-1","ReplicaStatus":"ACTIVE"}])");
  EXPECT_EQ(json_at(d, "GlobalTableArn"), R"("arn:aws:dynamodb::000000000000:global-table/)" + t + R"(")");
  EXPECT_EQ(json_at(d, "GlobalTableStatus"), R"("ACTIVE")");
  EXPECT_EQ(json_at(d, "GlobalTableName"), R"(")" + t + R"(")");
  EXPECT_TRUE(d.HasMember("CreationDateTime"));
  EXPECT_EQ(to_json(call("DescribeGlobalTable", name).json["GlobalTableDescription"]), to_json(d));
  EXPECT_API_ERROR(call("CreateGlobalTable", R"({"GlobalTableName":")" + t + R"(","ReplicationGroup":[{"RegionName":"us-east-1"}]})"),
                   400, "GlobalTableAlreadyExistsException", "Global table already exists: " + t);

  // Listed from this region, not from another.
  r = call("ListGlobalTables", R"({"ExclusiveStartGlobalTableName":")" + t.substr(0, t.size() - 1) + R"("})");
  ASSERT_API_OK(r);
  bool listed = false;
  for (const auto& g : r.json["GlobalTables"].GetArray())
    if (g["GlobalTableName"].GetString() == t) {
      listed = true;
      EXPECT_EQ(json_at(g, "ReplicationGroup"), R"([{"RegionName":"us-east-1"}])");
    }
  EXPECT_TRUE(listed);
  EXPECT_EQ(call("ListGlobalTables", R"({"RegionName":"eu-west-1"})").body, R"({"GlobalTables":[]})");

  // Settings: the one replica's capacity, changed by UpdateGlobalTableSettings.
  r = call("UpdateGlobalTableSettings", R"({"GlobalTableName":")" + t + R"(","GlobalTableProvisionedWriteCapacityUnits":7,)"
                                            R"("ReplicaSettingsUpdate":[{"RegionName":"us-east-1","ReplicaProvisionedReadCapacityUnits":9}]})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.body, R"({"GlobalTableName":")" + t + R"(","ReplicaSettings":[{"RegionName":"us-east-1","ReplicaStatus":"ACTIVE",)"
                    R"("ReplicaBillingModeSummary":{"BillingMode":"PROVISIONED"},"ReplicaProvisionedReadCapacityUnits":9,)"
                    R"("ReplicaProvisionedWriteCapacityUnits":7,"ReplicaGlobalSecondaryIndexSettings":[]}]})");
  EXPECT_EQ(call("DescribeGlobalTableSettings", name).body, r.body);
  EXPECT_EQ(json_at(describe(t).json["Table"]["ProvisionedThroughput"], "WriteCapacityUnits"), "7");
  EXPECT_API_ERROR(call("UpdateGlobalTableSettings", R"({"GlobalTableName":")" + t +
                                                         R"(","ReplicaSettingsUpdate":[{"RegionName":"eu-west-1"}]})"),
                   400, "ReplicaNotFoundException", "Replica not found in region: eu-west-1");

  // UpdateGlobalTable: replicas elsewhere cannot be made; this region's exists already; removing it ends the global table.
  EXPECT_API_ERROR(call("UpdateGlobalTable", R"({"GlobalTableName":")" + t + R"(","ReplicaUpdates":[{"Create":{"RegionName":"us-west-2"}}]})"),
                   400, "TableNotFoundException", "Table not found: Table: '" + t + "' not found in region: 'us-west-2'.");
  EXPECT_API_ERROR(call("UpdateGlobalTable", R"({"GlobalTableName":")" + t + R"(","ReplicaUpdates":[{"Create":{"RegionName":"us-east-1"}}]})"),
                   400, "ReplicaAlreadyExistsException", "Replica already exists in region: us-east-1");
  EXPECT_API_ERROR(call("UpdateGlobalTable", R"({"GlobalTableName":")" + t + R"(","ReplicaUpdates":[{"Delete":{"RegionName":"us-west-2"}}]})"),
                   400, "ReplicaNotFoundException", "Replica not found in region: us-west-2");
  r = call("UpdateGlobalTable", R"({"GlobalTableName":")" + t + R"(","ReplicaUpdates":[{"Delete":{"RegionName":"us-east-1"}}]})");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json["GlobalTableDescription"], "ReplicationGroup"), "[]");
  EXPECT_EQ(call("DescribeGlobalTable", name).error_type(), "GlobalTableNotFoundException");
}

TEST(GlobalTables, TheTableMustExistStreamBothImagesAndBeEmpty) {
  const std::string group = R"(","ReplicationGroup":[{"RegionName":"us-east-1"}]})";
  EXPECT_API_ERROR(call("CreateGlobalTable", R"({"GlobalTableName":"Missing_global)" + group), 400, "TableNotFoundException",
                   "Table not found: Table: 'Missing_global' not found in region: 'us-east-1'.");
  const std::string keys_only = unique_table_name("Global");
  create_table_ok(streamed_table_request(keys_only, "KEYS_ONLY"));
  EXPECT_API_ERROR(call("CreateGlobalTable", R"({"GlobalTableName":")" + keys_only + group), 400, "ValidationException",
                   "One or more parameter values were invalid: Table: '" + keys_only +
                       "' in region: 'us-east-1' must have DynamoDB Streams enabled with StreamViewType NEW_AND_OLD_IMAGES");
  const std::string full = unique_table_name("Global");
  create_table_ok(streamed_table_request(full, "NEW_AND_OLD_IMAGES"));
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + full + R"(","Item":{"id":{"S":"x"}}})"));
  EXPECT_API_ERROR(call("CreateGlobalTable", R"({"GlobalTableName":")" + full + group), 400, "ValidationException",
                   "One or more parameter values were invalid: Table: '" + full + "' in region: 'us-east-1' is not empty");
  EXPECT_API_ERROR(call("CreateGlobalTable", "{}"), 400, "ValidationException",
                   "2 validation errors detected: Value null at 'globalTableName' failed to satisfy constraint: Member "
                   "must not be null; Value null at 'replicationGroup' failed to satisfy constraint: Member must not be null");
  EXPECT_API_ERROR(call("ListGlobalTables", R"({"Limit":0})"), 400, "ValidationException",
                   "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1");
}

TEST(ReplicaAutoScaling, ASingleRegionTableHasNoReplicas) {
  const std::string t = create_hash_table();
  ApiResponse r = call("DescribeTableReplicaAutoScaling", R"({"TableName":")" + arn_of(t) + R"("})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.body, R"({"TableAutoScalingDescription":{"TableName":")" + t + R"(","TableStatus":"ACTIVE","Replicas":[]}})");
  EXPECT_EQ(call("UpdateTableReplicaAutoScaling", R"({"TableName":")" + t + R"("})").body, r.body);
  EXPECT_API_ERROR(call("UpdateTableReplicaAutoScaling", R"({"TableName":")" + t + R"(","ReplicaUpdates":[{"RegionName":"eu-west-1"}]})"),
                   400, "ReplicaNotFoundException", "Replica not found in region: eu-west-1");
  EXPECT_API_ERROR(call("DescribeTableReplicaAutoScaling", R"({"TableName":"Missing_autoscaling"})"), 400,
                   "ResourceNotFoundException", "Requested resource not found: Table: Missing_autoscaling not found");
}

TEST(TableFeatureState, FileDatabaseKeepsItAcrossRestartAndDeleteTableDropsIt) {
  test_support::TempDatabaseFile file("dynemu-features-restart");
  const std::string& path = file.path();
  dynemu::ServerOptions options;
  options.port = 0;
  options.db_path = path;
  options.ttl_sweep_period_ms = 0;
  const std::string t = unique_table_name("Kept");
  const std::string stream = "arn:aws:kinesis:us-east-1:000000000000:stream/kept";
  std::string revision;
  {
    dynemu::Server s(options);
    s.start();
    ASSERT_API_OK(call_on(s, "CreateTable", streamed_table_request(t, "NEW_AND_OLD_IMAGES")));
    ASSERT_API_OK(call_on(s, "UpdateContributorInsights", R"({"TableName":")" + t + R"(","ContributorInsightsAction":"ENABLE"})"));
    ASSERT_API_OK(call_on(s, "EnableKinesisStreamingDestination", R"({"TableName":")" + t + R"(","StreamArn":")" + stream + R"("})"));
    ApiResponse p = call_on(s, "PutResourcePolicy", R"({"ResourceArn":")" + arn_of(t) + R"(","Policy":")" + kPolicy + R"("})");
    ASSERT_API_OK(p);
    revision = p.json["RevisionId"].GetString();
    ASSERT_API_OK(call_on(s, "CreateGlobalTable", R"({"GlobalTableName":")" + t + R"(","ReplicationGroup":[{"RegionName":"us-east-1"}]})"));
    s.stop();
  }
  {
    dynemu::Server s(options);
    s.start();
    EXPECT_EQ(json_at(call_on(s, "DescribeContributorInsights", R"({"TableName":")" + t + R"("})").json, "ContributorInsightsStatus"),
              R"("ENABLED")");
    EXPECT_EQ(to_json(call_on(s, "DescribeKinesisStreamingDestination", R"({"TableName":")" + t + R"("})").json["KinesisDataStreamDestinations"]),
              R"([{"StreamArn":")" + stream + R"(","DestinationStatus":"ACTIVE","ApproximateCreationDateTimePrecision":"MILLISECOND"}])");
    EXPECT_EQ(json_at(call_on(s, "GetResourcePolicy", R"({"ResourceArn":")" + arn_of(t) + R"("})").json, "RevisionId"),
              R"(")" + revision + R"(")");
    EXPECT_EQ(json_at(call_on(s, "DescribeGlobalTable", R"({"GlobalTableName":")" + t + R"("})").json["GlobalTableDescription"], "GlobalTableStatus"),
              R"("ACTIVE")");
    // The feature state is never shown by DescribeTable.
    const std::string table = call_on(s, "DescribeTable", R"({"TableName":")" + t + R"("})").body;
    EXPECT_EQ(table.find("_ContributorInsights"), std::string::npos);
    EXPECT_EQ(table.find("_ResourcePolicy"), std::string::npos);
    // DeleteTable drops it: a new table of the same name starts without any.
    ASSERT_API_OK(call_on(s, "DeleteTable", R"({"TableName":")" + t + R"("})"));
    ASSERT_API_OK(call_on(s, "CreateTable", streamed_table_request(t, "NEW_AND_OLD_IMAGES")));
    EXPECT_EQ(json_at(call_on(s, "DescribeContributorInsights", R"({"TableName":")" + t + R"("})").json, "ContributorInsightsStatus"),
              R"("DISABLED")");
    EXPECT_EQ(call_on(s, "GetResourcePolicy", R"({"ResourceArn":")" + arn_of(t) + R"("})").error_type(), "PolicyNotFoundException");
    EXPECT_EQ(call_on(s, "DescribeGlobalTable", R"({"GlobalTableName":")" + t + R"("})").error_type(), "GlobalTableNotFoundException");
    EXPECT_EQ(to_json(call_on(s, "DescribeKinesisStreamingDestination", R"({"TableName":")" + t + R"("})").json["KinesisDataStreamDestinations"]), "[]");
    s.stop();
  }
}

}  // namespace
}  // namespace dynemu::testing_support
