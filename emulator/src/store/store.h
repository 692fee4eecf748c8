// Store: the SQLite database behind the emulator.
//
// Contract:
//  - One SQLite database (a file in WAL mode, or memory). A file is opened through
//    open_database_file() (database_file.h): what is not a dynemu database is refused untouched,
//    and the file is held exclusively while the store is open. A catalog table holds every TableSchema;
//    each DynamoDB table is one SQLite table `WITHOUT ROWID` with primary key (h, pk, sk) and a
//    partial index per secondary index slot. Table names never reach SQL text: tables are t<N>.
//  - All access goes through a Session, which holds the database lock for its lifetime. A write
//    session runs inside one SQLite transaction, committed by commit(); destroying it uncommitted
//    rolls back. Every value is bound, never spliced into SQL.
//  - Schemas are cached in memory; find_table() is cheap.
//  - Snapshots (for test fixtures and the admin endpoints): snapshot() makes the current state the
//    baseline; restore() returns to it. Every committed write session is durable whatever
//    baseline is held. Two kinds of baseline, one per kind of database:
//      * in memory: an open SQLite savepoint. Later write sessions nest inside it and restore() is
//        `ROLLBACK TO` it, so restoring costs the pages written since the snapshot, not the size of
//        the database (microseconds for a test's few writes). Nothing is lost by holding it: an
//        in-memory database ends with the process anyway.
//      * a file: a copy of the database in memory (SQLite's online backup API), restored into the
//        file the same way. Write sessions commit to the file as usual, so a crash loses nothing
//        acknowledged; snapshot() and restore() cost the size of the database, and the copy holds
//        that much memory while the baseline is held.
//    snapshot_from() makes another store's current state the baseline (a copy), leaving this
//    store's data as it is: a seeded baseline for a database that already holds data.
//    discard_snapshot() forgets the baseline and keeps the current state. The schema cache
//    follows a restore.
//  - The change log: every item change put_item() and delete_item() commit on a table whose
//    TableSchema::change_log_needs() says so appends one row to that table's own change log (the
//    SQLite table dynemu_changes_<table id>, made at its first change), in the same transaction: event (INSERT/MODIFY/REMOVE), keys, the images the table needs, a sequence number
//    (strictly increasing, never reused), the session's change time and origin. A write that
//    changes nothing (a put of an identical item, a delete of a missing one) logs nothing; a rolled
//    back session leaves no row. Tables with no need get no row and pay nothing. The log, the
//    streams and their shards (dynemu_streams, dynemu_stream_shards) are SQLite tables beside the
//    items, so restarts, snapshots and restores cover them. The store reads no clock: the write
//    session is given its change time.
//  - On-demand backups (see backups.cc and backup/backup.h): dynemu_backups holds one row per backup
//    (its ARN, source table name, creation time and the API layer's record of it, opaque JSON), and
//    dynemu_backup_items a copy of each item the table held. add_backup() copies the table's items
//    inside the session's transaction, so a backup is a consistent copy; like the change log it is
//    beside the items, so restarts, snapshots and restores cover backups too.
//  - Group commit (file databases under StoreOptions::sync_full; see group_commit.cc): writes that
//    arrive together share one SQLite transaction, so their commit (its fsync, the WAL frames of
//    the pages they dirty) is paid once. A write session opened on a thread inside a CommitGroupScope of
//    this store joins the open group: it runs in a savepoint of the group's transaction, and its
//    commit() releases that savepoint. The group is committed when a session of it ends and no other
//    session is waiting for the database (or after kMaxGroupSessions), and before any other session
//    or store operation begins, so nothing outside the group ever sees its writes uncommitted. The
//    scope's wait() returns once the group of every session the thread opened in it is committed,
//    and throws when that commit failed (the group's writes are then rolled back): the request's
//    answer goes out only after it, so nothing is acknowledged before it is in the WAL. Sessions
//    without a scope, and every session of an in-memory or synchronous=NORMAL database, commit on
//    their own.
//  - Exports and imports (see transfers.cc and transfer/transfer.h): dynemu_transfers holds one row
//    per export or import (its kind, ARN, table ARN, client token, creation time and the API layer's
//    record, opaque JSON), beside the items like the backups.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/table_schema.h"

struct sqlite3;
struct sqlite3_stmt;

