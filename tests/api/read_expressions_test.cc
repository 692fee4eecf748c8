// Query and Scan with expressions: KeyConditionExpression on every sort-key operator,
// FilterExpression and legacy QueryFilter/ScanFilter (Limit counts before the filter, a filter
// may reject a whole page), ProjectionExpression, placeholder errors.
#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

class ReadExpressionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = create_indexed_table();
    for (int i = 0; i < 40; ++i)
      put_ok(table_, R"({"pk":{"S":"a"},"sk":{"N":")" + std::to_string(i) + R"("},"even":{"BOOL":)" +
                         (i % 2 == 0 ? "true" : "false") + R"(},"n":{"N":")" + std::to_string(i) + R"("},"m":{"M":{"x":{"N":")" + std::to_string(i * 10) +
                         R"("},"y":{"S":"why"}}}})");
  }
  ApiResponse query(const std::string& fields) {
    return call("Query", R"({"TableName":")" + table_ + R"(",)" + fields + "}");
  }
  std::string table_;
};

std::vector<std::string> sort_keys(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.IsObject() || !r.json.HasMember("Items")) return out;
  for (const auto& item : r.json["Items"].GetArray()) out.push_back(item["sk"]["N"].GetString());
  return out;
}

TEST_F(ReadExpressionsTest, KeyConditionExpressionOperators) {
  auto q = [&](const std::string& cond, const std::string& values) {
    return sort_keys(query(R"("KeyConditionExpression":")" + cond + R"(","ExpressionAttributeValues":{":p":{"S":"a"})" +
                           values + "}"));
  };
  EXPECT_EQ(q("pk = :p AND sk = :v", R"(,":v":{"N":"7"})"), std::vector<std::string>{"7"});
  EXPECT_EQ(q("pk = :p AND sk < :v", R"(,":v":{"N":"2"})"), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(q("pk = :p AND sk <= :v", R"(,":v":{"N":"1"})"), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(q("pk = :p AND sk > :v", R"(,":v":{"N":"37"})"), (std::vector<std::string>{"38", "39"}));
  EXPECT_EQ(q("pk = :p AND sk >= :v", R"(,":v":{"N":"38"})"), (std::vector<std::string>{"38", "39"}));
  EXPECT_EQ(q("pk = :p AND sk BETWEEN :v AND :w", R"(,":v":{"N":"10"},":w":{"N":"12"})"),
            (std::vector<std::string>{"10", "11", "12"}));
  auto named = query(R"("KeyConditionExpression":"#k = :p","ExpressionAttributeNames":{"#k":"pk"},"ExpressionAttributeValues":{":p":{"S":"a"}})");
  ASSERT_API_OK(named);
  EXPECT_EQ(named.json["Count"].GetInt(), 40);
}

TEST_F(ReadExpressionsTest, BeginsWithOnStringSortKeys) {
  const std::string t = create_composite_table("S", "S");
  for (const char* sk : {"ab", "abc", "abd", "b", "a"})
    put_ok(t, R"({"pk":{"S":"x"},"sk":{"S":")" + std::string(sk) + R"("}})");
  auto r = call("Query", R"({"TableName":")" + t +
                             R"x(","KeyConditionExpression":"pk = :p AND begins_with(sk, :s)","ExpressionAttributeValues":{":p":{"S":"x"},":s":{"S":"ab"}}})x");
  ASSERT_API_OK(r);
  std::vector<std::string> keys;
  for (const auto& item : r.json["Items"].GetArray()) keys.push_back(item["sk"]["S"].GetString());
  EXPECT_EQ(keys, (std::vector<std::string>{"ab", "abc", "abd"}));
}

TEST_F(ReadExpressionsTest, LimitCountsItemsBeforeTheFilter) {
  auto r = query(R"("KeyConditionExpression":"pk = :p","FilterExpression":"even = :t","Limit":10,)"
                 R"("ExpressionAttributeValues":{":p":{"S":"a"},":t":{"BOOL":true}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["ScannedCount"].GetInt(), 10);
  EXPECT_EQ(r.json["Count"].GetInt(), 5);
  EXPECT_EQ(to_json(r.json["LastEvaluatedKey"]), R"({"pk":{"S":"a"},"sk":{"N":"9"}})");
}

TEST_F(ReadExpressionsTest, FilterThatRejectsAWholePageStillPages) {
  const std::string fields = R"("TableName":")" + table_ +
                             R"(","KeyConditionExpression":"pk = :p","FilterExpression":"m.x >= :big","Limit":10,)"
                             R"("ExpressionAttributeValues":{":p":{"S":"a"},":big":{"N":"370"}})";
  auto first = call("Query", "{" + fields + "}");
  ASSERT_API_OK(first);
  EXPECT_EQ(first.json["Count"].GetInt(), 0);  // nothing on the first page passes...
  EXPECT_EQ(to_json(first.json["Items"]), "[]");
  EXPECT_TRUE(first.json.HasMember("LastEvaluatedKey"));  // ...but more may follow
  int pages = 0;
  auto items = walk_pages("Query", fields, &pages);
  EXPECT_EQ(items.size(), 3u);  // sk 37, 38, 39
  EXPECT_EQ(pages, 5);          // four full pages, then an empty last one ends the read
}

