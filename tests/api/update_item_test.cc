// UpdateItem over HTTP: every action, upsert, all ReturnValues, conditions, key attributes, the item
// size limit, capacity, and the expression-parameter errors with DynamoDB's messages.
#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

ApiResponse update(const std::string& table, const std::string& key, const std::string& rest) {
  return call("UpdateItem", R"({"TableName":")" + table + R"(","Key":)" + key + (rest.empty() ? "" : "," + rest) + "}");
}
ApiResponse put(const std::string& table, const std::string& item) {
  return call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + item + "}");
}
std::string item_of(const std::string& table, const std::string& key) {
  auto r = call("GetItem", R"({"TableName":")" + table + R"(","Key":)" + key + R"(,"ConsistentRead":true})");
  return json_at(r.json, "Item");
}

const char* kKey = R"({"id":{"S":"k"}})";

TEST(UpdateItem, UpsertCreatesTheItemWithItsKey) {
  const std::string t = create_hash_table();
  auto r = update(t, kKey, R"("UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{"S":"x"}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(item_of(t, kKey), R"({"a":{"S":"x"},"id":{"S":"k"}})");
  // No update expression at all still creates the item.
  ASSERT_API_OK(update(t, R"({"id":{"S":"bare"}})", ""));
  EXPECT_EQ(item_of(t, R"({"id":{"S":"bare"}})"), R"({"id":{"S":"bare"}})");
}

// DynamoDB creates no item for an update that only takes attributes away (REMOVE, DELETE of set
// elements, legacy DELETE) from a key that holds none; other updates of such a key create it.
TEST(UpdateItem, OnlyRemovingFromAMissingItemCreatesNothing) {
  const std::string t = create_hash_table();
  const std::vector<std::string> removals = {
      R"("UpdateExpression":"REMOVE a, b.c","ReturnValues":"ALL_NEW")",
      R"("UpdateExpression":"DELETE tags :t","ExpressionAttributeValues":{":t":{"SS":["x"]}},"ReturnValues":"UPDATED_NEW")",
      R"("UpdateExpression":"REMOVE a DELETE tags :t","ExpressionAttributeValues":{":t":{"SS":["x"]}},"ReturnValues":"ALL_OLD")",
      R"("AttributeUpdates":{"a":{"Action":"DELETE"}},"ReturnValues":"ALL_NEW")",
  };
  for (const auto& rest : removals) {
    SCOPED_TRACE(rest);
    auto r = update(t, kKey, rest + R"(,"ReturnConsumedCapacity":"TOTAL")");
    ASSERT_API_OK(r);
    EXPECT_FALSE(r.json.HasMember("Attributes")) << r.body;
    EXPECT_EQ(json_at(r.json, "ConsumedCapacity"), R"({"TableName":")" + t + R"(","CapacityUnits":1.0})");
    EXPECT_EQ(item_of(t, kKey), "<absent>");
  }
  // A removal with a SET creates the item, and a removal from an existing item keeps it.
  ASSERT_API_OK(update(t, kKey, R"("UpdateExpression":"SET n = :n REMOVE a","ExpressionAttributeValues":{":n":{"N":"1"}})"));
  ASSERT_API_OK(update(t, kKey, R"("UpdateExpression":"REMOVE n")"));
  EXPECT_EQ(item_of(t, kKey), R"({"id":{"S":"k"}})");
  // In a transaction, the same: the Update succeeds and writes nothing.
  auto tx = call("TransactWriteItems", R"({"TransactItems":[{"Update":{"TableName":")" + t +
                                           R"(","Key":{"id":{"S":"tx"}},"UpdateExpression":"REMOVE a"}}]})");
  ASSERT_API_OK(tx);
  EXPECT_EQ(item_of(t, R"({"id":{"S":"tx"}})"), "<absent>");
}

