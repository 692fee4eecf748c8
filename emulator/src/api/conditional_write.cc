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
