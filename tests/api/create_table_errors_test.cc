// CreateTable's validation over HTTP: each DynamoDB error, its message, and which check wins
// when a request breaks several rules.
#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr const char* kInvalid = "One or more parameter values were invalid: ";

// A request built from its members (each a JSON fragment "Name": value, or empty to omit it).
std::string request(const std::string& name, const std::string& definitions, const std::string& keys,
                    const std::string& rest = R"("BillingMode":"PAY_PER_REQUEST")") {
  std::string body = "{";
  auto add = [&body](const std::string& part) {
    if (part.empty()) return;
    if (body.size() > 1) body += ",";
    body += part;
  };
  if (name != "<none>") add(R"("TableName":")" + name + "\"");
  if (!definitions.empty()) add(R"("AttributeDefinitions":)" + definitions);
  if (!keys.empty()) add(R"("KeySchema":)" + keys);
  add(rest);
  return body + "}";
}

const std::string kDefsAB = R"([{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"N"}])";
const std::string kDefsA = R"([{"AttributeName":"a","AttributeType":"S"}])";
const std::string kKeyA = R"([{"AttributeName":"a","KeyType":"HASH"}])";
const std::string kKeyAB = R"([{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"}])";

void expect_validation(const std::string& body, const std::string& message) {
  SCOPED_TRACE("request: " + body);
  EXPECT_API_ERROR(call("CreateTable", body), 400, "ValidationException", message);
}

TEST(CreateTableErrors, WrongJsonTypeIsSerializationException) {
  EXPECT_API_ERROR(call("CreateTable", R"({"TableName":"abc","KeySchema":"x"})"), 400, "SerializationException",
                   "Unexpected field type");
  EXPECT_API_ERROR(call("CreateTable", R"({"TableName":"abc","ProvisionedThroughput":{"ReadCapacityUnits":"1"}})"),
                   400, "SerializationException", "STRING_VALUE cannot be converted to Long");
}

TEST(CreateTableErrors, TableNameIsCheckedBeforeEverythingElse) {
  expect_validation("{}", "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
                          "Member must not be null");
  expect_validation(request("ab", "", ""),
                    "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member "
                    "must have length greater than or equal to 3");
  expect_validation(request("a b!", "", ""),
                    "1 validation error detected: Value 'a b!' at 'tableName' failed to satisfy constraint: Member "
                    "must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  expect_validation(request("", "", ""),
                    "2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member must "
                    "satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'tableName' failed to satisfy "
                    "constraint: Member must have length greater than or equal to 3");
  const std::string long_name(256, 'x');
  expect_validation(request(long_name, "", ""),
                    "1 validation error detected: Value '" + long_name +
                        "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to "
                        "255");
}

TEST(CreateTableErrors, MissingMembersAreCollectedTogether) {
  expect_validation(request("abc", "", "", ""),
                    "2 validation errors detected: Value null at 'keySchema' failed to satisfy constraint: Member "
                    "must not be null; Value null at 'attributeDefinitions' failed to satisfy constraint: Member must "
                    "not be null");
  expect_validation(
      request("abc", R"([{"AttributeType":"X"}])", R"([{"KeyType":"SORT"}])",
              R"("BillingMode":"FREE","ProvisionedThroughput":{"ReadCapacityUnits":0})"),
      "7 validation errors detected: Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must "
      "satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]; Value null at "
      "'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must not be null; Value '0' at "
      "'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or "
      "equal to 1; Value null at 'keySchema.1.member.attributeName' failed to satisfy constraint: Member must not be "
      "null; Value 'SORT' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum "
      "value set: [HASH, RANGE]; Value null at 'attributeDefinitions.1.member.attributeName' failed to satisfy "
      "constraint: Member must not be null; Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to "
      "satisfy constraint: Member must satisfy enum value set: [B, N, S]");
}

TEST(CreateTableErrors, KeySchemaLength) {
  expect_validation(request("abc", kDefsA, "[]"),
                    "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy constraint: Member "
                    "must have length greater than or equal to 1");
  expect_validation(
      request("abc", kDefsAB,
              R"([{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"},{"AttributeName":"c","KeyType":"RANGE"}])"),
      "1 validation error detected: Value '[KeySchemaElement(attributeName=a, keyType=HASH), "
      "KeySchemaElement(attributeName=b, keyType=RANGE), KeySchemaElement(attributeName=c, keyType=RANGE)]' at "
      "'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2");
}

