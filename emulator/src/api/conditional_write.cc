// ConditionalWrite (see conditional_write.h).
#include "api/conditional_write.h"

#include "api/constraints.h"
#include "api/expression_params.h"

namespace dynemu::api {

WriteReturnOptions read_return_options(ConstraintErrors& errors, const rapidjson::Value& request) {
  WriteReturnOptions o;
  o.return_values = string_member(request, "ReturnValues", "NONE");
  o.capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  o.metrics = string_member(request, "ReturnItemCollectionMetrics", "NONE");
  errors.enum_value(o.return_values, "returnValues", {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"});
  errors.enum_value(o.capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  errors.enum_value(o.metrics, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  return o;
}

WriteCondition read_write_condition(const rapidjson::Value& request, expr::ExpressionAttributes& attrs) {
  WriteCondition out;
  out.return_item_on_failure = string_member(request, "ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD";
  if (auto text = expression_member(request, "ConditionExpression")) {
    out.condition = expr::parse_condition(*text, attrs, expr::Kind::kCondition);
  } else if (member(request, "Expected")) {
    out.condition = expected_condition(request);
  }
  return out;
}

model::ApiError conditional_check_failed(const std::optional<store::StoredItem>& current, bool with_item) {
  model::ApiError e = model::dynamodb_error("ConditionalCheckFailedException", "The conditional request failed");
  if (with_item && current) e.extra_json = "\"Item\":" + current->json;
  return e;
}

void check_write_condition(const WriteCondition& condition, const std::optional<store::StoredItem>& current,
                           const model::Item& current_item) {
  if (!condition.condition) return;
  if (!expr::evaluate(*condition.condition, current_item))
    throw conditional_check_failed(current, condition.return_item_on_failure);
}

const Shape& single_write_shape(const char* input_name, const char* item_member,
                                std::initializer_list<std::pair<const char*, const Shape*>> extra) {
  std::vector<std::pair<const char*, const Shape*>> fields = {
      {"TableName", &Shape::string()},
      {item_member, &Shape::item()},
      {"ReturnValues", &Shape::string()},
      {"ReturnConsumedCapacity", &Shape::string()},
      {"ReturnItemCollectionMetrics", &Shape::string()},
      {"ConditionExpression", &Shape::string()},
      {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
      {"ExpressionAttributeValues", &Shape::item()},
      {"ReturnValuesOnConditionCheckFailure", &Shape::string()},
      {"Expected", &expected_shape()},
      {"ConditionalOperator", &Shape::string()},
  };
  fields.insert(fields.end(), extra.begin(), extra.end());
  return Shape::structure(input_name, fields);
}

const rapidjson::Value& check_single_write(const rapidjson::Value& request, const Shape& shape,
                                           const char* item_member, WriteReturnOptions& returns) {
  check_shape(request, shape);
  ConstraintErrors errors;
  returns = read_return_options(errors, request);
  add_expression_constraints(errors, request);
  const rapidjson::Value* item_json = member(request, item_member);
  const bool is_item = std::string(item_member) == "Item";
  if (!item_json && is_item) errors.not_null("item");
  errors.table_name(member(request, "TableName"), "tableName");
  if (!item_json && !is_item) errors.not_null("key");
  errors.throw_if_any();
  return *item_json;
}

PutOrDeleteRequest read_put_or_delete(const rapidjson::Value& request, const rapidjson::Value& item_json,
                                      const std::string& return_values) {
  check_expression_usage(request, {"ConditionExpression"}, {"Expected", "ConditionalOperator"});
  PutOrDeleteRequest r;
  r.item = model::decode_item(item_json);
  if (return_values != "NONE" && return_values != "ALL_OLD")
    throw model::validation_error("ReturnValues can only be ALL_OLD or NONE");
  expr::ExpressionAttributes attrs = read_expression_attributes(request);
  r.condition = read_write_condition(request, attrs);
  attrs.check_all_used();
  r.table_name = string_member(request, "TableName");
  return r;
}

void write_return_values(model::JsonWriter& out, const std::string& return_values,
                         const std::optional<store::StoredItem>& old, const model::Item& old_item,
                         const model::Item& new_item, const std::vector<expr::Path>& written_paths) {
  if (return_values == "ALL_OLD") {
    if (!old) return;
    out.Key("Attributes");
    out.RawValue(old->json.data(), old->json.size(), rapidjson::kObjectType);
    return;
  }
  model::Item shown;
  const bool updated = return_values == "UPDATED_OLD" || return_values == "UPDATED_NEW";
  if (updated && written_paths.empty()) return;  // project() would return the whole item
  if (return_values == "ALL_NEW") shown = new_item;
  else if (return_values == "UPDATED_OLD") shown = expr::project(old_item, written_paths);
  else if (return_values == "UPDATED_NEW") shown = expr::project(new_item, written_paths);
  else return;
  if (shown.empty()) return;
  out.Key("Attributes");
  model::encode_item(shown, out);
}

}  // namespace dynemu::api
