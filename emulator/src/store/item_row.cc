// ItemRow (see store.h): an item as the table's row stores it, with its key and index key columns.
#include <optional>
#include <string>
#include <vector>

#include "model/json_codec.h"
#include "model/key_codec.h"
#include "store/store.h"

namespace dynemu::store {

namespace {

// The index key columns of an item for a multi-attribute key (see KeySchema): both stay nullopt
// unless the item holds every key attribute with its type (a sparse index leaves the item out).
void index_keys_of_multi_attribute(const KeySchema& key, const model::Item& item, std::optional<std::string>& pk,
                                   std::optional<std::string>& sk) {
  auto column = [&item](const std::vector<KeyAttribute>& attrs) -> std::optional<std::string> {
    std::vector<const model::AttributeValue*> values;
    for (const auto& a : attrs) {
      auto it = item.find(a.name);
      if (it == item.end() || it->second.type != a.type) return std::nullopt;
      values.push_back(&it->second);
    }
    if (values.empty()) return std::string();
    // One attribute keeps the single-value encoding, so its column reads as any other index's.
    return values.size() == 1 ? model::encode_key(*values[0]) : model::encode_key_tuple(values);
  };
  std::optional<std::string> h = column(key.hash_attributes());
  if (!h) return;
  std::optional<std::string> r = column(key.range_attributes());
  if (!r) return;
  pk = std::move(h);
  sk = std::move(r);
}

}  // namespace

int64_t ItemRow::hash_of(const std::string& encoded_pk) {
  // 63 bits, so SQLite's signed INTEGER order equals the hash's unsigned order (scan segments).
  return static_cast<int64_t>(model::partition_hash(encoded_pk) >> 1);
}

ItemRow ItemRow::from_item(const TableSchema& schema, const model::Item& item) {
  ItemRow row;
  row.pk = model::encode_key(item.at(schema.key.hash.name));
  if (schema.key.range) row.sk = model::encode_key(item.at(schema.key.range->name));
  row.hash = hash_of(row.pk);
  row.json = model::item_to_json(item);
  row.size = static_cast<int64_t>(model::item_size(item));
  row.index_pk.resize(schema.indexes.size());
  row.index_sk.resize(schema.indexes.size());
  for (size_t i = 0; i < schema.indexes.size(); ++i) {
    const auto& ix = schema.indexes[i];
    if (ix.key.multi_attribute()) {
      index_keys_of_multi_attribute(ix.key, item, row.index_pk[i], row.index_sk[i]);
      continue;
    }
    auto h = item.find(ix.key.hash.name);
    if (h == item.end() || h->second.type != ix.key.hash.type) continue;
    std::optional<std::string> sk;
    if (ix.key.range) {
      auto r = item.find(ix.key.range->name);
      if (r == item.end() || r->second.type != ix.key.range->type) continue;  // sparse: not in this index
      sk = model::encode_key(r->second);
    } else {
      sk = std::string();
    }
    row.index_pk[i] = model::encode_key(h->second);
    row.index_sk[i] = std::move(sk);
  }
  if (schema.ttl.column) {
    auto t = item.find(schema.ttl.attribute);
    row.ttl = ttl_seconds(t == item.end() ? nullptr : &t->second);
  }
  if (schema.change_log_needs().any) {
    model::Item keys;
    for (const KeyAttribute* k : {&schema.key.hash, schema.key.range ? &*schema.key.range : nullptr})
      if (k) keys.emplace(k->name, item.at(k->name));
    row.keys_json = model::item_to_json(keys);
    row.keys_size = static_cast<int64_t>(model::item_size(keys));
  }
  return row;
}

std::optional<int64_t> ItemRow::ttl_seconds(const model::AttributeValue* value) {
  if (!value || value->type != model::AttrType::N) return std::nullopt;  // sets (NS) and other types: ignored
  const model::Number& n = value->n;
  if (n.is_zero()) return 0;
  // value = 0.digits * 10^exponent: exponent 14 or more is 1e13 or beyond.
  const int e = n.exponent();
  if (e > 13) return std::nullopt;
  const std::string& digits = n.digits();
  int64_t whole = 0;
  for (int i = 0; i < e; ++i) whole = whole * 10 + (i < static_cast<int>(digits.size()) ? digits[i] - '0' : 0);
  const bool fraction = e <= 0 || static_cast<int>(digits.size()) > e;
  if (!n.negative()) return whole;
  return -whole - (fraction ? 1 : 0);  // floor
}

}  // namespace dynemu::store
