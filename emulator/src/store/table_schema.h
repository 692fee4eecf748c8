// TableSchema: what the store needs to know about one DynamoDB table.
//
// Contract: built by the API layer from a validated CreateTable request (or read back from the
// catalog). Key attribute types are S, N or B. Each secondary index owns a numbered "slot": the
// SQLite columns i<slot>_pk / i<slot>_sk and a partial index over them. `description` is the
// table's TableDescription JSON as DynamoDB shows it, minus the live counters (ItemCount,
// TableSizeBytes), which the store computes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace dynemu::store {

struct KeyAttribute {
  std::string name;
  model::AttrType type = model::AttrType::S;
};

// A global secondary index may have multi-attribute keys: up to four HASH and up to four RANGE
// attributes. `hash` and `range` are the first of each; `more_hash` / `more_range` the rest, in
// KeySchema order. A key column made of one attribute holds model::encode_key(value); one made of
// several holds model::encode_key_tuple(values) (see key_codec.h), so a single-attribute key keeps
// its encoding and a multi-attribute key still orders as DynamoDB orders it.
struct KeySchema {
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  std::vector<KeyAttribute> more_hash;
  std::vector<KeyAttribute> more_range;

  bool multi_attribute() const { return !more_hash.empty() || !more_range.empty(); }
  std::vector<KeyAttribute> hash_attributes() const {
    std::vector<KeyAttribute> out{hash};
    out.insert(out.end(), more_hash.begin(), more_hash.end());
    return out;
  }
  std::vector<KeyAttribute> range_attributes() const {
    std::vector<KeyAttribute> out;
    if (range) out.push_back(*range);
    out.insert(out.end(), more_range.begin(), more_range.end());
    return out;
  }
  // Every key attribute: the HASH attributes, then the RANGE attributes.
  std::vector<KeyAttribute> all_attributes() const {
    std::vector<KeyAttribute> out = hash_attributes();
    for (auto& a : range_attributes()) out.push_back(std::move(a));
    return out;
  }
};

struct IndexSchema {
  std::string name;
  bool global = true;  // false: a local secondary index (same partition key as the table)
  KeySchema key;
  int slot = 0;        // column slot in the SQLite table

  // The column that is non-null exactly for the items this (sparse) index holds: its partition key
  // column for a global index, its sort key column for a local one (whose partition key is the table's).
  std::string presence_column() const { return "i" + std::to_string(slot) + (global ? "_pk" : "_sk"); }
};

// Time to Live. Once TTL names an attribute, the SQLite table carries an indexed column `ttl`: the
// item's TTL value in whole epoch seconds (floor), or NULL when the attribute is absent, not a
// Number, or beyond any time the clock can show. The sweeper finds expiry candidates as a range of
// that index instead of reading every item (see ttl/sweeper.h).
struct TimeToLiveSchema {
  std::string attribute;           // "" until TTL is first enabled; kept (and maintained) when disabled
  bool enabled = false;            // ENABLED, or ENABLING during its window
  int64_t transient_until_ms = 0;  // ENABLING / DISABLING is shown until then
  int64_t modified_ms = 0;         // the last successful UpdateTimeToLive (0: never)
  bool column = false;             // the SQLite table has the `ttl` column and its index
  // Rows written before the column held `attribute` get their values from a backfill that runs in
  // chunks (Session::backfill_ttl): every row up to `backfill_after` (in scan order) and every row
  // written since holds its current value. backfill_pending false: all rows do.
  bool backfill_pending = false;
  bool backfill_started = false;   // false: no row done yet (backfill_after_* unused)
  std::string backfill_after_pk, backfill_after_sk;
};

struct TableSchema {
  std::string name;
  std::string sql_name;  // internal SQLite table name, never derived from user text
  KeySchema key;
  std::vector<IndexSchema> indexes;
  std::string description;  // TableDescription JSON (static parts)
  int64_t created_ms = 0;   // creation time, ms since epoch
  // Transient status windows (-delayTransientStatuses): the status shown until this time.
  std::string transient_status;  // "", "CREATING", "UPDATING", "DELETING"
  int64_t transient_until_ms = 0;
  // The view type of the table's enabled DynamoDB stream (KEYS_ONLY, NEW_IMAGE, OLD_IMAGE,
  // NEW_AND_OLD_IMAGES), or "" when no stream is enabled.
  std::string stream_view_type;

  // Point-in-time recovery: while enabled, the recovery period in ms (0: disabled). The table's
  // change log then also serves as its change history: every change keeps the item as it was
  // (old image), so the table at a past time T is the live table with the changes made after T
  // undone, newest first (backup/point_in_time.h). Rows older than the period are pruned as the
  // table is written (Session::prune_history); retention is the longest of the needs below.
  int64_t history_ms = 0;

  // Who needs this table's change log, and which images: the one predicate the store's write path
  // asks. Streams need the images of their view type; point-in-time recovery needs old images.
  struct ChangeLogNeeds {
    bool any = false;        // write a change-log row for every item change
    bool old_image = false;  // keep the item as it was (for the stream)
    bool new_image = false;  // keep the item as it became (for the stream)
    bool history = false;    // keep the item as it was (for point-in-time recovery)
  };
  ChangeLogNeeds change_log_needs() const {
    ChangeLogNeeds n;
    n.history = history_ms > 0;
    n.any = n.history || !stream_view_type.empty();
    n.old_image = stream_view_type == "OLD_IMAGE" || stream_view_type == "NEW_AND_OLD_IMAGES";
    n.new_image = stream_view_type == "NEW_IMAGE" || stream_view_type == "NEW_AND_OLD_IMAGES";
    return n;
  }
  // The table's number in the store (sql_name is "t<id>"); the change log names tables by it.
  int64_t id() const { return sql_name.size() > 1 ? std::stoll(sql_name.substr(1)) : 0; }
  TimeToLiveSchema ttl;

  const IndexSchema* find_index(const std::string& index_name) const {
    for (const auto& ix : indexes)
      if (ix.name == index_name) return &ix;
    return nullptr;
  }
};

// The columns of one stored item, derived from the item and the schema (see ItemRow::from_item).
struct ItemRow {
  std::string pk;  // encoded partition key
  std::string sk;  // encoded sort key ("" for tables without one)
  int64_t hash = 0;
  std::string json;  // canonical item JSON
  int64_t size = 0;  // DynamoDB item size in bytes
  // Per index slot: encoded index keys, or nullopt when the item is not in that (sparse) index.
  std::vector<std::optional<std::string>> index_pk;
  std::vector<std::optional<std::string>> index_sk;
  // The `ttl` column (TimeToLiveSchema): set only when the schema has the column.
  std::optional<int64_t> ttl;
  // The key attributes as canonical JSON and their DynamoDB size, which the change log records:
  // from_item() fills them only for a table that keeps one (the store otherwise reads them back
  // from `json`, a parse of the whole item).
  std::string keys_json;
  int64_t keys_size = 0;

  static ItemRow from_item(const TableSchema& schema, const model::Item& item);
  // The scan-order hash of an encoded partition key (63 bits, non-negative).
  static int64_t hash_of(const std::string& encoded_pk);
  // The `ttl` column's value for an attribute: whole epoch seconds (floor) of a Number within
  // +-1e13 seconds (past year 300,000, beyond any time the clock can be set to); else nullopt.
  static std::optional<int64_t> ttl_seconds(const model::AttributeValue* value);
};

}  // namespace dynemu::store
