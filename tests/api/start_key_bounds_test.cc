// ExclusiveStartKey positions DynamoDB refuses although they are well-formed keys: a Query start key
// outside the key condition (another partition, a sort key the condition excludes, a key condition
// that fixes the whole key), and a parallel Scan start key from another segment.
#include <set>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr const char* kOutsideBoundaries =
    "The provided starting key is outside query boundaries based on provided condition";
constexpr const char* kRangePredicate = "The provided starting key does not match the range key predicate";
constexpr const char* kOneRow = "The query can return at most one row and cannot be restarted";

std::vector<std::string> sort_keys(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.IsObject() || !r.json.HasMember("Items")) return out;
  for (const auto& item : r.json["Items"].GetArray()) out.push_back(item["sk"]["N"].GetString());
  return out;
}

std::string start(const std::string& pk, int sk) {
  return R"(,"ExclusiveStartKey":{"pk":{"S":")" + pk + R"("},"sk":{"N":")" + std::to_string(sk) + R"("}})";
}

class QueryStartKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = create_indexed_table();
    // Partition "a" holds sk 0..9, partition "b" sk 0..2; every item is owned by ann (GSI ByOwner).
    for (int i = 0; i < 10; ++i)
      put_ok(table_, R"({"pk":{"S":"a"},"sk":{"N":")" + std::to_string(i) + R"("},"owner":{"S":"ann"},"tag":{"S":"t)" +
                         std::to_string(i) + R"("}})");
    for (int i = 0; i < 3; ++i)
      put_ok(table_, R"({"pk":{"S":"b"},"sk":{"N":")" + std::to_string(i) + R"("},"owner":{"S":"bob"}})");
  }
  // KeyConditionExpression `condition` with :a = "a" and the other values given.
  ApiResponse query(const std::string& condition, const std::string& values, const std::string& extra) {
    return call("Query", R"({"TableName":")" + table_ + R"(","KeyConditionExpression":")" + condition +
                             R"(","ExpressionAttributeValues":{":a":{"S":"a"})" + values + "}" + extra + "}");
  }
  std::string table_;
};

TEST_F(QueryStartKeyTest, StartKeyHoldsExactlyTheKeyAttributes) {
  // An extra attribute, a missing one or a wrong type is not a position (checked before the bounds).
  EXPECT_API_ERROR(query("pk = :a", "", R"(,"ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"x"}})"), 400,
                   "ValidationException", "The provided starting key is invalid");
  EXPECT_API_ERROR(query("pk = :a", "", R"(,"ExclusiveStartKey":{"pk":{"S":"b"},"sk":{"S":"1"}})"), 400,
                   "ValidationException", "The provided starting key is invalid");
  EXPECT_API_ERROR(call("Query", R"({"TableName":")" + table_ +
                                     R"(","IndexName":"ByTag","KeyConditionExpression":"pk = :a",)"
                                     R"("ExpressionAttributeValues":{":a":{"S":"a"}},"ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"1"}}})"),
                   400, "ValidationException", "The provided starting key is invalid");
  EXPECT_API_ERROR(call("Scan", R"({"TableName":")" + table_ +
                                    R"(","ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"x"}}})"),
                   400, "ValidationException",
                   "The provided starting key is invalid: The provided key element does not match the schema");
}

TEST_F(QueryStartKeyTest, StartKeyFromAnotherPartition) {
  EXPECT_API_ERROR(query("pk = :a", "", start("b", 1)), 400, "ValidationException", kOutsideBoundaries);
  // With a sort-key condition the same mistake is reported against the range predicate.
  EXPECT_API_ERROR(query("pk = :a AND sk > :n", R"(,":n":{"N":"0"})", start("b", 1)), 400, "ValidationException",
                   kRangePredicate);
  // The legacy KeyConditions are held to the same bounds.
  EXPECT_API_ERROR(call("Query", R"({"TableName":")" + table_ +
                                     R"(","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}})" +
                                     start("b", 1) + "}"),
                   400, "ValidationException", kOutsideBoundaries);
  // A start key in the queried partition needs no item behind it.
  auto r = query("pk = :a", "", start("a", 100) + R"(,"ScanIndexForward":false,"Limit":2)");
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"9", "8"}));
}

