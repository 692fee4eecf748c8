#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <cstdio>
#include <stdexcept>

#include "store/database_file.h"
#include "store/schema_json.h"
#include "store/statement.h"
#include "store/wal_writeback.h"

namespace dynemu::store {
namespace {

constexpr int kWalCheckpointPages = 10000;  // when a file database's WAL is checkpointed

// After each commit to a file database (sqlite3_wal_hook). A hook of one's own replaces SQLite's
// autocheckpoint, so this does what PRAGMA wal_autocheckpoint would, and otherwise lets the
// writeback (if any) sync the frames just written.
int on_wal_commit(void* writeback, sqlite3* db, const char* name, int pages) {
  if (pages >= kWalCheckpointPages) {
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);  // syncs the WAL itself
  } else if (writeback) {
    static_cast<WalWriteback*>(writeback)->wrote();
  }
  return SQLITE_OK;
}

std::string index_columns_ddl(const IndexSchema& ix) {
  auto n = std::to_string(ix.slot);
  return "i" + n + "_pk BLOB, i" + n + "_sk BLOB";
}

// Copies every page of `from` into `to` (SQLite's online backup); throws std::runtime_error.
void copy_database(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) throw std::runtime_error(std::string("sqlite: cannot copy the database: ") + sqlite3_errmsg(to));
  const int step = sqlite3_backup_step(backup, -1);  // every page in one step: the caller holds the lock
  const int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE || finish != SQLITE_OK)
    throw std::runtime_error(std::string("sqlite: copying the database failed: ") + sqlite3_errmsg(to));
}

