// UpdateTable GlobalSecondaryIndexUpdates: create a GSI on a populated table (backfilled), query
// it, delete it; the limits and errors.
#include <chrono>
#include <thread>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

std::string create_index_update(const std::string& table, const std::string& index, const std::string& attr) {
  return R"({"TableName":")" + table + R"(","AttributeDefinitions":[{"AttributeName":")" + attr +
         R"(","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":")" + index +
         R"(","KeySchema":[{"AttributeName":")" + attr + R"(","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})";
}

ApiResponse query_index(const std::string& table, const std::string& index, const std::string& attr,
                        const std::string& value) {
  return call("Query", R"({"TableName":")" + table + R"(","IndexName":")" + index + R"(","KeyConditions":{")" + attr +
                           R"(":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":")" + value + R"("}]}}})");
}

TEST(IndexUpdate, CreateBackfillsAndDeleteRemoves) {
  const std::string t = create_hash_table();
  for (int i = 0; i < 30; ++i)
    put_ok(t, R"({"id":{"S":"i)" + std::to_string(i) + R"("})" + (i % 3 == 0 ? R"(,"city":{"S":"Oslo"})" : "") + "}");
  put_ok(t, R"({"id":{"S":"wrongtype"},"city":{"N":"1"}})");  // not indexable: left out of the index
  auto r = call("UpdateTable", create_index_update(t, "ByCity", "city"));
  ASSERT_API_OK(r);
  const auto& gsis = r.json["TableDescription"]["GlobalSecondaryIndexes"];
  ASSERT_EQ(gsis.Size(), 1u);
  EXPECT_STREQ(gsis[0]["IndexName"].GetString(), "ByCity");
  EXPECT_FALSE(gsis[0].HasMember("_Creating")) << r.body;
  auto q = query_index(t, "ByCity", "city", "Oslo");
  ASSERT_API_OK(q);
  EXPECT_EQ(q.json["Count"].GetInt(), 10);
  // New writes maintain it; a wrong index key type is now rejected.
  put_ok(t, R"({"id":{"S":"new"},"city":{"S":"Oslo"}})");
  EXPECT_EQ(query_index(t, "ByCity", "city", "Oslo").json["Count"].GetInt(), 11);
  EXPECT_API_ERROR(call("PutItem", R"({"TableName":")" + t + R"(","Item":{"id":{"S":"x"},"city":{"N":"2"}}})"), 400,
                   "ValidationException",
                   "One or more parameter values were invalid: Type mismatch for Index Key city Expected: S Actual: N "
                   "IndexName: ByCity");
  auto again = call("UpdateTable", create_index_update(t, "ByCity", "city"));
  EXPECT_EQ(again.status, 400) << again.body;

  ASSERT_API_OK(call("UpdateTable", R"({"TableName":")" + t +
                                        R"(","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"ByCity"}}]})"));
  EXPECT_API_ERROR(query_index(t, "ByCity", "city", "Oslo"), 400, "ValidationException",
                   "The table does not have the specified index: ByCity");
  auto d = describe(t);
  EXPECT_FALSE(d.json["Table"].HasMember("GlobalSecondaryIndexes")) << d.body;
  put_ok(t, R"({"id":{"S":"y"},"city":{"N":"3"}})");  // no index: any type goes
}

// An item whose value for the new index's key is past the key size limit (2048 bytes for a HASH
// key) is left out of the backfilled index, as DynamoDB leaves out items violating an index key's
// constraints when it builds an index online; once the index exists, such a write is refused.
TEST(IndexUpdate, BackfillLeavesOutItemsWhoseIndexKeyIsOverTheSizeLimit) {
  const std::string t = create_hash_table();
  const std::string at_limit(2048, 'a');
  const std::string over_limit(2049, 'b');
  put_ok(t, R"({"id":{"S":"fits"},"city":{"S":")" + at_limit + R"("}})");
  put_ok(t, R"({"id":{"S":"too-long"},"city":{"S":")" + over_limit + R"("}})");
  ASSERT_API_OK(call("UpdateTable", create_index_update(t, "ByCity", "city")));
  EXPECT_EQ(query_index(t, "ByCity", "city", at_limit).json["Count"].GetInt(), 1);
  const auto scan = call("Scan", R"({"TableName":")" + t + R"(","IndexName":"ByCity"})");
  ASSERT_API_OK(scan);
  ASSERT_EQ(scan.json["Count"].GetInt(), 1) << scan.body.substr(0, 300);
  EXPECT_STREQ(scan.json["Items"][0]["id"]["S"].GetString(), "fits");
  // The item itself is untouched in the table.
  const auto kept = call("GetItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"too-long"}}})");
  ASSERT_API_OK(kept);
  EXPECT_EQ(std::string(kept.json["Item"]["city"]["S"].GetString()), over_limit);
  EXPECT_API_ERROR(call("PutItem", R"({"TableName":")" + t + R"(","Item":{"id":{"S":"x"},"city":{"S":")" + over_limit +
                                       R"("}}})"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Size limit exceeded for Index Key city Actual Size: 2049 "
                   "bytes Max Size: 2048 bytes IndexName: ByCity");
}