TEST(UpdateItem, EveryActionKind) {
  const std::string t = create_hash_table();
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"n":{"N":"1"},"gone":{"S":"bye"},"tags":{"SS":["a","b"]},)"
                       R"("m":{"M":{"x":{"N":"1"}}},"l":{"L":[{"S":"0"},{"S":"1"},{"S":"2"}]}})"));
  auto r = update(t, kKey,
                  R"j("UpdateExpression":"SET n = n + :two, m.y = :s, l[1] = :s, #c = if_not_exists(#c, :two) )j"
                  R"(REMOVE gone, l[0] ADD more :c, cnt :two DELETE tags :a",)"
                  R"("ExpressionAttributeNames":{"#c":"created"},)"
                  R"("ExpressionAttributeValues":{":two":{"N":"2"},":s":{"S":"new"},":c":{"SS":["c"]},":a":{"SS":["a"]}},)"
                  R"("ReturnValues":"ALL_NEW")");
  ASSERT_API_OK(r);
  const std::string expected =
      R"({"cnt":{"N":"2"},"created":{"N":"2"},"id":{"S":"k"},"l":{"L":[{"S":"new"},{"S":"2"}]},)"
      R"("m":{"M":{"x":{"N":"1"},"y":{"S":"new"}}},"more":{"SS":["c"]},"n":{"N":"3"},"tags":{"SS":["b"]}})";
  EXPECT_EQ(json_at(r.json, "Attributes"), expected);
  EXPECT_EQ(item_of(t, kKey), expected);
}

TEST(UpdateItem, ReturnValuesEveryKind) {
  const std::string t = create_hash_table();
  const std::string base = R"({"id":{"S":"k"},"a":{"N":"1"},"m":{"M":{"x":{"S":"old"},"keep":{"S":"k"}}},"z":{"S":"z"}})";
  const std::string expr =
      R"("UpdateExpression":"SET a = a + :one, m.x = :new","ExpressionAttributeValues":{":one":{"N":"1"},":new":{"S":"new"}})";
  struct Case {
    const char* rv;
    std::string attributes;
  } cases[] = {
      {"NONE", "<absent>"},
      {"ALL_OLD", base},
      {"UPDATED_OLD", R"({"a":{"N":"1"},"m":{"M":{"x":{"S":"old"}}}})"},
      {"ALL_NEW", R"({"a":{"N":"2"},"id":{"S":"k"},"m":{"M":{"keep":{"S":"k"},"x":{"S":"new"}}},"z":{"S":"z"}})"},
      {"UPDATED_NEW", R"({"a":{"N":"2"},"m":{"M":{"x":{"S":"new"}}}})"},
  };
  for (const auto& c : cases) {
    ASSERT_API_OK(put(t, base));
    auto r = update(t, kKey, expr + R"(,"ReturnValues":")" + c.rv + "\"");
    ASSERT_API_OK(r);
    rapidjson::Document want;
    if (c.attributes != "<absent>") {
      want.Parse(c.attributes.c_str());
      ASSERT_TRUE(r.json.HasMember("Attributes")) << c.rv << ": " << r.body;
      EXPECT_TRUE(r.json["Attributes"] == want) << c.rv << ": " << r.body;
    } else {
      EXPECT_EQ(json_at(r.json, "Attributes"), "<absent>") << r.body;
    }
  }
  // ALL_OLD on an item that did not exist: no Attributes.
  auto fresh = update(t, R"({"id":{"S":"fresh"}})", R"("UpdateExpression":"SET b = :one",)"
                                                       R"("ExpressionAttributeValues":{":one":{"N":"1"}},)"
                                                       R"("ReturnValues":"ALL_OLD")");
  ASSERT_API_OK(fresh);
  EXPECT_EQ(json_at(fresh.json, "Attributes"), "<absent>");
}