// A new in-memory database holding the pages of `from`.
sqlite3* copy_in_memory(sqlite3* from) {
  sqlite3* copy = nullptr;
  if (sqlite3_open_v2(":memory:", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    sqlite3_close(copy);
    throw std::runtime_error("sqlite: cannot open memory for the baseline");
  }
  try {
    // The copy must have the source's page size, or the backup refuses to copy into memory (and,
    // on the way back, into a WAL file).
    sqlite3_stmt* st = nullptr;
    int page_size = 4096;
    if (sqlite3_prepare_v2(from, "PRAGMA page_size", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      page_size = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    const std::string pragma = "PRAGMA page_size=" + std::to_string(page_size);
    sqlite3_exec(copy, pragma.c_str(), nullptr, nullptr, nullptr);
    copy_database(from, copy);
  } catch (...) {
    sqlite3_close(copy);
    throw;
  }
  return copy;
}

}  // namespace

// ---------------------------------------------------------------- Store

Store::Store(const StoreOptions& options) : in_memory_(options.in_memory) {
  if (options.in_memory) {
    if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error("cannot open an in-memory database");
    }
  } else {
    db_ = open_database_file(options.path);  // refuses what is not a dynemu database (database_file.h)
  }
  try {
    if (!options.in_memory) {
      // The durability promise (README "Durability"): in WAL mode a commit is in the OS's hands
      // when it returns, so a killed process loses nothing acknowledged. NORMAL syncs the WAL only at
      // checkpoints, so a power loss may lose the last commits; FULL syncs it at every commit.
      sqlite3_stmt* mode = nullptr;
      const bool wal = sqlite3_prepare_v2(db_, "PRAGMA journal_mode=WAL", -1, &mode, nullptr) == SQLITE_OK &&
                       sqlite3_step(mode) == SQLITE_ROW &&
                       std::string(reinterpret_cast<const char*>(sqlite3_column_text(mode, 0))) == "wal";
      sqlite3_finalize(mode);
      if (!wal) throw std::runtime_error("cannot put database " + options.path + " in WAL mode: " + sqlite3_errmsg(db_));
      exec(options.sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
      group_commit_ = options.sync_full;  // one fsync for the writes that arrive together
      // A checkpoint (copying the WAL into the file, and the syncs of both) runs inside the commit
      // that fills the WAL to this many pages, and every request waits for it. SQLite's default,
      // 1,000 pages (4 MB), brings one every few hundred writes; at 10,000 (40 MB of WAL) a write
      // pays a tenth as many, and a change log's page, rewritten by every commit, is copied once
      // per checkpoint instead of ten times (docs/durability.md).
      // Under NORMAL the WAL is also synced in the background (wal_writeback.h), so that the
      // checkpoint's own sync, which every request waits for, finds little left to write.
      if (!options.sync_full) wal_writeback_ = std::make_unique<WalWriteback>(options.path + "-wal");
      sqlite3_wal_hook(db_, on_wal_commit, wal_writeback_.get());
    }
    exec("PRAGMA busy_timeout=5000");
    if (!options.in_memory) exec("PRAGMA cache_size=-" + std::to_string(int64_t{options.cache_mb} * 1024));
    // The store's tables and the format stamp in one transaction: a crash during a first start
    // leaves an empty database (opened as new next time), never a half-made one.
    exec("BEGIN");
    exec("CREATE TABLE IF NOT EXISTS dynemu_catalog (name TEXT PRIMARY KEY, sql_name TEXT NOT NULL, schema TEXT NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS dynemu_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    // The streams on the change log; a database written before them simply gains them here. Each
    // table's change log is a table of its own, made at its first change (change_log.cc).
    move_change_log_to_tables();
    exec("CREATE TABLE IF NOT EXISTS dynemu_streams (id INTEGER PRIMARY KEY, table_id INTEGER NOT NULL, "
         "table_name TEXT NOT NULL, arn TEXT NOT NULL UNIQUE, label TEXT NOT NULL, view_type TEXT NOT NULL, "
         "key_schema TEXT NOT NULL, created_ms INTEGER NOT NULL, disabled_ms INTEGER NOT NULL, "
         "start_seq INTEGER NOT NULL, end_seq INTEGER NOT NULL, trimmed_seq INTEGER NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS dynemu_stream_shards (stream_id INTEGER NOT NULL, ordinal INTEGER NOT NULL, "
         "shard_id TEXT NOT NULL, parent_shard_id TEXT NOT NULL, created_ms INTEGER NOT NULL, "
         "start_seq INTEGER NOT NULL, end_seq INTEGER NOT NULL, PRIMARY KEY (stream_id, ordinal))");
    // On-demand backups (backups.cc): their rows, and a copy of each item, in backup order.
    exec("CREATE TABLE IF NOT EXISTS dynemu_backups (id INTEGER PRIMARY KEY, arn TEXT NOT NULL UNIQUE, "
         "table_name TEXT NOT NULL, created_ms INTEGER NOT NULL, record TEXT NOT NULL)");
    exec("CREATE TABLE IF NOT EXISTS dynemu_backup_items (backup_id INTEGER NOT NULL, n INTEGER NOT NULL, "
         "item TEXT NOT NULL, PRIMARY KEY (backup_id, n)) WITHOUT ROWID");
    // Exports and imports (transfers.cc).
    exec("CREATE TABLE IF NOT EXISTS dynemu_transfers (arn TEXT PRIMARY KEY, kind INTEGER NOT NULL, "
         "table_arn TEXT NOT NULL, client_token TEXT NOT NULL, created_ms INTEGER NOT NULL, record TEXT NOT NULL)");
    exec(format_stamp_sql());  // a file an older dynemu wrote gains the stamp here
    exec("COMMIT");
    load_catalog();
    load_change_seq();
  } catch (...) {
    forget_all_statements();
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

int64_t Store::cache_kib() {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement st(statement("PRAGMA cache_size"));
  if (!st.step()) return 0;
  const int64_t v = st.column_int64(0);
  if (v < 0) return -v;  // negative: KiB
  Statement page(statement("PRAGMA page_size"));  // positive: pages
  return page.step() ? v * page.column_int64(0) / 1024 : 0;
}

int64_t Store::synchronous_level() {
  std::lock_guard<std::mutex> lock(mutex_);
  Statement st(statement("PRAGMA synchronous"));
  return st.step() ? st.column_int64(0) : -1;
}

int Store::wal_writeback_syncs() const { return wal_writeback_ ? wal_writeback_->syncs() : -1; }

Store::~Store() {
  commit_group();
  // Closing with a savepoint baseline open would roll the database back to it; keep the current state.
  drop_baseline();
  for (auto& [sql, st] : statements_) sqlite3_finalize(st);
  if (db_) sqlite3_wal_hook(db_, nullptr, nullptr);
  wal_writeback_.reset();  // before the close, which checkpoints the WAL and removes it
  if (db_) sqlite3_close(db_);
}

void Store::run_cached(const char* sql) {
  Statement st(statement(sql));
  st.step();
}

void Store::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error("sqlite: " + msg + " in: " + sql);
  }
}

sqlite3_stmt* Store::statement(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr) !=
      SQLITE_OK)
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_) + " in: " + sql);
  statements_.emplace(sql, st);
  return st;
}

