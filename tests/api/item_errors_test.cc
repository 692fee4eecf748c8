// PutItem, GetItem and DeleteItem errors over HTTP: missing tables, key schema mismatches, empty and
// oversized keys, the 400 KB item limit, number limits and malformed attribute values.
#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr const char* kInvalid = "One or more parameter values were invalid: ";
constexpr const char* kKeyMismatch = "The provided key element does not match the schema";

ApiResponse put(const std::string& table, const std::string& item, const std::string& extra = "") {
  return call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + item + extra + "}");
}
ApiResponse get(const std::string& table, const std::string& key) {
  return call("GetItem", R"({"TableName":")" + table + R"(","Key":)" + key + "}");
}
ApiResponse del(const std::string& table, const std::string& key) {
  return call("DeleteItem", R"({"TableName":")" + table + R"(","Key":)" + key + "}");
}

void expect_validation(const ApiResponse& r, const std::string& message) {
  EXPECT_API_ERROR(r, 400, "ValidationException", message);
}

TEST(ItemErrors, MissingTable) {
  for (const auto& r : {put("NoSuchTable_i", R"({"id":{"S":"a"}})"), get("NoSuchTable_i", R"({"id":{"S":"a"}})"),
                        del("NoSuchTable_i", R"({"id":{"S":"a"}})")})
    EXPECT_API_ERROR(r, 400, "ResourceNotFoundException", "Requested resource not found");
}

TEST(ItemErrors, KeyMustMatchTheSchemaExactly) {
  const std::string table = create_composite_table("S", "N");
  const std::string good = R"({"pk":{"S":"a"},"sk":{"N":"1"}})";
  for (const std::string& key :
       {std::string(R"({"pk":{"S":"a"}})"),                            // range key missing
        std::string(R"({"pk":{"S":"a"},"sk":{"N":"1"},"x":{"S":"y"}})"),  // extra attribute
        std::string(R"({"pk":{"N":"1"},"sk":{"N":"1"}})"),             // wrong hash type
        std::string(R"({"pk":{"S":"a"},"sk":{"S":"1"}})"),             // wrong range type
        std::string(R"({"other":{"S":"a"},"sk":{"N":"1"}})"),          // wrong name
        std::string("{}")}) {
    SCOPED_TRACE(key);
    expect_validation(get(table, key), kKeyMismatch);
    expect_validation(del(table, key), kKeyMismatch);
  }
  ASSERT_API_OK(get(table, good));
}

TEST(ItemErrors, PutItemKeyChecks) {
  const std::string table = create_composite_table("S", "N");
  expect_validation(put(table, R"({"sk":{"N":"1"}})"), std::string(kInvalid) + "Missing the key pk in the item");
  expect_validation(put(table, R"({"pk":{"S":"a"}})"), std::string(kInvalid) + "Missing the key sk in the item");
  expect_validation(put(table, R"({"pk":{"B":"AA=="},"sk":{"N":"1"}})"),
                    std::string(kInvalid) + "Type mismatch for key pk expected: S actual: B");
  expect_validation(put(table, R"({"pk":{"S":"a"},"sk":{"SS":["1"]}})"),
                    std::string(kInvalid) + "Type mismatch for key sk expected: N actual: SS");
}

TEST(ItemErrors, EmptyKeyValues) {
  const std::string table = create_composite_table("S", "B");
  const std::string empty_pk =
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
      "string value. Key: pk";
  const std::string empty_sk =
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
      "string value. Key: sk";
  expect_validation(put(table, R"({"pk":{"S":""},"sk":{"B":"AA=="}})"), empty_pk);
  expect_validation(get(table, R"({"pk":{"S":""},"sk":{"B":"AA=="}})"), empty_pk);
  expect_validation(del(table, R"({"pk":{"S":"a"},"sk":{"B":""}})"), empty_sk);
  expect_validation(put(table, R"({"pk":{"S":"a"},"sk":{"B":""}})"), empty_sk);
}