TEST(UpdateItem, CounterArithmeticIsExact) {
  const std::string t = create_hash_table();
  for (int i = 0; i < 3; ++i)
    ASSERT_API_OK(update(t, kKey, R"j("UpdateExpression":"SET c = if_not_exists(c, :zero) + :inc",)j"
                                  R"("ExpressionAttributeValues":{":zero":{"N":"0"},":inc":{"N":"0.1"}})"));
  EXPECT_EQ(item_of(t, kKey), R"({"c":{"N":"0.3"},"id":{"S":"k"}})");
  auto r = update(t, kKey, R"("UpdateExpression":"SET c = c + :big","ExpressionAttributeValues":)"
                           R"({":big":{"N":"9.9999999999999999999999999999999999999E+125"}})");
  EXPECT_API_ERROR(r, 400, "ValidationException", "Attempting to store more than 38 significant digits in a Number");
}

TEST(UpdateItem, ConditionFailsWithOptionalItem) {
  const std::string t = create_hash_table();
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"v":{"N":"1"}})"));
  const std::string cond = R"("UpdateExpression":"SET v = :two","ConditionExpression":"v = :three",)"
                           R"("ExpressionAttributeValues":{":two":{"N":"2"},":three":{"N":"3"}})";
  auto r = update(t, kKey, cond);
  EXPECT_API_ERROR(r, 400, "ConditionalCheckFailedException", "The conditional request failed");
  EXPECT_EQ(json_at(r.json, "Item"), "<absent>");
  r = update(t, kKey, cond + R"(,"ReturnValuesOnConditionCheckFailure":"ALL_OLD")");
  EXPECT_API_ERROR(r, 400, "ConditionalCheckFailedException", "The conditional request failed");
  EXPECT_EQ(json_at(r.json, "Item"), R"({"id":{"S":"k"},"v":{"N":"1"}})");
  EXPECT_EQ(item_of(t, kKey), R"({"id":{"S":"k"},"v":{"N":"1"}})");
  // On a missing item, attribute_exists fails and no item is created.
  r = update(t, R"({"id":{"S":"none"}})", R"("UpdateExpression":"SET v = :two","ConditionExpression":)"
                                          R"j("attribute_exists(id)","ExpressionAttributeValues":{":two":{"N":"2"}},)j"
                                          R"("ReturnValuesOnConditionCheckFailure":"ALL_OLD")");
  EXPECT_API_ERROR(r, 400, "ConditionalCheckFailedException", "The conditional request failed");
  EXPECT_EQ(json_at(r.json, "Item"), "<absent>");
  EXPECT_EQ(item_of(t, R"({"id":{"S":"none"}})"), "<absent>");
  // Optimistic locking: the version matches, so the write happens.
  ASSERT_API_OK(update(t, kKey, R"("UpdateExpression":"SET v = v + :one","ConditionExpression":"v = :one",)"
                                R"("ExpressionAttributeValues":{":one":{"N":"1"}})"));
  EXPECT_EQ(item_of(t, kKey), R"({"id":{"S":"k"},"v":{"N":"2"}})");
}

TEST(UpdateItem, KeyAttributesCannotBeUpdated) {
  const std::string t = create_composite_table();
  auto r = call("UpdateItem", R"({"TableName":")" + t + R"(","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},)"
                              R"("UpdateExpression":"SET sk = :v","ExpressionAttributeValues":{":v":{"N":"2"}}})");
  EXPECT_API_ERROR(r, 400, "ValidationException",
                   "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of "
                   "the key");
  r = call("UpdateItem", R"({"TableName":")" + t + R"(","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},)"
                         R"("AttributeUpdates":{"pk":{"Action":"DELETE"}}})");
  EXPECT_API_ERROR(r, 400, "ValidationException",
                   "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of "
                   "the key");
}

TEST(UpdateItem, SizeIsCheckedAfterTheUpdate) {
  const std::string t = create_hash_table();
  const std::string half(220 * 1024, 'x');
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"a":{"S":")" + half + R"("}})"));
  auto r = update(t, kKey, R"("UpdateExpression":"SET b = :v","ExpressionAttributeValues":{":v":{"S":")" + half +
                               R"("}})");
  EXPECT_API_ERROR(r, 400, "ValidationException", "Item size to update has exceeded the maximum allowed size");
}