const std::string& Store::put_item_sql(const TableSchema& schema, int rows) {
  PutItemSql& cached = put_item_sql_[schema.sql_name];
  bool same = cached.ttl == schema.ttl.column && cached.slots.size() == schema.indexes.size() && !cached.sql.empty();
  for (size_t i = 0; same && i < schema.indexes.size(); ++i) same = cached.slots[i] == schema.indexes[i].slot;
  if (!same) {
    std::string columns = "INSERT OR REPLACE INTO " + schema.sql_name + " (h, pk, sk, item, size";
    cached.slots.clear();
    for (const auto& ix : schema.indexes) {
      auto n = std::to_string(ix.slot);
      columns += ", i" + n + "_pk, i" + n + "_sk";
      cached.slots.push_back(ix.slot);
    }
    if (schema.ttl.column) columns += ", ttl";
    cached.ttl = schema.ttl.column;
    // One row's values: ?1..?N, the order bind_put_row() binds them in; row r takes ?(r*N+1)...
    auto values = [&](int row) {
      const int first = row * put_row_params(schema) + 1;
      std::string v = "(";
      for (int p = 0; p < put_row_params(schema); ++p) v += (p ? ", ?" : "?") + std::to_string(first + p);
      return v + ")";
    };
    cached.sql = columns + ") VALUES " + values(0);
    cached.batch_sql = columns + ") VALUES ";
    for (int r = 0; r < kPutRowsPerStatement; ++r) cached.batch_sql += (r ? ", " : "") + values(r);
  }
  if (rows == 1) return cached.sql;
  if (rows == kPutRowsPerStatement) return cached.batch_sql;
  throw std::logic_error("put_item_sql: 1 or kPutRowsPerStatement rows");
}

int Store::put_row_params(const TableSchema& schema) {
  return 5 + 2 * static_cast<int>(schema.indexes.size()) + (schema.ttl.column ? 1 : 0);
}

void Store::load_catalog() {
  Statement st(statement("SELECT name, sql_name, schema FROM dynemu_catalog"));
  while (st.step()) {
    auto schema = schema_from_json(st.column_text(0), st.column_text(1), st.column_text(2));
    int64_t id = std::stoll(schema.sql_name.substr(1));
    next_table_id_ = std::max(next_table_id_, id + 1);
    auto shared = std::make_shared<TableSchema>(std::move(schema));
    tables_[shared->name] = shared;
  }
  // A dropped table's change log and streams outlive it (for 24 hours): its number is not reused.
  Statement streams(statement("SELECT coalesce(max(table_id), 0) FROM dynemu_streams"));
  if (streams.step()) next_table_id_ = std::max(next_table_id_, streams.column_int64(0) + 1);
}

void Store::load_change_seq() {
  // The newest number given: the newest row's, or the floor trimming and clearing leave behind, so
  // a number is never given twice, even after every row is gone.
  for (int64_t table_id : change_table_ids()) {
    Statement rows(statement("SELECT coalesce(max(seq), 0) FROM " + change_table_name(table_id) + " "));
    if (rows.step()) last_change_seq_ = std::max(last_change_seq_, rows.column_int64(0));
  }
  Statement floor(statement("SELECT value FROM dynemu_meta WHERE key = 'change_seq_floor'"));
  if (floor.step()) last_change_seq_ = std::max<int64_t>(last_change_seq_, std::stoll(floor.column_text(0)));
}

void Store::save_change_seq_floor() {
  const std::string floor = std::to_string(last_change_seq_);  // bound without a copy: it must outlive step()
  Statement st(statement("INSERT OR REPLACE INTO dynemu_meta (key, value) VALUES ('change_seq_floor', ?1)"));
  st.text(1, floor);
  st.step();
}

