// PutItem: validate → write the whole item (replacing any old one) → respond.
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
  static const Shape& s = single_write_shape("PutItemInput", "Item");
  return s;
}

}  // namespace

void put_item(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  WriteReturnOptions returns;
  const rapidjson::Value& item_json = check_single_write(request, request_shape(), "Item", returns);
  const std::string& return_values = returns.return_values;
  const std::string& capacity = returns.capacity;
  const PutOrDeleteRequest put = read_put_or_delete(request, item_json, return_values);
  const model::Item& item = put.item;
  const WriteCondition& condition = put.condition;
  const std::string& table_name = put.table_name;

  auto session = ctx.store.write(ctx.clock.now_ms());
  auto schema = require_active_table(session, table_name, ctx.clock.now_ms());
  validate_item_keys(*schema, item);
  const size_t size = model::item_size(item);
  if (size > kMaxItemSize) throw model::validation_error("Item size has exceeded the maximum allowed size");

  auto row = store::ItemRow::from_item(*schema, item);
  std::optional<store::StoredItem> old;
  const bool collections = has_item_collections(*schema);
  const bool read_old = return_values == "ALL_OLD" || capacity != "NONE" || condition.condition || collections;
  if (read_old) old = session.get_item(*schema, row.pk, row.sk);
  if (condition.condition)
    check_write_condition(condition, old, old ? model::item_from_json(old->json) : model::Item{});
  if (collections) check_collection_limit(session, *schema, row.pk, row.size - (old ? old->size : 0),
                                          ctx.settings.max_item_collection_bytes);
  session.put_item(*schema, row, read_old ? &old : nullptr);  // the change log needs no second read
  const auto metric = metric_if_asked(session, *schema, returns.metrics, item, row.pk);
  session.commit();

  out.StartObject();
  if (return_values == "ALL_OLD" && old) {
    out.Key("Attributes");
    out.RawValue(old->json.data(), old->json.size(), rapidjson::kObjectType);
  }
  write_item_write_capacity(out, parse_capacity_detail(capacity), *schema, old, &row);
  write_item_collection_metrics(out, *schema, metric);
  out.EndObject();
}

}  // namespace dynemu::api