TEST(CreateTableErrors, AttributeTypeMustBeScalarKeyType) {
  expect_validation(request("abc", R"([{"AttributeName":"a","AttributeType":"SS"}])", kKeyA),
                    "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed "
                    "to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
}

TEST(CreateTableErrors, BillingModeAndThroughput) {
  expect_validation(request("abc", kDefsA, kKeyA,
                            R"("BillingMode":"PAY_PER_REQUEST","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1})"),
                    std::string(kInvalid) +
                        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
                        "PAY_PER_REQUEST");
  const std::string must_both = std::string(kInvalid) +
                                "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
                                "PROVISIONED";
  expect_validation(request("abc", kDefsA, kKeyA, ""), must_both);  // PROVISIONED is the default
  expect_validation(request("abc", kDefsA, kKeyA, R"("BillingMode":"PROVISIONED")"), must_both);
  expect_validation(request("abc", kDefsA, kKeyA,
                            R"("ProvisionedThroughput":{"ReadCapacityUnits":1000000000001,"WriteCapacityUnits":1000000000002})"),
                    "Given value 1000000000001 for ReadCapacityUnits is out of bounds");
  expect_validation(request("abc", kDefsA, kKeyA,
                            R"("ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1000000000002})"),
                    "Given value 1000000000002 for WriteCapacityUnits is out of bounds");
  // Throughput rules come before key schema rules.
  expect_validation(request("abc", kDefsA, kKeyAB, ""), must_both);
}

TEST(CreateTableErrors, KeySchemaAgainstAttributeDefinitions) {
  expect_validation(request("abc", kDefsA, kKeyAB), "Invalid KeySchema: Some index key attribute have no definition");
  expect_validation(request("abc", R"([{"AttributeName":"x","AttributeType":"S"}])", kKeyA),
                    std::string(kInvalid) +
                        "Some index key attributes are not defined in AttributeDefinitions. Keys: [a], "
                        "AttributeDefinitions: [x]");
  expect_validation(request("abc", R"([{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"c","AttributeType":"S"}])",
                            kKeyAB),
                    std::string(kInvalid) +
                        "Some index key attributes are not defined in AttributeDefinitions. Keys: [a, b], "
                        "AttributeDefinitions: [a, c]");
  expect_validation(request("abc", kDefsAB, R"([{"AttributeName":"a","KeyType":"RANGE"}])"),
                    "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  expect_validation(request("abc", kDefsAB, R"([{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"b","KeyType":"HASH"}])"),
                    "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  expect_validation(request("abc", kDefsAB, R"([{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"a","KeyType":"RANGE"}])"),
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  expect_validation(request("abc", kDefsAB, kKeyA),
                    std::string(kInvalid) +
                        "Number of attributes in KeySchema does not exactly match number of attributes defined in "
                        "AttributeDefinitions");
  expect_validation(request("abc", R"([{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"a","AttributeType":"N"}])",
                            kKeyA),
                    "Attribute Name is duplicated: a");
}

// A table (hash a, range b) with the given index lists.
std::string with_indexes(const std::string& definitions, const std::string& indexes,
                         const std::string& billing = R"("BillingMode":"PAY_PER_REQUEST")") {
  return request("abc", definitions, kKeyAB, billing + "," + indexes);
}

const std::string kDefsABC =
    R"([{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"N"},{"AttributeName":"c","AttributeType":"S"}])";

std::string lsi(const std::string& name, const std::string& keys, const std::string& projection = R"({"ProjectionType":"ALL"})") {
  return R"({"IndexName":")" + name + R"(","KeySchema":)" + keys + R"(,"Projection":)" + projection + "}";
}
const std::string kLsiKeys = R"([{"AttributeName":"a","KeyType":"HASH"},{"AttributeName":"c","KeyType":"RANGE"}])";
const std::string kGsiKeys = R"([{"AttributeName":"c","KeyType":"HASH"}])";

TEST(CreateTableErrors, LocalSecondaryIndexRules) {
  expect_validation(with_indexes(kDefsAB, R"("LocalSecondaryIndexes":[])"),
                    std::string(kInvalid) + "List of LocalSecondaryIndexes is empty");
  expect_validation(request("abc", R"([{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"c","AttributeType":"S"}])",
                            kKeyA, R"("BillingMode":"PAY_PER_REQUEST","LocalSecondaryIndexes":[)" + lsi("ix1", kLsiKeys) + "]"),
                    std::string(kInvalid) +
                        "Table KeySchema does not have a range key, which is required when specifying a "
                        "LocalSecondaryIndex");
  expect_validation(with_indexes(kDefsAB, R"("LocalSecondaryIndexes":[)" + lsi("ix1", kLsiKeys) + "]"),
                    std::string(kInvalid) +
                        "Some index key attributes are not defined in AttributeDefinitions. Keys: [a, c], "
                        "AttributeDefinitions: [a, b]");
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[)" +
                                               lsi("ix1", R"([{"AttributeName":"a","KeyType":"HASH"}])") + "]"),
                    std::string(kInvalid) + "Index KeySchema does not have a range key for index: ix1");
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[)" +
                                               lsi("ix1", R"([{"AttributeName":"c","KeyType":"HASH"},{"AttributeName":"b","KeyType":"RANGE"}])") +
                                               "]"),
                    std::string(kInvalid) +
                        "Index KeySchema does not have the same leading hash key as table KeySchema for index: ix1. "
                        "index hash key: c, table hash key: a");
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[)" + lsi("ix1", kLsiKeys, "{}") + "]"),
                    std::string(kInvalid) + "Unknown ProjectionType: null");
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[)" +
                                               lsi("ix1", kLsiKeys, R"({"ProjectionType":"ALL","NonKeyAttributes":["x"]})") + "]"),
                    std::string(kInvalid) + "ProjectionType is ALL, but NonKeyAttributes is specified");
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[)" +
                                               lsi("ix1", kLsiKeys, R"({"ProjectionType":"INCLUDE"})") + "]"),
                    std::string(kInvalid) + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[)" + lsi("ix1", kLsiKeys) + "," +
                                               lsi("ix1", kLsiKeys) + "]"),
                    std::string(kInvalid) + "Duplicate index name: ix1");
  std::string six;
  for (int i = 0; i < 6; ++i) six += (i ? "," : "") + lsi("lsi" + std::to_string(i), kLsiKeys);
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[)" + six + "]"),
                    std::string(kInvalid) + "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
}

