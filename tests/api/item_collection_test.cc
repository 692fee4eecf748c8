// LSI item collections on the multi-item writes and at their size limit: TransactWriteItems'
// ItemCollectionMetrics per table, and ItemCollectionSizeLimitExceededException from every write
// operation once a collection would outgrow the limit (set small through ServerOptions).
#include <memory>
#include <string>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

std::string item(const std::string& pk, int sk, size_t payload = 0) {
  return R"({"pk":{"S":")" + pk + R"("},"sk":{"N":")" + std::to_string(sk) + R"("},"v":{"S":")" +
         std::string(payload, 'x') + R"("}})";
}

std::string put_action(const std::string& table, const std::string& item_json) {
  return R"({"Put":{"TableName":")" + table + R"(","Item":)" + item_json + "}}";
}

TEST(ItemCollections, TransactWriteItemsReportsEveryWrittenCollectionPerTable) {
  const std::string t = create_indexed_table();
  const std::string plain = create_hash_table();
  put_ok(t, item("b", 1));
  const std::string actions =
      put_action(t, item("a", 1)) + "," + put_action(plain, R"({"id":{"S":"p"}})") + "," +
      R"({"Update":{"TableName":")" + t + R"(","Key":{"pk":{"S":"a"},"sk":{"N":"2"}},"UpdateExpression":"SET v = :v",)"
      R"("ExpressionAttributeValues":{":v":{"S":"y"}}}},)"
      R"({"Delete":{"TableName":")" + t + R"(","Key":{"pk":{"S":"b"},"sk":{"N":"1"}}}},)"
      R"({"ConditionCheck":{"TableName":")" + t + R"(","Key":{"pk":{"S":"c"},"sk":{"N":"1"}},)"
      R"x("ConditionExpression":"attribute_not_exists(pk)"}})x";
  auto r = call("TransactWriteItems", R"({"ReturnItemCollectionMetrics":"SIZE","TransactItems":[)" + actions + "]}");
  ASSERT_API_OK(r);
  // One entry per write (not the ConditionCheck), in action order; the table without a local
  // index has no item collections and is left out.
  EXPECT_EQ(json_at(r.json, "ItemCollectionMetrics"),
            R"({")" + t + R"(":[{"ItemCollectionKey":{"pk":{"S":"a"}},"SizeEstimateRangeGB":[0.0,1.0]},)"
            R"({"ItemCollectionKey":{"pk":{"S":"a"}},"SizeEstimateRangeGB":[0.0,1.0]},)"
            R"({"ItemCollectionKey":{"pk":{"S":"b"}},"SizeEstimateRangeGB":[0.0,1.0]}]})")
      << r.body;
  // Not asked for, not sent; a transaction touching only tables without collections sends none.
  auto quiet = call("TransactWriteItems", R"({"TransactItems":[)" + put_action(t, item("a", 3)) + "]}");
  ASSERT_API_OK(quiet);
  EXPECT_FALSE(quiet.json.HasMember("ItemCollectionMetrics")) << quiet.body;
  auto plain_only = call("TransactWriteItems", R"({"ReturnItemCollectionMetrics":"SIZE","TransactItems":[)" +
                                                   put_action(plain, R"({"id":{"S":"q"}})") + "]}");
  ASSERT_API_OK(plain_only);
  EXPECT_FALSE(plain_only.json.HasMember("ItemCollectionMetrics")) << plain_only.body;
}

// A server of its own whose item collections are limited to 1000 bytes.
class CollectionLimitTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dynemu::ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.max_item_collection_bytes = 1000;
    server_ = std::make_unique<dynemu::Server>(options);
    server_->start();
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    table_ = unique_table_name();
    ASSERT_API_OK(call_on(*server_, "CreateTable", indexed_table_request(table_)));
  }
  ApiResponse put(const std::string& item_json) {
    return call_on(*server_, "PutItem", R"({"TableName":")" + table_ + R"(","Item":)" + item_json + "}");
  }
  static std::unique_ptr<dynemu::Server> server_;
  std::string table_;
};
std::unique_ptr<dynemu::Server> CollectionLimitTest::server_;

