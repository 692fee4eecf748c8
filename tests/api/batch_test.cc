// BatchGetItem / BatchWriteItem against real tables: round trips, projections, missing items,
// duplicates, key errors, capacity.
#include <set>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

std::string put_request(const std::string& id, const std::string& extra = "") {
  return R"({"PutRequest":{"Item":{"id":{"S":")" + id + R"("},"n":{"N":"1"})" + extra + "}}}";
}

TEST(Batch, WriteThenGetAcrossTwoTables) {
  const std::string a = create_hash_table(), b = create_hash_table();
  std::string writes_a = "[", writes_b = "[";
  for (int i = 0; i < 20; ++i) writes_a += (i ? "," : "") + put_request("a" + std::to_string(i));
  for (int i = 0; i < 5; ++i) writes_b += (i ? "," : "") + put_request("b" + std::to_string(i));
  auto w = call("BatchWriteItem", R"({"RequestItems":{")" + a + R"(":)" + writes_a + R"(],")" + b + R"(":)" + writes_b +
                                      R"(]},"ReturnConsumedCapacity":"TOTAL"})");
  ASSERT_API_OK(w);
  EXPECT_EQ(to_json(w.json["UnprocessedItems"]), "{}");
  ASSERT_EQ(w.json["ConsumedCapacity"].Size(), 2u);
  EXPECT_EQ(w.json["ConsumedCapacity"][0]["CapacityUnits"].GetDouble(), 20.0);
  EXPECT_EQ(w.json["ConsumedCapacity"][1]["CapacityUnits"].GetDouble(), 5.0);

  auto g = call("BatchGetItem", R"({"RequestItems":{")" + a +
                                    R"(":{"Keys":[{"id":{"S":"a3"}},{"id":{"S":"missing"}}],"ConsistentRead":true},")" + b +
                                    R"(":{"Keys":[{"id":{"S":"b1"}}],"AttributesToGet":["id"]}},"ReturnConsumedCapacity":"TOTAL"})");
  ASSERT_API_OK(g);
  EXPECT_EQ(to_json(g.json["Responses"][a.c_str()]), R"([{"id":{"S":"a3"},"n":{"N":"1"}}])");
  EXPECT_EQ(to_json(g.json["Responses"][b.c_str()]), R"([{"id":{"S":"b1"}}])");
  EXPECT_EQ(to_json(g.json["UnprocessedKeys"]), "{}");
  // Consistent reads of two keys (one missing) cost 1 each; one eventual read costs 0.5.
  EXPECT_EQ(g.json["ConsumedCapacity"][0]["CapacityUnits"].GetDouble(), 2.0) << g.body;
  EXPECT_EQ(g.json["ConsumedCapacity"][1]["CapacityUnits"].GetDouble(), 0.5) << g.body;
}

TEST(Batch, DeletesAndDuplicateKeys) {
  const std::string t = create_hash_table();
  put_ok(t, R"({"id":{"S":"x"}})");
  auto dup = call("BatchWriteItem", R"({"RequestItems":{")" + t + R"(":[)" + put_request("x") +
                                        R"(,{"DeleteRequest":{"Key":{"id":{"S":"x"}}}}]}})");
  EXPECT_API_ERROR(dup, 400, "ValidationException", "Provided list of item keys contains duplicates");
  ASSERT_API_OK(call("BatchWriteItem", R"({"RequestItems":{")" + t + R"(":[{"DeleteRequest":{"Key":{"id":{"S":"x"}}}},)" +
                                           put_request("y") + "]}}"));
  auto g = call("BatchGetItem", R"({"RequestItems":{")" + t + R"(":{"Keys":[{"id":{"S":"x"}},{"id":{"S":"y"}}]}}})");
  ASSERT_API_OK(g);
  EXPECT_EQ(to_json(g.json["Responses"][t.c_str()]), R"([{"id":{"S":"y"},"n":{"N":"1"}}])");
}

TEST(Batch, KeyAndItemErrorsAgainstTheSchema) {
  const std::string t = create_hash_table();
  EXPECT_API_ERROR(call("BatchGetItem", R"({"RequestItems":{")" + t + R"(":{"Keys":[{"id":{"N":"1"}}]}}})"), 400,
                   "ValidationException", "The provided key element does not match the schema");
  EXPECT_API_ERROR(call("BatchWriteItem", R"({"RequestItems":{")" + t + R"(":[{"PutRequest":{"Item":{"other":{"S":"1"}}}}]}})"),
                   400, "ValidationException", "One or more parameter values were invalid: Missing the key id in the item");
  // A failed batch writes nothing: the good request before the bad one is rolled back.
  EXPECT_EQ(call("BatchWriteItem", R"({"RequestItems":{")" + t + R"(":[)" + put_request("good") +
                                       R"(,{"DeleteRequest":{"Key":{"id":{"N":"1"}}}}]}})")
                .status,
            400);
  auto g = call("GetItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"good"}}})");
  EXPECT_FALSE(g.json.HasMember("Item")) << g.body;
}