TEST(UpdateItem, ConsumedCapacity) {
  const std::string t = create_hash_table();
  auto r = update(t, kKey, R"("UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{"S":"x"}},)"
                           R"("ReturnConsumedCapacity":"TOTAL")");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "ConsumedCapacity"), R"({"TableName":")" + t + R"(","CapacityUnits":1.0})");
}

TEST(UpdateItem, RuntimeErrors) {
  const std::string t = create_hash_table();
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"s":{"S":"text"}})"));
  EXPECT_API_ERROR(update(t, kKey, R"("UpdateExpression":"SET a = missing_attr")"), 400, "ValidationException",
                   "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_API_ERROR(update(t, kKey, R"("UpdateExpression":"ADD s :n","ExpressionAttributeValues":{":n":{"N":"1"}})"),
                   400, "ValidationException", "An operand in the update expression has an incorrect data type");
  EXPECT_API_ERROR(update(t, kKey, R"("UpdateExpression":"SET nope.x = :n","ExpressionAttributeValues":{":n":{"N":"1"}})"),
                   400, "ValidationException",
                   "The document path provided in the update expression is invalid for update");
}

// Operand types of list_append and arithmetic, functions that have no place in an update, paths that
// do not fit the item, list indexes past the end, number overflow; the item is unchanged after
// every refusal.
TEST(UpdateItem, OperandTypesPathsAndOverflow) {
  const std::string t = create_hash_table();
  const std::string item = R"({"id":{"S":"k"},"l":{"L":[{"N":"1"},{"N":"2"}]},"m":{"M":{"x":{"N":"1"}}},"s":{"S":"str"},)"
                           R"("big":{"N":"9.9999999999999999999999999999999999999E+125"}})";
  ASSERT_API_OK(put(t, item));
  const std::string before = item_of(t, kKey);
  struct Case {
    std::string expression, values, message;
  };
  const std::string kU = "Invalid UpdateExpression: ";
  const std::vector<Case> cases = {
      {"SET a = list_append(:s, l)", R"({":s":{"S":"x"}})",
       kU + "Incorrect operand type for operator or function; operator or function: list_append, operand type: S"},
      {"SET a = list_append(:n, :n)", R"({":n":{"N":"1"}})",
       kU + "Incorrect operand type for operator or function; operator or function: list_append, operand type: N"},
      {"SET a = list_append(s, :l)", R"({":l":{"L":[]}})", "An operand in the update expression has an incorrect data type"},
      {"SET a = :n + :s", R"({":n":{"N":"1"},":s":{"S":"x"}})",
       kU + "Incorrect operand type for operator or function; operator or function: +, operand type: S"},
      {"SET a = s + :n", R"({":n":{"N":"1"}})", "An operand in the update expression has an incorrect data type"},
      {"SET a = size(l)", "", kU + "The function is not allowed in an update expression; function: size"},
      {"SET a = if_not_exists(list_append(l, :l), :l)", R"({":l":{"L":[]}})",
       kU + "Operator or function requires a document path; operator or function: if_not_exists"},
      {"SET l.x = :v", R"({":v":{"S":"q"}})", "The document path provided in the update expression is invalid for update"},
      {"SET m[0] = :v", R"({":v":{"S":"q"}})", "The document path provided in the update expression is invalid for update"},
      {"SET l[1].x = :v", R"({":v":{"S":"q"}})", "The document path provided in the update expression is invalid for update"},
      {"ADD m.nope.deeper :n", R"({":n":{"N":"1"}})", "The document path provided in the update expression is invalid for update"},
      {"ADD big :n", R"({":n":{"N":"9.9999999999999999999999999999999999999E+125"}})",
       "Number overflow. Attempting to store a number with magnitude larger than supported range"},
      {"SET big = big - :n", R"({":n":{"N":"-9.9999999999999999999999999999999999999E+125"}})",
       "Number overflow. Attempting to store a number with magnitude larger than supported range"},
  };
  for (const Case& c : cases) {
    std::string rest = R"("UpdateExpression":")" + c.expression + "\"";
    if (!c.values.empty()) rest += R"(,"ExpressionAttributeValues":)" + c.values;
    EXPECT_API_ERROR(update(t, kKey, rest), 400, "ValidationException", c.message);
  }
  EXPECT_EQ(item_of(t, kKey), before);
  // A list index past the end appends; removing past the end changes nothing.
  ASSERT_API_OK(update(t, kKey, R"("UpdateExpression":"SET l[7] = :v","ExpressionAttributeValues":{":v":{"S":"q"}})"));
  ASSERT_API_OK(update(t, kKey, R"("UpdateExpression":"REMOVE l[9]")"));
  auto got = call("GetItem", R"({"TableName":")" + t + R"(","Key":)" + std::string(kKey) + R"(,"ProjectionExpression":"l"})");
  EXPECT_EQ(json_at(got.json, "Item"), R"({"l":{"L":[{"N":"1"},{"N":"2"},{"S":"q"}]}})");
}

