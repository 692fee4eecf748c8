// Query over HTTP: key conditions as range scans, order, paging (Limit, 1 MB, ExclusiveStartKey),
// Select/Count, secondary indexes with projections, and DynamoDB's errors.
#include <set>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

std::string key_conditions(const std::string& pk, const std::string& range_condition = "") {
  std::string s = R"("KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":")" + pk + R"("}]})";
  if (!range_condition.empty()) s += R"(,"sk":)" + range_condition;
  return s + "}";
}

std::vector<std::string> sort_keys(const ApiResponse& r) {
  std::vector<std::string> out;
  if (!r.json.IsObject() || !r.json.HasMember("Items")) return out;
  for (const auto& item : r.json["Items"].GetArray()) out.push_back(item["sk"]["N"].GetString());
  return out;
}

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = create_indexed_table();
    for (int i = -5; i < 25; ++i)
      put_ok(table_, R"({"pk":{"S":"a"},"sk":{"N":")" + std::to_string(i) + R"("},"v":{"S":"x"}})");
    put_ok(table_, R"({"pk":{"S":"b"},"sk":{"N":"1"}})");
  }
  ApiResponse query(const std::string& fields) {
    return call("Query", R"({"TableName":")" + table_ + R"(",)" + fields + "}");
  }
  std::string table_;
};

TEST_F(QueryTest, SortKeyConditionsInNumericOrder) {
  auto all = query(key_conditions("a"));
  ASSERT_API_OK(all);
  EXPECT_EQ(all.json["Count"].GetInt(), 30);
  EXPECT_EQ(all.json["ScannedCount"].GetInt(), 30);
  EXPECT_FALSE(all.json.HasMember("LastEvaluatedKey"));
  EXPECT_EQ(sort_keys(all).front(), "-5");
  EXPECT_EQ(sort_keys(all).back(), "24");
  EXPECT_EQ(sort_keys(query(key_conditions("a", R"({"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"-1"},{"N":"2"}]})"))),
            (std::vector<std::string>{"-1", "0", "1", "2"}));
  EXPECT_EQ(sort_keys(query(key_conditions("a", R"({"ComparisonOperator":"LT","AttributeValueList":[{"N":"-3"}]})"))),
            (std::vector<std::string>{"-5", "-4"}));
  EXPECT_EQ(sort_keys(query(key_conditions("a", R"({"ComparisonOperator":"GE","AttributeValueList":[{"N":"23"}]})") +
                            R"(,"ScanIndexForward":false)")),
            (std::vector<std::string>{"24", "23"}));
  EXPECT_EQ(sort_keys(query(key_conditions("b"))), std::vector<std::string>{"1"});
  EXPECT_EQ(query(key_conditions("nobody")).json["Count"].GetInt(), 0);
}

TEST_F(QueryTest, LimitPagesWithLastEvaluatedKey) {
  auto first = query(key_conditions("a") + R"(,"Limit":7)");
  ASSERT_API_OK(first);
  EXPECT_EQ(first.json["Count"].GetInt(), 7);
  ASSERT_TRUE(first.json.HasMember("LastEvaluatedKey"));
  EXPECT_EQ(to_json(first.json["LastEvaluatedKey"]), R"({"pk":{"S":"a"},"sk":{"N":"1"}})");
  int pages = 0;
  auto items = walk_pages("Query", R"("TableName":")" + table_ + R"(",)" + key_conditions("a") + R"(,"Limit":7)", &pages);
  EXPECT_EQ(items.size(), 30u);
  EXPECT_EQ(std::set<std::string>(items.begin(), items.end()).size(), 30u);
  EXPECT_EQ(pages, 5);  // 7+7+7+7+2: the last page ends the read
  // A Limit that ends exactly at the last item still reports a LastEvaluatedKey (more may follow).
  auto exact = query(key_conditions("a") + R"(,"Limit":30)");
  EXPECT_TRUE(exact.json.HasMember("LastEvaluatedKey"));
  auto backwards = walk_pages("Query", R"("TableName":")" + table_ + R"(",)" + key_conditions("a") +
                                            R"(,"Limit":4,"ScanIndexForward":false)");
  ASSERT_EQ(backwards.size(), 30u);
  EXPECT_NE(backwards.front().find(R"("N":"24")"), std::string::npos);
}

