// ExecuteTransaction: up to 100 statements, all or nothing, on TransactWriteItems' and
// TransactGetItems' machinery. Writes (INSERT, UPDATE, DELETE, and EXISTS checks) are decided
// against the state before any of them inside one SQLite transaction; one failure cancels all with
// CancellationReasons in statement order. Reads (full-key SELECTs) answer one Responses entry each.
// A ClientRequestToken replays a successful write transaction's answer for 10 minutes.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <rapidjson/stringbuffer.h>

#include "api/access_recording.h"
#include "api/capacity.h"
#include "api/constraints.h"
#include "api/item_collections.h"
#include "api/operation.h"
#include "api/partiql_statements.h"
#include "api/request_shape.h"
#include "api/transactions.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

constexpr size_t kMaxStatements = 100;

const Shape& request_shape() {
  static const Shape& statement = Shape::structure("ParameterizedStatement", {
      {"Statement", &Shape::string()},
      {"Parameters", &parameters_shape()},
      {"ReturnValuesOnConditionCheckFailure", &Shape::string()},
  });
  static const Shape& s = Shape::structure("ExecuteTransactionInput", {
      {"TransactStatements", &Shape::list_of(statement)},
      {"ClientRequestToken", &Shape::string()},
      {"ReturnConsumedCapacity", &Shape::string()},
  });
  return s;
}

void read_transaction(OperationContext& ctx, const std::vector<partiql::Statement>& statements, CapacityDetail detail,
                      model::JsonWriter& out) {
  CapacityTally tally;
  std::vector<std::optional<model::Item>> items;
  {
    auto session = ctx.store.read();
    const int64_t now = ctx.clock.now_ms();
    for (const auto& s : statements) {
      int64_t size = 0;
      std::shared_ptr<const store::TableSchema> schema;
      items.push_back(read_key_item(session, s, now, size, &schema));
      if (size > 0) record_items_read(1);
      // A transactional read costs twice a strongly consistent read.
      tally.add_table(schema->name, 2 * read_units(static_cast<size_t>(size), true));
    }
  }
  out.StartObject();
  out.Key("Responses");
  out.StartArray();
  for (const auto& item : items) {
    out.StartObject();
    if (item) {
      out.Key("Item");
      model::encode_item(*item, out);
    }
    out.EndObject();
  }
  out.EndArray();
  tally.write_list(out, detail);
  out.EndObject();
}

}  // namespace

void execute_transaction(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  const rapidjson::Value* statements_json = member(request, "TransactStatements");
  const rapidjson::Value* token = member(request, "ClientRequestToken");
  if (errors.list_length(statements_json, "transactStatements", 1, kMaxStatements)) {
    int n = 0;
    for (const auto& s : statements_json->GetArray()) {
      const std::string path = "transactStatements." + std::to_string(++n) + ".member.";
      check_statement_members(errors, s, path);
      errors.enum_value(string_member(s, "ReturnValuesOnConditionCheckFailure", "NONE"),
                        path + "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
    }
  }
  if (token) errors.string_length(std::string(token->GetString(), token->GetStringLength()), "clientRequestToken", 1, 36);
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  errors.throw_if_any();

  std::vector<partiql::Statement> statements;
  std::vector<bool> return_item_on_failure;
  bool reads = false, writes = false;
  for (const auto& s : statements_json->GetArray()) {
    statements.push_back(read_statement(*member(s, "Statement"), member(s, "Parameters")));
    return_item_on_failure.push_back(string_member(s, "ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD");
    (statements.back().type == partiql::Statement::Type::kSelect ? reads : writes) = true;
  }
  if (reads && writes)
    throw model::validation_error("Supplied statements must be either all reads or all writes");
  const CapacityDetail detail = parse_capacity_detail(capacity);
  if (reads) return read_transaction(ctx, statements, detail, out);

  const std::string parameters = canonical_json(*statements_json);
  const std::string token_text = token ? std::string(token->GetString(), token->GetStringLength()) : "";
  const int64_t now = ctx.clock.now_ms();
  auto session = ctx.store.write(now);
  if (token) {
    if (auto replayed = IdempotencyTokens::replay(&ctx.store, token_text, parameters, now)) {
      out.RawValue(replayed->data(), replayed->size(), rapidjson::kObjectType);
      return;
    }
  }
  std::vector<CancellationReason> reasons(statements.size());
  std::vector<std::optional<PreparedWrite>> prepared(statements.size());
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  std::map<std::pair<std::string, std::string>, int64_t> collection_growth;
  bool cancelled = false;
  for (size_t i = 0; i < statements.size(); ++i) {
    try {
      PreparedWrite w = prepare_write(session, statements[i], return_item_on_failure[i], now);
      if (!seen.insert({w.schema->name, w.key.pk, w.key.sk}).second)
        throw model::validation_error("Transaction request cannot include multiple operations on one item");
      if (w.new_row || w.deletes) {
        const int64_t delta = (w.new_row ? w.new_row->size : 0) - (w.old ? w.old->size : 0);
        int64_t& growth = collection_growth[{w.schema->name, w.key.pk}];
        growth += delta;
        if (delta > 0 && collection_limit_exceeded(session, *w.schema, w.key.pk, growth,
                                                   ctx.settings.max_item_collection_bytes)) {
          reasons[i].code = "ItemCollectionSizeLimitExceeded";
          reasons[i].message = kCollectionSizeExceeded;
          cancelled = true;
        }
      }
      prepared[i] = std::move(w);
    } catch (const model::ApiError& e) {
      if (e.message() == "Transaction request cannot include multiple operations on one item" ||
          e.short_type() == "ResourceNotFoundException")
        throw;  // the request itself is refused, as TransactWriteItems does
      if (e.status() != 400) throw;
      reasons[i].code = batch_error_code(e);
      reasons[i].message = e.message();
      if (e.extra_json.rfind("\"Item\":", 0) == 0) reasons[i].item_json = e.extra_json.substr(7);
      cancelled = true;
    }
  }
  if (cancelled) cancel_transaction(reasons);

  CapacityTally tally;
  for (size_t i = 0; i < statements.size(); ++i) {
    const PreparedWrite& w = *prepared[i];
    apply_write(session, w);
    if (statements[i].type == partiql::Statement::Type::kExists) {
      tally.add_table(w.schema->name, read_units(w.old ? static_cast<size_t>(w.old->size) : 0, true));
      continue;
    }
    charge_write(tally, w);
  }
  tally.scale(2);
  rapidjson::StringBuffer buf;
  model::JsonWriter response(buf);
  response.StartObject();
  tally.write_list(response, detail);
  response.EndObject();
  const std::string body(buf.GetString(), buf.GetSize());
  session.commit();
  if (token) IdempotencyTokens::remember(&ctx.store, token_text, parameters, body, now);
  out.RawValue(body.data(), body.size(), rapidjson::kObjectType);
}

}  // namespace dynemu::api
