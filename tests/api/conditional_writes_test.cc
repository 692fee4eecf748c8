// Conditions on PutItem and DeleteItem, projections on GetItem, and the legacy parameters
// (Expected, ConditionalOperator, AttributeUpdates, AttributesToGet) over HTTP.
#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

ApiResponse put(const std::string& table, const std::string& item, const std::string& extra = "") {
  return call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + item + extra + "}");
}
ApiResponse get(const std::string& table, const std::string& key, const std::string& extra = "") {
  return call("GetItem", R"({"TableName":")" + table + R"(","Key":)" + key + extra + "}");
}
ApiResponse del(const std::string& table, const std::string& key, const std::string& extra = "") {
  return call("DeleteItem", R"({"TableName":")" + table + R"(","Key":)" + key + extra + "}");
}

const char* kKey = R"({"id":{"S":"k"}})";
const char* kFailed = "The conditional request failed";

TEST(ConditionalPut, AttributeNotExistsProtectsAnExistingItem) {
  const std::string t = create_hash_table();
  const std::string once = R"j(,"ConditionExpression":"attribute_not_exists(id)")j";
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"v":{"N":"1"}})", once));
  auto r = put(t, R"({"id":{"S":"k"},"v":{"N":"2"}})", once);
  EXPECT_API_ERROR(r, 400, "ConditionalCheckFailedException", kFailed);
  EXPECT_EQ(json_at(r.json, "Item"), "<absent>");
  r = put(t, R"({"id":{"S":"k"},"v":{"N":"2"}})", std::string(once) + R"(,"ReturnValuesOnConditionCheckFailure":"ALL_OLD")");
  EXPECT_API_ERROR(r, 400, "ConditionalCheckFailedException", kFailed);
  EXPECT_EQ(json_at(r.json, "Item"), R"({"id":{"S":"k"},"v":{"N":"1"}})");
  EXPECT_EQ(json_at(get(t, kKey).json, "Item"), R"({"id":{"S":"k"},"v":{"N":"1"}})");
}

TEST(ConditionalPut, ComparisonsAndFunctionsOnTheStoredItem) {
  const std::string t = create_hash_table();
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"v":{"N":"5"},"tags":{"SS":["a"]},"name":{"S":"alpha"}})"));
  const std::string vals = R"(,"ExpressionAttributeValues":{":four":{"N":"4"},":a":{"S":"a"},":al":{"S":"al"}})";
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"v":{"N":"6"}})",
                    R"j(,"ConditionExpression":"v > :four AND contains(tags, :a) AND begins_with(#n, :al)",)j"
                    R"("ExpressionAttributeNames":{"#n":"name"})" + vals));
  // The type of v is now N 6 and tags is gone: contains() is false.
  EXPECT_API_ERROR(put(t, R"({"id":{"S":"k"}})", R"j(,"ConditionExpression":"contains(tags, :a) OR v < :four")j" +
                                                      std::string(R"(,"ExpressionAttributeValues":{":four":{"N":"4"},":a":{"S":"a"}})")),
                   400, "ConditionalCheckFailedException", kFailed);
}

TEST(ConditionalPut, ReturnValuesOnlyAllOldOrNone) {
  const std::string t = create_hash_table();
  EXPECT_API_ERROR(put(t, R"({"id":{"S":"k"}})", R"(,"ReturnValues":"ALL_NEW")"), 400, "ValidationException",
                   "ReturnValues can only be ALL_OLD or NONE");
  EXPECT_API_ERROR(put(t, R"({"id":{"S":"k"}})", R"(,"ExpressionAttributeValues":{":a":{"S":"a"}})"), 400,
                   "ValidationException",
                   "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null");
  EXPECT_API_ERROR(put(t, R"({"id":{"S":"k"}})", R"(,"ConditionExpression":"a = :a","Expected":{"a":{"Exists":false}},)"
                                                  R"("ExpressionAttributeValues":{":a":{"S":"a"}})"),
                   400, "ValidationException",
                   "Can not use both expression and non-expression parameters in the same request: Non-expression "
                   "parameters: {Expected} Expression parameters: {ConditionExpression}");
}