TEST_F(QueryTest, SelectCountAndAttributesToGet) {
  auto count = query(key_conditions("a") + R"(,"Select":"COUNT")");
  ASSERT_API_OK(count);
  EXPECT_FALSE(count.json.HasMember("Items"));
  EXPECT_EQ(count.json["Count"].GetInt(), 30);
  auto some = query(key_conditions("b") + R"(,"AttributesToGet":["sk","missing"])");
  ASSERT_API_OK(some);
  EXPECT_EQ(to_json(some.json["Items"]), R"([{"sk":{"N":"1"}}])");
  EXPECT_API_ERROR(query(key_conditions("b") + R"(,"Select":"ALL_ATTRIBUTES","AttributesToGet":["sk"])"), 400,
                   "ValidationException", "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES");
  EXPECT_API_ERROR(query(key_conditions("b") + R"(,"Select":"ALL_PROJECTED_ATTRIBUTES")"), 400, "ValidationException",
                   "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
}

TEST_F(QueryTest, KeyConditionErrors) {
  EXPECT_API_ERROR(query(R"("Limit":1)"), 400, "ValidationException",
                   "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  EXPECT_API_ERROR(query(R"("KeyConditions":{"sk":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]}})"), 400,
                   "ValidationException", "Query condition missed key schema element: pk");
  EXPECT_API_ERROR(query(R"("KeyConditions":{"pk":{"ComparisonOperator":"GT","AttributeValueList":[{"S":"a"}]}})"), 400,
                   "ValidationException", "Query key condition not supported");
  EXPECT_API_ERROR(query(key_conditions("a", R"({"ComparisonOperator":"EQ","AttributeValueList":[{"S":"1"}]})")), 400,
                   "ValidationException",
                   "One or more parameter values were invalid: Condition parameter type does not match schema type");
  EXPECT_API_ERROR(query(key_conditions("a", R"({"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"}]})")),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN "
                   "ComparisonOperator");
  EXPECT_API_ERROR(query(key_conditions("a") + R"(,"Limit":0)"), 400, "ValidationException",
                   "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1");
  EXPECT_API_ERROR(call("Query", R"({"TableName":"nosuchtable",)" + key_conditions("a") + "}"), 400,
                   "ResourceNotFoundException", "Requested resource not found");
}

TEST_F(QueryTest, LegacyOperatorConstraints) {
  EXPECT_API_ERROR(query(R"("KeyConditions":{"pk":{"ComparisonOperator":"SAME","AttributeValueList":[{"S":"a"}]}})"), 400,
                   "ValidationException",
                   "1 validation error detected: Value 'SAME' at 'keyConditions.pk.member.comparisonOperator' failed to "
                   "satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, "
                   "NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
  EXPECT_API_ERROR(query(R"("KeyConditions":{"pk":{"AttributeValueList":[{"S":"a"}]}})"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'keyConditions.pk.member.comparisonOperator' failed to "
                   "satisfy constraint: Member must not be null");
}

TEST_F(QueryTest, StartKeyMustMatchTheSchema) {
  EXPECT_API_ERROR(query(key_conditions("a") + R"(,"ExclusiveStartKey":{"pk":{"S":"a"}})"), 400, "ValidationException",
                   "The provided starting key is invalid");
  EXPECT_API_ERROR(query(key_conditions("a") + R"(,"ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"S":"1"}})"), 400,
                   "ValidationException", "The provided starting key is invalid");
  EXPECT_API_ERROR(query(key_conditions("a") + R"(,"ExclusiveStartKey":{"pk":{"S":"a"},"sk":{"N":"x"}})"), 400,
                   "ValidationException",
                   "The provided starting key is invalid: The parameter cannot be converted to a numeric value: x");
}

TEST_F(QueryTest, OneMegabytePageBoundary) {
  const std::string big(100 * 1024, 'z');
  for (int i = 0; i < 25; ++i)
    put_ok(table_, R"({"pk":{"S":"big"},"sk":{"N":")" + std::to_string(i) + R"("},"blob":{"S":")" + big + R"("}})");
  auto first = query(key_conditions("big"));
  ASSERT_API_OK(first);
  // Ten ~100 KB items stay under 1 MB; the eleventh crosses it and ends the page.
  EXPECT_EQ(first.json["Count"].GetInt(), 11);
  EXPECT_EQ(first.json["ScannedCount"].GetInt(), 11);
  ASSERT_TRUE(first.json.HasMember("LastEvaluatedKey"));
  EXPECT_EQ(to_json(first.json["LastEvaluatedKey"]), R"({"pk":{"S":"big"},"sk":{"N":"10"}})");
  int pages = 0;
  auto items = walk_pages("Query", R"("TableName":")" + table_ + R"(",)" + key_conditions("big") + R"(,"Select":"COUNT")",
                          &pages);
  EXPECT_EQ(pages, 3);  // 11 + 11 + 3
  auto capacity = query(key_conditions("big") + R"(,"Limit":2,"ReturnConsumedCapacity":"TOTAL","ConsistentRead":true)");
  ASSERT_API_OK(capacity);
  // Two ~100 KB items: ceil(2 * 102,4xx / 4096) = 51 units, charged on the total, not per item.
  EXPECT_EQ(capacity.json["ConsumedCapacity"]["CapacityUnits"].GetDouble(), 51.0) << capacity.body.substr(capacity.body.size() - 200);
}

