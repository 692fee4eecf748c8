// DeleteItem: validate → delete one item by its key → respond.
#include "api/capacity.h"
#include "api/conditional_write.h"
#include "api/constraints.h"
#include "api/item_collections.h"
#include "api/expression_params.h"
#include "api/item_keys.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DeleteItemInput", {
      {"TableName", &Shape::string()},
      {"Key", &Shape::item()},
      {"ReturnValues", &Shape::string()},
      {"ReturnConsumedCapacity", &Shape::string()},
      {"ReturnItemCollectionMetrics", &Shape::string()},
      {"ConditionExpression", &Shape::string()},
      {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
      {"ExpressionAttributeValues", &Shape::item()},
      {"ReturnValuesOnConditionCheckFailure", &Shape::string()},
      {"Expected", &expected_shape()},
      {"ConditionalOperator", &Shape::string()},
  });
  return s;
}

}  // namespace

void delete_item(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const WriteReturnOptions returns = read_return_options(errors, request);
  const std::string& return_values = returns.return_values;
  const std::string& capacity = returns.capacity;
  add_expression_constraints(errors, request);
  const rapidjson::Value* key_json = member(request, "Key");
  errors.table_name(member(request, "TableName"), "tableName");
  if (!key_json) errors.not_null("key");
  errors.throw_if_any();

  check_expression_usage(request, {"ConditionExpression"}, {"Expected", "ConditionalOperator"});
  model::Item key = model::decode_item(*key_json);
  if (return_values != "NONE" && return_values != "ALL_OLD")
    throw model::validation_error("ReturnValues can only be ALL_OLD or NONE");
  expr::ExpressionAttributes attrs = read_expression_attributes(request);
  const WriteCondition condition = read_write_condition(request, attrs);
  attrs.check_all_used();
  const std::string table_name = string_member(request, "TableName");

  std::optional<store::StoredItem> old;
  std::shared_ptr<const store::TableSchema> schema;
  std::optional<CollectionMetric> metric;
  {
    auto session = ctx.store.write();
    schema = require_active_table(session, table_name);
    auto encoded = key_from_request(*schema, key);
    old = session.get_item(*schema, encoded.pk, encoded.sk);
    if (condition.condition)
      check_write_condition(condition, old, old ? model::item_from_json(old->json) : model::Item{});
    if (old) session.delete_item(*schema, encoded.pk, encoded.sk);
    metric = metric_if_asked(session, *schema, returns.metrics, key, encoded.pk);
    session.commit();
  }

  out.StartObject();
  if (return_values == "ALL_OLD" && old) {
    out.Key("Attributes");
    out.RawValue(old->json.data(), old->json.size(), rapidjson::kObjectType);
  }
  write_item_write_capacity(out, parse_capacity_detail(capacity), *schema, old, nullptr);
  write_item_collection_metrics(out, *schema, metric);
  out.EndObject();
}

}  // namespace dynemu::api
