#include "api/read_request.h"

#include "model/api_error.h"
#include "model/json_codec.h"

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

model::Item decode_start_key(const rapidjson::Value& json) {
  try {
    return model::decode_item(json);
  } catch (const model::ApiError& e) {
    if (e.short_type() != "ValidationException") throw;
    throw model::validation_error("The provided starting key is invalid: " + e.message());
  }
}

ReadExpressions::ReadExpressions(const rapidjson::Value& request, Operation operation) {
  key_condition_text_ = member(request, "KeyConditionExpression");
  has_projection_expression_ = member(request, "ProjectionExpression") != nullptr;
  // Until the expression engine lands, say so plainly rather than ignore a member.
  for (const char* name : {"KeyConditionExpression", "FilterExpression", "ProjectionExpression"})
    if (member(request, name)) throw model::validation_error(std::string(name) + " is not supported by dynemu yet");
  const char* legacy_filter = operation == Operation::Query ? "QueryFilter" : "ScanFilter";
  if (member(request, legacy_filter))
    throw model::validation_error(std::string(legacy_filter) + " is not supported by dynemu yet");
  selection_ = AttributeSelection::from_attributes_to_get(member(request, "AttributesToGet"));
}

QueryKey ReadExpressions::key_condition(const store::KeySchema&) {
  throw model::validation_error("KeyConditionExpression is not supported by dynemu yet");
}

void ReadExpressions::finish(PageRequest& page) {
  if (!selection_.all()) {
    AttributeSelection selection = selection_;
    page.project = [selection](const model::Item& item) { return selection.apply(item); };
  }
}

}  // namespace dynemu::api