// Which legacy and expression parameters may meet: KeyConditions goes with FilterExpression and
// ProjectionExpression, never with KeyConditionExpression; QueryFilter and AttributesToGet go with no
// expression at all.
TEST_F(QueryTest, LegacyAndExpressionParametersMixAsDynamoDBAllows) {
  auto filtered = query(key_conditions("a") + R"(,"FilterExpression":"sk2 = :x OR v = :x","ExpressionAttributeValues":{":x":{"S":"x"}})");
  ASSERT_API_OK(filtered);
  EXPECT_EQ(filtered.json["Count"].GetInt(), 30);
  auto projected = query(key_conditions("b") + R"(,"ProjectionExpression":"sk")");
  ASSERT_API_OK(projected);
  EXPECT_EQ(to_json(projected.json["Items"]), R"([{"sk":{"N":"1"}}])");
  const std::string mixing = "Can not use both expression and non-expression parameters in the same request: ";
  EXPECT_API_ERROR(query(key_conditions("a") + R"(,"KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}})"),
                   400, "ValidationException",
                   mixing + "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}");
  EXPECT_API_ERROR(query(R"("KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}},)"
                         R"("QueryFilter":{"v":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"x"}]}})"),
                   400, "ValidationException",
                   mixing + "Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}");
  EXPECT_API_ERROR(query(key_conditions("a") + R"(,"FilterExpression":"v = :x","ExpressionAttributeValues":{":x":{"S":"x"}},)"
                                               R"("QueryFilter":{"v":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"x"}]}})"),
                   400, "ValidationException",
                   mixing + "Non-expression parameters: {QueryFilter} Expression parameters: {FilterExpression}");
  EXPECT_API_ERROR(query(key_conditions("a") + R"(,"ProjectionExpression":"v","AttributesToGet":["v"])"), 400,
                   "ValidationException",
                   mixing + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
}

TEST_F(QueryTest, FiltersMayNotNameTheKeyQueried) {
  const std::string values = R"(,"ExpressionAttributeValues":{":p":{"S":"a"},":n":{"N":"3"}})";
  EXPECT_API_ERROR(query(R"("KeyConditionExpression":"pk = :p","FilterExpression":"sk > :n")" + values), 400,
                   "ValidationException",
                   "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
  EXPECT_API_ERROR(query(R"J("KeyConditionExpression":"pk = :p","FilterExpression":"v = :p OR (pk = :p AND size(v) > :n)")J" +
                         values),
                   400, "ValidationException",
                   "Filter Expression can only contain non-primary key attributes: Primary key attribute: pk");
  EXPECT_API_ERROR(query(key_conditions("a") + R"(,"QueryFilter":{"sk":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"3"}]}})"),
                   400, "ValidationException",
                   "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk");
  // On an index the index's key is the one queried; the table's key may be filtered.
  auto on_index = call("Query", R"({"TableName":")" + table_ +
                                    R"(","IndexName":"ByTag","KeyConditionExpression":"pk = :p","FilterExpression":"sk > :n")" +
                                    values + "}");
  ASSERT_API_OK(on_index);
  EXPECT_API_ERROR(call("Query", R"({"TableName":")" + table_ +
                                     R"(","IndexName":"ByTag","KeyConditionExpression":"pk = :p","FilterExpression":"tag = :p")" +
                                     R"(,"ExpressionAttributeValues":{":p":{"S":"a"}}})"),
                   400, "ValidationException",
                   "Filter Expression can only contain non-primary key attributes: Primary key attribute: tag");
  // A Scan may filter on anything.
  ASSERT_API_OK(call("Scan", R"({"TableName":")" + table_ + R"(","FilterExpression":"pk = :p AND sk > :n")" + values + "}"));
}

class IndexQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = create_indexed_table(R"({"ProjectionType":"KEYS_ONLY"})");
    for (int i = 0; i < 10; ++i) {
      std::string item = R"({"pk":{"S":"p)" + std::to_string(i % 3) + R"("},"sk":{"N":")" + std::to_string(i) +
                         R"("},"secret":{"S":"s"})";
      if (i % 2 == 0) item += R"(,"owner":{"S":"ann"})";  // sparse: only even items are in ByOwner
      if (i % 3 == 0) item += R"(,"tag":{"S":"t)" + std::to_string(9 - i) + R"("})";
      put_ok(table_, item + "}");
    }
  }
  ApiResponse by_owner(const std::string& owner, const std::string& extra = "") {
    return call("Query", R"({"TableName":")" + table_ +
                             R"(","IndexName":"ByOwner","KeyConditions":{"owner":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":")" +
                             owner + R"("}]}})" + extra + "}");
  }
  std::string table_;
};

TEST_F(IndexQueryTest, GlobalIndexIsSparseAndKeysOnly) {
  auto r = by_owner("ann");
  ASSERT_API_OK(r);
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"0", "2", "4", "6", "8"}));
  for (const auto& item : r.json["Items"].GetArray()) {
    EXPECT_FALSE(item.HasMember("secret")) << to_json(item);
    EXPECT_TRUE(item.HasMember("owner") && item.HasMember("pk") && item.HasMember("sk")) << to_json(item);
  }
}

TEST_F(IndexQueryTest, IndexFollowsUpdatesAndDeletes) {
  put_ok(table_, R"({"pk":{"S":"p0"},"sk":{"N":"0"},"owner":{"S":"bob"}})");  // moved to another owner
  ASSERT_API_OK(call("DeleteItem", R"({"TableName":")" + table_ + R"(","Key":{"pk":{"S":"p2"},"sk":{"N":"2"}}})"));
  EXPECT_EQ(sort_keys(by_owner("ann")), (std::vector<std::string>{"4", "6", "8"}));
  EXPECT_EQ(sort_keys(by_owner("bob")), std::vector<std::string>{"0"});
  put_ok(table_, R"({"pk":{"S":"p1"},"sk":{"N":"4"}})");  // owner removed: leaves the sparse index
  EXPECT_EQ(sort_keys(by_owner("ann")), (std::vector<std::string>{"6", "8"}));
}

TEST_F(IndexQueryTest, ProjectionErrorsAndConsistentRead) {
  EXPECT_API_ERROR(by_owner("ann", R"(,"Select":"ALL_ATTRIBUTES")"), 400, "ValidationException",
                   "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
                   "secondary index ByOwner because its projection type is not ALL");
  EXPECT_API_ERROR(by_owner("ann", R"(,"AttributesToGet":["secret","pk","other"])"), 400, "ValidationException",
                   "One or more parameter values were invalid: Global secondary index ByOwner does not project other, "
                   "secret");
  EXPECT_API_ERROR(by_owner("ann", R"(,"ConsistentRead":true)"), 400, "ValidationException",
                   "Consistent reads are not supported on global secondary indexes");
  EXPECT_API_ERROR(call("Query", R"({"TableName":")" + table_ + R"(","IndexName":"Nope",)" + key_conditions("p0") + "}"),
                   400, "ValidationException", "The table does not have the specified index: Nope");
}

TEST_F(IndexQueryTest, IndexPagingAndStartKeyFromAnotherIndex) {
  auto first = by_owner("ann", R"(,"Limit":2)");
  ASSERT_API_OK(first);
  // An index's LastEvaluatedKey holds the table key and the index key.
  EXPECT_EQ(to_json(first.json["LastEvaluatedKey"]), R"({"owner":{"S":"ann"},"pk":{"S":"p2"},"sk":{"N":"2"}})");
  auto items = walk_pages("Query", R"("TableName":")" + table_ +
                                       R"(","IndexName":"ByOwner","Limit":2,"KeyConditions":{"owner":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"ann"}]}})");
  EXPECT_EQ(items.size(), 5u);
  // A table key alone (e.g. from a table read) is not a position in the index.
  EXPECT_API_ERROR(by_owner("ann", R"(,"ExclusiveStartKey":{"pk":{"S":"p2"},"sk":{"N":"2"}})"), 400,
                   "ValidationException", "The provided starting key is invalid");
}

