// Attribute-name length limits. DynamoDB takes attribute names of up to 65,535 bytes (the documented
// "64 KB" itself is refused), at the top of an item, as map keys at any depth, and wherever a request
// names an attribute (ExpressionAttributeNames, AttributesToGet, AttributeUpdates, Expected); key
// attribute names of the table and its indexes, and the names an index projects with INCLUDE, may
// have at most 255 bytes, checked as coral constraints before anything else in the request.
#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

const std::string kTooLarge = "1 validation error detected: Attribute name is too large, must be less than 65536 bytes";

std::string name_of(size_t bytes, char c = 'n') { return std::string(bytes, c); }

std::string string_attr(const std::string& name, const std::string& value = "v") {
  return "\"" + name + R"(":{"S":")" + value + "\"}";
}

TEST(AttributeNameLimits, ItemAttributeNamesUpTo65535BytesAreStoredAndReadBack) {
  const std::string table = create_hash_table();
  const std::string longest = name_of(65535);
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + table + R"(","Item":{"id":{"S":"a"},)" + string_attr(longest) +
                                    R"(,"m":{"M":{)" + string_attr(name_of(65535, 'm')) + "}}}}"));
  const ApiResponse got = call("GetItem", R"({"TableName":")" + table +
                                              R"(","Key":{"id":{"S":"a"}},"ProjectionExpression":"#n",)"
                                              R"("ExpressionAttributeNames":{"#n":")" + longest + "\"}}");
  ASSERT_API_OK(got);
  ASSERT_TRUE(got.json["Item"].HasMember(longest.c_str())) << got.body.substr(0, 200);
  // The legacy parameters take the same name.
  ASSERT_API_OK(call("UpdateItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":"a"}},"AttributeUpdates":{")" +
                                       longest + R"(":{"Value":{"S":"w"},"Action":"PUT"}}})"));
  const ApiResponse legacy = call("GetItem", R"({"TableName":")" + table +
                                                 R"(","Key":{"id":{"S":"a"}},"AttributesToGet":[")" + longest + "\"]}");
  ASSERT_API_OK(legacy);
  EXPECT_EQ(to_json(legacy.json["Item"][longest.c_str()]), R"({"S":"w"})");
}

TEST(AttributeNameLimits, NamesOf65536BytesAreRefusedEverywhereAnAttributeIsNamed) {
  const std::string table = create_hash_table();
  const std::string big = name_of(65536);
  const std::string key = R"("Key":{"id":{"S":"a"}})";
  const std::string t = R"({"TableName":")" + table + "\",";
  struct Case {
    const char* what;
    const char* op;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"item attribute", "PutItem", t + R"("Item":{"id":{"S":"a"},)" + string_attr(big) + "}}"},
      {"map key in an item", "PutItem", t + R"("Item":{"id":{"S":"a"},"m":{"M":{"x":{"M":{)" + string_attr(big) + "}}}}}}"},
      {"map key in a list in an item", "PutItem",
       t + R"("Item":{"id":{"S":"a"},"l":{"L":[{"M":{)" + string_attr(big) + "}}]}}}"},
      {"ProjectionExpression name", "GetItem",
       t + key + R"(,"ProjectionExpression":"#n","ExpressionAttributeNames":{"#n":")" + big + "\"}}"},
      {"AttributesToGet", "GetItem", t + key + R"(,"AttributesToGet":[")" + big + "\"]}"},
      {"UpdateExpression name", "UpdateItem",
       t + key + R"(,"UpdateExpression":"SET #n = :v","ExpressionAttributeNames":{"#n":")" + big +
           R"("},"ExpressionAttributeValues":{":v":{"S":"v"}}})"},
      {"map key in an update value", "UpdateItem",
       t + key + R"(,"UpdateExpression":"SET m = :v","ExpressionAttributeValues":{":v":{"M":{)" + string_attr(big) +
           "}}}}"},
      {"ConditionExpression name", "PutItem",
       t + R"J("Item":{"id":{"S":"a"}},"ConditionExpression":"attribute_not_exists(#n)",)J"
           R"("ExpressionAttributeNames":{"#n":")" + big + "\"}}"},
      {"AttributeUpdates", "UpdateItem",
       t + key + R"(,"AttributeUpdates":{")" + big + R"(":{"Value":{"N":"1"},"Action":"PUT"}}})"},
      {"Expected", "PutItem", t + R"("Item":{"id":{"S":"a"}},"Expected":{")" + big + R"(":{"Exists":false}}})"},
      {"ScanFilter", "Scan",
       t + R"("ScanFilter":{")" + big + R"(":{"ComparisonOperator":"NOT_NULL"}}})"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_API_ERROR(call(c.op, c.body), 400, "ValidationException", kTooLarge);
  }
  // Nothing was written by any of them.
  const ApiResponse scan = call("Scan", R"({"TableName":")" + table + R"("})");
  ASSERT_API_OK(scan);
  EXPECT_EQ(scan.json["Count"].GetInt(), 0);
}

std::string key_table_request(const std::string& table, const std::string& hash, const std::string& extra = "") {
  return R"({"TableName":")" + table + R"(","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":")" +
         hash + R"(","AttributeType":"S"}],"KeySchema":[{"AttributeName":")" + hash + R"(","KeyType":"HASH"}])" + extra +
         "}";
}