TEST(CreateTableErrors, IndexConstraintsAreCollected) {
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[{"IndexName":"x","KeySchema":[]}])"),
                    "3 validation errors detected: Value 'x' at 'localSecondaryIndexes.1.member.indexName' failed to "
                    "satisfy constraint: Member must have length greater than or equal to 3; Value '[]' at "
                    "'localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must have length "
                    "greater than or equal to 1; Value null at 'localSecondaryIndexes.1.member.projection' failed to "
                    "satisfy constraint: Member must not be null");
}

TEST(CreateTableErrors, GlobalSecondaryIndexRules) {
  expect_validation(with_indexes(kDefsAB, R"("GlobalSecondaryIndexes":[])"),
                    std::string(kInvalid) + "List of GlobalSecondaryIndexes is empty");
  expect_validation(with_indexes(kDefsAB, R"("GlobalSecondaryIndexes":[)" + lsi("gix", kGsiKeys) + "]"),
                    std::string(kInvalid) +
                        "Some index key attributes are not defined in AttributeDefinitions. Keys: [c], "
                        "AttributeDefinitions: [a, b]");
  expect_validation(with_indexes(kDefsABC, R"("GlobalSecondaryIndexes":[)" +
                                               lsi("gix", R"([{"AttributeName":"c","KeyType":"RANGE"}])") + "]"),
                    "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  expect_validation(
      with_indexes(kDefsABC, R"("GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":)" + kGsiKeys +
                                 R"(,"Projection":{"ProjectionType":"ALL"},"ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}])"),
      std::string(kInvalid) + "ProvisionedThroughput should not be specified for index: gix when BillingMode is "
                              "PAY_PER_REQUEST");
  expect_validation(with_indexes(kDefsABC, R"("GlobalSecondaryIndexes":[)" + lsi("gix", kGsiKeys) + "]",
                                 R"("ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1})"),
                    std::string(kInvalid) + "ProvisionedThroughput is not specified for index: gix");
  // An LSI and a GSI share one namespace.
  expect_validation(with_indexes(kDefsABC, R"("LocalSecondaryIndexes":[)" + lsi("ix1", kLsiKeys) +
                                               R"(],"GlobalSecondaryIndexes":[)" + lsi("ix1", kGsiKeys) + "]"),
                    std::string(kInvalid) + "Duplicate index name: ix1");
  std::string many;
  for (int i = 0; i < 21; ++i) many += (i ? "," : "") + lsi("gsi" + std::to_string(i), kGsiKeys);
  expect_validation(with_indexes(kDefsABC, R"("GlobalSecondaryIndexes":[)" + many + "]"),
                    std::string(kInvalid) + "GlobalSecondaryIndex count exceeds the per-table limit of 20");
  const std::string defs_abcd =
      R"([{"AttributeName":"a","AttributeType":"S"},{"AttributeName":"b","AttributeType":"N"},)"
      R"({"AttributeName":"c","AttributeType":"S"},{"AttributeName":"d","AttributeType":"S"}])";
  expect_validation(with_indexes(defs_abcd, R"("GlobalSecondaryIndexes":[)" + lsi("gix", kGsiKeys) + "]"),
                    std::string(kInvalid) +
                        "Some AttributeDefinitions are not used. AttributeDefinitions: [a, b, c, d], keys used: [a, b, c]");
}

