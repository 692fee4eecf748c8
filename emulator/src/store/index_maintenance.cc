// Secondary-index maintenance beyond ordinary writes: adding an index to a table that already
// holds items (UpdateTable's GSI backfill), dropping one, and LSI item-collection sizes.
//
// Why here and not in store.cc: these are rare schema operations with their own SQL; ordinary
// writes keep index columns current through put_item (ItemRow carries every slot's keys).
#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/json_codec.h"
#include "store/statement.h"
#include "store/store.h"

namespace dynemu::store {
namespace {

// Rows are backfilled in chunks so the read cursor is never open while its table is updated.
constexpr int kBackfillChunk = 512;

struct IndexEntry {
  std::string pk, sk;
  std::optional<std::string> index_pk, index_sk;
};

}  // namespace

void Session::create_index_columns(const TableSchema& schema, const IndexSchema& ix) {
  const std::string& t = schema.sql_name;
  auto n = std::to_string(ix.slot);
  store_->exec("ALTER TABLE " + t + " ADD COLUMN i" + n + "_pk BLOB");
  store_->exec("ALTER TABLE " + t + " ADD COLUMN i" + n + "_sk BLOB");
  create_partial_index(schema, ix);
}

void Session::create_partial_index(const TableSchema& schema, const IndexSchema& ix) {
  const std::string& t = schema.sql_name;
  auto n = std::to_string(ix.slot);
  // Partial indexes hold only items that carry the index key: DynamoDB's sparse indexes.
  if (ix.global)
    store_->exec("CREATE INDEX " + t + "_i" + n + " ON " + t + " (i" + n + "_pk, i" + n + "_sk, pk, sk) WHERE " +
                 ix.presence_column() + " IS NOT NULL");
  else
    store_->exec("CREATE INDEX " + t + "_i" + n + " ON " + t + " (pk, i" + n + "_sk, sk) WHERE " +
                 ix.presence_column() + " IS NOT NULL");
}

bool Session::table_is_empty(const TableSchema& schema) {
  Statement st(store_->statement("SELECT 1 FROM " + schema.sql_name + " LIMIT 1"));
  return !st.step();
}

void Session::suspend_secondary_indexes(const TableSchema& schema) {
  for (const auto& ix : schema.indexes)
    store_->exec("DROP INDEX IF EXISTS " + schema.sql_name + "_i" + std::to_string(ix.slot));
}

void Session::resume_secondary_indexes(const TableSchema& schema) {
  for (const auto& ix : schema.indexes) create_partial_index(schema, ix);
}

int Session::add_index(const std::string& table_name, IndexSchema index,
                       const std::function<bool(const model::Item&)>& indexable) {
  auto current = find_table(table_name);
  if (!current) throw std::runtime_error("add_index: no table " + table_name);
  TableSchema updated = *current;
  int slot = 0;
  for (const auto& ix : updated.indexes) slot = std::max(slot, ix.slot);
  index.slot = slot + 1;
  create_index_columns(updated, index);
  updated.indexes.push_back(index);
  const size_t position = updated.indexes.size() - 1;

  // Backfill: compute every existing item's keys for the new slot, chunk by chunk in scan order.
  const std::string n = std::to_string(index.slot);
  std::optional<RowPosition> after;
  while (true) {
    std::vector<IndexEntry> chunk;
    ScanSpec spec;
    spec.start_after = after;
    scan(updated, spec, [&](StoredRow&& row) {
      const model::Item item = model::item_from_json(row.json);
      auto keys = ItemRow::from_item(updated, item);
      if (indexable && !indexable(item)) keys.index_pk[position].reset();
      chunk.push_back({row.pk, row.sk, keys.index_pk[position], keys.index_sk[position]});
      return static_cast<int>(chunk.size()) < kBackfillChunk;
    });
    for (const auto& e : chunk) {
      if (!e.index_pk) continue;  // sparse: the item lacks the index key (or has the wrong type)
      Statement st(store_->statement("UPDATE " + updated.sql_name + " SET i" + n + "_pk = ?1, i" + n +
                                     "_sk = ?2 WHERE h = ?5 AND pk = ?3 AND sk = ?4"));
      st.blob(1, *e.index_pk).blob(2, *e.index_sk).blob(3, e.pk).blob(4, e.sk).int64(5, ItemRow::hash_of(e.pk));
      st.step();
    }
    if (static_cast<int>(chunk.size()) < kBackfillChunk) break;
    after = RowPosition{chunk.back().pk, chunk.back().sk, "", ""};
  }
  replace_schema(updated);
  return index.slot;
}

void Session::drop_index(const std::string& table_name, const std::string& index_name) {
  auto current = find_table(table_name);
  if (!current) throw std::runtime_error("drop_index: no table " + table_name);
  TableSchema updated = *current;
  auto it = std::find_if(updated.indexes.begin(), updated.indexes.end(),
                         [&](const IndexSchema& ix) { return ix.name == index_name; });
  if (it == updated.indexes.end()) return;
  const std::string& t = updated.sql_name;
  auto n = std::to_string(it->slot);
  updated.indexes.erase(it);
  // Statements naming the dropped columns can never run again; the new schema's differ in text.
  forget_statements(t);
  store_->exec("DROP INDEX IF EXISTS " + t + "_i" + n);
  store_->exec("ALTER TABLE " + t + " DROP COLUMN i" + n + "_pk");
  store_->exec("ALTER TABLE " + t + " DROP COLUMN i" + n + "_sk");
  replace_schema(updated);
}

int64_t Session::collection_size(const TableSchema& schema, const std::string& pk) {
  Statement st(store_->statement("SELECT coalesce(sum(size), 0) FROM " + schema.sql_name + " WHERE h = ?2 AND pk = ?1"));
  st.blob(1, pk).int64(2, ItemRow::hash_of(pk));
  return st.step() ? st.column_int64(0) : 0;
}

}  // namespace dynemu::store