void Store::save_schema(const TableSchema& schema, bool insert) {
  Statement st(statement(insert ? "INSERT INTO dynemu_catalog (schema, name, sql_name) VALUES (?1, ?2, ?3)"
                                : "UPDATE dynemu_catalog SET schema = ?1 WHERE name = ?2"));
  auto json = schema_to_json(schema);
  st.text(1, json).text(2, schema.name);
  if (insert) st.text(3, schema.sql_name);
  st.step();
}

void Store::reload_catalog() {
  tables_.clear();
  change_tables_.clear();  // a rollback or a restore may have undone their creation
  load_catalog();
}

void Store::forget_statements(const std::string& sql_name) {
  // Cached statements name their table as " tN " or " tN\n"; they must go before the table does.
  for (auto it = statements_.begin(); it != statements_.end();) {
    if (it->first.find(" " + sql_name + " ") != std::string::npos ||
        it->first.find(" " + sql_name + "\n") != std::string::npos) {
      sqlite3_finalize(it->second);
      it = statements_.erase(it);
    } else {
      ++it;
    }
  }
}

Session Store::read() { return Session(*this, false, -1); }
Session Store::write(int64_t change_time_ms) { return Session(*this, true, change_time_ms); }

// ---------------------------------------------------------------- snapshots

void Store::drop_baseline() {
  if (baseline_ == Baseline::Savepoint) exec("RELEASE baseline");  // commits the state since it
  if (baseline_copy_) sqlite3_close(baseline_copy_);
  baseline_copy_ = nullptr;
  baseline_ = Baseline::None;
  catalog_changed_since_baseline_ = false;
}

void Store::forget_all_statements() {
  for (auto& [sql, st] : statements_) sqlite3_finalize(st);
  statements_.clear();
}

void Store::snapshot() {
  std::lock_guard<std::mutex> lock(mutex_);
  commit_group();
  drop_baseline();
  if (in_memory_) {
    exec("SAVEPOINT baseline");
    baseline_ = Baseline::Savepoint;
    return;
  }
  sqlite3* copy = copy_in_memory(db_);
  baseline_copy_ = copy;
  baseline_ = Baseline::Copy;
}

void Store::snapshot_from(Store& source) {
  if (&source == this) return snapshot();
  std::scoped_lock lock(mutex_, source.mutex_);
  commit_group();
  source.commit_group();
  sqlite3* copy = copy_in_memory(source.db_);
  drop_baseline();
  baseline_copy_ = copy;
  baseline_ = Baseline::Copy;
  // The baseline's tables are not this store's: the first restore must reload the schemas.
  catalog_changed_since_baseline_ = true;
}

void Store::restore() {
  std::lock_guard<std::mutex> lock(mutex_);
  commit_group();
  if (baseline_ == Baseline::None) throw std::logic_error("dynemu: restore() without a snapshot");
  history_prune_due_ms_.clear();
  change_tables_.clear();  // the restore may undo their creation, whatever the catalog did
  if (baseline_ == Baseline::Savepoint) {
    // ROLLBACK TO leaves the savepoint open, so the baseline stays for the next restore.
    exec("ROLLBACK TO baseline");
  } else {
    // The copy goes back into the file as one committed write; the copy itself stays the baseline.
    // Every cached statement is compiled against pages the backup replaces.
    forget_all_statements();
    copy_database(baseline_copy_, db_);
  }
  if (!catalog_changed_since_baseline_) return;
  // Tables created, dropped or altered (UpdateTable's index columns) since the baseline are back as
  // they were, so cached statements compiled against their later shape must go. Table ids stay
  // monotonic (load_catalog never lowers next_table_id_), so a new table never reuses an old name.
  forget_all_statements();
  reload_catalog();
  catalog_changed_since_baseline_ = false;
}

void Store::discard_snapshot() {
  std::lock_guard<std::mutex> lock(mutex_);
  drop_baseline();
}

bool Store::has_snapshot() {
  std::lock_guard<std::mutex> lock(mutex_);
  return baseline_ != Baseline::None;
}

// ---------------------------------------------------------------- images

