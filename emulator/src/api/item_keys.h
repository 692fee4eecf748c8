// ItemKeys: a table's primary key as requests carry it, validated and encoded for the store.
//
// Contract: key_from_request() validates a GetItem/DeleteItem-style `Key` map (exactly the key
// attributes, of the declared types, non-empty, within the size limits) and returns its encoded
// columns. validate_item_keys() does the PutItem-style checks on a whole item (key attributes
// present and typed, index key attributes typed). Both throw DynamoDB's ValidationExceptions.
#pragma once
#include <string>

#include "expr/expression.h"
#include "model/attribute_value.h"
#include "store/table_schema.h"

namespace dynemu::api {

struct EncodedKey {
  std::string pk;
  std::string sk;
};

EncodedKey key_from_request(const store::TableSchema& schema, const model::Item& key);
void validate_item_keys(const store::TableSchema& schema, const model::Item& item);
// UpdateItem's refusal of an update writing a key attribute ("... Cannot update attribute X. This
// attribute is part of the key"); TransactWriteItems' Update and PartiQL's UPDATE give the same.
void reject_key_updates(const store::TableSchema& schema, const expr::UpdateActions& actions);
// Whether each of the index's key attributes that `item` carries is within the key size limits
// (2048 bytes HASH, 1024 RANGE). A backfill leaves an item that is not out of the new index, as
// DynamoDB does with items violating an index key's constraints when it builds an index online.
bool index_key_sizes_fit(const store::IndexSchema& index, const model::Item& item);
// The key attributes of `item` (for responses that return keys, e.g. LastEvaluatedKey).
model::Item key_of(const store::TableSchema& schema, const model::Item& item);

// DynamoDB's limit on one item, names and values included.
constexpr size_t kMaxItemSize = 400 * 1024;

}  // namespace dynemu::api
