// UpdateItem: validate → read the item → check the condition → apply the update (creating the item
// when absent, unless the update only removes) → write → respond with the requested return values.
//
// Order of checks follows DynamoDB: constraint errors, mixed legacy/expression parameters, the key's
// values, expression attribute maps, UpdateExpression then ConditionExpression (or their legacy
// forms), unused names/values; then the table, the key schema, key attributes in the update, the
// condition, the update itself, and the resulting item (size, index key types).
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
  static const Shape& s = single_write_shape("UpdateItemInput", "Key", {
      {"AttributeUpdates", &attribute_updates_shape()},
      {"UpdateExpression", &Shape::string()},
  });
  return s;
}

}  // namespace

void update_item(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  WriteReturnOptions returns;
  const rapidjson::Value& key_json = check_single_write(request, request_shape(), "Key", returns);
  const std::string& return_values = returns.return_values;
  const std::string& capacity = returns.capacity;

  check_expression_usage(request, {"UpdateExpression", "ConditionExpression"},
                         {"AttributeUpdates", "Expected", "ConditionalOperator"});
  const model::Item key = model::decode_item(key_json);
  expr::ExpressionAttributes attrs = read_expression_attributes(request);
  expr::UpdateActions actions;
  if (auto text = expression_member(request, "UpdateExpression")) actions = expr::parse_update(*text, attrs);
  else actions = attribute_updates_actions(request);
  const WriteCondition condition = read_write_condition(request, attrs);
  attrs.check_all_used();
  const std::string table_name = string_member(request, "TableName");

  auto session = ctx.store.write(ctx.clock.now_ms());
  auto schema = require_active_table(session, table_name, ctx.clock.now_ms());
  const EncodedKey encoded = key_from_request(*schema, key);
  reject_key_updates(*schema, actions);

  const std::optional<store::StoredItem> old = session.get_item(*schema, encoded.pk, encoded.sk);
  const model::Item old_item = old ? model::item_from_json(old->json) : model::Item{};
  check_write_condition(condition, old, old_item);

  if (!old && expr::only_takes_away(actions)) {  // nothing to take away from: no item is created
    session.commit();
    out.StartObject();
    write_item_write_capacity(out, parse_capacity_detail(capacity), *schema, old, nullptr);
    out.EndObject();
    return;
  }
  expr::UpdateResult result = expr::apply_update(old ? old_item : key, actions);
  const size_t size = model::item_size(result.item);
  if (size > kMaxItemSize) throw model::validation_error("Item size to update has exceeded the maximum allowed size");
  validate_item_keys(*schema, result.item);
  const store::ItemRow row = store::ItemRow::from_item(*schema, result.item);
  check_collection_limit(session, *schema, row.pk, row.size - (old ? old->size : 0),
                         ctx.settings.max_item_collection_bytes);
  session.put_item(*schema, row, &old);
  const auto metric = metric_if_asked(session, *schema, returns.metrics, key, row.pk);
  session.commit();

  out.StartObject();
  write_return_values(out, return_values, old, old_item, result.item, result.paths);
  write_item_write_capacity(out, parse_capacity_detail(capacity), *schema, old, &row);
  write_item_collection_metrics(out, *schema, metric);
  out.EndObject();
}

}  // namespace dynemu::api
