// Time to Live in the store: the indexed `ttl` column of a TTL table, its backfill, and the range
// reads that give the sweeper its expiry candidates.
//
// Why a column and not a scan: a sweep must find the few expired items of a large table without
// reading the others. With the item's TTL value (whole seconds) in an indexed column, the expired
// items are one range of a partial index (`WHERE ttl IS NOT NULL`, so items without the attribute
// cost nothing), read in batches: a sweep's work is proportional to what it deletes, and a sweep
// that finds nothing costs one index probe per table. ItemRow::from_item computes the column on
// every write, like the secondary-index columns. Rows that existed before the column held the
// attribute get their values from a backfill in chunks (one write session each), so enabling TTL
// on a large table never holds the store lock for long either.
#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "model/json_codec.h"
#include "store/statement.h"
#include "store/store.h"

namespace dynemu::store {

void Session::set_time_to_live(const std::string& table_name, const TimeToLiveSchema& ttl) {
  auto current = find_table(table_name);
  if (!current) throw std::runtime_error("set_time_to_live: no table " + table_name);
  TableSchema updated = *current;
  const TimeToLiveSchema& was = current->ttl;
  updated.ttl = ttl;
  // The column's state is the store's own: callers give the settings.
  updated.ttl.column = was.column;
  updated.ttl.backfill_pending = was.backfill_pending;
  updated.ttl.backfill_started = was.backfill_started;
  updated.ttl.backfill_after_pk = was.backfill_after_pk;
  updated.ttl.backfill_after_sk = was.backfill_after_sk;
  const bool new_values = !ttl.attribute.empty() && (!was.column || was.attribute != ttl.attribute);
  if (new_values) {
    const std::string& t = updated.sql_name;
    if (!was.column) {
      store_->exec("ALTER TABLE " + t + " ADD COLUMN ttl INTEGER");
      store_->exec("CREATE INDEX " + t + "_ttl ON " + t + " (ttl, h, pk, sk) WHERE ttl IS NOT NULL");
      updated.ttl.column = true;
    }
    // Every row's value is unknown (new column) or the old attribute's: backfill from the start,
    // unless there is no row yet.
    Statement any(store_->statement("SELECT 1 FROM " + t + " LIMIT 1"));
    updated.ttl.backfill_pending = any.step();
    updated.ttl.backfill_started = false;
    updated.ttl.backfill_after_pk.clear();
    updated.ttl.backfill_after_sk.clear();
  }
  replace_schema(updated);
}

bool Session::backfill_ttl(const std::string& table_name, int limit) {
  auto current = find_table(table_name);
  if (!current || !current->ttl.column || !current->ttl.backfill_pending) return true;
  TableSchema updated = *current;
  TimeToLiveSchema& ttl = updated.ttl;

  struct Entry {
    std::string pk, sk;
    std::optional<int64_t> value;
  };
  std::vector<Entry> chunk;
  ScanSpec spec;
  if (ttl.backfill_started) spec.start_after = RowPosition{ttl.backfill_after_pk, ttl.backfill_after_sk, "", ""};
  // The rows are read first and updated after: the read cursor is never open while its table changes.
  scan(updated, spec, [&](StoredRow&& row) {
    const model::Item item = model::item_from_json(row.json);
    auto it = item.find(ttl.attribute);
    chunk.push_back({row.pk, row.sk, ItemRow::ttl_seconds(it == item.end() ? nullptr : &it->second)});
    return static_cast<int>(chunk.size()) < limit;
  });
  for (const auto& e : chunk) {
    Statement st(store_->statement("UPDATE " + updated.sql_name + " SET ttl = ?1 WHERE h = ?4 AND pk = ?2 AND sk = ?3"));
    if (e.value) st.int64(1, *e.value); else st.null(1);
    st.blob(2, e.pk).blob(3, e.sk).int64(4, ItemRow::hash_of(e.pk));
    st.step();
  }
  if (static_cast<int>(chunk.size()) < limit) {
    ttl.backfill_pending = false;
    ttl.backfill_started = false;
    ttl.backfill_after_pk.clear();
    ttl.backfill_after_sk.clear();
  } else {
    ttl.backfill_started = true;
    ttl.backfill_after_pk = chunk.back().pk;
    ttl.backfill_after_sk = chunk.back().sk;
  }
  replace_schema(updated);
  return !ttl.backfill_pending;
}

std::vector<TtlCandidate> Session::ttl_candidates(const TableSchema& schema, int64_t low, int64_t high,
                                                  const std::optional<TtlPosition>& after, int limit) {
  if (!schema.ttl.column) throw std::logic_error("ttl_candidates: table " + schema.name + " has no ttl column");
  const std::string& t = schema.sql_name;
  // One shape per (first read, later reads): both walk the partial index on (ttl, h, pk, sk).
  std::string sql = "SELECT ttl, pk, sk, item FROM " + t + " WHERE ttl IS NOT NULL AND ttl >= ?1 AND ttl <= ?2";
  if (after) sql += " AND (ttl, h, pk, sk) > (?4, ?5, ?6, ?7)";
  sql += " ORDER BY ttl, h, pk, sk LIMIT ?3";
  Statement st(store_->statement(sql));
  st.int64(1, low).int64(2, high).int64(3, limit);
  if (after) st.int64(4, after->ttl).int64(5, ItemRow::hash_of(after->pk)).blob(6, after->pk).blob(7, after->sk);
  std::vector<TtlCandidate> out;
  while (st.step()) out.push_back({st.column_int64(0), st.column_text(1), st.column_text(2), st.column_text(3)});
  return out;
}

}  // namespace dynemu::store
