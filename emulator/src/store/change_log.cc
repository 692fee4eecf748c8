// The change log and the streams' catalog rows (see store.h): Session's half of DynamoDB Streams.
#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "model/json_codec.h"
#include "model/key_codec.h"
#include "store/statement.h"

namespace dynemu::store {

// ---------------------------------------------------------------- the change log

namespace {

// The key attributes of a stored item, as canonical JSON (names in order, as item_to_json writes
// them), and their DynamoDB size. Reads only the key members of the item's JSON.
std::string keys_of(const TableSchema& schema, const std::string& item_json, int64_t* size) {
  // The parse's first nodes live on the stack: RapidJSON's default first chunk is a 64 KB malloc.
  char pool[8 * 1024];
  rapidjson::MemoryPoolAllocator<> allocator(pool, sizeof pool);
  rapidjson::Document d(&allocator);
  d.Parse(item_json.c_str(), item_json.size());
  model::Item keys;
  for (const KeyAttribute* k : {&schema.key.hash, schema.key.range ? &*schema.key.range : nullptr}) {
    if (!k) continue;
    auto it = d.FindMember(k->name.c_str());
    if (it != d.MemberEnd()) keys.emplace(k->name, model::decode_attribute_value(it->value));
  }
  *size = static_cast<int64_t>(model::item_size(keys));
  return model::item_to_json(keys);
}

}  // namespace

std::string Store::change_table_name(int64_t table_id) { return "dynemu_changes_" + std::to_string(table_id); }

bool Store::change_table_exists(int64_t table_id) {
  if (change_tables_.count(table_id)) return true;
  Statement st(statement("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1"));
  const std::string name = Store::change_table_name(table_id);  // bound without a copy: it must outlive step()
  st.text(1, name);
  if (!st.step()) return false;
  change_tables_.insert(table_id);
  return true;
}

void Store::create_change_table(int64_t table_id) {
  if (change_table_exists(table_id)) return;
  // Keyed by seq alone, a rowid table: every change is appended at its end, where SQLite adds a new
  // leaf page as the last one fills instead of rebalancing the full ones (as it must in a table
  // keyed by (table_id, seq)), so a commit writes about one page of log, not 1.65 on average.
  exec("CREATE TABLE " + Store::change_table_name(table_id) +
       " (seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, event INTEGER NOT NULL, origin INTEGER NOT NULL, "
       "keys TEXT NOT NULL, old_image TEXT, new_image TEXT, size INTEGER NOT NULL)");
  change_tables_.insert(table_id);
}

std::vector<int64_t> Store::change_table_ids() {
  std::vector<int64_t> ids;
  Statement st(statement("SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'dynemu_changes_[0-9]*'"));
  while (st.step()) ids.push_back(std::stoll(st.column_text(0).substr(std::strlen("dynemu_changes_"))));
  return ids;
}

void Store::drop_change_table(int64_t table_id) {
  if (!change_table_exists(table_id)) return;
  const std::string name = Store::change_table_name(table_id);
  forget_statements(name);  // cached statements on it must go before it does
  exec("DROP TABLE " + name);
  change_tables_.erase(table_id);
}

void Store::move_change_log_to_tables() {
  bool format_one = false;
  {
    Statement st(statement("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'dynemu_changes'"));
    format_one = st.step();
  }
  if (!format_one) return;
  std::vector<int64_t> ids;
  {
    Statement st(statement("SELECT DISTINCT table_id FROM dynemu_changes "));
    while (st.step()) ids.push_back(st.column_int64(0));
  }
  for (int64_t table_id : ids) {
    create_change_table(table_id);
    Statement copy(statement("INSERT INTO " + change_table_name(table_id) +
                             " (seq, time_ms, event, origin, keys, old_image, new_image, size) "
                             "SELECT seq, time_ms, event, origin, keys, old_image, new_image, size "
                             "FROM dynemu_changes WHERE table_id = ?1 ORDER BY seq"));
    copy.int64(1, table_id);
    copy.step();
  }
  forget_statements("dynemu_changes");
  exec("DROP TABLE dynemu_changes");
}

void Session::log_change(const TableSchema& schema, ChangeEvent event, const std::string& old_json, int64_t old_size,
                         const ItemRow* new_row) {
  if (change_time_ms_ < 0)
    throw std::logic_error("dynemu: an item change on table " + schema.name +
                           ", which keeps a change log, from a write session without a change time");
  const auto needs = schema.change_log_needs();
  if (needs.history) prune_history_if_due(schema);
  // The keys from_item() wrote down, else read back from the item's JSON.
  const std::string* keys_json = new_row && !new_row->keys_json.empty() ? &new_row->keys_json : nullptr;
  int64_t key_size = keys_json ? new_row->keys_size : 0;
  std::string parsed_keys;
  if (!keys_json) {
    parsed_keys = keys_of(schema, new_row ? new_row->json : old_json, &key_size);
    keys_json = &parsed_keys;
  }
  const bool keep_old = (needs.old_image || needs.history) && event != ChangeEvent::Insert;
  const bool keep_new = needs.new_image && new_row;
  // The size is the stream record's (SizeBytes): an old image kept only for the history is not in it.
  const int64_t size = key_size + (keep_old && needs.old_image ? old_size : 0) + (keep_new ? new_row->size : 0);
  store_->create_change_table(schema.id());
  Statement st(store_->statement("INSERT INTO " + Store::change_table_name(schema.id()) +
                                 " (seq, time_ms, event, origin, keys, old_image, new_image, size) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  // A rolled-back session leaves a gap in the numbers, never a number given twice.
  const int64_t seq = ++store_->last_change_seq_;
  st.int64(1, seq).int64(2, change_time_ms_).int64(3, static_cast<int64_t>(event));
  st.int64(4, origin_ == ChangeOrigin::TimeToLive ? 1 : 0).text(5, *keys_json);
  if (keep_old) st.text(6, old_json); else st.null(6);
  if (keep_new) st.text(7, new_row->json); else st.null(7);
  st.int64(8, size);
  st.step();
}

void Session::read_changes(int64_t table_id, int64_t after, int64_t through,
                           const std::function<bool(ChangeRecord&&)>& visit) {
  if (!store_->change_table_exists(table_id)) return;
  Statement st(store_->statement("SELECT seq, time_ms, event, origin, keys, old_image, new_image, size FROM " +
                                 Store::change_table_name(table_id) + " WHERE seq > ?1 AND seq <= ?2 ORDER BY seq"));
  st.int64(1, after).int64(2, through < 0 ? std::numeric_limits<int64_t>::max() : through);
  while (st.step()) {
    ChangeRecord r;
    r.seq = st.column_int64(0);
    r.table_id = table_id;
    r.time_ms = st.column_int64(1);
    r.event = static_cast<ChangeEvent>(st.column_int64(2));
    r.origin = st.column_int64(3) == 1 ? ChangeOrigin::TimeToLive : ChangeOrigin::User;
    r.keys = st.column_text(4);
    r.old_image = st.column_text(5);
    r.new_image = st.column_text(6);
    r.size = st.column_int64(7);
    if (!visit(std::move(r))) break;
  }
}

int64_t Session::last_change_seq() { return store_->last_change_seq_; }

int64_t Session::last_change_before(int64_t table_id, int64_t from, int64_t before_ms) {
  if (!store_->change_table_exists(table_id)) return from - 1;
  Statement st(store_->statement("SELECT coalesce(max(seq), ?1 - 1) FROM " + Store::change_table_name(table_id) +
                                 " WHERE seq >= ?1 AND time_ms < ?2"));
  st.int64(1, from).int64(2, before_ms);
  return st.step() ? st.column_int64(0) : from - 1;
}

int64_t Session::trim_changes(int64_t table_id, int64_t before_ms) {
  if (!store_->change_table_exists(table_id)) return 0;
  const std::string table = Store::change_table_name(table_id);
  {
    // The common case, nothing old enough: decided by the table's oldest row alone, not a scan.
    Statement oldest(store_->statement("SELECT time_ms FROM " + table + " ORDER BY seq LIMIT 1"));
    if (!oldest.step() || oldest.column_int64(0) >= before_ms) return 0;
  }
  int64_t newest = 0;
  {
    Statement st(store_->statement("SELECT coalesce(max(seq), 0) FROM " + table + " WHERE time_ms < ?1"));
    st.int64(1, before_ms);
    if (st.step()) newest = st.column_int64(0);
  }
  if (newest == 0) return 0;
  {
    Statement st(store_->statement("DELETE FROM " + table + " WHERE time_ms < ?1"));
    st.int64(1, before_ms);
    st.step();
  }
  // The log of a dropped table, once its streams have trimmed it all, goes with it.
  const bool live = std::any_of(store_->tables_.begin(), store_->tables_.end(),
                                [table_id](const auto& entry) { return entry.second->id() == table_id; });
  if (!live) {
    bool empty = false;
    {
      Statement rest(store_->statement("SELECT 1 FROM " + table + " LIMIT 1"));
      empty = !rest.step();
    }  // released before the drop finalizes the table's cached statements
    if (empty) store_->drop_change_table(table_id);
  }
  store_->save_change_seq_floor();
  return newest;
}

void Session::prune_history_if_due(const TableSchema& schema) {
  auto due = store_->history_prune_due_ms_.find(schema.id());
  if (due != store_->history_prune_due_ms_.end() && change_time_ms_ < due->second) return;
  prune_history(schema, change_time_ms_);
}

void Session::prune_history(const TableSchema& schema, int64_t now_ms) {
  if (schema.history_ms <= 0) return;
  // The recovery period is at least a day, the streams' retention: what is pruned here no stream
  // still shows (they mark it trimmed themselves, streams.cc).
  trim_changes(schema.id(), now_ms - schema.history_ms);
  int64_t oldest = now_ms;
  if (store_->change_table_exists(schema.id())) {
    Statement st(store_->statement("SELECT time_ms FROM " + Store::change_table_name(schema.id()) + " ORDER BY seq LIMIT 1"));
    if (st.step()) oldest = std::min(oldest, st.column_int64(0));
  }
  // Nothing can fall out of the window before the oldest row does.
  store_->history_prune_due_ms_[schema.id()] = oldest + schema.history_ms;
}

void Session::drop_history(const TableSchema& schema, int64_t now_ms) {
  bool has_stream = false;
  {
    Statement st(store_->statement("SELECT 1 FROM dynemu_streams WHERE table_id = ?1 LIMIT 1"));
    st.int64(1, schema.id());
    has_stream = st.step();
  }
  // A stream (open, or closed and still readable) keeps its own 24 hours; it trims them itself.
  trim_changes(schema.id(), has_stream ? now_ms - kStreamRetentionMs : std::numeric_limits<int64_t>::max());
  store_->history_prune_due_ms_.erase(schema.id());
}

std::optional<int64_t> Session::first_change_from(int64_t table_id, int64_t from) {
  if (!store_->change_table_exists(table_id)) return std::nullopt;
  Statement st(store_->statement("SELECT min(seq) FROM " + Store::change_table_name(table_id) + " WHERE seq >= ?1"));
  st.int64(1, from);
  if (!st.step() || sqlite3_column_type(st.raw(), 0) == SQLITE_NULL) return std::nullopt;
  return st.column_int64(0);
}

// ---------------------------------------------------------------- streams and shards

namespace {
constexpr const char* kStreamColumns =
    "id, table_id, table_name, arn, label, view_type, key_schema, created_ms, disabled_ms, start_seq, end_seq, "
    "trimmed_seq";

StreamRow stream_from(Statement& st) {
  StreamRow s;
  s.id = st.column_int64(0);
  s.table_id = st.column_int64(1);
  s.table_name = st.column_text(2);
  s.arn = st.column_text(3);
  s.label = st.column_text(4);
  s.view_type = st.column_text(5);
  s.key_schema = st.column_text(6);
  s.created_ms = st.column_int64(7);
  s.disabled_ms = st.column_int64(8);
  s.start_seq = st.column_int64(9);
  s.end_seq = st.column_int64(10);
  s.trimmed_seq = st.column_int64(11);
  return s;
}
}  // namespace

int64_t Session::add_stream(const StreamRow& s) {
  Statement st(store_->statement(
      "INSERT INTO dynemu_streams (table_id, table_name, arn, label, view_type, key_schema, created_ms, disabled_ms, "
      "start_seq, end_seq, trimmed_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
  st.int64(1, s.table_id).text(2, s.table_name).text(3, s.arn).text(4, s.label).text(5, s.view_type);
  st.text(6, s.key_schema).int64(7, s.created_ms).int64(8, s.disabled_ms).int64(9, s.start_seq).int64(10, s.end_seq);
  st.int64(11, s.trimmed_seq);
  st.step();
  return sqlite3_last_insert_rowid(store_->db_);
}

void Session::update_stream(const StreamRow& s) {
  Statement st(store_->statement("UPDATE dynemu_streams SET disabled_ms = ?2, end_seq = ?3, trimmed_seq = ?4 WHERE id = ?1"));
  st.int64(1, s.id).int64(2, s.disabled_ms).int64(3, s.end_seq).int64(4, s.trimmed_seq);
  st.step();
}

void Session::delete_stream(int64_t stream_id) {
  {
    Statement st(store_->statement("DELETE FROM dynemu_stream_shards WHERE stream_id = ?1"));
    st.int64(1, stream_id);
    st.step();
  }
  Statement st(store_->statement("DELETE FROM dynemu_streams WHERE id = ?1"));
  st.int64(1, stream_id);
  st.step();
}

std::vector<StreamRow> Session::streams() {
  Statement st(store_->statement(std::string("SELECT ") + kStreamColumns + " FROM dynemu_streams ORDER BY arn"));
  std::vector<StreamRow> out;
  while (st.step()) out.push_back(stream_from(st));
  return out;
}

std::optional<StreamRow> Session::find_stream(const std::string& arn) {
  Statement st(store_->statement(std::string("SELECT ") + kStreamColumns + " FROM dynemu_streams WHERE arn = ?1"));
  st.text(1, arn);
  if (!st.step()) return std::nullopt;
  return stream_from(st);
}

std::vector<ShardRow> Session::shards(int64_t stream_id) {
  Statement st(store_->statement(
      "SELECT ordinal, shard_id, parent_shard_id, created_ms, start_seq, end_seq FROM dynemu_stream_shards "
      "WHERE stream_id = ?1 ORDER BY ordinal"));
  st.int64(1, stream_id);
  std::vector<ShardRow> out;
  while (st.step()) {
    ShardRow s;
    s.stream_id = stream_id;
    s.ordinal = st.column_int64(0);
    s.shard_id = st.column_text(1);
    s.parent_shard_id = st.column_text(2);
    s.created_ms = st.column_int64(3);
    s.start_seq = st.column_int64(4);
    s.end_seq = st.column_int64(5);
    out.push_back(std::move(s));
  }
  return out;
}

void Session::put_shard(const ShardRow& s) {
  Statement st(store_->statement(
      "INSERT OR REPLACE INTO dynemu_stream_shards (stream_id, ordinal, shard_id, parent_shard_id, created_ms, "
      "start_seq, end_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  st.int64(1, s.stream_id).int64(2, s.ordinal).text(3, s.shard_id).text(4, s.parent_shard_id);
  st.int64(5, s.created_ms).int64(6, s.start_seq).int64(7, s.end_seq);
  st.step();
}

void Session::delete_shard(int64_t stream_id, int64_t ordinal) {
  Statement st(store_->statement("DELETE FROM dynemu_stream_shards WHERE stream_id = ?1 AND ordinal = ?2"));
  st.int64(1, stream_id).int64(2, ordinal);
  st.step();
}

void Session::clear_change_log() {
  for (const char* sql : {"DELETE FROM dynemu_stream_shards", "DELETE FROM dynemu_streams"}) store_->run_cached(sql);
  for (int64_t table_id : store_->change_table_ids()) store_->drop_change_table(table_id);
  store_->save_change_seq_floor();
}

}  // namespace dynemu::store