namespace dynemu::store {

// How long a DynamoDB stream shows a record (the store keeps the rows a stream may still show).
constexpr int64_t kStreamRetentionMs = int64_t{24} * 3600 * 1000;

struct StoreOptions {
  std::string path;  // SQLite file path; ignored when in_memory
  bool in_memory = false;
  // SQLite's page cache, the bound on the memory a file database's pages take whatever its size.
  // (An in-memory database keeps every page, so there it bounds nothing.)
  int cache_mb = 8;
  // PRAGMA synchronous for a file: NORMAL (false) survives a process crash; FULL (true) also a
  // power loss or an OS crash, at the cost of an fsync per commit. See README "Durability".
  bool sync_full = false;
};

// An item as stored: its canonical JSON and DynamoDB size.
struct StoredItem {
  std::string json;
  int64_t size = 0;
};

// One item as a Query or Scan reads it, with the key columns that define its position.
struct StoredRow {
  std::string json;
  int64_t size = 0;
  std::string pk, sk;              // table key (encoded)
  std::string index_pk, index_sk;  // index key (encoded), for index reads
};

// A condition on the sort key of a table or index, on encoded values.
struct SortKeyRange {
  // Span: low <= key < high, each bound omitted when "" (multi-attribute sort keys, where every
  // condition on the tuple's leading values is such a byte range; see api/composite_keys.h).
  enum class Kind { Any, Eq, Lt, Le, Gt, Ge, Between, Prefix, Span };
  Kind kind = Kind::Any;
  std::string low;   // the operand (Between: lower bound; Prefix: the prefix; Span: inclusive lower bound)
  std::string high;  // Between: upper bound; Span: exclusive upper bound
};

// Where a previous page stopped: the last row's key columns (ExclusiveStartKey, encoded).
struct RowPosition {
  std::string pk, sk, index_pk, index_sk;
};

struct QuerySpec {
  const IndexSchema* index = nullptr;  // nullptr: the table itself
  std::string partition;               // encoded partition key value (of the table or index)
  SortKeyRange range;
  bool forward = true;
  std::optional<RowPosition> start_after;
};

struct ScanSpec {
  const IndexSchema* index = nullptr;
  int segment = 0;
  int total_segments = 1;
  std::optional<RowPosition> start_after;
};

// The parallel-scan segment (of `total_segments`) that holds the items with this encoded table
// partition key: segments are equal ranges of the partition hash (ItemRow::hash_of).
int scan_segment_of(const std::string& encoded_pk, int total_segments);

// Receives rows in order; returns false to stop reading.
using RowVisitor = std::function<bool(StoredRow&& row)>;

// The items a secondary index holds: how many, and the sum of their whole-item sizes (Session::stats
// with_indexes; api::live_table_stats re-sizes a projected index for DescribeTable's IndexSizeBytes).
struct IndexStats {
  std::string name;
  int64_t item_count = 0;
  int64_t size_bytes = 0;
};

struct TableStats {
  int64_t item_count = 0;
  int64_t size_bytes = 0;
  std::vector<IndexStats> indexes;  // empty unless the caller asked for them
};

// A row the TTL sweeper may delete: its `ttl` column lies in the range asked for.
struct TtlCandidate {
  int64_t ttl = 0;
  std::string pk, sk, json;
};

// Where a candidate read stopped: the last candidate's ttl value and key (encoded).
struct TtlPosition {
  int64_t ttl = 0;
  std::string pk, sk;
};

// Who made an item change. The change log records it, so DynamoDB Streams can show TTL deletions
// with the service's identity (userIdentity) and everything else as a user's.
enum class ChangeOrigin { User, TimeToLive };

// One row of the change log.
enum class ChangeEvent { Insert = 1, Modify = 2, Remove = 3 };
struct ChangeRecord {
  int64_t seq = 0;  // strictly increasing over the whole log
  int64_t table_id = 0;
  int64_t time_ms = 0;
  ChangeEvent event = ChangeEvent::Insert;
  ChangeOrigin origin = ChangeOrigin::User;
  std::string keys;       // the key attributes, canonical item JSON
  std::string old_image;  // "" when not kept (or none)
  std::string new_image;  // "" when not kept (or none)
  int64_t size = 0;       // DynamoDB size of the keys and the kept images
};

// A DynamoDB stream of a table, as the store keeps it. end_seq is -1 while the stream is enabled;
// its records are the table's change-log rows with start_seq <= seq (<= end_seq).
struct StreamRow {
  int64_t id = 0;
  int64_t table_id = 0;
  std::string table_name, arn, label, view_type;
  std::string key_schema;  // the table's KeySchema as DescribeTable shows it (JSON)
  int64_t created_ms = 0;
  int64_t disabled_ms = 0;  // 0 while enabled
  int64_t start_seq = 0;
  int64_t end_seq = -1;
  int64_t trimmed_seq = 0;  // the newest of its records retention has removed (0: none)
};

// One shard of a stream: the records with start_seq <= seq (<= end_seq once closed).
struct ShardRow {
  int64_t stream_id = 0;
  int64_t ordinal = 0;  // 0, 1, 2... in creation order; a shard's parent is the one before it
  std::string shard_id, parent_shard_id;
  int64_t created_ms = 0;
  int64_t start_seq = 0;
  int64_t end_seq = -1;  // -1 while open
};

// One on-demand backup as the store keeps it. `record` is the API layer's JSON (backup/backup.h).
struct BackupRow {
  int64_t id = 0;
  std::string arn;
  std::string table_name;  // the source table's name
  int64_t created_ms = 0;
  std::string record;
};

// One export or import as the store keeps it. `record` is the API layer's JSON (transfer/transfer.h).
enum class TransferKind { Export = 1, Import = 2 };
struct TransferRow {
  TransferKind kind = TransferKind::Export;
  std::string arn;
  std::string table_arn;
  std::string client_token;  // "" for none
  int64_t created_ms = 0;
  std::string record;
};

class Store;
class Statement;
class Store;
class WalWriteback;

// Sessions that may join a commit group; see the contract. Scopes nest (the innermost one counts)
// and belong to the thread that made them.
class CommitGroupScope {
 public:
  explicit CommitGroupScope(Store& store);
  ~CommitGroupScope();  // waits as wait() does, without throwing
  CommitGroupScope(const CommitGroupScope&) = delete;
  CommitGroupScope& operator=(const CommitGroupScope&) = delete;

