// JsonCodec: round trips, canonical output, and every decoding error with its type and message.
#include "model/json_codec.h"

#include <gtest/gtest.h>

#include <set>

#include <string>
#include <vector>

#include "model/api_error.h"

namespace dynemu::model {
namespace {

const char kValidation[] = "com.amazon.coral.validate#ValidationException";
const char kSerialization[] = "com.amazon.coral.service#SerializationException";
const std::string kInvalid = "One or more parameter values were invalid: ";
const std::string kEmpty = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
const std::string kMultiple =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
const std::string kNesting =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

AttributeValue value_of(const std::string& json) { return decode_attribute_value(parse(json)); }

std::string encode(const AttributeValue& v) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  encode_attribute_value(v, w);
  return std::string(buf.GetString(), buf.GetSize());
}

struct ErrorCase {
  std::string json;  // an AttributeValue
  std::string type;
  std::string message;
};

void expect_error(const ErrorCase& c) {
  try {
    value_of(c.json);
    ADD_FAILURE() << "no error for " << c.json;
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), c.type) << c.json;
    EXPECT_EQ(e.message(), c.message) << c.json;
    EXPECT_EQ(e.status(), 400);
  }
}

TEST(JsonDecode, AllTypes) {
  AttributeValue s = value_of(R"({"S":"héllo"})");
  EXPECT_EQ(s.type, AttrType::S);
  EXPECT_EQ(s.s, "héllo");

  AttributeValue n = value_of(R"({"N":"-12.50"})");
  EXPECT_EQ(n.type, AttrType::N);
  EXPECT_EQ(n.n.to_string(), "-12.5");

  AttributeValue b = value_of(R"({"B":"AP8="})");
  EXPECT_EQ(b.type, AttrType::B);
  EXPECT_EQ(b.s, std::string("\x00\xff", 2));

  EXPECT_TRUE(value_of(R"({"BOOL":true})").boolean);
  EXPECT_FALSE(value_of(R"({"BOOL":false})").boolean);
  EXPECT_EQ(value_of(R"({"NULL":true})").type, AttrType::NUL);

  AttributeValue l = value_of(R"({"L":[{"S":"a"},{"N":"1"},{"L":[]}]})");
  ASSERT_EQ(l.type, AttrType::L);
  ASSERT_EQ(l.list.size(), 3u);
  EXPECT_EQ(l.list[2].type, AttrType::L);

  AttributeValue m = value_of(R"({"M":{"x":{"S":"1"},"y":{"M":{}}}})");
  ASSERT_EQ(m.type, AttrType::M);
  ASSERT_TRUE(m.map);
  EXPECT_EQ(m.map->size(), 2u);
  EXPECT_EQ(m.map->at("y").type, AttrType::M);

  AttributeValue ss = value_of(R"({"SS":["b","a",""]})");
  EXPECT_EQ(ss.type, AttrType::SS);
  EXPECT_EQ(ss.strings, (std::vector<std::string>{"b", "a", ""}));  // insertion order

  AttributeValue ns = value_of(R"({"NS":["10","2","-1","1.50"]})");
  EXPECT_EQ(ns.type, AttrType::NS);
  std::vector<std::string> texts;
  for (const auto& x : ns.numbers) texts.push_back(x.to_string());
  EXPECT_EQ(texts, (std::vector<std::string>{"-1", "1.5", "10", "2"}));  // canonical text order

  AttributeValue bs = value_of(R"({"BS":["YQ==","Yg=="]})");
  EXPECT_EQ(bs.type, AttrType::BS);
  EXPECT_EQ(bs.strings, (std::vector<std::string>{"a", "b"}));
}

TEST(JsonDecode, EmptyStringsAndBinariesAreAccepted) {
  EXPECT_EQ(value_of(R"({"S":""})").s, "");
  EXPECT_EQ(value_of(R"({"B":""})").s, "");
  EXPECT_EQ(value_of(R"({"BS":[""]})").strings.size(), 1u);
  EXPECT_EQ(value_of(R"({"SS":[""]})").strings.size(), 1u);
}

TEST(JsonDecode, NullMembersAreAbsentAndUnknownMembersIgnored) {
  EXPECT_EQ(value_of(R"({"S":null,"N":"1"})").type, AttrType::N);
  EXPECT_EQ(value_of(R"({"X":"y","S":"a"})").s, "a");
}