// Legacy Expected with a ComparisonOperator: CONTAINS/NOT_CONTAINS look into strings, sets and
// binaries; each operator takes only its documented operand types and counts.
TEST(ConditionalPut, LegacyExpectedOperatorsOnEveryType) {
  const std::string t = create_hash_table();
  const std::string item = R"({"id":{"S":"k"},"s":{"S":"hello"},"ss":{"SS":["x","y"]},"b":{"B":"YWJj"},"n":{"N":"5"},)"
                           R"("l":{"L":[{"S":"x"}]}})";
  ASSERT_API_OK(put(t, item));
  auto expected = [&](const std::string& spec) { return put(t, item, R"(,"Expected":)" + spec); };
  struct Holds {
    std::string spec;
    bool holds;
  };
  const std::vector<Holds> semantics = {
      {R"({"s":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"ell"}]}})", true},
      {R"({"s":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"ell"}]}})", false},
      {R"({"ss":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"x"}]}})", true},
      {R"({"ss":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"z"}]}})", true},
      {R"({"b":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"B":"Yg=="}]}})", true},  // "b" in "abc"
      {R"({"l":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"x"}]}})", true},
      {R"({"n":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"N":"5"}]}})", false},  // a number holds nothing
      {R"({"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"he"}]}})", true},
      {R"({"n":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"4"},{"N":"5"}]}})", true},
      {R"({"n":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"5"},{"N":"9"}]}})", true},
      {R"({"ss":{"ComparisonOperator":"EQ","AttributeValueList":[{"SS":["y","x"]}]}})", true},
      {R"({"zz":{"ComparisonOperator":"NULL"}})", true},
      {"{}", true},  // an empty Expected asks nothing
  };
  for (const Holds& c : semantics) {
    auto r = expected(c.spec);
    if (c.holds) EXPECT_EQ(r.status, 200) << c.spec << " " << r.body;
    else EXPECT_API_ERROR(r, 400, "ConditionalCheckFailedException", kFailed);
  }
  const std::string kInvalid = "One or more parameter values were invalid: ";
  const std::vector<std::pair<std::string, std::string>> refused = {
      {R"({"ss":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"SS":["x"]}]}})",
       kInvalid + "ComparisonOperator CONTAINS is not valid for SS AttributeValue type"},
      {R"({"n":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"5"}]}})",
       kInvalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"},
      {R"({"s":{"ComparisonOperator":"IN","AttributeValueList":[{"L":[]}]}})",
       kInvalid + "ComparisonOperator IN is not valid for L AttributeValue type"},
      {R"({"ss":{"ComparisonOperator":"LT","AttributeValueList":[{"SS":["x"]}]}})",
       kInvalid + "ComparisonOperator LT is not valid for SS AttributeValue type"},
      {R"({"s":{"ComparisonOperator":"EQ","AttributeValueList":[{"BOOL":true}]}})",
       kInvalid + "ComparisonOperator EQ is not valid for BOOL AttributeValue type"},
      {R"({"s":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"e"},{"S":"l"}]}})",
       kInvalid + "Invalid number of argument(s) for the CONTAINS ComparisonOperator"},
      {R"({"s":{"ComparisonOperator":"IN","AttributeValueList":[]}})",
       kInvalid + "Invalid number of argument(s) for the IN ComparisonOperator"},
      {R"({"n":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"}]}})",
       kInvalid + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
      {R"({"n":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"S":"x"}]}})",
       kInvalid + "AttributeValues inside AttributeValueList must be of same type"},
      {R"({"n":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"9"},{"N":"1"}]}})",
       "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"},
      {R"({"zz":{"ComparisonOperator":"NULL","AttributeValueList":[{"S":"x"}]}})",
       kInvalid + "Invalid number of argument(s) for the NULL ComparisonOperator"},
  };
  for (const auto& [spec, message] : refused) EXPECT_API_ERROR(expected(spec), 400, "ValidationException", message);
}

