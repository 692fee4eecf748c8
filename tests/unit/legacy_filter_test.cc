// Legacy QueryFilter/ScanFilter translation (api/expression_params.h): operand type rules and
// evaluation through the shared expression evaluator.
#include <gtest/gtest.h>

#include <string>

#include "api/expression_params.h"
#include "model/api_error.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

rapidjson::Document json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

bool matches(const std::string& filter, const std::string& item, const std::string& op = "AND") {
  rapidjson::Document f = json(filter);
  rapidjson::Document i = json(item);
  return expr::evaluate(legacy_filter_condition(&f, op), model::decode_item(i));
}

std::string error_of(const std::string& filter) {
  rapidjson::Document f = json(filter);
  try {
    legacy_filter_condition(&f, "AND");
  } catch (const model::ApiError& e) {
    return e.message();
  }
  return "";
}

const char* kItem = R"({"n":{"N":"5"},"s":{"S":"hello"},"ss":{"SS":["a","b"]}})";

TEST(LegacyFilter, Semantics) {
  EXPECT_TRUE(matches(R"({"n":{"ComparisonOperator":"GE","AttributeValueList":[{"N":"5"}]}})", kItem));
  EXPECT_FALSE(matches(R"({"n":{"ComparisonOperator":"LT","AttributeValueList":[{"N":"5"}]}})", kItem));
  EXPECT_TRUE(matches(R"({"missing":{"ComparisonOperator":"NE","AttributeValueList":[{"N":"5"}]}})", kItem));
  EXPECT_TRUE(matches(R"({"missing":{"ComparisonOperator":"NULL"}})", kItem));
  EXPECT_FALSE(matches(R"({"missing":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"a"}]}})", kItem));
  EXPECT_TRUE(matches(R"({"ss":{"ComparisonOperator":"NOT_CONTAINS","AttributeValueList":[{"S":"z"}]}})", kItem));
  EXPECT_TRUE(matches(R"({"s":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"S":"he"}]},)"
                      R"("n":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"4"},{"N":"5"}]}})", kItem));
  EXPECT_TRUE(matches(R"({"n":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]},)"
                      R"("s":{"ComparisonOperator":"NOT_NULL"}})", kItem, "OR"));
  EXPECT_FALSE(matches(R"({"n":{"ComparisonOperator":"EQ","AttributeValueList":[{"N":"1"}]},)"
                       R"("s":{"ComparisonOperator":"NOT_NULL"}})", kItem, "AND"));
  EXPECT_TRUE(matches("{}", kItem));
}

TEST(LegacyFilter, Messages) {
  const std::string invalid = "One or more parameter values were invalid: ";
  EXPECT_EQ(error_of(R"({"a":{"ComparisonOperator":"LT","AttributeValueList":[{"SS":["x"]}]}})"),
            invalid + "ComparisonOperator LT is not valid for SS AttributeValue type");
  EXPECT_EQ(error_of(R"({"a":{"ComparisonOperator":"BEGINS_WITH","AttributeValueList":[{"N":"1"}]}})"),
            invalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  EXPECT_EQ(error_of(R"({"a":{"ComparisonOperator":"EQ","AttributeValueList":[{"L":[]}]}})"),
            invalid + "ComparisonOperator EQ is not valid for L AttributeValue type");
  EXPECT_EQ(error_of(R"({"a":{"ComparisonOperator":"NULL","AttributeValueList":[{"N":"1"}]}})"),
            invalid + "Invalid number of argument(s) for the NULL ComparisonOperator");
  EXPECT_EQ(error_of(R"({"a":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"2"},{"N":"1"}]}})"),
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  EXPECT_EQ(error_of(R"({"a":{"ComparisonOperator":"IN","AttributeValueList":[{"N":"2"},{"S":"1"}]}})"),
            invalid + "AttributeValues inside AttributeValueList must be of same type");
}

}  // namespace
}  // namespace dynemu::api
