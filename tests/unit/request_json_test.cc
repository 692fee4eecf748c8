// http/request_json.h: repeated members keep their last occurrence; NUL bytes and bad JSON refused.
#include <gtest/gtest.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "http/request_json.h"
#include "model/api_error.h"

namespace {

std::string reparsed(const std::string& body) {
  rapidjson::Document doc;
  dynemu::http::parse_request_json(doc, body);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  doc.Accept(w);
  return out.GetString();
}

std::string refusal(const std::string& body) {
  try {
    reparsed(body);
  } catch (const dynemu::model::ApiError& e) {
    return e.short_type();
  }
  return "(accepted)";
}

TEST(RequestJson, RepeatedMembersKeepTheLastOccurrenceInItsPlace) {
  EXPECT_EQ(reparsed(R"({"a":1,"b":2,"a":3})"), R"({"b":2,"a":3})");
  EXPECT_EQ(reparsed(R"({"x":{"S":"a","S":"b"},"l":[{"k":1,"k":2}]})"), R"({"x":{"S":"b"},"l":[{"k":2}]})");
  EXPECT_EQ(reparsed(R"({"a":1,"a":2,"a":3})"), R"({"a":3})");
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"m" + std::to_string(i % 20) + "\":" + std::to_string(i) + ",";
  many.back() = '}';
  rapidjson::Document doc;
  dynemu::http::parse_request_json(doc, many);
  ASSERT_EQ(doc.MemberCount(), 20u);
  EXPECT_EQ(doc["m0"].GetInt(), 20);
  EXPECT_EQ(doc["m19"].GetInt(), 39);
  EXPECT_EQ(reparsed(R"({"a":1,"b":{"c":[1,2]}})"), R"({"a":1,"b":{"c":[1,2]}})");  // untouched
}

TEST(RequestJson, NulBytesAndBadJsonAreSerializationErrors) {
  EXPECT_EQ(refusal(std::string("{}\0junk", 7)), "SerializationException");
  EXPECT_EQ(refusal(std::string("{\"a\":\"x\0y\"}", 11)), "SerializationException");
  EXPECT_EQ(refusal("{\"a\":"), "SerializationException");
  EXPECT_EQ(refusal("{} {}"), "SerializationException");
  EXPECT_EQ(refusal("{\"a\":\"\xff\"}"), "SerializationException");
  EXPECT_EQ(reparsed(R"({"a":"x\u0000y"})").size(), 16u);  // an escaped NUL is a character like any other
}

}  // namespace