TEST(JsonDecode, CoralBooleanSpellings) {
  EXPECT_TRUE(value_of(R"({"BOOL":"true"})").boolean);
  EXPECT_TRUE(value_of(R"({"BOOL":"YES"})").boolean);
  EXPECT_TRUE(value_of(R"({"BOOL":"1"})").boolean);
  EXPECT_FALSE(value_of(R"({"BOOL":"no"})").boolean);
  EXPECT_FALSE(value_of(R"({"BOOL":"False"})").boolean);
  EXPECT_FALSE(value_of(R"({"BOOL":"0"})").boolean);
}

TEST(JsonDecode, ValidationErrors) {
  const std::vector<ErrorCase> cases = {
      {R"({})", kValidation, kEmpty},
      {R"({"a":""})", kValidation, kEmpty},
      {R"({"S":null})", kValidation, kEmpty},
      {R"({"M":{"a":{}}})", kValidation, kEmpty},
      {R"({"L":[{}]})", kValidation, kEmpty},
      {R"({"L":[null]})", kValidation, kEmpty},
      {R"({"L":[{"a":{}}]})", kValidation, kEmpty},
      {R"({"S":"a","N":"1"})", kValidation, kMultiple},
      {R"({"S":"a","BOOL":true})", kValidation, kMultiple},
      {R"({"NULL":false})", kValidation, kInvalid + "Null attribute value types must have the value of true"},
      {R"({"NULL":"no"})", kValidation, kInvalid + "Null attribute value types must have the value of true"},
      {R"({"SS":[]})", kValidation, kInvalid + "An string set  may not be empty"},
      {R"({"NS":[]})", kValidation, kInvalid + "An number set  may not be empty"},
      {R"({"BS":[]})", kValidation, kInvalid + "Binary sets should not be empty"},
      {R"({"SS":["a","a"]})", kValidation, kInvalid + "Input collection [a, a] contains duplicates."},
      {R"({"SS":["a","b","a"]})", kValidation, kInvalid + "Input collection [a, b, a] contains duplicates."},
      {R"({"BS":["Yg==","Yg=="]})", kValidation, kInvalid + "Input collection [Yg==, Yg==]of type BS contains duplicates."},
      {R"({"NS":["1","1"]})", kValidation, "Input collection contains duplicates"},
      {R"({"NS":["1","1.0"]})", kValidation, "Input collection contains duplicates"},
      {R"({"NS":["1",""]})", kValidation, "The parameter cannot be converted to a numeric value"},
      {R"({"NS":["1","b","a"]})", kValidation, "The parameter cannot be converted to a numeric value: b"},
      {R"({"N":""})", kValidation, "The parameter cannot be converted to a numeric value"},
      {R"({"N":"b"})", kValidation, "The parameter cannot be converted to a numeric value: b"},
      {R"({"S":"","N":""})", kValidation, "The parameter cannot be converted to a numeric value"},
      {R"({"S":"a","N":"b"})", kValidation, "The parameter cannot be converted to a numeric value: b"},
      {R"({"N":"123456789012345678901234567890123456789"})", kValidation,
       "Attempting to store more than 38 significant digits in a Number"},
      {R"({"N":"-1.23456789012345678901234567890123456789"})", kValidation,
       "Attempting to store more than 38 significant digits in a Number"},
      {R"({"N":"1e126"})", kValidation,
       "Number overflow. Attempting to store a number with magnitude larger than supported range"},
      {R"({"N":"-1e-131"})", kValidation,
       "Number underflow. Attempting to store a number with magnitude smaller than supported range"},
      {R"({"M":{"x":{"N":"x"}}})", kValidation, "The parameter cannot be converted to a numeric value: x"},
      {R"({"L":[{"S":"ok"},{"SS":[]}]})", kValidation, kInvalid + "An string set  may not be empty"},
  };
  for (const auto& c : cases) expect_error(c);
}

