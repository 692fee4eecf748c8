// BatchWriteItem: validate every put and delete → apply them all in one write session → respond
// with UnprocessedItems (always present; dynemu has no throughput limits, so it is empty).
#include <set>

#include "api/capacity.h"
#include "api/constraints.h"
#include "api/item_collections.h"
#include "api/item_keys.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

constexpr size_t kMaxRequestsPerCall = 25;

const Shape& request_shape() {
  static const Shape& s = Shape::structure("BatchWriteItemInput", {
      {"RequestItems", &Shape::map_of(Shape::list_of(batch_write_request_shape()))},
      {"ReturnConsumedCapacity", &Shape::string()},
      {"ReturnItemCollectionMetrics", &Shape::string()},
  });
  return s;
}

struct WriteAction {
  bool is_put = true;
  model::Item item;  // put: the item; delete: the key
};

struct TableWrites {
  std::string table;
  std::vector<WriteAction> actions;
};

}  // namespace

void batch_write_item(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  const std::string metrics = string_member(request, "ReturnItemCollectionMetrics", "NONE");
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  errors.enum_value(metrics, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  const rapidjson::Value* items = member(request, "RequestItems");
  if (errors.request_items(items, "requestItems")) {
    errors.map_value_lengths(*items, "requestItems", 1, kMaxRequestsPerCall);
    for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
      if (!it->value.IsArray()) continue;
      const std::string table(it->name.GetString(), it->name.GetStringLength());
      int n = 0;
      for (const auto& wr : it->value.GetArray()) {
        ++n;
        const std::string path = "requestItems." + table + ".member." + std::to_string(n) + ".member.";
        if (const rapidjson::Value* del = member(wr, "DeleteRequest"); del && !member(*del, "Key"))
          errors.not_null(path + "deleteRequest.key");
        if (const rapidjson::Value* put = member(wr, "PutRequest"); put && !member(*put, "Item"))
          errors.not_null(path + "putRequest.item");
      }
    }
  }
  errors.throw_if_any();

  // Decode and size-check every request before looking at any table, as DynamoDB does.
  std::vector<TableWrites> tables;
  size_t total = 0;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    TableWrites t;
    t.table.assign(it->name.GetString(), it->name.GetStringLength());
    for (const auto& wr : it->value.GetArray()) {
      const rapidjson::Value* put = member(wr, "PutRequest");
      const rapidjson::Value* del = member(wr, "DeleteRequest");
      if ((put != nullptr) == (del != nullptr))
        throw model::validation_error(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
            "datatypes");
      WriteAction a;
      a.is_put = put != nullptr;
      a.item = model::decode_item(a.is_put ? *member(*put, "Item") : *member(*del, "Key"));
      if (a.is_put && model::item_size(a.item) > kMaxItemSize)
        throw model::validation_error("Item size has exceeded the maximum allowed size");
      t.actions.push_back(std::move(a));
    }
    total += t.actions.size();
    tables.push_back(std::move(t));
  }
  if (total > kMaxRequestsPerCall) throw model::validation_error("Too many items requested for the BatchWriteItem call");

  const CapacityDetail detail = parse_capacity_detail(capacity);
  CapacityTally tally;
  // Per table (in request order): the collections written, for ReturnItemCollectionMetrics=SIZE.
  std::vector<TableCollectionMetrics> metrics_out;
  {
    auto session = ctx.store.write(ctx.clock.now_ms());
    std::vector<std::shared_ptr<const store::TableSchema>> schemas;
    for (const auto& t : tables) schemas.push_back(require_active_table(session, t.table, ctx.clock.now_ms()));
    // Keys are checked against the schemas, then for duplicates, before anything is written.
    std::vector<std::vector<store::ItemRow>> rows(tables.size());
    std::vector<std::vector<EncodedKey>> keys(tables.size());
    for (size_t i = 0; i < tables.size(); ++i) {
      std::set<std::pair<std::string, std::string>> seen;
      for (const auto& a : tables[i].actions) {
        EncodedKey k;
        if (a.is_put) {
          validate_item_keys(*schemas[i], a.item);
          rows[i].push_back(store::ItemRow::from_item(*schemas[i], a.item));
          k = {rows[i].back().pk, rows[i].back().sk};
        } else {
          k = key_from_request(*schemas[i], a.item);
          rows[i].emplace_back();
        }
        if (!seen.insert({k.pk, k.sk}).second)
          throw model::validation_error("Provided list of item keys contains duplicates");
        keys[i].push_back(std::move(k));
      }
    }
    for (size_t i = 0; i < tables.size(); ++i) {
      const auto& schema = *schemas[i];
      tally.add_table(schema.name, 0);
      for (size_t j = 0; j < tables[i].actions.size(); ++j) {
        const bool is_put = tables[i].actions[j].is_put;
        std::optional<store::StoredItem> old;
        const bool collections = has_item_collections(schema);
        // The old item decides the charge (recorded even when not returned) and the collection growth.
        old = session.get_item(schema, keys[i][j].pk, keys[i][j].sk);
        if (is_put && collections)
          check_collection_limit(session, schema, keys[i][j].pk, rows[i][j].size - (old ? old->size : 0),
                                 ctx.settings.max_item_collection_bytes);
        if (is_put)
          session.put_item(schema, rows[i][j]);
        else
          session.delete_item(schema, keys[i][j].pk, keys[i][j].sk);
        // Charged like PutItem / DeleteItem: the larger of the old and new item.
        size_t charged = is_put ? static_cast<size_t>(rows[i][j].size) : 0;
        if (old) charged = std::max(charged, static_cast<size_t>(old->size));
        tally.add_table(schema.name, write_units(charged));
        if (!schema.indexes.empty()) {
          std::optional<store::ItemRow> old_row;
          if (old) old_row = store::ItemRow::from_item(schema, model::item_from_json(old->json));
          charge_index_writes(tally, schema, old_row ? &*old_row : nullptr, old ? old->size : 0,
                              is_put ? &rows[i][j] : nullptr);
        }
      }
    }
    if (metrics == "SIZE")
      for (size_t i = 0; i < tables.size(); ++i) {
        if (!has_item_collections(*schemas[i])) continue;
        TableCollectionMetrics table{schemas[i], {}};
        for (size_t j = 0; j < tables[i].actions.size(); ++j)
          table.metrics.push_back(collection_metric(
              session, *schemas[i], tables[i].actions[j].item.at(schemas[i]->key.hash.name), keys[i][j].pk));
        metrics_out.push_back(std::move(table));
      }
    session.commit();
  }

  out.StartObject();
  out.Key("UnprocessedItems");
  out.StartObject();
  out.EndObject();
  tally.write_list(out, detail);
  write_metrics_by_table(out, metrics_out);
  out.EndObject();
}

}  // namespace dynemu::api