TEST(ConditionalDelete, DeletesOnlyWhenTheConditionHolds) {
  const std::string t = create_hash_table();
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"v":{"N":"1"}})"));
  const std::string cond = R"(,"ConditionExpression":"v = :v","ExpressionAttributeValues":{":v":{"N":"2"}})";
  auto r = del(t, kKey, cond + R"(,"ReturnValuesOnConditionCheckFailure":"ALL_OLD")");
  EXPECT_API_ERROR(r, 400, "ConditionalCheckFailedException", kFailed);
  EXPECT_EQ(json_at(r.json, "Item"), R"({"id":{"S":"k"},"v":{"N":"1"}})");
  r = del(t, kKey, R"(,"ConditionExpression":"v = :v","ExpressionAttributeValues":{":v":{"N":"1"}},"ReturnValues":"ALL_OLD")");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "Attributes"), R"({"id":{"S":"k"},"v":{"N":"1"}})");
  EXPECT_EQ(json_at(get(t, kKey).json, "Item"), "<absent>");
  // A condition on a missing item sees no attributes.
  EXPECT_API_ERROR(del(t, kKey, R"j(,"ConditionExpression":"attribute_exists(id)")j"), 400,
                   "ConditionalCheckFailedException", kFailed);
}

TEST(Projection, GetItemProjectionExpression) {
  const std::string t = create_hash_table();
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"a":{"S":"A"},"m":{"M":{"x":{"N":"1"},"y":{"N":"2"}}},)"
                       R"("l":{"L":[{"S":"l0"},{"M":{"deep":{"S":"d"},"other":{"S":"o"}}},{"S":"l2"}]},"b":{"S":"B"}})"));
  auto r = get(t, kKey, R"(,"ProjectionExpression":"a, m.y, l[1].deep, l[2], #b","ExpressionAttributeNames":{"#b":"b"})");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "Item"),
            R"({"a":{"S":"A"},"b":{"S":"B"},"l":{"L":[{"M":{"deep":{"S":"d"}}},{"S":"l2"}]},"m":{"M":{"y":{"N":"2"}}}})");
  r = get(t, kKey, R"(,"AttributesToGet":["a","zz"])");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "Item"), R"({"a":{"S":"A"}})");
  EXPECT_API_ERROR(get(t, kKey, R"(,"AttributesToGet":["a"],"ProjectionExpression":"a")"), 400, "ValidationException",
                   "Can not use both expression and non-expression parameters in the same request: Non-expression "
                   "parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
  EXPECT_API_ERROR(get(t, kKey, R"(,"ExpressionAttributeNames":{"#a":"a"})"), 400, "ValidationException",
                   "ExpressionAttributeNames can only be specified when using expressions");
  EXPECT_API_ERROR(get(t, kKey, R"(,"ProjectionExpression":"a, a")"), 400, "ValidationException",
                   "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
                   "one of these paths; path one: [a], path two: [a]");
}

TEST(Legacy, ExpectedWithEveryForm) {
  const std::string t = create_hash_table();
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"v":{"N":"5"},"s":{"S":"hello"},"ss":{"SS":["a","b"]}})"));
  struct Case {
    std::string expected;
    bool passes;
  } cases[] = {
      {R"({"v":{"Value":{"N":"5"}}})", true},
      {R"({"v":{"Value":{"N":"6"},"Exists":true}})", false},
      {R"({"nope":{"Exists":false}})", true},
      {R"({"v":{"Exists":false}})", false},
      {R"({"v":{"ComparisonOperator":"GT","AttributeValueList":[{"N":"4"}]}})", true},
      {R"({"v":{"ComparisonOperator":"LE","AttributeValueList":[{"N":"4"}]}})", false},
      {R"({"v":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"1"},{"N":"5"}]}})", true},
      {R"({"v":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"N":"5"}]}})", true},
      {R"({"v":{"ComparisonOperator":"NE","Value":{"N":"5"}}})", false},
      {R"({"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"he"}]}})", true},
      {R"({"ss":{"ComparisonOperator":"CONTAINS","AttributeValueList":[{"S":"a"}]}})", true},
      {R"({"ss":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"a"}]}})", false},
      {R"({"nope":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"a"}]}})", false},
      {R"({"nope":{"ComparisonOperator":"NULL"}})", true},
      {R"({"v":{"ComparisonOperator":"NOT_NULL"}})", true},
      {R"({"v":{"ComparisonOperator":"NULL"}})", false},
  };
  for (const auto& c : cases) {
    auto r = put(t, R"({"id":{"S":"k"},"v":{"N":"5"},"s":{"S":"hello"},"ss":{"SS":["a","b"]}})",
                 R"(,"Expected":)" + c.expected);
    if (c.passes) EXPECT_EQ(r.status, 200) << c.expected << " " << r.body;
    else EXPECT_API_ERROR(r, 400, "ConditionalCheckFailedException", kFailed);
  }
  // ConditionalOperator OR: one true entry is enough.
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"v":{"N":"5"}})",
                    R"(,"Expected":{"v":{"Value":{"N":"9"}},"s":{"Exists":true,"Value":{"S":"hello"}}},)"
                    R"("ConditionalOperator":"OR")"));
}

