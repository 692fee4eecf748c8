// KeyConditions: a Query's key condition, as the store reads it (partition value + sort-key range).
//
// Contract: legacy_key_condition() validates a legacy `KeyConditions` map against the key schema
// of the table or index being queried, with DynamoDB's messages ("Query condition missed key
// schema element: X", "Query key condition not supported", argument counts and types), and
// returns the encoded partition key and sort-key range. sort_range_of() converts one sort-key
// predicate (operator + values) to the store's SortKeyRange.
#pragma once
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "model/attribute_value.h"
#include "store/store.h"

namespace dynemu::api {

struct QueryKey {
  std::string partition;  // encoded
  store::SortKeyRange range;
};

// `op` is a legacy ComparisonOperator name (EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH).
store::SortKeyRange sort_range_of(const std::string& op, const std::vector<model::AttributeValue>& values);

QueryKey legacy_key_condition(const rapidjson::Value& key_conditions, const store::KeySchema& key);

}  // namespace dynemu::api