  // Blocks until every group a session of this scope joined is committed; throws
  // std::runtime_error when that commit failed.
  void wait();

  // The scope a write session opened on this thread on `store` joins through, or nullptr.
  static CommitGroupScope* current(const Store& store);
  void joined(uint64_t group) { group_ = group; }

 private:
  Store& store_;
  uint64_t group_ = 0;  // the newest group a session of this scope joined (0: none)
  CommitGroupScope* outer_;
};

// How many sessions one group takes at most: a bound on how long its first write waits.
constexpr int kMaxGroupSessions = 64;

// What group commit has done since the store opened (for tests and benchmarks); read without
// waiting for the database.
struct GroupCommitStats {
  uint64_t groups = 0;    // groups committed (or failed)
  uint64_t sessions = 0;  // write sessions that joined one
  int waiting = 0;        // sessions waiting for the database now
};

// Rows per INSERT in Session::put_items(): enough to spread a statement's fixed costs thin, few
// enough that its parameters (up to 5 + 2 per index slot + 1 each) stay far below SQLite's limit.
constexpr int kPutRowsPerStatement = 64;

class Session {
 public:
  Session(Session&&) noexcept;
  ~Session();

  std::shared_ptr<const TableSchema> find_table(const std::string& name) const;
  std::vector<std::string> table_names() const;  // sorted by name (byte order)

  void create_table(TableSchema schema);  // assigns sql_name and index slots' columns
  void replace_schema(const TableSchema& schema);  // description / status changes
  void drop_table(const std::string& name);
  // The table's items and the sum of their sizes; with `with_indexes`, also each secondary index's
  // (the items it holds and the sum of their whole-item sizes), in schema order. One walk of the
  // table serves them all: summing sizes through a partial index would look up every row.
  TableStats stats(const TableSchema& schema, bool with_indexes = false);
  // Every item `index` holds (stored JSON), in no promised order: one walk of the table, for what
  // needs each item once and no index order (sizing a projected index).
  void visit_index_items(const TableSchema& schema, const IndexSchema& index,
                         const std::function<void(std::string_view item_json)>& visit);

  std::optional<StoredItem> get_item(const TableSchema& schema, const std::string& pk, const std::string& sk);
  // `read_before`, when given, is what get_item() returned for this row's key earlier in this
  // session (nullopt: no item): the change log then takes the old image from it instead of
  // reading the item again. The caller must not have changed the item since.
  void put_item(const TableSchema& schema, const ItemRow& row,
                const std::optional<StoredItem>* read_before = nullptr);
  // The effect of put_item() for each row, in order (a key named twice ends as its last row). On a
  // table without a change log, rows go in kPutRowsPerStatement to an INSERT: the bulk loads' path.
  void put_items(const TableSchema& schema, const std::vector<const ItemRow*>& rows);
  // Returns true when an item was deleted.
  bool delete_item(const TableSchema& schema, const std::string& pk, const std::string& sk);

