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
  static const Shape& s = single_write_shape("DeleteItemInput", "Key");
  return s;
}

}  // namespace

void delete_item(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  WriteReturnOptions returns;
  const rapidjson::Value& key_json = check_single_write(request, request_shape(), "Key", returns);
  const std::string& return_values = returns.return_values;
  const std::string& capacity = returns.capacity;
  const PutOrDeleteRequest del = read_put_or_delete(request, key_json, return_values);
  const model::Item& key = del.item;
  const WriteCondition& condition = del.condition;
  const std::string& table_name = del.table_name;

  std::optional<store::StoredItem> old;
  std::shared_ptr<const store::TableSchema> schema;
  std::optional<CollectionMetric> metric;
  {
    auto session = ctx.store.write(ctx.clock.now_ms());
    schema = require_active_table(session, table_name, ctx.clock.now_ms());
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
