// ConditionalWrite: the condition check and return values shared by the item writes (PutItem,
// UpdateItem, DeleteItem; TransactWriteItems reuses them per action).
//
// Contract:
//  - read_return_options() reads the Return* members every write has.
//  - read_write_condition() reads the request's condition — ConditionExpression (parsed with the
//    request's shared ExpressionAttributes) or the legacy Expected/ConditionalOperator — and
//    ReturnValuesOnConditionCheckFailure. Call it during validation, in DynamoDB's order.
//  - check_write_condition() evaluates it against the stored item (nullopt: no item), inside the
//    write session, and throws ConditionalCheckFailedException "The conditional request failed",
//    carrying "Item" (the stored item) when ALL_OLD was asked and an item exists.
//  - single_write_shape() is the request shape of PutItem, DeleteItem and UpdateItem;
//    read_put_or_delete() the part of PutItem's and DeleteItem's validation after the constraints.
//  - write_return_values() writes the "Attributes" member for ReturnValues NONE, ALL_OLD,
//    UPDATED_OLD, ALL_NEW, UPDATED_NEW (UPDATED_* project the written paths; empty results omit it).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/request_shape.h"
#include "expr/expression.h"
#include "model/api_error.h"
#include "model/json_codec.h"
#include "store/store.h"

namespace dynemu::api {

// ReturnValues, ReturnConsumedCapacity and ReturnItemCollectionMetrics of a write (defaults NONE),
// with their enum constraints recorded in `errors`.
struct WriteReturnOptions {
  std::string return_values, capacity, metrics;
};
WriteReturnOptions read_return_options(ConstraintErrors& errors, const rapidjson::Value& request);

struct WriteCondition {
  std::optional<expr::Condition> condition;  // nullopt: the write is unconditional
  bool return_item_on_failure = false;       // ReturnValuesOnConditionCheckFailure = ALL_OLD
};

WriteCondition read_write_condition(const rapidjson::Value& request, expr::ExpressionAttributes& attrs);

// The shape of a single-item write request named `input_name`: TableName, `item_member` ("Item" or
// "Key"), the Return* options, ConditionExpression with its attribute maps, Expected /
// ConditionalOperator, and `extra` members (UpdateItem's updates).
const Shape& single_write_shape(const char* input_name, const char* item_member,
                                std::initializer_list<std::pair<const char*, const Shape*>> extra = {});

// The checks every single-item write starts with: the request's JSON types against `shape`, then the
// constraint errors (Return* enums, expression lengths, the table name, `item_member` present) in
// DynamoDB's order — it names "item" before the table, "key" after it. Fills `returns`; returns the
// item or key member.
const rapidjson::Value& check_single_write(const rapidjson::Value& request, const Shape& shape,
                                           const char* item_member, WriteReturnOptions& returns);

// PutItem's and DeleteItem's checks after the constraint errors, in DynamoDB's order: expressions
// mixed with legacy parameters, the item (or key) values, ReturnValues (NONE or ALL_OLD only), the
// condition, then unused expression attributes.
struct PutOrDeleteRequest {
  model::Item item;  // PutItem's item, DeleteItem's key
  WriteCondition condition;
  std::string table_name;
};
PutOrDeleteRequest read_put_or_delete(const rapidjson::Value& request, const rapidjson::Value& item_json,
                                      const std::string& return_values);

// The exception DynamoDB sends for a failed condition, with Item when `with_item` and `current` exists.
model::ApiError conditional_check_failed(const std::optional<store::StoredItem>& current, bool with_item);

// `current_item` is the decoded `current` (empty when there is none).
void check_write_condition(const WriteCondition& condition, const std::optional<store::StoredItem>& current,
                           const model::Item& current_item);

void write_return_values(model::JsonWriter& out, const std::string& return_values,
                         const std::optional<store::StoredItem>& old, const model::Item& old_item,
                         const model::Item& new_item, const std::vector<expr::Path>& written_paths);

}  // namespace dynemu::api