  // Reads items in key order through an index range scan (see query_scan.cc).
  void query(const TableSchema& schema, const QuerySpec& spec, const RowVisitor& visit);
  // Reads items in the stable scan order (partition hash, then key); a segment is a hash range.
  void scan(const TableSchema& schema, const ScanSpec& spec, const RowVisitor& visit);

  // Secondary indexes on an existing table (UpdateTable). add_index() gives the index the next free
  // slot, adds its columns and partial index, backfills every existing item's index keys, saves
  // the schema and returns the slot; drop_index() removes the index, its columns and its SQLite index.
  // `indexable` (when given) keeps an existing item out of the new index when it returns false.
  int add_index(const std::string& table_name, IndexSchema index,
                const std::function<bool(const model::Item&)>& indexable = {});
  void drop_index(const std::string& table_name, const std::string& index_name);
  // Bulk loads (seeding): while suspended, writes to the table keep their index columns but no
  // SQLite secondary index is updated; resuming builds each again with one sort, far cheaper than
  // a B-tree insertion per row and index. Both belong to one write session: a rollback undoes them.
  bool table_is_empty(const TableSchema& schema);
  void suspend_secondary_indexes(const TableSchema& schema);
  void resume_secondary_indexes(const TableSchema& schema);
  // Total size of the items sharing one partition key (an LSI item collection), in bytes.
  int64_t collection_size(const TableSchema& schema, const std::string& pk);

  // Time to Live (see TimeToLiveSchema in table_schema.h). set_time_to_live() saves the table's TTL
  // settings; when they name an attribute the `ttl` column does not hold yet, it adds the column and
  // its index (the first time) and schedules the backfill. backfill_ttl() fills the column for the
  // next `limit` rows of that backfill and returns true once every row holds its value.
  // ttl_candidates() reads, in (ttl, key) order, at most `limit` rows whose ttl lies in [low, high],
  // after `after`, through the index on the column. The schema must have the column.
  void set_time_to_live(const std::string& table_name, const TimeToLiveSchema& ttl);
  bool backfill_ttl(const std::string& table_name, int limit);
  std::vector<TtlCandidate> ttl_candidates(const TableSchema& schema, int64_t low, int64_t high,
                                           const std::optional<TtlPosition>& after, int limit);

  // Every item change this session makes from here on is the origin's (default: User).
  void set_origin(ChangeOrigin origin) { origin_ = origin; }
  ChangeOrigin origin() const { return origin_; }

  // --- the change log (see the contract above)
  // Rows of one table with after < seq (and seq <= through when through >= 0), in seq order, until
  // `visit` returns false.
  void read_changes(int64_t table_id, int64_t after, int64_t through,
                    const std::function<bool(ChangeRecord&&)>& visit);
  // The newest sequence number ever given (0 before the first), whatever has been trimmed since.
  int64_t last_change_seq();
  // The newest seq of the table's rows with from <= seq and time_ms < before_ms, or from - 1.
  int64_t last_change_before(int64_t table_id, int64_t from, int64_t before_ms);
  // Deletes the table's rows written before `before_ms`; returns the newest seq deleted (0: none).
  int64_t trim_changes(int64_t table_id, int64_t before_ms);
  // The oldest remaining seq of the table's rows with seq >= from, or nullopt.
  std::optional<int64_t> first_change_from(int64_t table_id, int64_t from);
  // Point-in-time recovery's history (TableSchema::history_ms): prune_history() deletes the table's
  // rows older than now_ms - history_ms (the write path calls it whenever the oldest row may have
  // left the window, so the history stays bounded by the recovery window); drop_history() forgets
  // the history when recovery is disabled, keeping the last 24 hours when the table has a stream.
  void prune_history(const TableSchema& schema, int64_t now_ms);
  void drop_history(const TableSchema& schema, int64_t now_ms);

  // --- streams and shards
  int64_t add_stream(const StreamRow& stream);  // returns its id
  void update_stream(const StreamRow& stream);  // disabled_ms, end_seq, trimmed_seq
  void delete_stream(int64_t stream_id);        // and its shards
  std::vector<StreamRow> streams();             // ordered by ARN
  std::optional<StreamRow> find_stream(const std::string& arn);
  std::vector<ShardRow> shards(int64_t stream_id);  // by ordinal
  void put_shard(const ShardRow& shard);            // insert or replace (stream_id, ordinal)
  void delete_shard(int64_t stream_id, int64_t ordinal);
  // Forgets every stream, shard and change-log row (a reset to an empty database).
  void clear_change_log();

