// The change log and the streams' catalog rows (see store.h): Session's half of DynamoDB Streams.
#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
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
  Statement st(store_->statement(
      "INSERT INTO dynemu_changes (table_id, seq, time_ms, event, origin, keys, old_image, new_image, size) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  // A rolled-back session leaves a gap in the numbers, never a number given twice.
  const int64_t seq = ++store_->last_change_seq_;
  st.int64(1, schema.id()).int64(2, seq).int64(3, change_time_ms_).int64(4, static_cast<int64_t>(event));
  st.int64(5, origin_ == ChangeOrigin::TimeToLive ? 1 : 0).text(6, *keys_json);
  if (keep_old) st.text(7, old_json); else st.null(7);
  if (keep_new) st.text(8, new_row->json); else st.null(8);
  st.int64(9, size);
  st.step();
}

void Session::read_changes(int64_t table_id, int64_t after, int64_t through,
                           const std::function<bool(ChangeRecord&&)>& visit) {
  Statement st(store_->statement(
      "SELECT seq, time_ms, event, origin, keys, old_image, new_image, size FROM dynemu_changes "
      "WHERE table_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq"));
  st.int64(1, table_id).int64(2, after).int64(3, through < 0 ? std::numeric_limits<int64_t>::max() : through);
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
  Statement st(store_->statement(
      "SELECT coalesce(max(seq), ?2 - 1) FROM dynemu_changes WHERE table_id = ?1 AND seq >= ?2 AND time_ms < ?3"));
  st.int64(1, table_id).int64(2, from).int64(3, before_ms);
  return st.step() ? st.column_int64(0) : from - 1;
}

int64_t Session::trim_changes(int64_t table_id, int64_t before_ms) {
  {
    // The common case, nothing old enough: decided by the table's oldest row alone, not a scan.
    Statement oldest(store_->statement(
        "SELECT time_ms FROM dynemu_changes WHERE table_id = ?1 ORDER BY seq LIMIT 1"));
    oldest.int64(1, table_id);
    if (!oldest.step() || oldest.column_int64(0) >= before_ms) return 0;
  }
  int64_t newest = 0;
  {
    Statement st(store_->statement(
        "SELECT coalesce(max(seq), 0) FROM dynemu_changes WHERE table_id = ?1 AND time_ms < ?2"));
    st.int64(1, table_id).int64(2, before_ms);
    if (st.step()) newest = st.column_int64(0);
  }
  if (newest == 0) return 0;
  Statement st(store_->statement("DELETE FROM dynemu_changes WHERE table_id = ?1 AND time_ms < ?2"));
  st.int64(1, table_id).int64(2, before_ms);
  st.step();
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
  {
    Statement st(store_->statement("SELECT time_ms FROM dynemu_changes WHERE table_id = ?1 ORDER BY seq LIMIT 1"));
    st.int64(1, schema.id());
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
  Statement st(store_->statement("SELECT min(seq) FROM dynemu_changes WHERE table_id = ?1 AND seq >= ?2"));
  st.int64(1, table_id).int64(2, from);
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
  for (const char* sql : {"DELETE FROM dynemu_stream_shards", "DELETE FROM dynemu_streams", "DELETE FROM dynemu_changes"})
    store_->run_cached(sql);
  store_->save_change_seq_floor();
}

}  // namespace dynemu::store
