// ReturnConsumedCapacity INDEXES and ReturnItemCollectionMetrics on the single-item writes:
// index entry writes charged per index, a changed index key charged twice, collections reported
// only for tables with local secondary indexes.
#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

TEST(WriteCapacity, IndexWritesAreChargedPerIndex) {
  const std::string t = create_indexed_table();
  const std::string item = R"({"pk":{"S":"a"},"sk":{"N":"1"},"owner":{"S":"ann"},"tag":{"S":"x"}})";
  auto put = call("PutItem", R"({"TableName":")" + t + R"(","ReturnConsumedCapacity":"INDEXES","Item":)" + item + "}");
  ASSERT_API_OK(put);
  EXPECT_EQ(to_json(put.json["ConsumedCapacity"]),
            R"({"TableName":")" + t + R"(","CapacityUnits":3.0,"Table":{"CapacityUnits":1.0},)"
            R"("GlobalSecondaryIndexes":{"ByOwner":{"CapacityUnits":1.0}},"LocalSecondaryIndexes":{"ByTag":{"CapacityUnits":1.0}}})");
  // Moving the item to another owner rewrites the GSI entry: delete the old, write the new.
  auto update = call("UpdateItem", R"({"TableName":")" + t +
                                       R"(","ReturnConsumedCapacity":"INDEXES","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},)"
                                       R"("UpdateExpression":"SET #o = :b","ExpressionAttributeNames":{"#o":"owner"},"ExpressionAttributeValues":{":b":{"S":"bob"}}})");
  ASSERT_API_OK(update);
  EXPECT_EQ(update.json["ConsumedCapacity"]["GlobalSecondaryIndexes"]["ByOwner"]["CapacityUnits"].GetDouble(), 2.0)
      << update.body;
  EXPECT_EQ(update.json["ConsumedCapacity"]["LocalSecondaryIndexes"]["ByTag"]["CapacityUnits"].GetDouble(), 1.0)
      << update.body;
  auto total = call("DeleteItem", R"({"TableName":")" + t +
                                      R"(","ReturnConsumedCapacity":"TOTAL","Key":{"pk":{"S":"a"},"sk":{"N":"1"}}})");
  ASSERT_API_OK(total);
  EXPECT_EQ(to_json(total.json["ConsumedCapacity"]), R"({"TableName":")" + t + R"(","CapacityUnits":3.0})");
}

TEST(WriteCapacity, ItemCollectionMetricsOnlyWithLocalIndexes) {
  const std::string t = create_indexed_table();
  auto put = call("PutItem", R"({"TableName":")" + t +
                                 R"(","ReturnItemCollectionMetrics":"SIZE","Item":{"pk":{"S":"a"},"sk":{"N":"1"}}})");
  ASSERT_API_OK(put);
  EXPECT_EQ(to_json(put.json["ItemCollectionMetrics"]),
            R"({"ItemCollectionKey":{"pk":{"S":"a"}},"SizeEstimateRangeGB":[0.0,1.0]})");
  auto del = call("DeleteItem", R"({"TableName":")" + t +
                                    R"(","ReturnItemCollectionMetrics":"SIZE","Key":{"pk":{"S":"a"},"sk":{"N":"1"}}})");
  ASSERT_API_OK(del);
  EXPECT_TRUE(del.json.HasMember("ItemCollectionMetrics")) << del.body;
  const std::string plain = create_hash_table();
  auto no = call("PutItem", R"({"TableName":")" + plain + R"(","ReturnItemCollectionMetrics":"SIZE","Item":{"id":{"S":"a"}}})");
  ASSERT_API_OK(no);
  EXPECT_FALSE(no.json.HasMember("ItemCollectionMetrics")) << no.body;
}

}  // namespace
}  // namespace dynemu::testing_support
