// Scan over HTTP: stable order, paging, parallel segments, index scans, and DynamoDB's errors.
#include <set>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = create_indexed_table(R"({"ProjectionType":"INCLUDE","NonKeyAttributes":["color"]})");
    for (int i = 0; i < 60; ++i) {
      std::string item = R"({"pk":{"S":"p)" + std::to_string(i % 20) + R"("},"sk":{"N":")" + std::to_string(i) +
                         R"("},"color":{"S":"red"},"size":{"N":"1"})";
      if (i % 4 == 0) item += R"(,"owner":{"S":"o)" + std::to_string(i % 3) + R"("})";
      put_ok(table_, item + "}");
    }
  }
  std::string fields(const std::string& extra = "") { return R"("TableName":")" + table_ + "\"" + extra; }
  std::string table_;
};

TEST_F(ScanTest, PagingVisitsEveryItemOnceInAStableOrder) {
  auto whole = call("Scan", "{" + fields() + "}");
  ASSERT_API_OK(whole);
  EXPECT_EQ(whole.json["Count"].GetInt(), 60);
  EXPECT_FALSE(whole.json.HasMember("LastEvaluatedKey"));
  std::vector<std::string> in_order;
  for (const auto& item : whole.json["Items"].GetArray()) in_order.push_back(to_json(item));
  int pages = 0;
  auto paged = walk_pages("Scan", fields(R"(,"Limit":7)"), &pages);
  EXPECT_EQ(paged, in_order);  // the same order, page after page
  EXPECT_EQ(pages, 9);
  auto again = call("Scan", "{" + fields() + "}");
  EXPECT_EQ(again.body, whole.body);
}

TEST_F(ScanTest, SegmentsAreDisjointAndCoverTheTable) {
  std::multiset<std::string> all;
  for (const auto& item : walk_pages("Scan", fields())) all.insert(item);
  for (int total : {2, 5}) {
    std::multiset<std::string> seen;
    for (int segment = 0; segment < total; ++segment)
      for (const auto& item : walk_pages("Scan", fields(R"(,"Limit":5,"Segment":)" + std::to_string(segment) +
                                                         R"(,"TotalSegments":)" + std::to_string(total))))
        seen.insert(item);
    EXPECT_EQ(seen, all) << total << " segments";
  }
}

TEST_F(ScanTest, SegmentErrors) {
  EXPECT_API_ERROR(call("Scan", "{" + fields(R"(,"Segment":1)") + "}"), 400, "ValidationException",
                   "The TotalSegments parameter is required but was not present in the request when Segment parameter "
                   "is present");
  EXPECT_API_ERROR(call("Scan", "{" + fields(R"(,"TotalSegments":2)") + "}"), 400, "ValidationException",
                   "The Segment parameter is required but was not present in the request when parameter TotalSegments "
                   "is present");
  EXPECT_API_ERROR(call("Scan", "{" + fields(R"(,"Segment":1,"TotalSegments":1)") + "}"), 400, "ValidationException",
                   "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 1 is "
                   "out of bounds for TotalSegments: 1");
  EXPECT_API_ERROR(call("Scan", "{" + fields(R"(,"Segment":0,"TotalSegments":1000001)") + "}"), 400,
                   "ValidationException",
                   "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: "
                   "Member must have value less than or equal to 1000000");
}

TEST_F(ScanTest, IndexScanHonoursTheProjectionAndSparseness) {
  auto r = call("Scan", "{" + fields(R"(,"IndexName":"ByOwner")") + "}");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["Count"].GetInt(), 15);  // every fourth item has an owner
  for (const auto& item : r.json["Items"].GetArray()) {
    EXPECT_TRUE(item.HasMember("color")) << to_json(item);   // INCLUDEd
    EXPECT_FALSE(item.HasMember("size")) << to_json(item);   // not projected
  }
  auto paged = walk_pages("Scan", fields(R"(,"IndexName":"ByOwner","Limit":4)"));
  EXPECT_EQ(paged.size(), 15u);
  EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), 15u);
  EXPECT_API_ERROR(call("Scan", "{" + fields(R"(,"IndexName":"ByOwner","ExclusiveStartKey":{"pk":{"S":"p0"},"sk":{"N":"0"}})") + "}"),
                   400, "ValidationException", "The provided starting key is invalid");
  EXPECT_API_ERROR(call("Scan", "{" + fields(R"(,"ExclusiveStartKey":{"pk":{"S":"p0"}})") + "}"), 400,
                   "ValidationException",
                   "The provided starting key is invalid: The provided key element does not match the schema");
}

TEST_F(ScanTest, CountAndCapacity) {
  auto r = call("Scan", "{" + fields(R"(,"Select":"COUNT","ReturnConsumedCapacity":"TOTAL")") + "}");
  ASSERT_API_OK(r);
  EXPECT_FALSE(r.json.HasMember("Items"));
  EXPECT_EQ(r.json["Count"].GetInt(), 60);
  EXPECT_EQ(r.json["ScannedCount"].GetInt(), 60);
  // 60 small items read eventually consistent: one 4 KB unit, halved.
  EXPECT_EQ(to_json(r.json["ConsumedCapacity"]), R"({"TableName":")" + table_ + R"(","CapacityUnits":0.5})");
}

}  // namespace
}  // namespace dynemu::testing_support
