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
//  - write_return_values() writes the "Attributes" member for ReturnValues NONE, ALL_OLD,
//    UPDATED_OLD, ALL_NEW, UPDATED_NEW (UPDATED_* project the written paths; empty results omit it).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
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

// The exception DynamoDB sends for a failed condition, with Item when `with_item` and `current` exists.
model::ApiError conditional_check_failed(const std::optional<store::StoredItem>& current, bool with_item);

// `current_item` is the decoded `current` (empty when there is none).
void check_write_condition(const WriteCondition& condition, const std::optional<store::StoredItem>& current,
                           const model::Item& current_item);

void write_return_values(model::JsonWriter& out, const std::string& return_values,
                         const std::optional<store::StoredItem>& old, const model::Item& old_item,
                         const model::Item& new_item, const std::vector<expr::Path>& written_paths);

}  // namespace dynemu::api
