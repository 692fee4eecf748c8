#include "api/read_request.h"

#include "api/multi_attribute_keys.h"

#include <algorithm>

#include "api/expression_params.h"
#include "model/api_error.h"
#include "model/json_codec.h"
#include "model/key_codec.h"

namespace dynemu::api {

namespace {

// Legacy condition maps (KeyConditions, QueryFilter, ScanFilter): every entry needs a known operator.
void check_condition_map(ConstraintErrors& errors, const rapidjson::Value& request, const char* name,
                         const std::string& path) {
  const rapidjson::Value* map = member(request, name);
  if (!map || !map->IsObject()) return;
  for (const auto& m : map->GetObject()) {
    const std::string entry = path + "." + std::string(m.name.GetString(), m.name.GetStringLength()) + ".member.comparisonOperator";
    const rapidjson::Value* op = m.value.IsObject() ? member(m.value, "ComparisonOperator") : nullptr;
    if (!op)
      errors.not_null(entry);
    else
      errors.enum_value(std::string(op->GetString(), op->GetStringLength()), entry,
                        {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE",
                         "BEGINS_WITH", "GE", "CONTAINS"});
  }
}

}  // namespace

const Shape& read_request_shape(const char* input_name, const char* legacy_filter_member,
                                std::initializer_list<std::pair<const char*, const Shape*>> own_members) {
  std::vector<std::pair<const char*, const Shape*>> fields = {
      {"TableName", &Shape::string()},
      {"IndexName", &Shape::string()},
      {"Select", &Shape::string()},
      {"AttributesToGet", &Shape::list_of(Shape::string())},
      {"Limit", &Shape::integer()},
      {"ConsistentRead", &Shape::boolean()},
      {legacy_filter_member, &Shape::map_of(legacy_condition_shape())},
      {"ConditionalOperator", &Shape::string()},
      {"ExclusiveStartKey", &Shape::item()},
      {"ReturnConsumedCapacity", &Shape::string()},
      {"ProjectionExpression", &Shape::string()},
      {"FilterExpression", &Shape::string()},
      {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
      {"ExpressionAttributeValues", &Shape::item()},
  };
  fields.insert(fields.end(), own_members.begin(), own_members.end());
  return Shape::structure(input_name, fields);
}

namespace {

void check_read_constraints(ConstraintErrors& errors, const rapidjson::Value& request, const std::string& select,
                            const std::string& capacity, const std::string& conditional) {
  check_condition_map(errors, request, "KeyConditions", "keyConditions");
  check_condition_map(errors, request, "QueryFilter", "queryFilter");
  check_condition_map(errors, request, "ScanFilter", "scanFilter");
  if (const rapidjson::Value* a = member(request, "AttributesToGet"); a && a->Size() < 1)
    errors.add("'[]'", "attributesToGet", "Member must have length greater than or equal to 1");
  if (!select.empty())
    errors.enum_value(select, "select", {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"});
  if (const rapidjson::Value* limit = member(request, "Limit"); limit && limit->GetInt() < 1)
    errors.add(quoted(std::to_string(limit->GetInt())), "limit", "Member must have value greater than or equal to 1");
  if (!conditional.empty()) errors.enum_value(conditional, "conditionalOperator", {"AND", "OR"});
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
}

}  // namespace

ReadOptions check_read_request(ConstraintErrors& errors, const rapidjson::Value& request, const Shape& shape) {
  check_shape(request, shape);
  ReadOptions o;
  o.select = string_member(request, "Select");
  o.capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  o.conditional = string_member(request, "ConditionalOperator");
  check_read_constraints(errors, request, o.select, o.capacity, o.conditional);
  return o;
}

model::Item decode_start_key(const rapidjson::Value& json) {
  try {
    return model::decode_item(json);
  } catch (const model::ApiError& e) {
    if (e.short_type() != "ValidationException") throw;
    throw model::validation_error("The provided starting key is invalid: " + e.message());
  }
}

ReadExpressions::ReadExpressions(const rapidjson::Value& request, Operation operation) {
  const bool query = operation == Operation::Query;
  // DynamoDB lets KeyConditions go with FilterExpression and ProjectionExpression: it counts as a
  // non-expression parameter only beside KeyConditionExpression.
  if (query && member(request, "KeyConditions") && !member(request, "KeyConditionExpression"))
    check_expression_usage(request, {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
                           {"AttributesToGet", "QueryFilter", "ConditionalOperator"});
  else if (query)
    check_expression_usage(request, {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
                           {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"});
  else
    check_expression_usage(request, {"ProjectionExpression", "FilterExpression"},
                           {"AttributesToGet", "ScanFilter", "ConditionalOperator"});
  expr::ExpressionAttributes attrs = read_expression_attributes(request);
  if (query)
    if (auto text = expression_member(request, "KeyConditionExpression"))
      key_condition_ = expr::parse_key_condition(*text, attrs);
  if (auto text = expression_member(request, "FilterExpression")) {
    filter_ = expr::parse_condition(*text, attrs, expr::Kind::kFilter);
    filter_source_ = "Filter Expression";
  } else {
    filter_source_ = query ? "QueryFilter" : "ScanFilter";
    expr::Condition legacy = legacy_filter_condition(member(request, query ? "QueryFilter" : "ScanFilter"),
                                                     string_member(request, "ConditionalOperator", "AND"));
    if (legacy.type != expr::Condition::Type::kTrue) filter_ = std::move(legacy);
  }
  if (auto text = expression_member(request, "ProjectionExpression")) {
    has_projection_expression_ = true;
    projection_ = expr::parse_projection(*text, attrs);
  } else {
    projection_ = attributes_to_get_paths(request);
  }
  attrs.check_all_used();
}

QueryKey ReadExpressions::key_condition(const store::KeySchema& key) const {
  if (key.multi_attribute()) {
    using Op = expr::KeyPredicate::Op;
    static const std::pair<Op, const char*> kNames[] = {{Op::kEq, "EQ"}, {Op::kLt, "LT"}, {Op::kLe, "LE"},
                                                        {Op::kGt, "GT"}, {Op::kGe, "GE"}, {Op::kBetween, "BETWEEN"},
                                                        {Op::kBeginsWith, "BEGINS_WITH"}};
    std::vector<KeyTerm> terms;
    for (const auto& p : key_condition_->predicates) {
      KeyTerm t{p.attribute, "", p.values};
      for (const auto& [op, name] : kNames)
        if (op == p.op) t.op = name;
      terms.push_back(std::move(t));
    }
    return multi_attribute_key_condition(terms, key);
  }
  const expr::BoundKeyCondition bound =
      expr::bind_key_condition(*key_condition_, key.hash.name, key.hash.type, key.range ? key.range->name : "",
                               key.range ? key.range->type : model::AttrType::S);
  QueryKey out;
  out.partition = model::encode_key(bound.partition);
  if (bound.sort) {
    using Op = expr::KeyPredicate::Op;
    static const std::pair<Op, const char*> kOps[] = {{Op::kEq, "EQ"}, {Op::kLt, "LT"}, {Op::kLe, "LE"},
                                                      {Op::kGt, "GT"}, {Op::kGe, "GE"}, {Op::kBetween, "BETWEEN"},
                                                      {Op::kBeginsWith, "BEGINS_WITH"}};
    for (const auto& [op, name] : kOps)
      if (op == bound.sort->op) out.range = sort_range_of(name, bound.sort->values);
  }
  return out;
}

namespace {
void collect_top_level_names(const expr::Operand& operand, std::vector<std::string>& names) {
  if (operand.type == expr::Operand::Type::kPath && !operand.path.empty()) names.push_back(operand.path[0].name);
  for (const auto& arg : operand.args) collect_top_level_names(arg, names);
}
void collect_top_level_names(const expr::Condition& condition, std::vector<std::string>& names) {
  for (const auto& operand : condition.operands) collect_top_level_names(operand, names);
  for (const auto& child : condition.children) collect_top_level_names(child, names);
}
}  // namespace

void ReadExpressions::check_filter_avoids_key(const store::KeySchema& key) const {
  if (!filter_) return;
  std::vector<std::string> names;
  collect_top_level_names(*filter_, names);
  // The partition key is named first, then the sort key, whatever the expression's order.
  for (const store::KeyAttribute& k : key.all_attributes())
    if (std::find(names.begin(), names.end(), k.name) != names.end())
      throw model::validation_error(filter_source_ +
                                    " can only contain non-primary key attributes: Primary key attribute: " + k.name);
}

std::vector<std::string> ReadExpressions::requested_attributes() const {
  std::vector<std::string> names;
  for (const auto& p : projection_) names.push_back(p[0].name);
  return names;
}

void ReadExpressions::finish(PageRequest& page) const {
  if (filter_) {
    expr::Condition filter = *filter_;
    page.filter = [filter](const model::Item& item) { return expr::evaluate(filter, item); };
  }
  if (!projection_.empty()) {
    std::vector<expr::Path> paths = projection_;
    page.project = [paths](const model::Item& item) { return expr::project(item, paths); };
  }
}

const Shape& legacy_condition_shape() {
  static const Shape& s = Shape::structure("Condition", {
      {"AttributeValueList", &Shape::list_of(Shape::attribute_value())},
      {"ComparisonOperator", &Shape::string()},
  });
  return s;
}

}  // namespace dynemu::api
