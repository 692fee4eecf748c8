// TransactWriteItems: validate every action (expressions parsed per action) → in one SQLite
// transaction check every condition and compute every new item (cancelling with
// CancellationReasons in action order if any fails) → apply every write → commit.
// A ClientRequestToken makes a repeated call within 10 minutes a no-op that answers the same.
#include <algorithm>
#include <map>
#include <set>

#include "api/capacity.h"
#include "api/conditional_write.h"
#include "api/constraints.h"
#include "api/expression_params.h"
#include "api/item_collections.h"
#include "api/item_keys.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"
#include "api/transactions.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

constexpr size_t kMaxActions = 100;
constexpr size_t kMaxTransactionBytes = 4 * 1024 * 1024;

const Shape& action_shape(const char* name, bool with_item, bool with_update) {
  // Every action carries the same optional condition members.
  if (with_item)
    return Shape::structure(name, {{"TableName", &Shape::string()},
                                   {"Item", &Shape::item()},
                                   {"ConditionExpression", &Shape::string()},
                                   {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
                                   {"ExpressionAttributeValues", &Shape::item()},
                                   {"ReturnValuesOnConditionCheckFailure", &Shape::string()}});
  if (with_update)
    return Shape::structure(name, {{"TableName", &Shape::string()},
                                   {"Key", &Shape::item()},
                                   {"UpdateExpression", &Shape::string()},
                                   {"ConditionExpression", &Shape::string()},
                                   {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
                                   {"ExpressionAttributeValues", &Shape::item()},
                                   {"ReturnValuesOnConditionCheckFailure", &Shape::string()}});
  return Shape::structure(name, {{"TableName", &Shape::string()},
                                 {"Key", &Shape::item()},
                                 {"ConditionExpression", &Shape::string()},
                                 {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
                                 {"ExpressionAttributeValues", &Shape::item()},
                                 {"ReturnValuesOnConditionCheckFailure", &Shape::string()}});
}

const Shape& request_shape() {
  static const Shape& item = Shape::structure("TransactWriteItem", {
      {"ConditionCheck", &action_shape("ConditionCheck", false, false)},
      {"Put", &action_shape("Put", true, false)},
      {"Delete", &action_shape("Delete", false, false)},
      {"Update", &action_shape("Update", false, true)},
  });
  static const Shape& s = Shape::structure("TransactWriteItemsInput", {
      {"TransactItems", &Shape::list_of(item)},
      {"ReturnConsumedCapacity", &Shape::string()},
      {"ReturnItemCollectionMetrics", &Shape::string()},
      {"ClientRequestToken", &Shape::string()},
  });
  return s;
}

enum class Kind { ConditionCheck, Put, Delete, Update };
constexpr const char* kKindMembers[] = {"ConditionCheck", "Put", "Delete", "Update"};
constexpr const char* kKindPaths[] = {"conditionCheck", "put", "delete", "update"};

struct Action {
  Kind kind = Kind::Put;
  const rapidjson::Value* json = nullptr;  // the action's object
  std::string table;
  model::Item item;  // Put: the item; otherwise the key
  WriteCondition condition;
  expr::UpdateActions updates;  // Update
};

// The outcome of one action, decided before anything is written.
struct Outcome {
  std::optional<store::StoredItem> old;
  model::Item old_item;
  std::optional<store::ItemRow> new_row;  // Put and Update: the row to write
};

// An action's table and encoded key, once the table is known.
struct Resolved {
  std::shared_ptr<const store::TableSchema> schema;
  EncodedKey key;
  std::optional<store::ItemRow> row;  // Put
};

// ReturnItemCollectionMetrics=SIZE: one metric per write to a table with item collections, measured
// after the writes, grouped by table in the order the tables first appear.
void collect_metrics(store::Session& session, const std::vector<Action>& actions, const std::vector<Resolved>& resolved,
                     std::vector<TableCollectionMetrics>& out) {
  for (size_t i = 0; i < actions.size(); ++i) {
    const auto& schema = resolved[i].schema;
    if (actions[i].kind == Kind::ConditionCheck || !has_item_collections(*schema)) continue;
    auto table = std::find_if(out.begin(), out.end(), [&](const auto& t) { return t.schema->name == schema->name; });
    if (table == out.end()) table = out.insert(out.end(), TableCollectionMetrics{schema, {}});
    table->metrics.push_back(
        collection_metric(session, *schema, actions[i].item.at(schema->key.hash.name), resolved[i].key.pk));
  }
}

}  // namespace

void transact_write_items(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  const std::string metrics = string_member(request, "ReturnItemCollectionMetrics", "NONE");
  const rapidjson::Value* items = member(request, "TransactItems");
  const rapidjson::Value* token = member(request, "ClientRequestToken");
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  errors.enum_value(metrics, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  if (token) errors.string_length(std::string(token->GetString(), token->GetStringLength()), "clientRequestToken", 1, 36);
  if (errors.list_length(items, "transactItems", 1, kMaxActions)) {
    int n = 0;
    for (const auto& ti : items->GetArray()) {
      ++n;
      for (int k = 0; k < 4; ++k) {
        const rapidjson::Value* a = member(ti, kKindMembers[k]);
        if (!a) continue;
        const std::string path = "transactItems." + std::to_string(n) + ".member." + kKindPaths[k] + ".";
        if (k == 1 ? !member(*a, "Item") : !member(*a, "Key")) errors.not_null(path + (k == 1 ? "item" : "key"));
        errors.table_name(member(*a, "TableName"), path + "tableName");
        if (k == 0 && !member(*a, "ConditionExpression")) errors.not_null(path + "conditionExpression");
        if (k == 3 && !member(*a, "UpdateExpression")) errors.not_null(path + "updateExpression");
        const std::string rv = string_member(*a, "ReturnValuesOnConditionCheckFailure", "NONE");
        errors.enum_value(rv, path + "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
      }
    }
  }
  errors.throw_if_any();

  std::vector<Action> actions;
  size_t total_bytes = 0;
  for (const auto& ti : items->GetArray()) {
    int present = 0;
    Action a;
    for (int k = 0; k < 4; ++k)
      if (const rapidjson::Value* v = member(ti, kKindMembers[k])) {
        ++present;
        a.kind = static_cast<Kind>(k);
        a.json = v;
      }
    if (present != 1)
      throw model::validation_error("TransactItems can only contain one of Check, Put, Update or Delete");
    a.table = string_member(*a.json, "TableName");
    a.item = model::decode_item(*member(*a.json, a.kind == Kind::Put ? "Item" : "Key"));
    if (a.kind == Kind::Put) {
      const size_t size = model::item_size(a.item);
      if (size > kMaxItemSize) throw model::validation_error("Item size has exceeded the maximum allowed size");
      total_bytes += size;
    }
    // Each action has its own placeholders; all of them must be used by its own expressions.
    if (a.kind == Kind::Update)
      check_expression_usage(*a.json, {"UpdateExpression", "ConditionExpression"}, {});
    else
      check_expression_usage(*a.json, {"ConditionExpression"}, {});
    expr::ExpressionAttributes attrs = read_expression_attributes(*a.json);
    if (a.kind == Kind::Update) a.updates = expr::parse_update(*expression_member(*a.json, "UpdateExpression"), attrs);
    a.condition = read_write_condition(*a.json, attrs);
    attrs.check_all_used();
    actions.push_back(std::move(a));
  }
  if (total_bytes > kMaxTransactionBytes)
    throw model::validation_error("Collection size of items exceeded, which can also be caused by the aggregate size "
                                  "of the items in the transaction exceeding the 4MB limit");

  const CapacityDetail detail = parse_capacity_detail(capacity);
  const std::string parameters = canonical_json(*items);
  const std::string token_text = token ? std::string(token->GetString(), token->GetStringLength()) : "";
  const int64_t now = ctx.clock.now_ms();

  auto session = ctx.store.write(ctx.clock.now_ms());
  if (token) {
    if (auto replayed = IdempotencyTokens::replay(&ctx.store, token_text, parameters, now)) {
      out.RawValue(replayed->data(), replayed->size(), rapidjson::kObjectType);
      return;
    }
  }
  std::vector<Resolved> resolved;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const auto& a : actions) {
    Resolved r;
    r.schema = require_active_table(session, a.table, ctx.clock.now_ms());
    if (a.kind == Kind::Put) {
      validate_item_keys(*r.schema, a.item);
      r.row = store::ItemRow::from_item(*r.schema, a.item);
      r.key = {r.row->pk, r.row->sk};
    } else {
      r.key = key_from_request(*r.schema, a.item);
    }
    if (!seen.insert({a.table, r.key.pk, r.key.sk}).second)
      throw model::validation_error("Transaction request cannot include multiple operations on one item");
    resolved.push_back(std::move(r));
  }

  // Every condition is checked, and every new item computed, against the state before any write
  // of this transaction; one failure cancels all of them, with a reason per action in order.
  std::vector<CancellationReason> reasons(actions.size());
  std::vector<Outcome> outcomes(actions.size());
  bool cancelled = false;
  // How much the transaction grows each LSI item collection (table, encoded partition key) so far.
  std::map<std::pair<std::string, std::string>, int64_t> collection_growth;
  for (size_t i = 0; i < actions.size(); ++i) {
    const auto& a = actions[i];
    const auto& schema = *resolved[i].schema;
    auto& o = outcomes[i];
    o.old = session.get_item(schema, resolved[i].key.pk, resolved[i].key.sk);
    if (o.old) o.old_item = model::item_from_json(o.old->json);
    if (a.condition.condition && !expr::evaluate(*a.condition.condition, o.old_item)) {
      reasons[i].code = "ConditionalCheckFailed";
      reasons[i].message = "The conditional request failed";
      if (a.condition.return_item_on_failure && o.old) reasons[i].item_json = o.old->json;
      cancelled = true;
      continue;
    }
    try {
      if (a.kind == Kind::Put) {
        o.new_row = resolved[i].row;
      } else if (a.kind == Kind::Update) {
        reject_key_updates(schema, a.updates);
        if (!o.old && expr::only_takes_away(a.updates)) continue;  // no item is created: nothing to write
        expr::UpdateResult result = expr::apply_update(o.old ? o.old_item : a.item, a.updates);
        if (model::item_size(result.item) > kMaxItemSize)
          throw model::validation_error("Item size to update has exceeded the maximum allowed size");
        validate_item_keys(schema, result.item);
        o.new_row = store::ItemRow::from_item(schema, result.item);
      }
    } catch (const model::ApiError& e) {
      if (e.short_type() != "ValidationException") throw;
      reasons[i].code = "ValidationError";
      reasons[i].message = e.message();
      cancelled = true;
      continue;
    }
    if (a.kind != Kind::ConditionCheck && has_item_collections(schema)) {
      const int64_t delta = (o.new_row ? o.new_row->size : 0) - (o.old ? o.old->size : 0);
      int64_t& growth = collection_growth[{schema.name, resolved[i].key.pk}];
      growth += delta;
      if (delta > 0 && collection_limit_exceeded(session, schema, resolved[i].key.pk, growth,
                                                 ctx.settings.max_item_collection_bytes)) {
        reasons[i].code = "ItemCollectionSizeLimitExceeded";
        reasons[i].message = kCollectionSizeExceeded;
        cancelled = true;
      }
    }
  }
  if (cancelled) cancel_transaction(reasons);

  CapacityTally tally;
  for (size_t i = 0; i < actions.size(); ++i) {
    const auto& schema = *resolved[i].schema;
    const auto& o = outcomes[i];
    if (o.new_row) session.put_item(schema, *o.new_row, &o.old);
    else if (actions[i].kind == Kind::Delete && o.old) session.delete_item(schema, resolved[i].key.pk, resolved[i].key.sk);
    // Transactional writes cost twice the units of the same write outside a transaction; a
    // ConditionCheck costs twice a strongly consistent read of the item.
    if (actions[i].kind == Kind::ConditionCheck) {
      tally.add_table(schema.name, read_units(o.old ? static_cast<size_t>(o.old->size) : 0, true));
      continue;
    }
    size_t charged = o.new_row ? static_cast<size_t>(o.new_row->size) : 0;
    if (o.old) charged = std::max(charged, static_cast<size_t>(o.old->size));
    tally.add_table(schema.name, write_units(charged));
    if (!schema.indexes.empty()) {
      std::optional<store::ItemRow> old_row;
      if (o.old) old_row = store::ItemRow::from_item(schema, o.old_item);
      charge_index_writes(tally, schema, old_row ? &*old_row : nullptr, o.old ? o.old->size : 0,
                          o.new_row ? &*o.new_row : nullptr);
    }
  }
  tally.scale(2);
  std::vector<TableCollectionMetrics> metrics_out;
  if (metrics == "SIZE") collect_metrics(session, actions, resolved, metrics_out);

  rapidjson::StringBuffer buf;
  model::JsonWriter response(buf);
  response.StartObject();
  tally.write_list(response, detail);
  write_metrics_by_table(response, metrics_out);
  response.EndObject();
  const std::string body(buf.GetString(), buf.GetSize());
  session.commit();
  // Recorded after the commit, still under the session's lock: a concurrent retry waits for it.
  if (token) IdempotencyTokens::remember(&ctx.store, token_text, parameters, body, now);
  out.RawValue(body.data(), body.size(), rapidjson::kObjectType);
}

}  // namespace dynemu::api
