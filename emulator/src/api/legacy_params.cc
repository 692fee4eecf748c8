// The legacy (non-expression) parameters as expression ASTs (see expression_params.h): Expected,
// QueryFilter/ScanFilter, ConditionalOperator, AttributeUpdates and AttributesToGet.
//
// Messages follow DynamoDB's ValidationException texts as recorded in dynalite's test suite
// (captured against DynamoDB). Semantics follow the API reference's ComparisonOperator table:
// NE is true for a missing attribute; NOT_CONTAINS needs the attribute to exist; NULL/NOT_NULL
// test existence.
#include <algorithm>

#include "api/expression_params.h"
#include "model/api_error.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

using T = expr::Condition::Type;
const std::string kInvalid = "One or more parameter values were invalid: ";

std::string json_string(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

// Every legacy parameter names its attributes through here: Expected, the filters, AttributeUpdates
// and AttributesToGet.
expr::Operand path_operand(const std::string& name) {
  model::check_attribute_name_size(name);
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

bool is_scalar(model::AttrType t) { return t == model::AttrType::S || t == model::AttrType::N || t == model::AttrType::B; }

int compare_values(const model::AttributeValue& a, const model::AttributeValue& b) {
  if (a.type == model::AttrType::N) return a.n.compare(b.n);
  return a.s.compare(b.s);
}

// Argument count and shared-type checks of a ComparisonOperator, common to Expected and filters.
void check_arguments(const std::string& op, const std::vector<model::AttributeValue>& args) {
  const size_t n = args.size();
  const bool one = op == "EQ" || op == "NE" || op == "LE" || op == "LT" || op == "GE" || op == "GT" ||
                   op == "CONTAINS" || op == "NOT_CONTAINS" || op == "BEGINS_WITH";
  const bool count_ok = one ? n == 1 : (op == "NULL" || op == "NOT_NULL") ? n == 0 : op == "IN" ? n > 0 : n == 2;
  if (!count_ok)
    throw model::validation_error(kInvalid + "Invalid number of argument(s) for the " + op + " ComparisonOperator");
  for (const auto& a : args)
    if (a.type != args[0].type)
      throw model::validation_error(kInvalid + "AttributeValues inside AttributeValueList must be of same type");
}

void check_between_order(const std::string& op, const std::vector<model::AttributeValue>& args) {
  if (op == "BETWEEN" && is_scalar(args[0].type) && compare_values(args[0], args[1]) > 0)
    throw model::validation_error(
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
}

// `name` ComparisonOperator `args` as a condition (arguments already validated).
expr::Condition comparison(const std::string& name, const std::string& op, std::vector<model::AttributeValue> args) {
  expr::Condition c;
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
    expr::Condition has = c;
    has.type = T::kContains;
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

// The AttributeValueList types each ComparisonOperator takes (the API reference's Condition and
// ExpectedAttributeValue): EQ and NE also sets, BEGINS_WITH strings and binaries, the others scalars.
void check_operand_types(const std::string& op, const std::vector<model::AttributeValue>& args) {
  using A = model::AttrType;
  std::vector<A> allowed;
  if (op == "EQ" || op == "NE") allowed = {A::S, A::N, A::B, A::SS, A::NS, A::BS};
  else if (op == "BEGINS_WITH") allowed = {A::S, A::B};
  else if (op != "NULL" && op != "NOT_NULL") allowed = {A::S, A::N, A::B};
  for (const auto& a : args)
    if (std::find(allowed.begin(), allowed.end(), a.type) == allowed.end())
      throw model::validation_error(kInvalid + "ComparisonOperator " + op + " is not valid for " +
                                    model::type_name(a.type) + " AttributeValue type");
}

// One entry of Expected.
expr::Condition expected_entry(const std::string& name, const rapidjson::Value& spec) {
  const rapidjson::Value* value = member(spec, "Value");
  const rapidjson::Value* list = member(spec, "AttributeValueList");
  const rapidjson::Value* exists = member(spec, "Exists");
  const rapidjson::Value* op_json = member(spec, "ComparisonOperator");
  if (value && list)
    throw model::validation_error(kInvalid + "Value and AttributeValueList cannot be used together for Attribute: " +
                                  name);
  if (op_json) {
    const std::string op = json_string(*op_json);
    if (exists)
      throw model::validation_error(kInvalid + "Exists and ComparisonOperator cannot be used together for Attribute: " +
                                    name);
    if (op != "NULL" && op != "NOT_NULL" && !value && !list)
      throw model::validation_error(kInvalid + "Value or AttributeValueList must be used with ComparisonOperator: " +
                                    op + " for Attribute: " + name);
    std::vector<model::AttributeValue> args;
    if (value) args.push_back(model::decode_attribute_value(*value));
    if (list)
      for (const auto& v : list->GetArray()) args.push_back(model::decode_attribute_value(v));
    check_arguments(op, args);
    check_operand_types(op, args);
    if (!args.empty()) check_between_order(op, args);
    return comparison(name, op, std::move(args));
  }
  if (list)
    throw model::validation_error(kInvalid +
                                  "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
  const bool expect_exists = !exists || exists->GetBool();
  if (expect_exists && !value)
    throw model::validation_error(kInvalid + "Value must be provided when Exists is " + (exists ? "true" : "null") +
                                  " for Attribute: " + name);
  if (!expect_exists && value)
    throw model::validation_error(kInvalid + "Value cannot be used when Exists is false for Attribute: " + name);
  if (!expect_exists) return comparison(name, "NULL", {});
  return comparison(name, "EQ", {model::decode_attribute_value(*value)});
}

// One entry of QueryFilter/ScanFilter: ComparisonOperator and AttributeValueList only, with the
// operand types each operator accepts.
expr::Condition filter_entry(const std::string& name, const rapidjson::Value& spec) {
  const std::string op = string_member(spec, "ComparisonOperator");
  std::vector<model::AttributeValue> args;
  if (const rapidjson::Value* list = member(spec, "AttributeValueList"))
    for (const auto& v : list->GetArray()) args.push_back(model::decode_attribute_value(v));
  check_arguments(op, args);
  check_operand_types(op, args);
  if (!args.empty()) check_between_order(op, args);
  return comparison(name, op, std::move(args));
}

expr::Condition combine(const rapidjson::Value* map, const std::string& conditional_operator,
                        expr::Condition (*entry)(const std::string&, const rapidjson::Value&)) {
  expr::Condition all;  // kTrue when there are no entries
  if (!map || map->MemberCount() == 0) return all;
  all.type = conditional_operator == "OR" ? T::kOr : T::kAnd;
  for (const auto& m : map->GetObject()) all.children.push_back(entry(json_string(m.name), m.value));
  return all;
}

}  // namespace

expr::Condition expected_condition(const rapidjson::Value& request) {
  return combine(member(request, "Expected"), string_member(request, "ConditionalOperator", "AND"), expected_entry);
}

expr::Condition legacy_filter_condition(const rapidjson::Value* filter, const std::string& conditional_operator) {
  return combine(filter, conditional_operator, filter_entry);
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
    a.path = path_operand(name).path;
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
    } else if (action == "ADD" && v.type == model::AttrType::L) {
      // Legacy ADD appends to a list, creating it when missing.
      a.type = expr::UpdateAction::Type::kSet;
      expr::Operand existing;
      existing.type = expr::Operand::Type::kIfNotExists;
      existing.args.push_back(path_operand(name));
      existing.args.push_back(value_operand(model::AttributeValue::list_of({})));
      a.value.type = expr::Operand::Type::kListAppend;
      a.value.args.push_back(std::move(existing));
      a.value.args.push_back(value_operand(std::move(v)));
    } else if (action == "ADD") {
      if (!is_set && v.type != model::AttrType::N)
        throw model::validation_error(kInvalid + "ADD action is not supported for the type " + model::type_name(v.type));
      a.type = expr::UpdateAction::Type::kAdd;
      a.value = value_operand(std::move(v));
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
      if (p[0].name == name) throw model::validation_error(kInvalid + "Duplicate value in attribute name: " + name);
    paths.push_back(path_operand(name).path);
  }
  return paths;
}

}  // namespace dynemu::api