TEST_F(QueryStartKeyTest, StartKeyMustSatisfyTheSortKeyCondition) {
  const std::string gt3 = R"(,":n":{"N":"3"})";
  EXPECT_API_ERROR(query("pk = :a AND sk > :n", gt3, start("a", 3)), 400, "ValidationException", kRangePredicate);
  EXPECT_API_ERROR(query("pk = :a AND sk > :n", gt3, start("a", 2)), 400, "ValidationException", kRangePredicate);
  EXPECT_API_ERROR(query("pk = :a AND sk < :n", gt3, start("a", 3)), 400, "ValidationException", kRangePredicate);
  auto r = query("pk = :a AND sk > :n", gt3, start("a", 6));
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"7", "8", "9"}));

  const std::string between = R"(,":lo":{"N":"2"},":hi":{"N":"6"})";
  EXPECT_API_ERROR(query("pk = :a AND sk BETWEEN :lo AND :hi", between, start("a", 7)), 400, "ValidationException",
                   kRangePredicate);
  EXPECT_API_ERROR(query("pk = :a AND sk BETWEEN :lo AND :hi", between, start("a", 1)), 400, "ValidationException",
                   kRangePredicate);
  r = query("pk = :a AND sk BETWEEN :lo AND :hi", between, start("a", 4));
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"5", "6"}));
  r = query("pk = :a AND sk <= :n", gt3, start("a", 3));  // nothing left after 3, but 3 is inside the condition
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["Count"].GetInt(), 0);
}

TEST_F(QueryStartKeyTest, BackwardReadCannotRestartAtTheInclusiveLowerBound) {
  const std::string ge3 = R"(,":n":{"N":"3"})";
  // Forward, restarting at the bound of `sk >= 3` is accepted ...
  auto r = query("pk = :a AND sk >= :n", ge3, start("a", 3) + R"(,"Limit":2)");
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"4", "5"}));
  // ... backward it is not: nothing of the range lies below the start key.
  EXPECT_API_ERROR(query("pk = :a AND sk >= :n", ge3, start("a", 3) + R"(,"ScanIndexForward":false)"), 400,
                   "ValidationException", kRangePredicate);
  r = query("pk = :a AND sk >= :n", ge3, start("a", 5) + R"(,"ScanIndexForward":false)");
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"4", "3"}));
  // Backward paging whose pages do not end exactly at the bound walks the whole range.
  auto pages = walk_pages("Query", R"("TableName":")" + table_ +
                                       R"(","KeyConditionExpression":"pk = :a AND sk >= :n","ScanIndexForward":false,)"
                                       R"("Limit":3,"ExpressionAttributeValues":{":a":{"S":"a"},":n":{"N":"2"}})");
  EXPECT_EQ(pages.size(), 8u);
}

TEST_F(QueryStartKeyTest, FullKeyEqualityCannotBeRestarted) {
  EXPECT_API_ERROR(query("pk = :a AND sk = :n", R"(,":n":{"N":"3"})", start("a", 3)), 400, "ValidationException",
                   kOneRow);
  EXPECT_API_ERROR(query("pk = :a AND sk = :n", R"(,":n":{"N":"3"})", start("b", 1)), 400, "ValidationException",
                   kOneRow);
  // Without a start key the same condition is an ordinary query.
  auto r = query("pk = :a AND sk = :n", R"(,":n":{"N":"3"})", "");
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), std::vector<std::string>{"3"});
}

