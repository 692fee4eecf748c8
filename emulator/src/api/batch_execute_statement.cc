// BatchExecuteStatement: up to 25 statements, all reads (full-key SELECTs, each a GetItem) or all
// writes (each an independent single-item write, as in BatchWriteItem). Every statement gets its
// own entry in Responses, in order: its item, or its error — one failing statement does not fail
// the others.
#include "api/access_recording.h"
#include "api/capacity.h"
#include "api/constraints.h"
#include "api/item_collections.h"
#include "api/operation.h"
#include "api/partiql_statements.h"
#include "api/request_shape.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

constexpr size_t kMaxStatements = 25;

const Shape& request_shape() {
  static const Shape& statement = Shape::structure("BatchStatementRequest", {
      {"Statement", &Shape::string()},
      {"Parameters", &parameters_shape()},
      {"ConsistentRead", &Shape::boolean()},
      {"ReturnValuesOnConditionCheckFailure", &Shape::string()},
  });
  static const Shape& s = Shape::structure("BatchExecuteStatementInput", {
      {"Statements", &Shape::list_of(statement)},
      {"ReturnConsumedCapacity", &Shape::string()},
  });
  return s;
}

struct Entry {
  std::optional<partiql::Statement> statement;
  std::string table;
  std::optional<model::ApiError> error;
  std::optional<model::Item> item;
  bool return_item_on_failure = false;
  bool consistent = false;
};

void write_error(model::JsonWriter& out, const model::ApiError& e) {
  out.Key("Error");
  out.StartObject();
  out.Key("Code");
  out.String(batch_error_code(e));
  out.Key("Message");
  out.String(e.message());
  // ConditionalCheckFailed with ALL_OLD carries "Item":{...} in extra_json.
  if (e.extra_json.rfind("\"Item\":", 0) == 0) {
    const std::string item = e.extra_json.substr(7);
    out.Key("Item");
    out.RawValue(item.data(), item.size(), rapidjson::kObjectType);
  }
  out.EndObject();
}

}  // namespace

void batch_execute_statement(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  const rapidjson::Value* statements = member(request, "Statements");
  if (errors.list_length(statements, "statements", 1, kMaxStatements)) {
    int n = 0;
    for (const auto& s : statements->GetArray()) {
      const std::string path = "statements." + std::to_string(++n) + ".member.";
      check_statement_members(errors, s, path);
      errors.enum_value(string_member(s, "ReturnValuesOnConditionCheckFailure", "NONE"),
                        path + "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
    }
  }
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  errors.throw_if_any();

  std::vector<Entry> entries;
  bool reads = false, writes = false;
  for (const auto& s : statements->GetArray()) {
    Entry e;
    // The table of a statement that does not parse is not known: its response has no TableName.
    e.return_item_on_failure = string_member(s, "ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD";
    const rapidjson::Value* consistent = member(s, "ConsistentRead");
    e.consistent = consistent && consistent->GetBool();
    try {
      e.statement = read_statement(*member(s, "Statement"), member(s, "Parameters"));
      e.table = e.statement->table;
      if (e.statement->type == partiql::Statement::Type::kExists)
        throw model::validation_error("EXISTS is supported only in ExecuteTransaction");
      (e.statement->is_write() ? writes : reads) = true;
    } catch (const model::ApiError& error) {
      if (error.status() != 400) throw;
      e.error = error;
    }
    entries.push_back(std::move(e));
  }
  if (reads && writes)
    throw model::validation_error("Supplied statements must be either all reads or all writes");

  const CapacityDetail detail = parse_capacity_detail(capacity);
  CapacityTally tally;
  const int64_t now = ctx.clock.now_ms();
  for (auto& e : entries) {
    if (e.error) continue;
    try {
      if (e.statement->is_write()) {
        auto session = ctx.store.write(now);
        const PreparedWrite w = prepare_write(session, *e.statement, e.return_item_on_failure, now);
        if (w.new_row)
          check_collection_limit(session, *w.schema, w.key.pk, w.new_row->size - (w.old ? w.old->size : 0),
                                 ctx.settings.max_item_collection_bytes);
        apply_write(session, w);
        session.commit();
        charge_write(tally, w);
        if (auto item = returned_item(*e.statement, w)) e.item = std::move(item);
      } else {
        auto session = ctx.store.read();
        int64_t size = 0;
        std::shared_ptr<const store::TableSchema> schema;
        e.item = read_key_item(session, *e.statement, now, size, &schema);
        if (size > 0) record_items_read(1);
        tally.add_table(schema->name, read_units(static_cast<size_t>(size), e.consistent));
      }
    } catch (const model::ApiError& error) {
      if (error.status() != 400) throw;
      e.error = error;
    }
  }

  out.StartObject();
  out.Key("Responses");
  out.StartArray();
  for (const auto& e : entries) {
    out.StartObject();
    if (e.error) write_error(out, *e.error);
    if (!e.table.empty()) {
      out.Key("TableName");
      out.String(e.table);
    }
    if (e.item) {
      out.Key("Item");
      model::encode_item(*e.item, out);
    }
    out.EndObject();
  }
  out.EndArray();
  tally.write_list(out, detail);
  out.EndObject();
}

}  // namespace dynemu::api