TEST(ItemErrors, KeySizeLimits) {
  const std::string table = create_composite_table("S", "S");
  const std::string hash_too_big =
      std::string(kInvalid) + "Size of hashkey has exceeded the maximum size limit of2048 bytes";
  const std::string range_too_big =
      std::string(kInvalid) + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes";
  const std::string pk(2049, 'h'), sk(1025, 'r');
  expect_validation(put(table, R"({"pk":{"S":")" + pk + R"("},"sk":{"S":"a"}})"), hash_too_big);
  expect_validation(get(table, R"({"pk":{"S":")" + pk + R"("},"sk":{"S":"a"}})"), hash_too_big);
  expect_validation(put(table, R"({"pk":{"S":"a"},"sk":{"S":")" + sk + R"("}})"), range_too_big);
  expect_validation(del(table, R"({"pk":{"S":"a"},"sk":{"S":")" + sk + R"("}})"), range_too_big);
  // Sizes are UTF-8 bytes: 683 three-byte characters are 2049 bytes.
  std::string wide;
  for (int i = 0; i < 683; ++i) wide += "\xE2\x82\xAC";
  expect_validation(put(table, R"({"pk":{"S":")" + wide + R"("},"sk":{"S":"a"}})"), hash_too_big);
}

TEST(ItemErrors, ItemOver400KbIsRejectedAndNothingIsWritten) {
  const std::string table = create_hash_table();
  const std::string item = R"({"id":{"S":"k"},"p":{"S":")" + std::string(400 * 1024 - 3, 'x') + R"("}})";
  expect_validation(put(table, item), "Item size has exceeded the maximum allowed size");
  EXPECT_EQ(get(table, R"({"id":{"S":"k"}})").body, "{}");
  // Attribute names count too.
  const std::string long_name(1000, 'n');
  const std::string named = R"({"id":{"S":"k"},")" + long_name + R"(":{"S":")" + std::string(400 * 1024 - 1002, 'x') +
                            R"("}})";
  expect_validation(put(table, named), "Item size has exceeded the maximum allowed size");
}

TEST(ItemErrors, NumberLimits) {
  const std::string table = create_hash_table();
  auto with_number = [&](const std::string& n) { return put(table, R"({"id":{"S":"n"},"v":{"N":")" + n + R"("}})"); };
  expect_validation(with_number("123456789012345678901234567890123456789"),
                    "Attempting to store more than 38 significant digits in a Number");
  expect_validation(with_number("1E+126"),
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
  expect_validation(with_number("1E-131"),
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
  expect_validation(with_number("12abc"), "The parameter cannot be converted to a numeric value: 12abc");
  expect_validation(with_number(""), "The parameter cannot be converted to a numeric value");
  // Trailing zeros are not significant digits.
  ASSERT_API_OK(with_number("12345678901234567890123456789012345678000"));
}

TEST(ItemErrors, MalformedAttributeValues) {
  const std::string table = create_hash_table();
  expect_validation(put(table, R"({"id":{"S":"a"},"v":{}})"),
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  expect_validation(put(table, R"({"id":{"S":"a"},"v":{"S":"x","N":"1"}})"),
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                    "supported datatypes");
  expect_validation(put(table, R"({"id":{"S":"a"},"v":{"SS":[]}})"),
                    std::string(kInvalid) + "An string set  may not be empty");
  expect_validation(put(table, R"({"id":{"S":"a"},"v":{"SS":["x","x"]}})"),
                    std::string(kInvalid) + "Input collection [x, x] contains duplicates.");
  expect_validation(put(table, R"({"id":{"S":"a"},"v":{"NULL":false}})"),
                    std::string(kInvalid) + "Null attribute value types must have the value of true");
  EXPECT_API_ERROR(put(table, R"({"id":{"S":"a"},"v":{"S":5}})"), 400, "SerializationException",
                   "NUMBER_VALUE cannot be converted to String");
}

TEST(ItemErrors, RequestMembers) {
  const std::string table = create_hash_table();
  expect_validation(call("PutItem", R"({"TableName":")" + table + R"("})"),
                    "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not "
                    "be null");
  expect_validation(call("GetItem", R"({"TableName":")" + table + R"("})"),
                    "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not "
                    "be null");
  expect_validation(put(table, R"({"id":{"S":"a"}})", R"(,"ReturnValues":"ALL_NEW")"),
                    "ReturnValues can only be ALL_OLD or NONE");
  expect_validation(call("DeleteItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":"a"}},"ReturnValues":"UPDATED_NEW"})"),
                    "ReturnValues can only be ALL_OLD or NONE");
  expect_validation(put(table, R"({"id":{"S":"a"}})", R"(,"ReturnConsumedCapacity":"ALL")"),
                    "1 validation error detected: Value 'ALL' at 'returnConsumedCapacity' failed to satisfy "
                    "constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
}

}  // namespace
}  // namespace dynemu::testing_support