TEST_F(QueryStartKeyTest, IndexQueriesCheckTheIndexKey) {
  auto by_owner = [&](const std::string& owner, const std::string& extra) {
    return call("Query", R"({"TableName":")" + table_ +
                             R"(","IndexName":"ByOwner","KeyConditionExpression":"#o = :o","ExpressionAttributeNames":{"#o":"owner"},)"
                             R"("ExpressionAttributeValues":{":o":{"S":")" + owner + R"("}})" + extra + "}");
  };
  // A start key from bob's part of the index does not continue a query of ann's.
  EXPECT_API_ERROR(by_owner("ann", R"(,"ExclusiveStartKey":{"owner":{"S":"bob"},"pk":{"S":"b"},"sk":{"N":"1"}})"), 400,
                   "ValidationException", kOutsideBoundaries);
  // The table key of a GSI start key is not a boundary: only the index key is.
  auto r = by_owner("ann", R"(,"ExclusiveStartKey":{"owner":{"S":"ann"},"pk":{"S":"zz"},"sk":{"N":"7"}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"8", "9"}));
  // A local index is bounded by its own sort key (tag).
  auto by_tag = [&](const std::string& extra) {
    return call("Query", R"({"TableName":")" + table_ +
                             R"x(","IndexName":"ByTag","KeyConditionExpression":"pk = :a AND begins_with(tag, :t)",)x"
                             R"("ExpressionAttributeValues":{":a":{"S":"a"},":t":{"S":"t"}})" + extra + "}");
  };
  EXPECT_API_ERROR(by_tag(R"(,"ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"1"},"tag":{"S":"s1"}})"), 400,
                   "ValidationException", kRangePredicate);
  r = by_tag(R"(,"ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"7"},"tag":{"S":"t7"}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"8", "9"}));
}

class ScanStartKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = create_hash_table();
    for (int i = 0; i < 40; ++i) put_ok(table_, R"({"id":{"S":"k)" + std::to_string(i) + R"("}})");
  }
  ApiResponse scan_segment(int segment, int total, const std::string& extra = "") {
    return call("Scan", R"({"TableName":")" + table_ + R"(","Segment":)" + std::to_string(segment) +
                            R"(,"TotalSegments":)" + std::to_string(total) + extra + "}");
  }
  std::string table_;
};

TEST_F(ScanStartKeyTest, StartKeyMustComeFromTheRequestedSegment) {
  auto seg1 = scan_segment(1, 4, R"(,"Limit":1)");
  ASSERT_API_OK(seg1);
  ASSERT_TRUE(seg1.json.HasMember("LastEvaluatedKey")) << seg1.body;
  const std::string from_seg1 = R"(,"ExclusiveStartKey":)" + to_json(seg1.json["LastEvaluatedKey"]);
  EXPECT_API_ERROR(scan_segment(0, 4, from_seg1), 400, "ValidationException",
                   "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with "
                   "correct Segment. TotalSegments: 4 Segment: 0");
  EXPECT_API_ERROR(scan_segment(3, 4, from_seg1), 400, "ValidationException",
                   "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with "
                   "correct Segment. TotalSegments: 4 Segment: 3");
  ASSERT_API_OK(scan_segment(1, 4, from_seg1));
  // Without segments (or with one segment) any position in the table is a valid start.
  ASSERT_API_OK(call("Scan", R"({"TableName":")" + table_ + R"(")" + from_seg1 + "}"));
  ASSERT_API_OK(scan_segment(0, 1, from_seg1));

  // Paging every segment with its own LastEvaluatedKey still covers the table exactly once.
  std::multiset<std::string> seen;
  for (int s = 0; s < 4; ++s)
    for (const auto& item : walk_pages("Scan", R"("TableName":")" + table_ + R"(","Segment":)" + std::to_string(s) +
                                                   R"(,"TotalSegments":4,"Limit":3)"))
      seen.insert(item);
  EXPECT_EQ(seen.size(), 40u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 40u);
}

}  // namespace
}  // namespace dynemu::testing_support
