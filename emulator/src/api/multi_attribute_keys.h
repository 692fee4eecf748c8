// Multi-attribute GSI keys (up to four HASH and four RANGE attributes; see store::KeySchema).
//
// Contract:
// - check_global_index_key_schema() validates a GSI's KeySchema (CreateTable and UpdateTable's
//   Create): one to four HASH elements first, then up to four RANGE elements, no name twice. The
//   table's and LSIs' one-HASH/one-RANGE rules stay in create_table_validation.cc.
// - multi_attribute_key_condition() turns a Query's key conditions on such an index into the
//   store's read: equality on every HASH attribute; RANGE attributes left to right, all equal but
//   the last given, which may be any sort-key comparison. Because the tuple encoding is
//   order-preserving and prefix-free (model/key_codec.h), every such condition is one byte range
//   of the index's sort column (SortKeyRange::Span): an index range scan, never a filtered walk.
// - key_column() encodes one key column (HASH or RANGE attributes) of a key given as an item.
#pragma once
#include <string>
#include <vector>

#include "api/key_conditions.h"
#include "model/attribute_value.h"
#include "store/store.h"

namespace dynemu::api {

struct KeySchemaEntry {
  std::string name;
  std::string key_type;  // HASH or RANGE
};
void check_global_index_key_schema(const std::vector<KeySchemaEntry>& keys, const std::string& index_name);

// One condition of a key condition (KeyConditionExpression or KeyConditions), with the legacy
// ComparisonOperator name (EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH).
struct KeyTerm {
  std::string name;
  std::string op;
  std::vector<model::AttributeValue> values;
};
QueryKey multi_attribute_key_condition(const std::vector<KeyTerm>& terms, const store::KeySchema& key);

// The encoded key column for `attrs` (all present in `key`, types checked by the caller).
std::string key_column(const std::vector<store::KeyAttribute>& attrs, const model::Item& key);

}  // namespace dynemu::api
