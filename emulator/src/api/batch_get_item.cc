// BatchGetItem: validate every table's keys → read them in one read session → respond with
// Responses per table and UnprocessedKeys (what did not fit in the 16 MB response limit).
#include <set>

#include "api/expression_params.h"
#include "api/capacity.h"
#include "api/constraints.h"
#include "api/item_keys.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

constexpr size_t kMaxKeysPerCall = 100;
constexpr size_t kMaxResponseBytes = 16 * 1024 * 1024;

const Shape& keys_and_attributes_shape() {
  static const Shape& s = Shape::structure("KeysAndAttributes", {
      {"Keys", &Shape::list_of(Shape::item())},
      {"AttributesToGet", &Shape::list_of(Shape::string())},
      {"ConsistentRead", &Shape::boolean()},
      {"ProjectionExpression", &Shape::string()},
      {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
  });
  return s;
}

const Shape& request_shape() {
  static const Shape& s = Shape::structure("BatchGetItemInput", {
      {"RequestItems", &Shape::map_of(keys_and_attributes_shape())},
      {"ReturnConsumedCapacity", &Shape::string()},
  });
  return s;
}

struct TableRequest {
  std::string table;
  const rapidjson::Value* spec = nullptr;  // the KeysAndAttributes object
  std::vector<model::Item> keys;
  bool consistent = false;
  std::vector<expr::Path> projection;  // empty: whole items
};

// A key's identity for the duplicate check: its canonical JSON (attribute order is canonical).
std::string key_identity(const model::Item& key) { return model::item_to_json(key); }

void write_unprocessed(model::JsonWriter& out, const TableRequest& t, size_t first) {
  out.Key(t.table.data(), static_cast<rapidjson::SizeType>(t.table.size()));
  out.StartObject();
  out.Key("Keys");
  out.StartArray();
  for (size_t i = first; i < t.keys.size(); ++i) model::encode_item(t.keys[i], out);
  out.EndArray();
  // The other members come back as they were sent, so the retry is the same request.
  for (auto it = t.spec->MemberBegin(); it != t.spec->MemberEnd(); ++it) {
    if (std::string(it->name.GetString()) == "Keys" || it->value.IsNull()) continue;
    out.Key(it->name.GetString(), it->name.GetStringLength());
    it->value.Accept(out);
  }
  out.EndObject();
}

}  // namespace

void batch_get_item(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  const rapidjson::Value* items = member(request, "RequestItems");
  if (errors.request_items(items, "requestItems")) {
    for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
      const std::string path = "requestItems." + std::string(it->name.GetString()) + ".member.keys";
      errors.list_length(member(it->value, "Keys"), path, 1, kMaxKeysPerCall);
    }
  }
  errors.throw_if_any();

  std::vector<TableRequest> tables;
  size_t total_keys = 0;
  for (auto it = items->MemberBegin(); it != items->MemberEnd(); ++it) {
    TableRequest t;
    t.table.assign(it->name.GetString(), it->name.GetStringLength());
    t.spec = &it->value;
    check_expression_usage(it->value, {"ProjectionExpression"}, {"AttributesToGet"});
    expr::ExpressionAttributes attrs = read_expression_attributes(it->value);
    if (auto text = expression_member(it->value, "ProjectionExpression"))
      t.projection = expr::parse_projection(*text, attrs);
    else
      t.projection = attributes_to_get_paths(it->value);
    attrs.check_all_used();
    std::set<std::string> seen;
    for (const auto& k : member(it->value, "Keys")->GetArray()) {
      t.keys.push_back(model::decode_item(k));
      if (!seen.insert(key_identity(t.keys.back())).second)
        throw model::validation_error("Provided list of item keys contains duplicates");
    }
    total_keys += t.keys.size();
    if (total_keys > kMaxKeysPerCall) throw model::validation_error("Too many items requested for the BatchGetItem call");
    const rapidjson::Value* consistent = member(it->value, "ConsistentRead");
    t.consistent = consistent && consistent->GetBool();
    tables.push_back(std::move(t));
  }

  // Read everything under one session: the batch sees one consistent state.
  struct Found {
    std::vector<std::string> items;  // selected JSON per found item
    size_t unprocessed_from = 0;     // keys from here on did not fit in the response
  };
  std::vector<Found> found(tables.size());
  CapacityTally tally;
  {
    auto session = ctx.store.read();
    std::vector<std::shared_ptr<const store::TableSchema>> schemas;
    for (const auto& t : tables) schemas.push_back(require_active_table(session, t.table, ctx.clock.now_ms()));
    std::vector<std::vector<EncodedKey>> encoded(tables.size());
    for (size_t i = 0; i < tables.size(); ++i)
      for (const auto& key : tables[i].keys) encoded[i].push_back(key_from_request(*schemas[i], key));
    size_t response_bytes = 0;
    bool full = false;
    for (size_t i = 0; i < tables.size(); ++i) {
      auto& f = found[i];
      f.unprocessed_from = tables[i].keys.size();
      tally.add_table(tables[i].table, 0);
      for (size_t k = 0; k < encoded[i].size(); ++k) {
        if (full) {
          f.unprocessed_from = k;
          break;
        }
        auto item = session.get_item(*schemas[i], encoded[i][k].pk, encoded[i][k].sk);
        const size_t size = item ? static_cast<size_t>(item->size) : 0;
        tally.add_table(tables[i].table, read_units(size, tables[i].consistent));
        if (!item) continue;
        f.items.push_back(tables[i].projection.empty()
                              ? item->json
                              : model::item_to_json(expr::project(model::item_from_json(item->json), tables[i].projection)));
        response_bytes += size;
        // DynamoDB stops once the response reaches 16 MB and hands the rest back unprocessed.
        if (response_bytes >= kMaxResponseBytes) full = true;
      }
    }
  }

  out.StartObject();
  out.Key("Responses");
  out.StartObject();
  for (size_t i = 0; i < tables.size(); ++i) {
    out.Key(tables[i].table.data(), static_cast<rapidjson::SizeType>(tables[i].table.size()));
    out.StartArray();
    for (const auto& json : found[i].items) out.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    out.EndArray();
    record_items_read(static_cast<int64_t>(found[i].items.size()));
  }
  out.EndObject();
  out.Key("UnprocessedKeys");
  out.StartObject();
  for (size_t i = 0; i < tables.size(); ++i)
    if (found[i].unprocessed_from < tables[i].keys.size()) write_unprocessed(out, tables[i], found[i].unprocessed_from);
  out.EndObject();
  tally.write_list(out, parse_capacity_detail(capacity));
  out.EndObject();
}

}  // namespace dynemu::api