  // --- on-demand backups (see the contract above)
  // Saves the backup and copies every item of `source` into it, in the table's key order; returns its id.
  int64_t add_backup(const BackupRow& backup, const TableSchema& source);
  // Every backup, ordered by (created_ms, arn).
  std::vector<BackupRow> backups();
  std::optional<BackupRow> find_backup(const std::string& arn);
  void delete_backup(int64_t backup_id);  // and its items
  // The backup's items (canonical item JSON) in the order they were copied, until `visit` returns false.
  void read_backup_items(int64_t backup_id, const std::function<bool(std::string&& item_json)>& visit);
  // Forgets every backup (a reset to an empty database).
  void clear_backups();

  // --- exports and imports (see the contract above)
  void put_transfer(const TransferRow& transfer);  // insert, or replace the row with its ARN
  // Every transfer of the kind, ordered by (created_ms, arn).
  std::vector<TransferRow> transfers(TransferKind kind);
  std::optional<TransferRow> find_transfer(TransferKind kind, const std::string& arn);
  void clear_transfers();

  void commit();

 private:
  void prune_history_if_due(const TableSchema& schema);
  // Group commit (group_commit.cc): joins the open group when this thread's CommitGroupScope
  // allows it (returns false otherwise); leave_group() ends a member session.
  bool join_group();
  void leave_group() noexcept;
  // `new_row`: the item as it became (nullptr for a removal).
  void log_change(const TableSchema& schema, ChangeEvent event, const std::string& old_json, int64_t old_size,
                  const ItemRow* new_row);
  friend class Store;
  void create_partial_index(const TableSchema& schema, const IndexSchema& ix);
  void create_index_columns(const TableSchema& schema, const IndexSchema& ix);
  void forget_statements(const std::string& sql_name);  // cached statements naming that table
  // Binds one row's put_item_sql() values from parameter `first` on.
  static void bind_put_row(Statement& st, const TableSchema& schema, const ItemRow& row, int first);
  Session(Store& store, bool write, int64_t change_time_ms);
  Store* store_;
  std::unique_lock<std::mutex> lock_;
  bool write_;
  bool grouped_ = false;  // a member of the open commit group (see the contract)
  bool first_in_group_ = false;  // it began the group's transaction (no savepoint of its own)
  bool done_ = false;
  ChangeOrigin origin_ = ChangeOrigin::User;
  int64_t change_time_ms_ = -1;  // the time item changes are logged at (-1: not given)
};

class Store {
 public:
  explicit Store(const StoreOptions& options);  // throws std::runtime_error
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Session read();
  // A write session. `change_time_ms` (the server clock's now) is the time of the item changes it
  // logs; a session without one refuses to change a table that needs the change log.
  Session write(int64_t change_time_ms = -1);

  // Snapshots: see the contract above. snapshot() and snapshot_from() replace an earlier baseline.
  void snapshot();
  void snapshot_from(Store& source);  // throws std::runtime_error
  void restore();  // throws std::logic_error without a baseline
  void discard_snapshot();
  bool has_snapshot();

  // Database images (the fixtures' seed cache): save_image() writes the whole database to a new
  // file at `path` (a dynemu database file, stamped as database_file.h says); load_image() replaces
  // this store's whole database with one such file's, schemas and change-log numbering included,
  // as if its writes had been made here. Neither may run while a baseline is held
  // (std::logic_error); a file that is not a dynemu image of this format is refused
  // (std::runtime_error) and the store is left as it was.
  void save_image(const std::string& path);
  void load_image(const std::string& path);

  // The page cache's size in KiB, as SQLite holds it (PRAGMA cache_size).
  int64_t cache_kib();
  // PRAGMA synchronous as SQLite holds it: 1 NORMAL, 2 FULL (see StoreOptions::sync_full).
  int64_t synchronous_level();
  GroupCommitStats group_commit_stats();
  // How many times the WAL writeback (wal_writeback.h) has synced the WAL; -1 without one.
  int wal_writeback_syncs() const;

