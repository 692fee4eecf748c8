// DescribeTable, ListTables and DeleteTable over HTTP.
#include <algorithm>
#include <vector>

#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

std::vector<std::string> table_names(const ApiResponse& r) {
  std::vector<std::string> names;
  for (const auto& n : r.json["TableNames"].GetArray()) names.push_back(n.GetString());
  return names;
}

TEST(DescribeTable, CountsItemsAndBytesLive) {
  const std::string name = create_composite_table();
  auto before = describe(name);
  ASSERT_API_OK(before);
  EXPECT_EQ(before.json["Table"]["ItemCount"].GetInt64(), 0);
  EXPECT_EQ(before.json["Table"]["TableSizeBytes"].GetInt64(), 0);
  // Item sizes: "pk"(2) + "p"(1) + "sk"(2) + number 1 (2) = 7 bytes; the second adds "v"(1)+"xyz"(3).
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + name + R"(","Item":{"pk":{"S":"p"},"sk":{"N":"1"}}})"));
  ASSERT_API_OK(
      call("PutItem", R"({"TableName":")" + name + R"(","Item":{"pk":{"S":"p"},"sk":{"N":"2"},"v":{"S":"xyz"}}})"));
  auto after = describe(name);
  ASSERT_API_OK(after);
  const auto& t = after.json["Table"];
  EXPECT_EQ(t["ItemCount"].GetInt64(), 2);
  EXPECT_EQ(t["TableSizeBytes"].GetInt64(), 7 + 11);
  EXPECT_EQ(std::string(t["TableStatus"].GetString()), "ACTIVE");
  EXPECT_EQ(std::string(t["TableName"].GetString()), name);
  EXPECT_FALSE(t.HasMember("_Tags"));
}

TEST(DescribeTable, DescriptionMatchesTheCreateResponse) {
  const std::string name = unique_table_name();
  auto created = create_table_ok(composite_table_request(name));
  auto described = describe(name);
  ASSERT_API_OK(described);
  EXPECT_EQ(to_json(created.json["TableDescription"]), to_json(described.json["Table"]));
}

TEST(DescribeTable, Errors) {
  EXPECT_API_ERROR(describe("NoSuchTable_x"), 400, "ResourceNotFoundException",
                   "Requested resource not found: Table: NoSuchTable_x not found");
  EXPECT_API_ERROR(call("DescribeTable", R"({"TableName":"a*"})"), 400, "ValidationException",
                   "2 validation errors detected: Value 'a*' at 'tableName' failed to satisfy constraint: Member must "
                   "satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a*' at 'tableName' failed to satisfy "
                   "constraint: Member must have length greater than or equal to 3");
}

TEST(ListTables, PagesInAscendingOrder) {
  const std::string prefix = unique_table_name("L");
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) {
    names.push_back(prefix + "_" + std::to_string(i));
    create_table_ok(hash_table_request(names.back()));
  }
  auto all = call("ListTables", "{}");
  ASSERT_API_OK(all);
  auto listed = table_names(all);
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end()));
  for (const auto& n : names) EXPECT_NE(std::find(listed.begin(), listed.end(), n), listed.end()) << n;

  // From just before the prefix, two at a time.
  std::vector<std::string> paged;
  std::string start = prefix;  // sorts before prefix + "_0"
  for (int page = 0; page < 3; ++page) {
    auto r = call("ListTables", R"({"Limit":2,"ExclusiveStartTableName":")" + start + R"("})");
    ASSERT_API_OK(r);
    auto got = table_names(r);
    ASSERT_LE(got.size(), 2u);
    for (const auto& n : got)
      if (n.rfind(prefix, 0) == 0) paged.push_back(n);
    if (got.size() == 2) {
      ASSERT_TRUE(r.json.HasMember("LastEvaluatedTableName")) << r.body;
      EXPECT_EQ(std::string(r.json["LastEvaluatedTableName"].GetString()), got.back());
      start = got.back();
    }
  }
  EXPECT_EQ(std::vector<std::string>(paged.begin(), paged.begin() + std::min<size_t>(paged.size(), 5)), names);
}

