// ExpressionParams (see expression_params.h).
//
// Messages for the legacy parameters follow DynamoDB's ValidationException texts as recorded in
// dynalite's test suite (which was captured against DynamoDB); the mixed-parameter and "can only be
// specified when using expressions" texts likewise.
#include "api/expression_params.h"

#include "model/api_error.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

const std::string kInvalid = "One or more parameter values were invalid: ";

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

expr::Operand path_operand(const std::string& name) {
  expr::Operand o;
  o.type = expr::Operand::Type::kPath;
  expr::PathElement e;
  e.name = name;
  o.path.push_back(std::move(e));
  return o;
}

expr::Operand value_operand(model::AttributeValue v) {
  expr::Operand o;
  o.type = expr::Operand::Type::kValue;
  o.value = std::move(v);
  return o;
}

int compare_values(const model::AttributeValue& a, const model::AttributeValue& b) {
  if (a.type == model::AttrType::N) return a.n.compare(b.n);
  return a.s.compare(b.s);
}

// One entry of Expected as a condition.
expr::Condition expected_entry(const std::string& name, const rapidjson::Value& spec) {
  using T = expr::Condition::Type;
  const rapidjson::Value* value = member(spec, "Value");
  const rapidjson::Value* list = member(spec, "AttributeValueList");
  const rapidjson::Value* exists = member(spec, "Exists");
  const rapidjson::Value* op_json = member(spec, "ComparisonOperator");
  expr::Condition c;
  if (value && list)
    throw model::validation_error(kInvalid + "Value and AttributeValueList cannot be used together for Attribute: " +
                                  name);
  if (op_json) {
    const std::string op = json_string(*op_json);
    if (exists)
      throw model::validation_error(kInvalid + "Exists and ComparisonOperator cannot be used together for Attribute: " +
                                    name);
    if (op != "NULL" && op != "NOT_NULL" && !value && !list)
      throw model::validation_error(kInvalid + "Value or AttributeValueList must be used with ComparisonOperator: " + op +
                                    " for Attribute: " + name);
    std::vector<model::AttributeValue> args;
    if (value) args.push_back(model::decode_attribute_value(*value));
    if (list)
      for (const auto& v : list->GetArray()) args.push_back(model::decode_attribute_value(v));
    const size_t n = args.size();
    const bool one = op == "EQ" || op == "NE" || op == "LE" || op == "LT" || op == "GE" || op == "GT" ||
                     op == "CONTAINS" || op == "NOT_CONTAINS" || op == "BEGINS_WITH";
    const bool count_ok = one ? n == 1 : (op == "NULL" || op == "NOT_NULL") ? n == 0 : op == "IN" ? n > 0 : n == 2;
    if (!count_ok)
      throw model::validation_error(kInvalid + "Invalid number of argument(s) for the " + op + " ComparisonOperator");
    for (const auto& a : args)
      if (a.type != args[0].type)
        throw model::validation_error(kInvalid + "AttributeValues inside AttributeValueList must be of same type");
    if (op == "BETWEEN" && (args[0].type == model::AttrType::S || args[0].type == model::AttrType::N ||
                            args[0].type == model::AttrType::B) && compare_values(args[0], args[1]) > 0)
      throw model::validation_error(
          "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");

    c.operands.push_back(path_operand(name));
    for (auto& a : args) c.operands.push_back(value_operand(std::move(a)));
    if (op == "EQ") c.type = T::kEq;
    else if (op == "NE") c.type = T::kNe;
    else if (op == "LT") c.type = T::kLt;
    else if (op == "LE") c.type = T::kLe;
    else if (op == "GT") c.type = T::kGt;
    else if (op == "GE") c.type = T::kGe;
    else if (op == "BETWEEN") c.type = T::kBetween;
    else if (op == "IN") c.type = T::kIn;
    else if (op == "NULL") c.type = T::kNotExists;
    else if (op == "NOT_NULL") c.type = T::kExists;
    else if (op == "BEGINS_WITH") c.type = T::kBeginsWith;
    else if (op == "CONTAINS") c.type = T::kContains;
    else {  // NOT_CONTAINS: the attribute exists and does not contain the value
      expr::Condition has;
      has.type = T::kContains;
      has.operands = c.operands;
      expr::Condition negated;
      negated.type = T::kNot;
      negated.children.push_back(std::move(has));
      expr::Condition there;
      there.type = T::kExists;
      there.operands.push_back(path_operand(name));
      expr::Condition both;
      both.type = T::kAnd;
      both.children.push_back(std::move(there));
      both.children.push_back(std::move(negated));
      return both;
    }
    return c;
  }
  if (list)
    throw model::validation_error(kInvalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: " +
                                  name);
  const bool expect_exists = !exists || exists->GetBool();
  if (expect_exists && !value)
    throw model::validation_error(kInvalid + "Value must be provided when Exists is " +
                                  (exists ? "true" : "null") + " for Attribute: " + name);
  if (!expect_exists && value)
    throw model::validation_error(kInvalid + "Value cannot be used when Exists is false for Attribute: " + name);
  c.operands.push_back(path_operand(name));
  if (!expect_exists) {
    c.type = T::kNotExists;
  } else {
    c.type = T::kEq;
    c.operands.push_back(value_operand(model::decode_attribute_value(*value)));
  }
  return c;
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
      names.emplace_back(std::move(key), m.value.IsString() ? json_string(m.value) : std::string());
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

expr::Condition expected_condition(const rapidjson::Value& request) { return legacy_conditions(request, "Expected"); }

expr::Condition legacy_conditions(const rapidjson::Value& request, const char* map_name) {
  expr::Condition all;
  const rapidjson::Value* expected = member(request, map_name);
  if (!expected || expected->MemberCount() == 0) return all;  // kTrue
  const bool any = string_member(request, "ConditionalOperator", "AND") == "OR";
  all.type = any ? expr::Condition::Type::kOr : expr::Condition::Type::kAnd;
  for (const auto& m : expected->GetObject()) all.children.push_back(expected_entry(json_string(m.name), m.value));
  return all;
}

expr::UpdateActions attribute_updates_actions(const rapidjson::Value& request) {
  expr::UpdateActions actions;
  const rapidjson::Value* updates = member(request, "AttributeUpdates");
  if (!updates) return actions;
  for (const auto& m : updates->GetObject()) {
    const std::string name = json_string(m.name);
    const rapidjson::Value* value_json = member(m.value, "Value");
    const std::string action = string_member(m.value, "Action", "PUT");
    if (!value_json && action != "DELETE")
      throw model::validation_error(kInvalid + "Only DELETE action is allowed when no attribute value is specified");
    expr::UpdateAction a;
    expr::PathElement e;
    e.name = name;
    a.path.push_back(std::move(e));
    if (!value_json) {
      a.type = expr::UpdateAction::Type::kRemove;
      actions.push_back(std::move(a));
      continue;
    }
    model::AttributeValue v = model::decode_attribute_value(*value_json);
    const bool is_set = v.type == model::AttrType::SS || v.type == model::AttrType::NS || v.type == model::AttrType::BS;
    if (action == "DELETE") {
      if (!is_set)
        throw model::validation_error(kInvalid + "DELETE action with value is not supported for the type " +
                                      model::type_name(v.type));
      a.type = expr::UpdateAction::Type::kDelete;
      a.value = value_operand(std::move(v));
    } else if (action == "ADD") {
      if (v.type == model::AttrType::L) {
        // Legacy ADD appends to a list (creating it when missing).
        a.type = expr::UpdateAction::Type::kSet;
        expr::Operand existing;
        existing.type = expr::Operand::Type::kIfNotExists;
        existing.args.push_back(path_operand(name));
        existing.args.push_back(value_operand(model::AttributeValue::list_of({})));
        a.value.type = expr::Operand::Type::kListAppend;
        a.value.args.push_back(std::move(existing));
        a.value.args.push_back(value_operand(std::move(v)));
      } else if (is_set || v.type == model::AttrType::N) {
        a.type = expr::UpdateAction::Type::kAdd;
        a.value = value_operand(std::move(v));
      } else {
        throw model::validation_error(kInvalid + "ADD action is not supported for the type " + model::type_name(v.type));
      }
    } else {
      a.type = expr::UpdateAction::Type::kSet;
      a.value = value_operand(std::move(v));
    }
    actions.push_back(std::move(a));
  }
  return actions;
}

std::vector<expr::Path> attributes_to_get_paths(const rapidjson::Value& request) {
  std::vector<expr::Path> paths;
  const rapidjson::Value* names = member(request, "AttributesToGet");
  if (!names) return paths;
  for (const auto& n : names->GetArray()) {
    const std::string name = json_string(n);
    for (const auto& p : paths)
      if (p[0].name == name)
        throw model::validation_error(kInvalid + "Duplicate value in attribute name: " + name);
    expr::PathElement e;
    e.name = name;
    paths.push_back({std::move(e)});
  }
  return paths;
}

}  // namespace dynemu::api