constexpr const char* kExceeded = "Collection size exceeded.";
constexpr size_t kPayload = 280;  // three such items fit in 1000 bytes, four do not

TEST_F(CollectionLimitTest, SingleItemWritesStopAtTheLimit) {
  for (int i = 0; i < 3; ++i) ASSERT_API_OK(put(item("a", i, kPayload)));
  EXPECT_API_ERROR(put(item("a", 3, kPayload)), 400, "ItemCollectionSizeLimitExceededException", kExceeded);
  // Other collections are not affected, and a write that does not grow the collection is allowed.
  ASSERT_API_OK(put(item("b", 3, kPayload)));
  ASSERT_API_OK(put(item("a", 0, kPayload)));
  EXPECT_API_ERROR(call_on(*server_, "UpdateItem", R"({"TableName":")" + table_ +
                                                       R"(","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET w = :w",)"
                                                       R"("ExpressionAttributeValues":{":w":{"S":")" +
                                                       std::string(kPayload, 'y') + R"("}}})"),
                   400, "ItemCollectionSizeLimitExceededException", kExceeded);
  ASSERT_API_OK(put(item("a", 0, 10)));  // shrinking is always allowed
  // The refused writes left nothing behind.
  auto count = call_on(*server_, "Query", R"({"TableName":")" + table_ +
                                              R"(","KeyConditionExpression":"pk = :a","ExpressionAttributeValues":{":a":{"S":"a"}}})");
  ASSERT_API_OK(count);
  EXPECT_EQ(count.json["Count"].GetInt(), 3);
  for (const auto& it : count.json["Items"].GetArray()) EXPECT_FALSE(it.HasMember("w")) << count.body;
}

TEST_F(CollectionLimitTest, BatchAndTransactionWritesStopAtTheLimit) {
  for (int i = 0; i < 2; ++i) ASSERT_API_OK(put(item("a", i, kPayload)));
  auto batch = call_on(*server_, "BatchWriteItem",
                       R"({"RequestItems":{")" + table_ + R"(":[{"PutRequest":{"Item":)" + item("a", 2, kPayload) +
                           R"(}},{"PutRequest":{"Item":)" + item("a", 3, kPayload) + "}}]}}");
  EXPECT_API_ERROR(batch, 400, "ItemCollectionSizeLimitExceededException", kExceeded);
  // Two puts into the same collection are counted together, and the whole transaction is cancelled.
  auto tx = call_on(*server_, "TransactWriteItems",
                    R"({"TransactItems":[)" + put_action(table_, item("b", 1)) + "," +
                        put_action(table_, item("a", 2, kPayload)) + "," + put_action(table_, item("a", 3, kPayload)) +
                        "]}");
  EXPECT_API_ERROR(tx, 400, "TransactionCanceledException",
                   "Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, "
                   "ItemCollectionSizeLimitExceeded]");
  ASSERT_TRUE(tx.json.HasMember("CancellationReasons")) << tx.body;
  EXPECT_EQ(to_json(tx.json["CancellationReasons"][2]),
            R"({"Code":"ItemCollectionSizeLimitExceeded","Message":"Collection size exceeded."})");
  auto b = call_on(*server_, "GetItem", R"({"TableName":")" + table_ + R"(","Key":{"pk":{"S":"b"},"sk":{"N":"1"}}})");
  ASSERT_API_OK(b);
  EXPECT_FALSE(b.json.HasMember("Item")) << b.body;
  // With the collection full, deleting from it makes room within the same transaction.
  ASSERT_API_OK(put(item("a", 2, kPayload)));
  EXPECT_EQ(call_on(*server_, "TransactWriteItems", R"({"TransactItems":[)" + put_action(table_, item("a", 3, kPayload)) + "]}")
                .error_type(),
            "TransactionCanceledException");
  auto room = call_on(*server_, "TransactWriteItems",
                      R"({"TransactItems":[{"Delete":{"TableName":")" + table_ +
                          R"(","Key":{"pk":{"S":"a"},"sk":{"N":"0"}}}},)" + put_action(table_, item("a", 3, kPayload)) +
                          "]}");
  ASSERT_API_OK(room);
}

}  // namespace
}  // namespace dynemu::testing_support