TEST(Legacy, ExpectedValidationMessages) {
  const std::string t = create_hash_table();
  const std::string kInvalid = "One or more parameter values were invalid: ";
  struct Case {
    std::string expected, message;
  } cases[] = {
      {R"({"v":{"Exists":true}})", kInvalid + "Value must be provided when Exists is true for Attribute: v"},
      {R"({"v":{}})", kInvalid + "Value must be provided when Exists is null for Attribute: v"},
      {R"({"v":{"Exists":false,"Value":{"N":"1"}}})", kInvalid + "Value cannot be used when Exists is false for Attribute: v"},
      {R"({"v":{"ComparisonOperator":"EQ"}})",
       kInvalid + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: v"},
      {R"({"v":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"},{"N":"2"}]}})",
       kInvalid + "Invalid number of argument(s) for the EQ ComparisonOperator"},
      {R"({"v":{"ComparisonOperator":"EQ","Exists":true,"Value":{"N":"1"}}})",
       kInvalid + "Exists and ComparisonOperator cannot be used together for Attribute: v"},
      {R"({"v":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"1"},{"S":"2"}]}})",
       kInvalid + "AttributeValues inside AttributeValueList must be of same type"},
      {R"({"v":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"3"},{"N":"2"}]}})",
       "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"},
      {R"({"v":{"ComparisonOperator":"SOMETIMES","Value":{"N":"1"}}})",
       "1 validation error detected: Value 'SOMETIMES' at 'expected.v.member.comparisonOperator' failed to satisfy "
       "constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, "
       "LE, BEGINS_WITH, GE, CONTAINS]"},
  };
  for (const auto& c : cases)
    EXPECT_API_ERROR(put(t, R"({"id":{"S":"k"}})", R"(,"Expected":)" + c.expected), 400, "ValidationException",
                     c.message);
}

TEST(Legacy, AttributeUpdatesPutAddDelete) {
  const std::string t = create_hash_table();
  ASSERT_API_OK(put(t, R"({"id":{"S":"k"},"n":{"N":"1"},"ss":{"SS":["a","b"]},"gone":{"S":"x"},"l":{"L":[{"S":"0"}]}})"));
  auto r = call("UpdateItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"k"}},"AttributeUpdates":{)"
                              R"("n":{"Action":"ADD","Value":{"N":"2"}},"ss":{"Action":"DELETE","Value":{"SS":["a"]}},)"
                              R"("gone":{"Action":"DELETE"},"p":{"Value":{"S":"put"}},"l":{"Action":"ADD","Value":{"L":[{"S":"1"}]}}},)"
                              R"("Expected":{"n":{"Value":{"N":"1"}}},"ReturnValues":"UPDATED_NEW"})");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "Attributes"),
            R"({"l":{"L":[{"S":"0"},{"S":"1"}]},"n":{"N":"3"},"p":{"S":"put"},"ss":{"SS":["b"]}})");
  EXPECT_API_ERROR(call("UpdateItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"k"}},)"
                                      R"("AttributeUpdates":{"x":{"Action":"PUT"}}})"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value "
                   "is specified");
  EXPECT_API_ERROR(call("UpdateItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"k"}},)"
                                      R"("AttributeUpdates":{"x":{"Action":"ADD","Value":{"S":"s"}}}})"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: ADD action is not supported for the type S");
}

}  // namespace
}  // namespace dynemu::testing_support