TEST_F(IndexQueryTest, LocalIndexOrdersByItsSortKey) {
  auto r = call("Query", R"({"TableName":")" + table_ + R"(","IndexName":"ByTag","ConsistentRead":true,)" +
                             key_conditions("p0") + "}");
  ASSERT_API_OK(r);
  // p0 holds sk 0, 3, 6, 9; tags t9, t6, t3, t0 (sk 0, 3, 6, 9): index order is by tag.
  EXPECT_EQ(sort_keys(r), (std::vector<std::string>{"9", "6", "3", "0"}));
  auto capacity = call("Query", R"({"TableName":")" + table_ +
                                    R"(","IndexName":"ByTag","ReturnConsumedCapacity":"INDEXES",)" + key_conditions("p0") + "}");
  ASSERT_API_OK(capacity);
  const auto& cc = capacity.json["ConsumedCapacity"];
  EXPECT_EQ(cc["CapacityUnits"].GetDouble(), 0.5) << capacity.body;
  EXPECT_EQ(cc["LocalSecondaryIndexes"]["ByTag"]["CapacityUnits"].GetDouble(), 0.5) << capacity.body;
}

// DynamoDB's guide: a local index read that fetches what the index does not project costs the index
// read (in 4 KB units over all entries) plus, for every item, that table item's own read units.
TEST(LocalIndexFetch, FetchingFromTheTableChargesEachItemAsWellAsTheIndexRead) {
  const std::string t = unique_table_name();
  create_table_ok(R"({"TableName":")" + t + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
                  R"({"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"tag","AttributeType":"S"}],)"
                  R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
                  R"("LocalSecondaryIndexes":[{"IndexName":"ByTag","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
                  R"({"AttributeName":"tag","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],)"
                  R"("BillingMode":"PAY_PER_REQUEST"})");
  for (int i = 0; i < 5; ++i)
    ASSERT_API_OK(call("PutItem", R"({"TableName":")" + t + R"(","Item":{"pk":{"S":"p"},"sk":{"N":")" + std::to_string(i) +
                                      R"("},"tag":{"S":"t)" + std::to_string(i) + R"("},"v":{"S":"small"}}})"));
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + t + R"(","Item":{"pk":{"S":"q"},"sk":{"N":"1"},"tag":{"S":"t"},)"
                                    R"("v":{"S":")" + std::string(5000, 'v') + R"("}}})"));
  auto query = [&](const std::string& partition, const std::string& extra) {
    return call("Query", R"({"TableName":")" + t + R"(","IndexName":"ByTag","ReturnConsumedCapacity":"INDEXES",)"
                         R"("KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":")" + partition +
                         R"("}})" + extra + "}");
  };
  // The example of the issue: 5 items, strongly consistent, ALL_ATTRIBUTES: 1 + 5 units.
  auto all = query("p", R"(,"ConsistentRead":true,"Select":"ALL_ATTRIBUTES")");
  ASSERT_API_OK(all);
  EXPECT_EQ(all.json["Count"].GetInt(), 5);
  EXPECT_TRUE(all.json["Items"][0].HasMember("v")) << all.body;
  EXPECT_EQ(to_json(all.json["ConsumedCapacity"]),
            R"({"TableName":")" + t + R"(","CapacityUnits":6.0,"Table":{"CapacityUnits":5.0},)"
            R"("LocalSecondaryIndexes":{"ByTag":{"CapacityUnits":1.0}}})");
  // Eventually consistent halves both parts.
  auto eventual = query("p", R"(,"Select":"ALL_ATTRIBUTES")");
  ASSERT_API_OK(eventual);
  EXPECT_EQ(eventual.json["ConsumedCapacity"]["CapacityUnits"].GetDouble(), 3.0) << eventual.body;
  // Naming an unprojected attribute fetches too; naming only projected ones does not.
  auto named = query("p", R"(,"ConsistentRead":true,"ProjectionExpression":"sk, v")");
  ASSERT_API_OK(named);
  EXPECT_EQ(named.json["ConsumedCapacity"]["CapacityUnits"].GetDouble(), 6.0) << named.body;
  auto projected = query("p", R"(,"ConsistentRead":true,"ProjectionExpression":"sk, tag")");
  ASSERT_API_OK(projected);
  EXPECT_EQ(to_json(projected.json["ConsumedCapacity"]),
            R"({"TableName":")" + t + R"(","CapacityUnits":1.0,"Table":{"CapacityUnits":0.0},)"
            R"("LocalSecondaryIndexes":{"ByTag":{"CapacityUnits":1.0}}})");
  // A fetched 5 KB item costs its own 2 units.
  auto large = query("q", R"(,"ConsistentRead":true,"Select":"ALL_ATTRIBUTES")");
  ASSERT_API_OK(large);
  EXPECT_EQ(large.json["ConsumedCapacity"]["CapacityUnits"].GetDouble(), 3.0) << large.body;
}

}  // namespace
}  // namespace dynemu::testing_support