TEST(ListTables, NoLastEvaluatedNameOnTheFinalPage) {
  create_hash_table();
  create_hash_table();
  auto all = table_names(call("ListTables", "{}"));
  ASSERT_GE(all.size(), 2u);
  EXPECT_FALSE(call("ListTables", "{}").json.HasMember("LastEvaluatedTableName"));
  // After the last name: an empty page.
  auto r = call("ListTables", R"({"ExclusiveStartTableName":")" + all.back() + R"(","Limit":1})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.body, R"({"TableNames":[]})");
  // The last name alone, exactly filling Limit: still no LastEvaluatedTableName, nothing follows it.
  auto last = call("ListTables", R"({"ExclusiveStartTableName":")" + all[all.size() - 2] + R"(","Limit":1})");
  EXPECT_EQ(table_names(last), std::vector<std::string>{all.back()});
  EXPECT_FALSE(last.json.HasMember("LastEvaluatedTableName")) << last.body;
  // One before the end with Limit 1: more follows, so the page names where it stopped.
  auto first = call("ListTables", R"({"Limit":1})");
  EXPECT_EQ(std::string(first.json["LastEvaluatedTableName"].GetString()), all.front());
}

TEST(ListTables, Errors) {
  EXPECT_API_ERROR(call("ListTables", R"({"Limit":0})"), 400, "ValidationException",
                   "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1");
  EXPECT_API_ERROR(call("ListTables", R"({"Limit":101})"), 400, "ValidationException",
                   "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must "
                   "have value less than or equal to 100");
  EXPECT_API_ERROR(call("ListTables", R"({"ExclusiveStartTableName":"x"})"), 400, "ValidationException",
                   "1 validation error detected: Value 'x' at 'exclusiveStartTableName' failed to satisfy constraint: "
                   "Member must have length greater than or equal to 3");
  EXPECT_API_ERROR(call("ListTables", R"({"Limit":"2"})"), 400, "SerializationException",
                   "STRING_VALUE cannot be converted to Integer");
}

TEST(DeleteTable, RespondsDeletingAndTheTableIsGone) {
  const std::string name = create_composite_table();
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + name + R"(","Item":{"pk":{"S":"p"},"sk":{"N":"1"}}})"));
  auto r = call("DeleteTable", R"({"TableName":")" + name + R"("})");
  ASSERT_API_OK(r);
  const auto& d = r.json["TableDescription"];
  EXPECT_EQ(std::string(d["TableStatus"].GetString()), "DELETING");
  EXPECT_EQ(std::string(d["TableName"].GetString()), name);
  EXPECT_EQ(d["ItemCount"].GetInt64(), 1);
  EXPECT_GT(d["TableSizeBytes"].GetInt64(), 0);
  // Only the members DynamoDB returns from DeleteTable, in its order.
  std::vector<std::string> members;
  for (const auto& m : d.GetObject()) members.emplace_back(m.name.GetString());
  EXPECT_EQ(members, (std::vector<std::string>{"TableName", "TableStatus", "ProvisionedThroughput", "TableSizeBytes",
                                               "ItemCount", "TableArn", "TableId", "BillingModeSummary"}));
  EXPECT_EQ(describe(name).error_type(), "ResourceNotFoundException");
  auto names = table_names(call("ListTables", "{}"));
  EXPECT_EQ(std::find(names.begin(), names.end(), name), names.end());
  EXPECT_API_ERROR(call("GetItem", R"({"TableName":")" + name + R"(","Key":{"pk":{"S":"p"},"sk":{"N":"1"}}})"), 400,
                   "ResourceNotFoundException", "Requested resource not found");
  // The name can be used again, and the new table starts empty.
  create_table_ok(composite_table_request(name));
  EXPECT_EQ(describe(name).json["Table"]["ItemCount"].GetInt64(), 0);
}

TEST(DeleteTable, AnOnDemandTableWithIndexesAnswersWithoutThem) {
  const std::string name = unique_table_name();
  create_table_ok(R"({"TableName":")" + name + R"(","BillingMode":"PAY_PER_REQUEST",)"
                  R"("AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],)"
                  R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"GlobalSecondaryIndexes":[{"IndexName":"gix",)"
                  R"("KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})");
  auto r = call("DeleteTable", R"({"TableName":")" + name + R"("})");
  ASSERT_API_OK(r);
  const auto& d = r.json["TableDescription"];
  for (const char* absent : {"KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes", "CreationDateTime"})
    EXPECT_FALSE(d.HasMember(absent)) << absent;
  EXPECT_EQ(std::string(d["BillingModeSummary"]["BillingMode"].GetString()), "PAY_PER_REQUEST");
  EXPECT_TRUE(d["BillingModeSummary"].HasMember("LastUpdateToPayPerRequestDateTime"));
  EXPECT_EQ(d["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt64(), 0);
  EXPECT_EQ(d["ProvisionedThroughput"]["NumberOfDecreasesToday"].GetInt64(), 0);
}

TEST(DeleteTable, MissingTable) {
  EXPECT_API_ERROR(call("DeleteTable", R"({"TableName":"NoSuchTable_y"})"), 400, "ResourceNotFoundException",
                   "Requested resource not found: Table: NoSuchTable_y not found");
  EXPECT_API_ERROR(call("DeleteTable", "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null");
}

TEST(DeleteTable, DeletionProtectionRefusesUntilDisabled) {
  const std::string name = unique_table_name();
  std::string request = hash_table_request(name);
  request.back() = ',';
  create_table_ok(request + R"("DeletionProtectionEnabled":true})");
  EXPECT_API_ERROR(call("DeleteTable", R"({"TableName":")" + name + R"("})"), 400, "ValidationException",
                   "Resource cannot be deleted as it is currently protected against deletion. Disable deletion "
                   "protection first.");
  ASSERT_API_OK(describe(name));
  auto updated = call("UpdateTable", R"({"TableName":")" + name + R"(","DeletionProtectionEnabled":false})");
  ASSERT_API_OK(updated);
  EXPECT_FALSE(updated.json["TableDescription"]["DeletionProtectionEnabled"].GetBool());
  ASSERT_API_OK(call("DeleteTable", R"({"TableName":")" + name + R"("})"));
}

}  // namespace
}  // namespace dynemu::testing_support