namespace {

// Reads one integer PRAGMA of `db` (0 when it cannot be read).
int64_t pragma_value(sqlite3* db, const char* pragma) {
  sqlite3_stmt* st = nullptr;
  int64_t v = 0;
  if (sqlite3_prepare_v2(db, pragma, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

}  // namespace

void Store::save_image(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  commit_group();
  if (baseline_ != Baseline::None) throw std::logic_error("dynemu: save_image() while a baseline is held");
  sqlite3* file = nullptr;
  if (sqlite3_open_v2(path.c_str(), &file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string why = file ? sqlite3_errmsg(file) : "out of memory";
    sqlite3_close(file);
    throw std::runtime_error("dynemu: cannot write the database image " + path + ": " + why);
  }
  try {
    copy_database(db_, file);  // pages, application_id and user_version alike
  } catch (...) {
    sqlite3_close(file);
    throw;
  }
  sqlite3_close(file);
}

void Store::load_image(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  commit_group();
  if (baseline_ != Baseline::None) throw std::logic_error("dynemu: load_image() while a baseline is held");
  sqlite3* file = nullptr;
  if (sqlite3_open_v2(path.c_str(), &file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    sqlite3_close(file);
    throw std::runtime_error("dynemu: cannot read the database image " + path);
  }
  // An image of another format (or not dynemu's at all) is refused before a page is copied; so is
  // one whose page size this database cannot take (an in-memory copy must match it).
  const bool ours = pragma_value(file, "PRAGMA application_id") == kApplicationId &&
                    pragma_value(file, "PRAGMA user_version") == kFormatVersion &&
                    pragma_value(file, "PRAGMA page_size") == pragma_value(db_, "PRAGMA page_size");
  if (!ours) {
    sqlite3_close(file);
    throw std::runtime_error("dynemu: " + path + " is not a database image of this dynemu");
  }
  forget_all_statements();  // compiled against pages the copy replaces
  put_item_sql_.clear();
  try {
    copy_database(file, db_);
  } catch (...) {
    sqlite3_close(file);
    reload_catalog();
    throw;
  }
  sqlite3_close(file);
  reload_catalog();
  load_change_seq();
}

// ---------------------------------------------------------------- Session

Session::Session(Store& store, bool write, int64_t change_time_ms)
    : store_(&store), lock_(store.lock_for_session()), write_(write), change_time_ms_(change_time_ms) {
  if (write_ && join_group()) return;
  store_->commit_group();  // what this session reads and writes stands on committed writes only
  // Under a savepoint baseline the database is already inside a transaction: nest a savepoint.
  if (write_) store_->run_cached(store_->baseline_ == Store::Baseline::Savepoint ? "SAVEPOINT session" : "BEGIN IMMEDIATE");
}

Session::Session(Session&& o) noexcept
    : store_(o.store_),
      lock_(std::move(o.lock_)),
      write_(o.write_),
      grouped_(o.grouped_),
      first_in_group_(o.first_in_group_),
      done_(o.done_),
      origin_(o.origin_),
      change_time_ms_(o.change_time_ms_) {
  o.done_ = true;
  o.grouped_ = false;
}

Session::~Session() {
  if (grouped_) {
    leave_group();
    return;
  }
  if (done_ || !write_) return;
  // Uncommitted: an exception unwound the operation. Undo its writes and the cached schema edits.
  sqlite3_exec(store_->db_,
               store_->baseline_ == Store::Baseline::Savepoint ? "ROLLBACK TO session; RELEASE session" : "ROLLBACK",
               nullptr, nullptr, nullptr);
  store_->reload_catalog_after_rollback();
}

void Session::commit() {
  if (grouped_ && !done_) {
    // The group's commit makes it durable; the first member has no savepoint of its own.
    if (!first_in_group_) store_->run_cached("RELEASE session");
  }
  else if (write_ && !done_) store_->run_cached(store_->baseline_ == Store::Baseline::Savepoint ? "RELEASE session" : "COMMIT");
  done_ = true;
}

std::shared_ptr<const TableSchema> Session::find_table(const std::string& name) const {
  auto it = store_->tables_.find(name);
  return it == store_->tables_.end() ? nullptr : it->second;
}

std::vector<std::string> Session::table_names() const {
  std::vector<std::string> names;
  names.reserve(store_->tables_.size());
  for (const auto& [name, schema] : store_->tables_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

void Session::create_table(TableSchema schema) {
  schema.sql_name = "t" + std::to_string(store_->next_table_id_++);
  const std::string& t = schema.sql_name;
  std::string ddl = "CREATE TABLE " + t + " (h INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL";
  for (const auto& ix : schema.indexes) ddl += ", " + index_columns_ddl(ix);
  ddl += ", PRIMARY KEY (h, pk, sk)) WITHOUT ROWID";
  // h is a function of pk, so the primary key alone serves point reads and writes, Query (one h and
  // pk, a range of sk) and Scan (h order). Databases written before carry a redundant (pk, sk) index.
  store_->exec(ddl);
  for (const auto& ix : schema.indexes) create_partial_index(schema, ix);
  store_->save_schema(schema, true);
  if (store_->baseline_ != Store::Baseline::None) store_->catalog_changed_since_baseline_ = true;
  auto shared = std::make_shared<TableSchema>(std::move(schema));
  store_->tables_[shared->name] = shared;
}

void Session::replace_schema(const TableSchema& schema) {
  store_->save_schema(schema, false);
  if (store_->baseline_ != Store::Baseline::None) store_->catalog_changed_since_baseline_ = true;
  store_->tables_[schema.name] = std::make_shared<TableSchema>(schema);
}

void Session::drop_table(const std::string& name) {
  auto schema = find_table(name);
  if (!schema) return;
  // Cached statements on the dropped table must go before DROP (they'd hold it open).
  forget_statements(schema->sql_name);
  if (store_->baseline_ != Store::Baseline::None) store_->catalog_changed_since_baseline_ = true;
  store_->exec("DROP TABLE " + schema->sql_name);
  if (schema->history_ms > 0) {
    // Point-in-time recovery's history goes with the table; a stream's rows stay for the stream
    // (which trims them after its 24 hours).
    bool has_stream = false;
    {
      Statement streams(store_->statement("SELECT 1 FROM dynemu_streams WHERE table_id = ?1 LIMIT 1"));
      streams.int64(1, schema->id());
      has_stream = streams.step();
    }
    if (!has_stream) store_->drop_change_table(schema->id());
    store_->history_prune_due_ms_.erase(schema->id());
  }
  Statement st(store_->statement("DELETE FROM dynemu_catalog WHERE name = ?1"));
  st.text(1, name);
  st.step();
  store_->tables_.erase(name);
}

void Session::forget_statements(const std::string& sql_name) { store_->forget_statements(sql_name); }

TableStats Session::stats(const TableSchema& schema, bool with_indexes) {
  std::string sql = "SELECT count(*), coalesce(sum(size), 0)";
  if (with_indexes)
    for (const auto& index : schema.indexes) {
      const std::string column = index.presence_column();
      sql += ", count(" + column + "), coalesce(sum(CASE WHEN " + column + " IS NOT NULL THEN size END), 0)";
    }
  // A walk of the table itself (no WHERE for a partial index to match; NOT INDEXED rules out the
  // others): an index walk would need a lookup per row for `size`.
  Statement st(store_->statement(sql + " FROM " + schema.sql_name + " NOT INDEXED"));
  TableStats s;
  if (with_indexes)
    for (const auto& index : schema.indexes) s.indexes.push_back(IndexStats{index.name, 0, 0});
  if (!st.step()) return s;
  s.item_count = st.column_int64(0);
  s.size_bytes = st.column_int64(1);
  for (size_t i = 0; i < s.indexes.size(); ++i) {
    s.indexes[i].item_count = st.column_int64(static_cast<int>(2 + 2 * i));
    s.indexes[i].size_bytes = st.column_int64(static_cast<int>(3 + 2 * i));
  }
  return s;
}

void Session::visit_index_items(const TableSchema& schema, const IndexSchema& index,
                                const std::function<void(std::string_view item_json)>& visit) {
  // The unary + keeps the term from matching the index's partial WHERE: SQLite would otherwise
  // walk the index (even under NOT INDEXED) and look up every row in the table.
  Statement st(store_->statement("SELECT item FROM " + schema.sql_name + " WHERE +" + index.presence_column() +
                                 " IS NOT NULL"));
  while (st.step()) visit(st.column_view(0));
}

std::optional<StoredItem> Session::get_item(const TableSchema& schema, const std::string& pk, const std::string& sk) {
  Statement st(store_->statement("SELECT item, size FROM " + schema.sql_name + " WHERE h = ?3 AND pk = ?1 AND sk = ?2"));
  st.blob(1, pk).blob(2, sk).int64(3, ItemRow::hash_of(pk));
  if (!st.step()) return std::nullopt;
  return StoredItem{st.column_text(0), st.column_int64(1)};
}

void Session::put_item(const TableSchema& schema, const ItemRow& row, const std::optional<StoredItem>* read_before) {
  const bool logged = schema.change_log_needs().any;
  std::optional<StoredItem> read_here;
  const std::optional<StoredItem>& old = read_before ? *read_before : read_here;
  if (logged) {
    if (!read_before) read_here = get_item(schema, row.pk, row.sk);
    // DynamoDB Streams records only real modifications: an identical item changes nothing.
    if (old && old->json == row.json) return;
  }
  Statement st(store_->statement(store_->put_item_sql(schema, 1)));
  bind_put_row(st, schema, row, 1);
  st.step();
  if (logged)
    log_change(schema, old ? ChangeEvent::Modify : ChangeEvent::Insert, old ? old->json : std::string(),
               old ? old->size : 0, &row);
}

void Session::bind_put_row(Statement& st, const TableSchema& schema, const ItemRow& row, int first) {
  st.int64(first, row.hash).blob(first + 1, row.pk).blob(first + 2, row.sk).text(first + 3, row.json);
  st.int64(first + 4, row.size);
  int param = first + 5;
  for (size_t i = 0; i < schema.indexes.size(); ++i, param += 2) {
    if (i < row.index_pk.size() && row.index_pk[i]) st.blob(param, *row.index_pk[i]); else st.null(param);
    if (i < row.index_sk.size() && row.index_sk[i]) st.blob(param + 1, *row.index_sk[i]); else st.null(param + 1);
  }
  if (schema.ttl.column) {
    if (row.ttl) st.int64(param, *row.ttl); else st.null(param);
  }
}

void Session::put_items(const TableSchema& schema, const std::vector<const ItemRow*>& rows) {
  size_t done = 0;
  if (!schema.change_log_needs().any) {
    // Many rows per statement: one step then inserts kPutRowsPerStatement rows, and the
    // per-statement costs (lookup, step, reset) are paid once for them all.
    const int per_row = Store::put_row_params(schema);
    for (; done + kPutRowsPerStatement <= rows.size(); done += kPutRowsPerStatement) {
      Statement st(store_->statement(store_->put_item_sql(schema, kPutRowsPerStatement)));
      for (int r = 0; r < kPutRowsPerStatement; ++r) bind_put_row(st, schema, *rows[done + r], r * per_row + 1);
      st.step();
    }
  }
  for (; done < rows.size(); ++done) put_item(schema, *rows[done]);
}

bool Session::delete_item(const TableSchema& schema, const std::string& pk, const std::string& sk) {
  if (schema.change_log_needs().any) {
    std::optional<StoredItem> old;
    {
      Statement st(store_->statement("DELETE FROM " + schema.sql_name +
                                     " WHERE h = ?3 AND pk = ?1 AND sk = ?2 RETURNING item, size"));
      st.blob(1, pk).blob(2, sk).int64(3, ItemRow::hash_of(pk));
      if (st.step()) {
        old = StoredItem{st.column_text(0), st.column_int64(1)};
        while (st.step()) {
        }
      }
    }
    if (!old) return false;
    log_change(schema, ChangeEvent::Remove, old->json, old->size, nullptr);
    return true;
  }
  Statement st(store_->statement("DELETE FROM " + schema.sql_name + " WHERE h = ?3 AND pk = ?1 AND sk = ?2"));
  st.blob(1, pk).blob(2, sk).int64(3, ItemRow::hash_of(pk));
  st.step();
  return sqlite3_changes(store_->db_) > 0;
}

}  // namespace dynemu::store