TEST_F(ReadExpressionsTest, LegacyQueryFilterAndScanFilter) {
  auto r = query(R"("KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},)"
                 R"("QueryFilter":{"n":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"3"},{"N":"5"}]},)"
                 R"("m":{"ComparisonOperator":"NULL"}},"ConditionalOperator":"OR")");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["Count"].GetInt(), 2);  // every item has m: only 3 and 5 pass
  auto either = query(R"("KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},)"
                      R"("QueryFilter":{"n":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"30"}]},)"
                      R"("m":{"ComparisonOperator":"NULL"}},"ConditionalOperator":"OR")");
  ASSERT_API_OK(either);
  EXPECT_EQ(either.json["Count"].GetInt(), 10);
  EXPECT_API_ERROR(query(R"("KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"a"}]}},)"
                         R"("QueryFilter":{"even":{"ComparisonOperator":"EQ","AttributeValueList":[{"BOOL":true}]}})"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: ComparisonOperator EQ is not valid for BOOL AttributeValue "
                   "type");
  auto s = call("Scan", R"({"TableName":")" + table_ +
                            R"(","ScanFilter":{"sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"3"},{"N":"5"}]}}})");
  ASSERT_API_OK(s);
  EXPECT_EQ(s.json["Count"].GetInt(), 3);
  EXPECT_EQ(s.json["ScannedCount"].GetInt(), 40);
  EXPECT_API_ERROR(query(R"("KeyConditionExpression":"pk = :p","QueryFilter":{"sk":{"ComparisonOperator":"NOT_NULL"}},)"
                         R"("ExpressionAttributeValues":{":p":{"S":"a"}})"),
                   400, "ValidationException",
                   "Can not use both expression and non-expression parameters in the same request: Non-expression "
                   "parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}");
}

TEST_F(ReadExpressionsTest, ProjectionExpressionWithNestedPaths) {
  auto r = query(R"("KeyConditionExpression":"pk = :p AND sk = :s","ProjectionExpression":"sk, m.x, #n",)"
                 R"("ExpressionAttributeNames":{"#n":"missing"},"ExpressionAttributeValues":{":p":{"S":"a"},":s":{"N":"4"}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(to_json(r.json["Items"]), R"([{"m":{"M":{"x":{"N":"40"}}},"sk":{"N":"4"}}])");
  EXPECT_API_ERROR(query(R"("KeyConditionExpression":"pk = :p","Select":"ALL_ATTRIBUTES","ProjectionExpression":"sk",)"
                         R"("ExpressionAttributeValues":{":p":{"S":"a"}})"),
                   400, "ValidationException",
                   "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES");
}

TEST_F(ReadExpressionsTest, ExpressionErrors) {
  EXPECT_API_ERROR(query(R"("KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"},":unused":{"S":"b"}})"),
                   400, "ValidationException",
                   "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
  EXPECT_API_ERROR(query(R"("KeyConditionExpression":"sk = :s","ExpressionAttributeValues":{":s":{"N":"1"}})"), 400,
                   "ValidationException", "Query condition missed key schema element: pk");
  auto scan = call("Scan", R"({"TableName":")" + table_ + R"(","FilterExpression":"sk = :missing"})");
  EXPECT_EQ(scan.status, 400);
  EXPECT_EQ(scan.error_type(), "ValidationException") << scan.body;
}

}  // namespace
}  // namespace dynemu::testing_support