std::string length_error(const std::string& value, const std::string& path) {
  return "Value '" + value + "' at '" + path + "' failed to satisfy constraint: Member must have length less than or equal to 255";
}

TEST(AttributeNameLimits, KeyAttributeNamesOf255BytesWork) {
  const std::string table = unique_table_name();
  const std::string name = name_of(255, 'k');
  create_table_ok(key_table_request(table, name));
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + table + R"(","Item":{)" + string_attr(name, "x") + "}}"));
  const ApiResponse got = call("GetItem", R"({"TableName":")" + table + R"(","Key":{)" + string_attr(name, "x") + "}}");
  ASSERT_API_OK(got);
  EXPECT_TRUE(got.json.HasMember("Item")) << got.body.substr(0, 300);
}

TEST(AttributeNameLimits, KeyAttributeNamesOver255BytesAreConstraintErrors) {
  const std::string table = unique_table_name();
  const std::string name = name_of(256, 'k');
  // Both places name it: two errors, in the request's order of members as coral reports them.
  const ApiResponse r = call("CreateTable", key_table_request(table, name));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_type(), "ValidationException");
  EXPECT_NE(r.message().find("2 validation errors detected: "), std::string::npos) << r.message().substr(0, 100);
  EXPECT_NE(r.message().find(length_error(name, "keySchema.1.member.attributeName")), std::string::npos);
  EXPECT_NE(r.message().find(length_error(name, "attributeDefinitions.1.member.attributeName")), std::string::npos);

  // The length is checked before the definitions are matched with the key schema.
  const std::string incoherent = R"({"TableName":")" + table +
                                 R"(","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"short","AttributeType":"S"}],)"
                                 R"("KeySchema":[{"AttributeName":")" + name + R"(","KeyType":"HASH"}]})";
  EXPECT_API_ERROR(call("CreateTable", incoherent), 400, "ValidationException",
                   "1 validation error detected: " + length_error(name, "keySchema.1.member.attributeName"));
  EXPECT_EQ(describe(table).error_type(), "ResourceNotFoundException");
}

TEST(AttributeNameLimits, IndexKeyAndProjectedNamesOver255BytesAreConstraintErrors) {
  const std::string table = unique_table_name();
  const std::string name = name_of(256, 'g');
  const std::string defs_prefix = R"({"TableName":")" + table +
                                  R"(","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
                                  R"({"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"c","AttributeType":"S"}],)"
                                  R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)";
  const std::string gsi_key = defs_prefix + R"("GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":")" +
                              name + R"(","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})";
  EXPECT_API_ERROR(call("CreateTable", gsi_key), 400, "ValidationException",
                   "1 validation error detected: " +
                       length_error(name, "globalSecondaryIndexes.1.member.keySchema.1.member.attributeName"));
  const std::string lsi_projection =
      defs_prefix + R"("LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
                    R"({"AttributeName":"c","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a",")" +
      name + R"("]}}]})";
  EXPECT_API_ERROR(call("CreateTable", lsi_projection), 400, "ValidationException",
                   "1 validation error detected: Value '[\"a\",\"" + name +
                       "\"]' at 'localSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy "
                       "constraint: Member must satisfy constraint: [Member must have length less than or equal to "
                       "255, Member must have length greater than or equal to 1]");
  EXPECT_EQ(describe(table).error_type(), "ResourceNotFoundException");

  // UpdateTable's GSI Create applies the same limit, to its key schema and its AttributeDefinitions.
  const std::string existing = create_composite_table("S", "S");
  const ApiResponse update = call(
      "UpdateTable", R"({"TableName":")" + existing + R"(","AttributeDefinitions":[{"AttributeName":")" + name +
                         R"(","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"gsi","KeySchema":)"
                         R"([{"AttributeName":")" + name + R"(","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})");
  EXPECT_EQ(update.error_type(), "ValidationException") << update.body.substr(0, 300);
  EXPECT_NE(update.message().find(length_error(
                name, "globalSecondaryIndexUpdates.1.member.create.keySchema.1.member.attributeName")),
            std::string::npos);
  EXPECT_NE(update.message().find(length_error(name, "attributeDefinitions.1.member.attributeName")), std::string::npos);
  const ApiResponse after = describe(existing);
  ASSERT_API_OK(after);
  EXPECT_FALSE(after.json["Table"].HasMember("GlobalSecondaryIndexes"));
}

TEST(AttributeNameLimits, AnIndexProjectingAllCarriesLongNonKeyNames) {
  const std::string table = unique_table_name();
  create_table_ok(R"({"TableName":")" + table +
                  R"(","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
                  R"({"AttributeName":"c","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
                  R"("GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"c","KeyType":"HASH"}],)"
                  R"("Projection":{"ProjectionType":"ALL"}}]})");
  const std::string long_name = name_of(1000, 'z');
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + table + R"(","Item":{"pk":{"S":"p"},"c":{"S":"dog"},)" +
                                    string_attr(long_name, "cat") + "}}"));
  const ApiResponse q = call("Query", R"({"TableName":")" + table +
                                          R"(","IndexName":"gsi","KeyConditionExpression":"c = :c","ExpressionAttributeValues":{":c":{"S":"dog"}}})");
  ASSERT_API_OK(q);
  ASSERT_EQ(q.json["Count"].GetInt(), 1);
  EXPECT_EQ(to_json(q.json["Items"][0][long_name.c_str()]), R"({"S":"cat"})");
}

}  // namespace
}  // namespace dynemu::testing_support