TEST(JsonDecode, SerializationErrors) {
  const std::string big = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
  const std::vector<ErrorCase> cases = {
      {R"("x")", kSerialization, "Expected null"},
      {R"(5)", kSerialization, "Expected null"},
      {R"(true)", kSerialization, "Expected null"},
      {R"([])", kSerialization, "Start of list found where not expected"},
      {R"({"S":5})", kSerialization, big + " can not be converted to an String"},
      {R"({"S":true})", kSerialization, "class java.lang.Boolean can not be converted to an String"},
      {R"({"S":{}})", kSerialization, "Start of structure or map found where not expected."},
      {R"({"S":[]})", kSerialization, "Start of list found where not expected"},
      {R"({"N":1})", kSerialization, big + " can not be converted to an String"},
      {R"({"N":false})", kSerialization, "class java.lang.Boolean can not be converted to an String"},
      {R"({"B":1})", kSerialization, big + " can not be converted to a Blob"},
      {R"({"B":true})", kSerialization, "class java.lang.Boolean can not be converted to a Blob"},
      {R"({"B":{}})", kSerialization, "Start of structure or map found where not expected."},
      {R"({"BOOL":"hello"})", kSerialization, "'HELLO' can not be converted to an Boolean"},
      {R"({"BOOL":1})", kSerialization, big + " can not be converted to an Boolean"},
      {R"({"BOOL":[]})", kSerialization, "Start of list found where not expected"},
      {R"({"BOOL":{}})", kSerialization, "Start of structure or map found where not expected."},
      {R"({"NULL":"maybe"})", kSerialization, "'MAYBE' can not be converted to an Boolean"},
      {R"({"L":"x"})", kSerialization, "Expected list or null"},
      {R"({"L":1})", kSerialization, "Expected list or null"},
      {R"({"L":{}})", kSerialization, "Start of structure or map found where not expected."},
      {R"({"L":["x"]})", kSerialization, "Expected null"},
      {R"({"L":[[]]})", kSerialization, "Start of list found where not expected"},
      {R"({"M":"x"})", kSerialization, "Expected map or null"},
      {R"({"M":[]})", kSerialization, "Start of list found where not expected"},
      {R"({"M":{"a":"x"}})", kSerialization, "Expected null"},
      {R"({"SS":"a"})", kSerialization, "Expected list or null"},
      {R"({"SS":{}})", kSerialization, "Start of structure or map found where not expected."},
      {R"({"SS":[1]})", kSerialization, big + " can not be converted to an String"},
      {R"({"SS":["a",true]})", kSerialization, "class java.lang.Boolean can not be converted to an String"},
      {R"({"NS":[1]})", kSerialization, big + " can not be converted to an String"},
      {R"({"BS":[1]})", kSerialization, big + " can not be converted to a Blob"},
      {R"({"BS":["YQ"]})", kSerialization,
       "'YQ' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 2"},
      {R"({"B":"abc"})", kSerialization,
       "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"},
      {R"({"B":"ab!d"})", kSerialization, "'ab!d' can not be converted to a Blob: Invalid Base64 character: '!'"},
      {R"({"B":"a=cd"})", kSerialization, "'a=cd' can not be converted to a Blob: Invalid Base64 character: '='"},
      {R"({"B":"YR=="})", kSerialization,
       "'YR==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"},
      {R"({"B":"A==="})", kSerialization,
       "'A===' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"},
      // Shape errors come from deserialization, before any validation of the value.
      {R"({"S":"a","N":"1","BOOL":"x"})", kSerialization, "'X' can not be converted to an Boolean"},
      {R"({"L":[{"N":"bad"},{"S":1}]})", kSerialization, big + " can not be converted to an String"},
  };
  for (const auto& c : cases) expect_error(c);
}

TEST(JsonDecode, ItemShape) {
  Item item = decode_item(parse(R"({"a":{"S":"x"},"b":{"N":"1"}})"));
  EXPECT_EQ(item.size(), 2u);
  EXPECT_TRUE(decode_item(parse("null")).empty());
  try {
    decode_item(parse(R"("x")"));
    ADD_FAILURE();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), kSerialization);
    EXPECT_EQ(e.message(), "Expected map or null");
  }
  try {
    decode_item(parse(R"([])"));
    ADD_FAILURE();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.message(), "Start of list found where not expected");
  }
  try {
    decode_item(parse(R"({"a":{"S":"x"},"b":{}})"));
    ADD_FAILURE();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), kValidation);
    EXPECT_EQ(e.message(), kEmpty);
  }
}