TEST(IndexUpdate, OneCreationPerRequestAndUndefinedAttributes) {
  const std::string t = create_hash_table();
  auto two = call("UpdateTable", R"({"TableName":")" + t + R"(","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[)"
                                     R"({"Create":{"IndexName":"A","KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}},)"
                                     R"({"Create":{"IndexName":"B","KeySchema":[{"AttributeName":"b","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})");
  EXPECT_API_ERROR(two, 400, "LimitExceededException",
                   "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
  auto undefined = call("UpdateTable", R"({"TableName":")" + t + R"(","GlobalSecondaryIndexUpdates":[)"
                                           R"({"Create":{"IndexName":"A","KeySchema":[{"AttributeName":"zz","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})");
  EXPECT_EQ(undefined.status, 400) << undefined.body;
  EXPECT_EQ(undefined.error_type(), "ValidationException") << undefined.body;
  EXPECT_API_ERROR(call("UpdateTable", R"({"TableName":")" + t + R"(","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"Nope"}}]})"),
                   400, "ResourceNotFoundException", "Requested resource not found: Index: Nope not found");
}

TEST(IndexUpdate, TwentyIndexesAtMost) {
  const std::string t = create_hash_table();
  for (int i = 0; i < 20; ++i)
    ASSERT_API_OK(call("UpdateTable", create_index_update(t, "I" + std::to_string(i), "a" + std::to_string(i))));
  EXPECT_API_ERROR(call("UpdateTable", create_index_update(t, "I20", "a20")), 400, "LimitExceededException",
                   "Subscriber limit exceeded: The number of global secondary indexes for this table exceeds the limit "
                   "of 20");
}

TEST(IndexUpdate, NewIndexIsCreatingAndUnreadableDuringTheUpdatingWindow) {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.delay_transient_statuses = true;
  dynemu::Server server(options);
  server.start();
  const std::string t = unique_table_name();
  ASSERT_API_OK(call_on(server, "CreateTable", hash_table_request(t)));
  std::this_thread::sleep_for(std::chrono::milliseconds(650));
  ASSERT_API_OK(call_on(server, "PutItem", R"({"TableName":")" + t + R"(","Item":{"id":{"S":"a"},"city":{"S":"Oslo"}}})"));
  auto r = call_on(server, "UpdateTable", create_index_update(t, "ByCity", "city"));
  ASSERT_API_OK(r);
  EXPECT_STREQ(r.json["TableDescription"]["TableStatus"].GetString(), "UPDATING");
  const auto& during = r.json["TableDescription"]["GlobalSecondaryIndexes"][0];
  EXPECT_STREQ(during["IndexStatus"].GetString(), "CREATING") << r.body;
  EXPECT_TRUE(during["Backfilling"].GetBool()) << r.body;
  // While it backfills the index cannot be read (the table can).
  const std::string query = R"({"TableName":")" + t + R"(","IndexName":"ByCity","KeyConditionExpression":"city = :c",)"
                            R"("ExpressionAttributeValues":{":c":{"S":"Oslo"}}})";
  const std::string index_scan = R"({"TableName":")" + t + R"(","IndexName":"ByCity"})";
  EXPECT_API_ERROR(call_on(server, "Query", query), 400, "ValidationException",
                   "Cannot read from backfilling global secondary index: ByCity");
  EXPECT_API_ERROR(call_on(server, "Scan", index_scan), 400, "ValidationException",
                   "Cannot read from backfilling global secondary index: ByCity");
  ASSERT_API_OK(call_on(server, "Scan", R"({"TableName":")" + t + R"("})"));
  std::this_thread::sleep_for(std::chrono::milliseconds(650));
  auto ready = call_on(server, "Query", query);
  ASSERT_API_OK(ready);
  EXPECT_EQ(ready.json["Count"].GetInt(), 1) << ready.body;
  ASSERT_API_OK(call_on(server, "Scan", index_scan));
  auto after = call_on(server, "DescribeTable", R"({"TableName":")" + t + R"("})");
  ASSERT_API_OK(after);
  EXPECT_STREQ(after.json["Table"]["TableStatus"].GetString(), "ACTIVE");
  EXPECT_STREQ(after.json["Table"]["GlobalSecondaryIndexes"][0]["IndexStatus"].GetString(), "ACTIVE") << after.body;
  EXPECT_FALSE(after.json["Table"]["GlobalSecondaryIndexes"][0]["Backfilling"].GetBool());
}

}  // namespace
}  // namespace dynemu::testing_support
