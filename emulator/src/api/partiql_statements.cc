#include "api/partiql_statements.h"

#include <algorithm>

#include "api/access_recording.h"
#include "api/conditional_write.h"
#include "api/constraints.h"
#include "api/table_lookup.h"
#include "model/json_codec.h"

namespace dynemu::api {

partiql::Statement read_statement(const rapidjson::Value& statement_json, const rapidjson::Value* parameters_json) {
  std::vector<model::AttributeValue> parameters;
  if (parameters_json && parameters_json->IsArray())
    for (const auto& p : parameters_json->GetArray()) parameters.push_back(model::decode_attribute_value(p));
  return partiql::parse(std::string_view(statement_json.GetString(), statement_json.GetStringLength()), parameters);
}

partiql::KeyNames key_names(const store::KeySchema& key) {
  partiql::KeyNames k;
  k.hash = key.hash.name;
  k.hash_type = key.hash.type;
  if (key.range) {
    k.range = key.range->name;
    k.range_type = key.range->type;
  }
  return k;
}

void check_statement_members(ConstraintErrors& errors, const rapidjson::Value& statement, const std::string& path) {
  const rapidjson::Value* text = member(statement, "Statement");
  if (!text) errors.not_null(path + "statement");
  else errors.string_length(std::string(text->GetString(), text->GetStringLength()), path + "statement", 1,
                            partiql::kMaxStatementLength);
  if (const rapidjson::Value* p = member(statement, "Parameters"); p && p->Empty())
    errors.add("[]", path + "parameters", "Member must have length greater than or equal to 1");
}

const Shape& parameters_shape() {
  static const Shape& s = Shape::list_of(Shape::attribute_value());
  return s;
}

PreparedWrite prepare_write(store::Session& session, const partiql::Statement& statement, bool return_item_on_failure,
                            int64_t now_ms) {
  using T = partiql::Statement::Type;
  PreparedWrite w;
  w.schema = require_active_table(session, statement.table, now_ms);
  const store::TableSchema& schema = *w.schema;
  record_access(schema.name, "", Access::kItem);
  if (statement.type != T::kExists) record_statement_writes();
  if (!statement.index.empty() && statement.type != T::kExists)
    throw model::validation_error("Write statements cannot name an index: " + statement.index);
  if (statement.type == T::kInsert) {
    validate_item_keys(schema, statement.item);
    if (model::item_size(statement.item) > kMaxItemSize)
      throw model::validation_error("Item size has exceeded the maximum allowed size");
    w.new_row = store::ItemRow::from_item(schema, statement.item);
    w.key = {w.new_row->pk, w.new_row->sk};
    w.old = session.get_item(schema, w.key.pk, w.key.sk);
    if (w.old) throw model::dynamodb_error("DuplicateItemException", "Duplicate primary key exists in table");
    w.new_item = statement.item;
    return w;
  }
  const model::Item key = partiql::plan_key(statement, key_names(schema.key));
  w.key = key_from_request(schema, key);
  if (statement.type == T::kUpdate) reject_key_updates(schema, statement.updates);
  w.old = session.get_item(schema, w.key.pk, w.key.sk);
  if (w.old) w.old_item = model::item_from_json(w.old->json);
  // The WHERE is the write's condition: the key equalities fail on a missing item.
  if (!expr::evaluate(*statement.where, w.old_item)) throw conditional_check_failed(w.old, return_item_on_failure);
  if (statement.type == T::kUpdate) {
    expr::UpdateResult result = expr::apply_update(w.old_item, statement.updates);
    if (model::item_size(result.item) > kMaxItemSize)
      throw model::validation_error("Item size to update has exceeded the maximum allowed size");
    validate_item_keys(schema, result.item);
    w.new_row = store::ItemRow::from_item(schema, result.item);
    w.new_item = std::move(result.item);
    w.written_paths = std::move(result.paths);
  } else if (statement.type == T::kDelete) {
    w.deletes = true;
  }
  return w;
}

void apply_write(store::Session& session, const PreparedWrite& write) {
  if (write.new_row) session.put_item(*write.schema, *write.new_row);
  else if (write.deletes) session.delete_item(*write.schema, write.key.pk, write.key.sk);
}

void charge_write(CapacityTally& tally, const PreparedWrite& write) {
  size_t charged = write.new_row ? static_cast<size_t>(write.new_row->size) : 0;
  if (write.old) charged = std::max(charged, static_cast<size_t>(write.old->size));
  tally.add_table(write.schema->name, write_units(charged));
  if (write.schema->indexes.empty()) return;
  std::optional<store::ItemRow> old_row;
  if (write.old) old_row = store::ItemRow::from_item(*write.schema, write.old_item);
  charge_index_writes(tally, *write.schema, old_row ? &*old_row : nullptr, write.old ? write.old->size : 0,
                      write.new_row ? &*write.new_row : nullptr);
}

std::optional<model::Item> returned_item(const partiql::Statement& statement, const PreparedWrite& write) {
  using R = partiql::Statement::Returning;
  switch (statement.returning) {
    case R::kNone: return std::nullopt;
    case R::kAllOld:
      if (!write.old) return std::nullopt;
      return write.old_item;
    case R::kAllNew: return write.new_item;
    case R::kUpdatedOld: {
      model::Item item = expr::project(write.old_item, write.written_paths);
      if (item.empty() || write.written_paths.empty()) return std::nullopt;
      return item;
    }
    case R::kUpdatedNew: {
      model::Item item = expr::project(write.new_item, write.written_paths);
      if (item.empty() || write.written_paths.empty()) return std::nullopt;
      return item;
    }
  }
  return std::nullopt;
}

std::optional<model::Item> read_key_item(store::Session& session, const partiql::Statement& statement, int64_t now_ms,
                                         int64_t& size, std::shared_ptr<const store::TableSchema>* schema_out) {
  auto schema = require_active_table(session, statement.table, now_ms);
  if (schema_out) *schema_out = schema;
  record_access(schema->name, statement.index, Access::kItem);
  if (!statement.index.empty())
    throw model::validation_error("Where clause does not contain a mandatory equality on all key attributes");
  const model::Item key = partiql::plan_key(statement, key_names(schema->key));
  const EncodedKey encoded = key_from_request(*schema, key);
  size = 0;
  auto found = session.get_item(*schema, encoded.pk, encoded.sk);
  if (!found) return std::nullopt;
  size = found->size;
  model::Item item = model::item_from_json(found->json);
  if (!expr::evaluate(*statement.where, item)) return std::nullopt;
  if (!statement.select_all) item = expr::project(item, statement.projection);
  return item;
}

std::string batch_error_code(const model::ApiError& error) {
  std::string code = error.short_type();
  if (code == "ValidationException") return "ValidationError";
  if (code == "ThrottlingException") return "ThrottlingError";
  static const std::string kSuffix = "Exception";
  if (code.size() > kSuffix.size() && code.compare(code.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0)
    code.resize(code.size() - kSuffix.size());
  return code;
}

}  // namespace dynemu::api