struct ParamCase {
  std::string rest;
  std::string message;
};

TEST(UpdateItem, ExpressionParameterErrors) {
  const std::string t = create_hash_table();
  const ParamCase cases[] = {
      {R"("UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{"S":"x"},":w":{"S":"y"}})",
       "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"},
      {R"("UpdateExpression":"SET a = :v","ExpressionAttributeNames":{"#a":"a"},"ExpressionAttributeValues":{":v":{"S":"x"}})",
       "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}"},
      {R"("UpdateExpression":"SET #a = :v","ExpressionAttributeValues":{":v":{"S":"x"}})",
       "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute "
       "name: #a"},
      {R"("UpdateExpression":"SET a = :v")",
       "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v"},
      {R"("UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{}})",
       "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one "
       "of the supported datatypes for key :v"},
      {R"("UpdateExpression":"SET a = :v","ExpressionAttributeValues":{"v":{"S":"x"}})",
       "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\""},
      {R"("UpdateExpression":"SET a = :v","ExpressionAttributeValues":{})", "ExpressionAttributeValues must not be empty"},
      {R"("UpdateExpression":"SET a = :v","ExpressionAttributeNames":{},"ExpressionAttributeValues":{":v":{"S":"x"}})",
       "ExpressionAttributeNames must not be empty"},
      {R"("ExpressionAttributeNames":{"#a":"a"})", "ExpressionAttributeNames can only be specified when using expressions"},
      {R"("ExpressionAttributeValues":{":a":{"S":"a"}})",
       "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and "
       "ConditionExpression are null"},
      {R"("UpdateExpression":"SET a = :v","AttributeUpdates":{"a":{"Action":"DELETE"}},"ExpressionAttributeValues":{":v":{"S":"x"}})",
       "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: "
       "{AttributeUpdates} Expression parameters: {UpdateExpression}"},
      {R"j("UpdateExpression":"SET a = :v","Expected":{"a":{"Exists":false}},"ConditionExpression":"attribute_exists(a)","ExpressionAttributeValues":{":v":{"S":"x"}})j",
       "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: "
       "{Expected} Expression parameters: {UpdateExpression, ConditionExpression}"},
      {R"("UpdateExpression":"SET a = :v REMOVE a","ExpressionAttributeValues":{":v":{"S":"x"}})",
       "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these "
       "paths; path one: [a], path two: [a]"},
      {R"("UpdateExpression":"SET a = :v","ConditionExpression":"a = ","ExpressionAttributeValues":{":v":{"S":"x"}})",
       "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \""},
      {R"("UpdateExpression":"SET name = :v","ExpressionAttributeValues":{":v":{"S":"x"}})",
       "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"},
      {R"("UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{"S":"x"}},"ReturnValuesOnConditionCheckFailure":"SOME")",
       "1 validation error detected: Value 'SOME' at 'returnValuesOnConditionCheckFailure' failed to satisfy "
       "constraint: Member must satisfy enum value set: [ALL_OLD, NONE]"},
  };
  for (const auto& c : cases) EXPECT_API_ERROR(update(t, kKey, c.rest), 400, "ValidationException", c.message);
}

}  // namespace
}  // namespace dynemu::testing_support