 private:
  friend class Session;
  struct Statements;
  sqlite3_stmt* statement(const std::string& sql);  // cached prepared statement
  // The INSERT OR REPLACE text for `rows` rows (1 or kPutRowsPerStatement) of `schema` (its index
  // and TTL columns), built once per table layout: PutItem and the bulk path ask for it on every write.
  const std::string& put_item_sql(const TableSchema& schema, int rows);
  static int put_row_params(const TableSchema& schema);  // the values one row binds
  void exec(const std::string& sql);
  // Runs a fixed statement (transaction control on every write) through the statement cache:
  // sqlite3_exec would compile it anew each time.
  void run_cached(const char* sql);
  void load_catalog();
  void save_schema(const TableSchema& schema, bool insert);
  void reload_catalog();
  void forget_statements(const std::string& sql_name);

  void drop_baseline();  // with mutex_ held
  friend class CommitGroupScope;
  // Locks the database for a session, counted among those waiting until it has the lock.
  std::unique_lock<std::mutex> lock_for_session();
  // With mutex_ held: commits the open group, if any (see the contract); never throws.
  void commit_group();
  // With mutex_ held, after a member session rolled back: whether the group's transaction is
  // still open (an error may have made SQLite roll all of it back; the group then failed).
  void check_group_survived();
  // With mutex_ held: closes the open group, wakes its waiters, and marks it failed if it is.
  void end_group(bool failed);
  // After a rollback: the schema cache follows the database (a failure is logged, not thrown).
  void reload_catalog_after_rollback() noexcept;
  // Whether write sessions may group (see the contract): a file database that syncs at every
  // commit. Under synchronous=NORMAL a commit is only a write to the WAL, and keeping a group open
  // for the next writer costs more (its members' waits) than the commits it saves.
  bool group_commit_ = false;
  bool group_open_ = false;      // a transaction holds member sessions not yet committed
  int group_sessions_ = 0;       // of the open group
  uint64_t group_ = 0;           // the open group's number, or the last one's
  // Every group up to this number is committed or failed (read without the lock by wait()).
  std::atomic<uint64_t> durable_group_{0};
  std::vector<uint64_t> failed_groups_;  // groups whose commit failed (rare: kept whole)
  std::atomic<size_t> failed_group_count_{0};
  // Counted under mutex_, read without it (group_commit_stats() must not wait for a session).
  std::atomic<uint64_t> groups_committed_{0};
  std::atomic<uint64_t> sessions_grouped_{0};
  std::condition_variable group_committed_;
  std::atomic<int> sessions_waiting_{0};
  void forget_all_statements();

  sqlite3* db_ = nullptr;
  bool in_memory_ = false;
  std::unique_ptr<WalWriteback> wal_writeback_;  // file databases under synchronous=NORMAL
  std::mutex mutex_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  struct PutItemSql {
    std::vector<int> slots;  // the index slots and TTL column the text was built for
    bool ttl = false;
    std::string sql;        // one row
    std::string batch_sql;  // kPutRowsPerStatement rows
  };
  std::unordered_map<std::string, PutItemSql> put_item_sql_;  // by sql_name
  std::unordered_map<std::string, std::shared_ptr<const TableSchema>> tables_;
  int64_t next_table_id_ = 1;
  // The newest change-log sequence number given. It only grows: a restore or a rollback leaves it
  // where it was, so a number is never given twice while the store is open.
  int64_t last_change_seq_ = 0;
  // Per table id, the change time from which its history may hold a row past its window (see
  // prune_history); absent: not known yet. A restore forgets it (the rows changed under it).
  std::unordered_map<int64_t, int64_t> history_prune_due_ms_;
  void load_change_seq();
  void save_change_seq_floor();
  // Each table's change log (change_log.cc). change_tables_ caches which exist in the current
  // state; a rollback or a restore clears it.
  static std::string change_table_name(int64_t table_id);
  bool change_table_exists(int64_t table_id);
  void create_change_table(int64_t table_id);
  void drop_change_table(int64_t table_id);
  std::vector<int64_t> change_table_ids();
  // Format 1 kept every table's changes in one table, dynemu_changes; opening such a file moves
  // them into per-table logs (inside the store's opening transaction).
  void move_change_log_to_tables();
  std::unordered_set<int64_t> change_tables_;
  // Snapshot state: the baseline held (see the contract), the copy for a Copy baseline, and whether
  // any table was created, dropped or changed since it was taken (a restore then reloads the schemas).
  enum class Baseline { None, Savepoint, Copy };
  Baseline baseline_ = Baseline::None;
  sqlite3* baseline_copy_ = nullptr;
  bool catalog_changed_since_baseline_ = false;
};

}  // namespace dynemu::store