TEST(Batch, IndexWritesChargedWithIndexes) {
  const std::string t = create_indexed_table();
  auto w = call("BatchWriteItem", R"({"RequestItems":{")" + t +
                                      R"(":[{"PutRequest":{"Item":{"pk":{"S":"a"},"sk":{"N":"1"},"owner":{"S":"o"}}}}]},"ReturnConsumedCapacity":"INDEXES"})");
  ASSERT_API_OK(w);
  const auto& cc = w.json["ConsumedCapacity"][0];
  EXPECT_EQ(cc["CapacityUnits"].GetDouble(), 2.0) << w.body;
  EXPECT_EQ(cc["Table"]["CapacityUnits"].GetDouble(), 1.0) << w.body;
  EXPECT_EQ(cc["GlobalSecondaryIndexes"]["ByOwner"]["CapacityUnits"].GetDouble(), 1.0) << w.body;
  EXPECT_FALSE(cc.HasMember("LocalSecondaryIndexes")) << w.body;  // no tag: not in ByTag
}

TEST(Batch, ItemCollectionMetricsForTablesWithLocalIndexes) {
  const std::string t = create_indexed_table();
  auto w = call("BatchWriteItem", R"({"ReturnItemCollectionMetrics":"SIZE","RequestItems":{")" + t +
                                      R"(":[{"PutRequest":{"Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}},)"
                                      R"({"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"1"}}}}]}})");
  ASSERT_API_OK(w);
  EXPECT_EQ(to_json(w.json["ItemCollectionMetrics"][t.c_str()]),
            R"([{"ItemCollectionKey":{"pk":{"S":"a"}},"SizeEstimateRangeGB":[0.0,1.0]},)"
            R"({"ItemCollectionKey":{"pk":{"S":"b"}},"SizeEstimateRangeGB":[0.0,1.0]}])");
  const std::string plain = create_hash_table();
  auto p = call("BatchWriteItem", R"({"ReturnItemCollectionMetrics":"SIZE","RequestItems":{")" + plain + R"(":[)" +
                                      put_request("a") + "]}}");
  ASSERT_API_OK(p);
  EXPECT_FALSE(p.json.HasMember("ItemCollectionMetrics")) << p.body;  // no LSI, no item collections
}

TEST(Batch, GetStopsAtSixteenMegabytesAndReturnsTheRestUnprocessed) {
  // 100 items of about 390 KB: about 39 MB, more than one response may carry.
  const std::string t = create_hash_table();
  const std::string blob(390 * 1000, 'b');
  std::set<std::string> all;
  std::string keys;
  for (int i = 0; i < 100; ++i) {
    const std::string id = "k" + std::to_string(i);
    put_ok(t, R"({"id":{"S":")" + id + R"("},"blob":{"S":")" + blob + R"("}})");
    all.insert(id);
    keys += (i ? "," : "") + std::string(R"({"id":{"S":")") + id + R"("}})";
  }
  std::string request = R"({")" + t + R"(":{"Keys":[)" + keys + "]}}";
  std::multiset<std::string> received;
  int calls = 0;
  size_t asked = 100;
  while (calls < 10) {
    auto r = call("BatchGetItem", R"({"RequestItems":)" + request + "}");
    ++calls;
    ASSERT_API_OK(r);
    const auto& items = r.json["Responses"][t.c_str()];
    size_t bytes = 0;
    for (const auto& item : items.GetArray()) {
      received.insert(item["id"]["S"].GetString());
      bytes += item["blob"]["S"].GetStringLength();
    }
    const auto& unprocessed = r.json["UnprocessedKeys"];
    const size_t left = unprocessed.HasMember(t.c_str()) ? unprocessed[t.c_str()]["Keys"].Size() : 0;
    // Every key asked for is either answered or handed back, never both or neither.
    EXPECT_EQ(items.Size() + left, asked) << "call " << calls;
    // A response holds at most 16 MB of items, and stops only when the next item would not fit.
    EXPECT_LE(bytes, size_t{16} * 1024 * 1024 + blob.size()) << "call " << calls;
    if (left == 0) break;
    EXPECT_GE(bytes + blob.size(), size_t{16} * 1024 * 1024) << "call " << calls;
    // The SDKs retry with UnprocessedKeys as it is.
    request = to_json(unprocessed);
    asked = left;
  }
  EXPECT_EQ(calls, 3);  // 39 MB in at most 16 MB per response
  EXPECT_EQ(received.size(), 100u);
  EXPECT_EQ(std::set<std::string>(received.begin(), received.end()), all);
}

}  // namespace
}  // namespace dynemu::testing_support
