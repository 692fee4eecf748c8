// BatchGetItem / BatchWriteItem validation that needs no table: constraint messages, duplicate
// keys, call limits, and ResourceNotFound ordering.
#include "api_test_support.h"

namespace dynemu::testing_support {
namespace {

std::string keys_json(int n, const std::string& prefix = "") {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += std::string(i ? "," : "") + R"({"a":{"S":")" + prefix + std::to_string(i) + R"("}})";
  return s + "]";
}

std::string writes_json(int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i)
    s += std::string(i ? "," : "") +
         (i % 2 ? R"({"DeleteRequest":{"Key":{"a":{"S":")" + std::to_string(i) + R"("}}}})"
                : R"({"PutRequest":{"Item":{"a":{"S":")" + std::to_string(i) + R"("}}}})");
  return s + "]";
}

TEST(BatchGetValidation, MissingAndEmptyRequestItems) {
  EXPECT_API_ERROR(call("BatchGetItem", "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member "
                   "must not be null");
  EXPECT_API_ERROR(call("BatchGetItem", R"({"RequestItems":{},"ReturnConsumedCapacity":"hi"})"), 400,
                   "ValidationException",
                   "2 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
                   "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value '{}' at 'requestItems' failed "
                   "to satisfy constraint: Member must have length greater than or equal to 1");
}

TEST(BatchGetValidation, ShortTableNameAndMissingKeys) {
  auto r = call("BatchGetItem", R"({"RequestItems":{"a":{}}})");
  EXPECT_EQ(r.error_type(), "ValidationException");
  EXPECT_NE(r.message().find("2 validation errors detected: Value '"), std::string::npos) << r.body;
  EXPECT_NE(r.message().find("at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: "
                             "[Member must have length less than or equal to 255, Member must have length greater "
                             "than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.message().find("Value null at 'requestItems.a.member.keys' failed to satisfy constraint: Member must "
                             "not be null"),
            std::string::npos)
      << r.body;
}

TEST(BatchGetValidation, KeysPerTableBetweenOneAndHundred) {
  auto empty = call("BatchGetItem", R"({"RequestItems":{"abc":{"Keys":[]}}})");
  EXPECT_API_ERROR(empty, 400, "ValidationException",
                   "1 validation error detected: Value '[]' at 'requestItems.abc.member.keys' failed to satisfy "
                   "constraint: Member must have length greater than or equal to 1");
  auto many = call("BatchGetItem", R"({"RequestItems":{"abc":{"Keys":)" + keys_json(101) + "}}}");
  EXPECT_EQ(many.error_type(), "ValidationException");
  EXPECT_NE(many.message().find("at 'requestItems.abc.member.keys' failed to satisfy constraint: Member must have "
                                "length less than or equal to 100"),
            std::string::npos)
      << many.message().substr(0, 200);
}

TEST(BatchGetValidation, HundredKeysAcrossTablesIsTheLimit) {
  EXPECT_API_ERROR(call("BatchGetItem", R"({"RequestItems":{"abc":{"Keys":)" + keys_json(100) +
                                            R"(},"abd":{"Keys":[{"a":{"S":"x"}}]}}})"),
                   400, "ValidationException", "Too many items requested for the BatchGetItem call");
  EXPECT_API_ERROR(call("BatchGetItem", R"({"RequestItems":{"abc":{"Keys":)" + keys_json(100) + "}}}"), 400,
                   "ResourceNotFoundException", "Requested resource not found");
}

TEST(BatchGetValidation, DuplicateKeysBeforeTableLookup) {
  EXPECT_API_ERROR(
      call("BatchGetItem", R"({"RequestItems":{"nosuchtable":{"Keys":[{"a":{"S":"1"},"b":{"N":"2"}},{"b":{"N":"2"},"a":{"S":"1"}}]}}})"),
      400, "ValidationException", "Provided list of item keys contains duplicates");
  EXPECT_API_ERROR(call("BatchGetItem", R"({"RequestItems":{"abc":{"Keys":[{"a":{"S":"1"}}],"AttributesToGet":["a","a"]}}})"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Duplicate value in attribute name: a");
}

TEST(BatchGetValidation, ExpressionAndLegacyMixed) {
  EXPECT_API_ERROR(
      call("BatchGetItem",
           R"({"RequestItems":{"abc":{"Keys":[{"a":{"S":"1"}}],"AttributesToGet":["a"],"ProjectionExpression":"a"}}})"),
      400, "ValidationException",
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: "
      "{AttributesToGet} Expression parameters: {ProjectionExpression}");
  EXPECT_API_ERROR(
      call("BatchGetItem",
           R"({"RequestItems":{"abc":{"Keys":[{"a":{"S":"1"}}],"AttributesToGet":["a"],"ExpressionAttributeNames":{"#a":"a"}}}})"),
      400, "ValidationException", "ExpressionAttributeNames can only be specified when using expressions");
}

TEST(BatchGetValidation, BadAttributeValueInKey) {
  EXPECT_API_ERROR(call("BatchGetItem", R"({"RequestItems":{"abc":{"Keys":[{"a":{"S":"a","N":"1"}}]}}})"), 400,
                   "ValidationException",
                   "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                   "supported datatypes");
}

TEST(BatchGetValidation, WrongJsonTypeIsSerializationError) {
  auto r = call("BatchGetItem", R"({"RequestItems":{"abc":{"Keys":[{"a":{"S":"1"}}],"ConsistentRead":"yes"}}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_type(), "SerializationException") << r.body;
}

TEST(BatchWriteValidation, ConstraintsInOrder) {
  EXPECT_API_ERROR(call("BatchWriteItem", R"({"ReturnConsumedCapacity":"hi","ReturnItemCollectionMetrics":"hi"})"),
                   400, "ValidationException",
                   "3 validation errors detected: Value 'hi' at 'returnConsumedCapacity' failed to satisfy "
                   "constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value 'hi' at "
                   "'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: "
                   "[SIZE, NONE]; Value null at 'requestItems' failed to satisfy constraint: Member must not be null");
  auto r = call("BatchWriteItem", R"({"RequestItems":{"aa;":[{"PutRequest":{},"DeleteRequest":{}}]}})");
  EXPECT_EQ(r.error_type(), "ValidationException");
  EXPECT_NE(r.message().find("3 validation errors detected: "), std::string::npos) << r.body;
  EXPECT_NE(r.message().find("; Value null at 'requestItems.aa;.member.1.member.deleteRequest.key' failed to satisfy "
                             "constraint: Member must not be null; Value null at "
                             "'requestItems.aa;.member.1.member.putRequest.item' failed to satisfy constraint: Member "
                             "must not be null"),
            std::string::npos)
      << r.body;
}

TEST(BatchWriteValidation, TwentyFiveRequestsPerTable) {
  auto r = call("BatchWriteItem", R"({"RequestItems":{"abc":)" + writes_json(26) + "}}");
  EXPECT_EQ(r.error_type(), "ValidationException");
  EXPECT_NE(r.message().find("at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
                             "[Member must have length less than or equal to 25, Member must have length greater "
                             "than or equal to 1]"),
            std::string::npos)
      << r.message().substr(0, 300);
  EXPECT_API_ERROR(call("BatchWriteItem", R"({"RequestItems":{"abc":)" + writes_json(25) + "}}"), 400,
                   "ResourceNotFoundException", "Requested resource not found");
  EXPECT_API_ERROR(call("BatchWriteItem",
                        R"({"RequestItems":{"abc":)" + writes_json(20) + R"(,"abd":)" + writes_json(6) + "}}"),
                   400, "ValidationException", "Too many items requested for the BatchWriteItem call");
}

TEST(BatchWriteValidation, TableExistenceCheckedBeforeDuplicates) {
  EXPECT_API_ERROR(call("BatchWriteItem",
                        R"({"RequestItems":{"abc":[{"PutRequest":{"Item":{"a":{"S":"x"}}}},{"DeleteRequest":{"Key":{"a":{"S":"x"}}}}]}})"),
                   400, "ResourceNotFoundException", "Requested resource not found");
}

TEST(BatchWriteValidation, ItemProblemsBeforeTableLookup) {
  EXPECT_API_ERROR(call("BatchWriteItem", R"({"RequestItems":{"abc":[{}]}})"), 400, "ValidationException",
                   "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                   "supported datatypes");
  const std::string big(400 * 1024, 'x');
  EXPECT_API_ERROR(call("BatchWriteItem", R"({"RequestItems":{"abc":[{"PutRequest":{"Item":{"a":{"S":")" + big +
                                              R"("}}}}]}})"),
                   400, "ValidationException", "Item size has exceeded the maximum allowed size");
}

}  // namespace
}  // namespace dynemu::testing_support