std::string nested_maps(int wraps, const std::string& inner) {
  std::string s;
  for (int i = 0; i < wraps; ++i) s += R"({"M":{"a":)";
  s += inner;
  for (int i = 0; i < wraps; ++i) s += "}}";
  return s;
}

std::string nested_lists(int wraps, const std::string& inner) {
  std::string s;
  for (int i = 0; i < wraps; ++i) s += R"({"L":[)";
  s += inner;
  for (int i = 0; i < wraps; ++i) s += "]}";
  return s;
}

TEST(JsonDecode, NestingLimit) {
  // 31 wraps around a scalar (the scalar at level 32) is accepted; 32 is rejected.
  EXPECT_NO_THROW(value_of(nested_maps(31, R"({"S":"x"})")));
  EXPECT_NO_THROW(value_of(nested_lists(31, R"({"N":"1"})")));
  expect_error({nested_maps(32, R"({"S":"x"})"), kValidation, kNesting});
  expect_error({nested_lists(32, R"({"N":"1"})"), kValidation, kNesting});
}

TEST(JsonDecode, HostileDepthIsAnErrorNotACrash) {
  expect_error({nested_lists(10000, R"({"S":"x"})"), kValidation, kNesting});
  expect_error({nested_maps(10000, R"({"S":"x"})"), kValidation, kNesting});
}

TEST(Base64, EncodeDecode) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\xfb\xff", 2)), "+/8=");
  std::string out;
  EXPECT_TRUE(base64_decode("Zm9vYmFy", &out));
  EXPECT_EQ(out, "foobar");
  EXPECT_TRUE(base64_decode("+/8=", &out));
  EXPECT_EQ(out, std::string("\xfb\xff", 2));
  EXPECT_TRUE(base64_decode("", &out));
  EXPECT_EQ(out, "");
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Z===", "Zh==", "Zm9=x", "Zm-v", "Zm_v", "Zm9v\n", " Zm9v", "====",
                          "Zg==Zg=="}) {
    EXPECT_FALSE(base64_decode(bad, &out)) << bad;
  }
  // All byte values round-trip.
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= all.size(); len += 17) {
    std::string part = all.substr(0, len);
    ASSERT_TRUE(base64_decode(base64_encode(part), &out));
    EXPECT_EQ(out, part);
  }
}

TEST(JsonEncode, CanonicalText) {
  EXPECT_EQ(encode(value_of(R"({"N":"1.50e2"})")), R"({"N":"150"})");
  EXPECT_EQ(encode(value_of(R"({"B":"AP8="})")), R"({"B":"AP8="})");
  EXPECT_EQ(encode(value_of(R"({"NULL":true})")), R"({"NULL":true})");
  EXPECT_EQ(encode(value_of(R"({"BOOL":"yes"})")), R"({"BOOL":true})");
  EXPECT_EQ(encode(value_of(R"({"NS":["3","1e1","-0.50"]})")), R"({"NS":["-0.5","10","3"]})");
  EXPECT_EQ(encode(value_of(R"({"M":{"b":{"S":"2"},"a":{"S":"1"}}})")), R"({"M":{"a":{"S":"1"},"b":{"S":"2"}}})");
  EXPECT_EQ(encode(AttributeValue::string(std::string("a\0\"\\\n", 5))), R"({"S":"a\u0000\"\\\n"})");
  AttributeValue empty_map;
  empty_map.type = AttrType::M;  // map pointer left null
  EXPECT_EQ(encode(empty_map), R"({"M":{}})");
}

TEST(JsonRoundTrip, ItemToJsonAndBack) {
  const std::string text =
      R"({"bin":{"B":"AAEC/w=="},"bs":{"BS":["YQ==",""]},"f":{"BOOL":false},"l":{"L":[{"N":"-0.001"},{"NULL":true},)"
      R"({"L":[]},{"M":{}}]},"m":{"M":{"k":{"SS":["x","é","😀"]},"z":{"N":"1E+100"}}},"n":{"N":"12.5000"},)"
      R"("ns":{"NS":["5","-5","0"]},"s":{"S":"héllo \"quoted\" \u0001"},"t":{"BOOL":true},"empty":{"S":""}})";
  Item item = decode_item(parse(text));
  const std::string canonical = item_to_json(item);
  Item back = item_from_json(canonical);
  EXPECT_EQ(back, item);
  EXPECT_EQ(item_to_json(back), canonical);  // canonical text is a fixed point
  EXPECT_NE(canonical.find(R"("z":{"N":"1)" + std::string(100, '0') + "\"}"), std::string::npos);
  EXPECT_NE(canonical.find(R"("n":{"N":"12.5"})"), std::string::npos);
  EXPECT_NE(canonical.find(R"("bs":{"BS":["YQ==",""]})"), std::string::npos);
}

