// Item size, per the developer guide "DynamoDB item sizes and formats".
#include <gtest/gtest.h>

#include <string>

#include "model/attribute_value.h"
#include "model/json_codec.h"

namespace dynemu::model {
namespace {

Item item_of(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  EXPECT_FALSE(d.HasParseError()) << json;
  return decode_item(d);
}

AttributeValue value_of(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  EXPECT_FALSE(d.HasParseError()) << json;
  return decode_attribute_value(d);
}

TEST(ItemSize, Scalars) {
  // String: UTF-8 bytes of the name + UTF-8 bytes of the value.
  EXPECT_EQ(item_size(item_of(R"({"name":{"S":"hello"}})")), 4u + 5u);
  EXPECT_EQ(item_size(item_of(R"({"é":{"S":"😀"}})")), 2u + 4u);
  EXPECT_EQ(item_size(item_of(R"({"s":{"S":""}})")), 1u);
  // Binary: raw bytes, not the base64 text.
  EXPECT_EQ(item_size(item_of(R"({"b":{"B":"AAECAwQ="}})")), 1u + 5u);
  // Number: 1 byte + digit pairs (+1 if negative).
  EXPECT_EQ(item_size(item_of(R"({"n":{"N":"27"}})")), 1u + 2u);
  EXPECT_EQ(item_size(item_of(R"({"n":{"N":"-27"}})")), 1u + 3u);
  EXPECT_EQ(item_size(item_of(R"({"n":{"N":"461"}})")), 1u + 3u);
  EXPECT_EQ(item_size(item_of(R"({"ts":{"N":"1786461547"}})")), 2u + 6u);
  // Null and Boolean: 1 byte.
  EXPECT_EQ(item_size(item_of(R"({"flag":{"BOOL":false}})")), 4u + 1u);
  EXPECT_EQ(item_size(item_of(R"({"none":{"NULL":true}})")), 4u + 1u);
}

TEST(ItemSize, ListsAndMaps) {
  // Empty List or Map: name + 3 bytes.
  EXPECT_EQ(item_size(item_of(R"({"l":{"L":[]}})")), 1u + 3u);
  EXPECT_EQ(item_size(item_of(R"({"m":{"M":{}}})")), 1u + 3u);
  // Each element adds 1 byte plus its size; map elements count their names.
  EXPECT_EQ(attribute_size(value_of(R"({"L":[{"S":"abc"},{"BOOL":true}]})")), 3u + (1 + 3) + (1 + 1));
  EXPECT_EQ(attribute_size(value_of(R"({"M":{"key":{"S":"abc"},"k":{"NULL":true}}})")),
            3u + (1 + 3 + 3) + (1 + 1 + 1));
  // Nested.
  EXPECT_EQ(attribute_size(value_of(R"({"M":{"inner":{"L":[{"N":"1"}]}}})")), 3u + (1 + 5 + (3 + (1 + 2))));
}

TEST(ItemSize, Sets) {
  EXPECT_EQ(attribute_size(value_of(R"({"SS":["a","bc","é"]})")), 1u + 2u + 2u);
  EXPECT_EQ(attribute_size(value_of(R"({"NS":["1","-42","3.14159"]})")), 2u + 3u + 5u);
  EXPECT_EQ(attribute_size(value_of(R"({"BS":["YQ==","YmM="]})")), 1u + 2u);
}

TEST(ItemSize, WholeItem) {
  const Item item = item_of(R"({
    "id": {"S": "user#123"},
    "age": {"N": "42"},
    "tags": {"SS": ["a", "b"]},
    "address": {"M": {"city": {"S": "Oslo"}, "zip": {"N": "150"}}},
    "active": {"BOOL": true}
  })");
  const size_t expected = (2 + 8)                                  // id
                          + (3 + 2)                                // age: 42 -> 2 bytes
                          + (4 + 2)                                // tags
                          + (7 + 3 + (1 + 4 + 4) + (1 + 3 + 3))    // address: 150 = [1][50] -> 3
                          + (6 + 1);                               // active
  EXPECT_EQ(item_size(item), expected);
  EXPECT_EQ(item_size(Item{}), 0u);
}

TEST(ItemSize, BuiltWithoutJson) {
  Item inner;
  inner["x"] = AttributeValue::string("yz");
  Item item;
  item["m"] = AttributeValue::map_of(inner);
  item["l"] = AttributeValue::list_of({AttributeValue::null(), AttributeValue::binary("\x01")});
  EXPECT_EQ(item_size(item), (1 + 3 + (1 + 1 + 2)) + (1 + 3 + (1 + 1) + (1 + 1)));
}

}  // namespace
}  // namespace dynemu::model