TEST(CreateTableErrors, TwentyGlobalAndFiveLocalIndexesAreAllowed) {
  std::string gsis, lsis;
  for (int i = 0; i < 20; ++i) gsis += (i ? "," : "") + lsi("gsi" + std::to_string(i), kGsiKeys);
  for (int i = 0; i < 5; ++i) lsis += (i ? "," : "") + lsi("lsi" + std::to_string(i), kLsiKeys);
  const std::string name = unique_table_name();
  auto r = call("CreateTable", request(name, kDefsABC, kKeyAB,
                                       R"("BillingMode":"PAY_PER_REQUEST","GlobalSecondaryIndexes":[)" + gsis +
                                           R"(],"LocalSecondaryIndexes":[)" + lsis + "]"));
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["TableDescription"]["GlobalSecondaryIndexes"].Size(), 20u);
  EXPECT_EQ(r.json["TableDescription"]["LocalSecondaryIndexes"].Size(), 5u);
}

TEST(CreateTableErrors, StreamSseAndTableClass) {
  auto with = [](const std::string& extra) {
    return request("abc", kDefsA, kKeyA, R"("BillingMode":"PAY_PER_REQUEST",)" + extra);
  };
  expect_validation(with(R"("StreamSpecification":{"StreamEnabled":true})"),
                    std::string(kInvalid) + "Table is being created with a stream enabled, UpdateViewType is required");
  expect_validation(with(R"("StreamSpecification":{"StreamEnabled":false,"StreamViewType":"KEYS_ONLY"})"),
                    std::string(kInvalid) +
                        "Table is being created with a stream disabled, UpdateViewType should not be specified");
  expect_validation(with(R"("StreamSpecification":{"StreamViewType":"ALL"})"),
                    "2 validation errors detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy "
                    "constraint: Member must not be null; Value 'ALL' at 'streamSpecification.streamViewType' failed "
                    "to satisfy constraint: Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, "
                    "NEW_AND_OLD_IMAGES, NEW_IMAGE]");
  expect_validation(with(R"("SSESpecification":{"Enabled":false,"SSEType":"KMS"})"),
                    std::string(kInvalid) + "SSEType can not be specified if Enabled is false");
  expect_validation(with(R"("SSESpecification":{"Enabled":true,"SSEType":"AES256"})"),
                    std::string(kInvalid) + "SSEType AES256 is not supported");
  expect_validation(with(R"("TableClass":"GLACIER")"),
                    "Invalid table-class parameter provided. Please try again with a valid table-class value: "
                    "[STANDARD, STANDARD_INFREQUENT_ACCESS].");
  // Tags answer with TagResource's own messages, not model constraints (api/tags.h).
  expect_validation(with(R"("Tags":[{"Key":"","Value":"v"}])"), "The Tag Key provided is invalid, Key: ");
}

TEST(CreateTableErrors, NullListElementsAreConstraintErrors) {
  expect_validation(request("abc", "[null]", "[null]"),
                    "2 validation errors detected: Value null at 'keySchema.1.member' failed to satisfy constraint: "
                    "Member must not be null; Value null at 'attributeDefinitions.1.member' failed to satisfy "
                    "constraint: Member must not be null");
}

TEST(CreateTableErrors, NothingIsCreatedByARejectedRequest) {
  const std::string name = unique_table_name();
  expect_validation(request(name, kDefsAB, kKeyA),
                    std::string(kInvalid) +
                        "Number of attributes in KeySchema does not exactly match number of attributes defined in "
                        "AttributeDefinitions");
  EXPECT_EQ(describe(name).error_type(), "ResourceNotFoundException");
}

}  // namespace
}  // namespace dynemu::testing_support
