// ExpressionParams (see expression_params.h).
//
// The mixed-parameter and "can only be specified when using expressions" texts follow DynamoDB's
// ValidationExceptions as recorded in dynalite's test suite (captured against DynamoDB). The legacy
// parameters themselves are in legacy_params.cc.
#include "api/expression_params.h"

#include "model/api_error.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

bool present(const rapidjson::Value& request, const char* name) { return member(request, name) != nullptr; }

std::string json_string(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

bool valid_placeholder(const std::string& key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (size_t i = 1; i < key.size(); ++i) {
    const char c = key[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

const Shape& expected_shape() {
  static const Shape& s = Shape::map_of(Shape::structure("ExpectedAttributeValue", {
      {"Value", &Shape::attribute_value()},
      {"Exists", &Shape::boolean()},
      {"ComparisonOperator", &Shape::string()},
      {"AttributeValueList", &Shape::list_of(Shape::attribute_value())},
  }));
  return s;
}

const Shape& attribute_updates_shape() {
  static const Shape& s = Shape::map_of(Shape::structure("AttributeValueUpdate", {
      {"Value", &Shape::attribute_value()},
      {"Action", &Shape::string()},
  }));
  return s;
}

void add_expression_constraints(ConstraintErrors& errors, const rapidjson::Value& request) {
  if (const rapidjson::Value* expected = member(request, "Expected"); expected && expected->IsObject()) {
    for (const auto& m : expected->GetObject()) {
      const rapidjson::Value* op = m.value.IsObject() ? member(m.value, "ComparisonOperator") : nullptr;
      if (op)
        errors.enum_value(json_string(*op), "expected." + json_string(m.name) + ".member.comparisonOperator",
                          {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE",
                           "BEGINS_WITH", "GE", "CONTAINS"});
    }
  }
  if (const rapidjson::Value* updates = member(request, "AttributeUpdates"); updates && updates->IsObject()) {
    for (const auto& m : updates->GetObject()) {
      const rapidjson::Value* action = m.value.IsObject() ? member(m.value, "Action") : nullptr;
      if (action)
        errors.enum_value(json_string(*action), "attributeUpdates." + json_string(m.name) + ".member.action",
                          {"ADD", "PUT", "DELETE"});
    }
  }
  if (const rapidjson::Value* op = member(request, "ConditionalOperator"))
    errors.enum_value(json_string(*op), "conditionalOperator", {"AND", "OR"});
  if (const rapidjson::Value* rv = member(request, "ReturnValuesOnConditionCheckFailure"))
    errors.enum_value(json_string(*rv), "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
}

void check_expression_usage(const rapidjson::Value& request, std::initializer_list<const char*> expressions,
                            std::initializer_list<const char*> legacy) {
  std::string used_expressions, used_legacy;
  for (const char* e : expressions)
    if (present(request, e)) used_expressions += (used_expressions.empty() ? "" : ", ") + std::string(e);
  for (const char* l : legacy)
    if (present(request, l)) used_legacy += (used_legacy.empty() ? "" : ", ") + std::string(l);
  if (!used_expressions.empty() && !used_legacy.empty())
    throw model::validation_error(
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {" +
        used_legacy + "} Expression parameters: {" + used_expressions + "}");
  if (present(request, "ExpressionAttributeNames") && used_expressions.empty())
    throw model::validation_error("ExpressionAttributeNames can only be specified when using expressions");
  // Values can only serve expressions that take values (not ProjectionExpression).
  std::vector<std::string> value_expressions;
  for (const char* e : expressions)
    if (std::string(e) != "ProjectionExpression") value_expressions.emplace_back(e);
  bool any_value_expression = false;
  for (const auto& e : value_expressions) any_value_expression |= present(request, e.c_str());
  if (!value_expressions.empty() && present(request, "ExpressionAttributeValues") && !any_value_expression) {
    std::string list;
    for (size_t i = 0; i < value_expressions.size(); ++i) list += (i ? " and " : "") + value_expressions[i];
    throw model::validation_error("ExpressionAttributeValues can only be specified when using expressions: " + list +
                                  (value_expressions.size() > 1 ? " are null" : " is null"));
  }
}

expr::ExpressionAttributes read_expression_attributes(const rapidjson::Value& request) {
  std::vector<std::pair<std::string, std::string>> names;
  std::vector<std::pair<std::string, model::AttributeValue>> values;
  if (const rapidjson::Value* n = member(request, "ExpressionAttributeNames")) {
    if (n->MemberCount() == 0) throw model::validation_error("ExpressionAttributeNames must not be empty");
    for (const auto& m : n->GetObject()) {
      std::string key = json_string(m.name);
      if (!valid_placeholder(key, '#'))
        throw model::validation_error("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
      std::string name = m.value.IsString() ? json_string(m.value) : std::string();
      model::check_attribute_name_size(name);
      names.emplace_back(std::move(key), std::move(name));
    }
  }
  if (const rapidjson::Value* v = member(request, "ExpressionAttributeValues")) {
    if (v->MemberCount() == 0) throw model::validation_error("ExpressionAttributeValues must not be empty");
    for (const auto& m : v->GetObject()) {
      std::string key = json_string(m.name);
      if (!valid_placeholder(key, ':'))
        throw model::validation_error("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key +
                                      "\"");
    }
    for (const auto& m : v->GetObject()) {
      std::string key = json_string(m.name);
      try {
        values.emplace_back(key, model::decode_attribute_value(m.value));
      } catch (const model::ApiError& e) {
        if (e.short_type() != "ValidationException") throw;
        // A coral-level error inside a value (an attribute name past 65,535 bytes in a map) is
        // DynamoDB's own whole message, not wrapped.
        if (e.message().rfind("1 validation error detected: ", 0) == 0) throw;
        throw model::validation_error("ExpressionAttributeValues contains invalid value: " + e.message() + " for key " +
                                      key);
      }
    }
  }
  return expr::ExpressionAttributes(std::move(names), std::move(values));
}

std::optional<std::string> expression_member(const rapidjson::Value& request, const char* name) {
  const rapidjson::Value* v = member(request, name);
  if (!v || !v->IsString()) return std::nullopt;
  return json_string(*v);
}

}  // namespace dynemu::api
