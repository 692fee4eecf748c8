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

// DynamoDB's guide: an index entry costs its own projected size, and a write that changes nothing an
// index projects costs that index nothing.
TEST(WriteCapacity, IndexesAreChargedForTheirEntriesAndOnlyWhenTheEntryChanges) {
  const std::string t = create_indexed_table(R"({"ProjectionType":"KEYS_ONLY"})");
  const std::string big(3000, 'x');
  const std::string item = R"({"pk":{"S":"a"},"sk":{"N":"1"},"owner":{"S":"ann"},"tag":{"S":"x"},"note":{"S":")" + big + R"("}})";
  auto put = call("PutItem", R"({"TableName":")" + t + R"(","ReturnConsumedCapacity":"INDEXES","Item":)" + item + "}");
  ASSERT_API_OK(put);
  // Table and the ALL local index: 3 KB; the KEYS_ONLY global index entry is a few bytes.
  EXPECT_EQ(to_json(put.json["ConsumedCapacity"]),
            R"({"TableName":")" + t + R"(","CapacityUnits":7.0,"Table":{"CapacityUnits":3.0},)"
            R"("GlobalSecondaryIndexes":{"ByOwner":{"CapacityUnits":1.0}},"LocalSecondaryIndexes":{"ByTag":{"CapacityUnits":3.0}}})");
  // Changing an attribute ByOwner does not project leaves ByOwner untouched.
  auto update = call("UpdateItem", R"({"TableName":")" + t +
                                       R"(","ReturnConsumedCapacity":"INDEXES","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},)"
                                       R"("UpdateExpression":"SET note = :n","ExpressionAttributeValues":{":n":{"S":"short"}}})");
  ASSERT_API_OK(update);
  EXPECT_EQ(to_json(update.json["ConsumedCapacity"]),
            R"({"TableName":")" + t + R"(","CapacityUnits":4.0,"Table":{"CapacityUnits":3.0},)"
            R"("LocalSecondaryIndexes":{"ByTag":{"CapacityUnits":1.0}}})");
  // Writing the item exactly as it is changes no index entry at all.
  const std::string same = R"({"pk":{"S":"a"},"sk":{"N":"1"},"owner":{"S":"ann"},"tag":{"S":"x"},"note":{"S":"short"}})";
  auto again = call("PutItem", R"({"TableName":")" + t + R"(","ReturnConsumedCapacity":"INDEXES","Item":)" + same + "}");
  ASSERT_API_OK(again);
  EXPECT_EQ(to_json(again.json["ConsumedCapacity"]),
            R"({"TableName":")" + t + R"(","CapacityUnits":1.0,"Table":{"CapacityUnits":1.0}})");
  // A changed index key still costs the removal and the new entry.
  auto moved = call("UpdateItem", R"({"TableName":")" + t +
                                      R"(","ReturnConsumedCapacity":"INDEXES","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},)"
                                      R"("UpdateExpression":"SET #o = :b","ExpressionAttributeNames":{"#o":"owner"},"ExpressionAttributeValues":{":b":{"S":"bob"}}})");
  ASSERT_API_OK(moved);
  EXPECT_EQ(moved.json["ConsumedCapacity"]["GlobalSecondaryIndexes"]["ByOwner"]["CapacityUnits"].GetDouble(), 2.0)
      << moved.body;
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
