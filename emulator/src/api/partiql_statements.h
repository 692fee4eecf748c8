// PartiQLStatements: what ExecuteStatement, BatchExecuteStatement and ExecuteTransaction share —
// reading a statement and its parameters, and running one write or one key read through the same
// store calls as PutItem / UpdateItem / DeleteItem / GetItem.
//
// Contract:
//  - read_statement() decodes `Parameters` (DynamoDB's AttributeValue checks) and parses the
//    statement (partiql::parse: syntax errors, parameter counts).
//  - prepare_write() decides one INSERT, UPDATE or DELETE (or checks an EXISTS) inside a write
//    session, against the stored item, without writing: INSERT over an existing key is
//    DuplicateItemException "Duplicate primary key exists in table" (never an upsert); UPDATE and
//    DELETE must name the full key with equalities, and their whole WHERE is the write's
//    condition (a missing item fails it): ConditionalCheckFailedException, carrying the item
//    when ReturnValuesOnConditionCheckFailure is ALL_OLD. The new item gets PutItem's/UpdateItem's
//    checks (key types, 400 KB, key attributes not updated). apply_write() then writes it, and
//    check_collection_limit() applies the LSI item-collection limit, as the item writes do.
//  - returned_item() is what RETURNING asks for (nullopt: nothing to return).
//  - read_key_item() is a SELECT with the full key (BatchExecuteStatement, ExecuteTransaction): a
//    GetItem, the rest of WHERE applied to the item found.
//  - batch_error_code() is BatchStatementError's Code for an exception ("ValidationError", ...).
//  - Every statement run records its table and access kind in the request log (access_recording.h).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/capacity.h"
#include "api/constraints.h"
#include "api/item_keys.h"
#include "api/request_shape.h"
#include "model/api_error.h"
#include "partiql/partiql.h"
#include "store/store.h"

namespace dynemu::api {

partiql::Statement read_statement(const rapidjson::Value& statement_json, const rapidjson::Value* parameters_json);
partiql::KeyNames key_names(const store::KeySchema& key);

// "Statement" (1..8192) and "Parameters" (at least 1) constraint errors of one statement member.
void check_statement_members(ConstraintErrors& errors, const rapidjson::Value& statement, const std::string& path);
const Shape& parameters_shape();

struct PreparedWrite {
  std::shared_ptr<const store::TableSchema> schema;
  EncodedKey key;
  std::optional<store::StoredItem> old;
  model::Item old_item;
  std::optional<store::ItemRow> new_row;  // INSERT and UPDATE
  model::Item new_item;
  std::vector<expr::Path> written_paths;  // UPDATE
  bool deletes = false;                   // DELETE of an existing item
};

PreparedWrite prepare_write(store::Session& session, const partiql::Statement& statement, bool return_item_on_failure,
                            int64_t now_ms);
void apply_write(store::Session& session, const PreparedWrite& write);
// Charges one write's units to `tally` as PutItem/UpdateItem/DeleteItem are charged: the table for
// the larger of the old and new item, each secondary index for its entry writes.
void charge_write(CapacityTally& tally, const PreparedWrite& write);
std::optional<model::Item> returned_item(const partiql::Statement& statement, const PreparedWrite& write);

// The item a full-key SELECT finds (nullopt: none, or WHERE is false for it), projected; `size` gets
// the stored item's size (0 when there is none).
std::optional<model::Item> read_key_item(store::Session& session, const partiql::Statement& statement, int64_t now_ms,
                                         int64_t& size, std::shared_ptr<const store::TableSchema>* schema_out = nullptr);

std::string batch_error_code(const model::ApiError& error);

}  // namespace dynemu::api