TEST(JsonRoundTrip, EmbeddedNulAndInvalidUtf8BytesSurvive) {
  Item item;
  item[std::string("k\0ey", 4)] = AttributeValue::string(std::string("v\0a\xff", 4));
  Item back = item_from_json(item_to_json(item));
  EXPECT_EQ(back, item);
}

TEST(JsonRoundTrip, BadStoredTextThrows) {
  EXPECT_THROW(item_from_json("{not json"), std::runtime_error);
}

TEST(JsonRoundTrip, ProjectedItemSizeIsTheSizeOfTheNamedAttributesAlone) {
  Item item;
  item["id"] = AttributeValue::string("order-1");
  item["n"] = value_of(R"({"N":"-12.50"})");
  item["nested"] = value_of(R"({"M":{"a":{"L":[{"S":"x"},{"NS":["1","22"]}]},"b":{"BOOL":true}}})");
  item[std::string("k\0ey", 4)] = AttributeValue::string("v");
  const std::string stored = item_to_json(item);
  auto size_of = [&item](const std::set<std::string>& names) {
    Item part;
    for (const auto& [name, v] : item)
      if (names.count(name)) part.emplace(name, v);
    return item_size(part);
  };
  for (const std::set<std::string>& names :
       {std::set<std::string>{}, {"id"}, {"id", "n"}, {"nested", "absent"}, {std::string("k\0ey", 4), "id"},
        {"id", "n", "nested", std::string("k\0ey", 4)}})
    EXPECT_EQ(projected_item_size(stored, names), size_of(names)) << names.size() << " names";
  EXPECT_EQ(projected_item_size(stored, {"id", "n", "nested", std::string("k\0ey", 4)}), item_size(item));
  EXPECT_THROW(projected_item_size("{not json", {"id"}), std::runtime_error);
}

TEST(AttributeValueEquality, SetsUnorderedNumbersNumeric) {
  EXPECT_EQ(value_of(R"({"SS":["a","b"]})"), value_of(R"({"SS":["b","a"]})"));
  EXPECT_NE(value_of(R"({"SS":["a","b"]})"), value_of(R"({"SS":["a","c"]})"));
  EXPECT_EQ(value_of(R"({"NS":["1","2.0"]})"), value_of(R"({"NS":["2","1"]})"));
  EXPECT_EQ(value_of(R"({"BS":["YQ==","Yg=="]})"), value_of(R"({"BS":["Yg==","YQ=="]})"));
  EXPECT_EQ(value_of(R"({"N":"1.0"})"), value_of(R"({"N":"1"})"));
  EXPECT_NE(value_of(R"({"N":"1"})"), value_of(R"({"S":"1"})"));
  EXPECT_NE(value_of(R"({"S":"a"})"), value_of(R"({"B":"YQ=="})"));
  EXPECT_EQ(value_of(R"({"M":{"a":{"N":"1"}}})"), value_of(R"({"M":{"a":{"N":"1.00"}}})"));
  EXPECT_NE(value_of(R"({"M":{"a":{"N":"1"}}})"), value_of(R"({"M":{"b":{"N":"1"}}})"));
  EXPECT_NE(value_of(R"({"L":[{"N":"1"},{"N":"2"}]})"), value_of(R"({"L":[{"N":"2"},{"N":"1"}]})"));
  EXPECT_EQ(value_of(R"({"NULL":true})"), AttributeValue::null());
  EXPECT_NE(value_of(R"({"BOOL":true})"), AttributeValue::boolean_value(false));
  EXPECT_STREQ(type_name(AttrType::NUL), "NULL");
  EXPECT_STREQ(type_name(AttrType::BS), "BS");
}

}  // namespace
}  // namespace dynemu::model
