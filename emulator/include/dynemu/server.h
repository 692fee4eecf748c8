// dynemu::Server — the emulator embedded in a process.
//
// Contract:
//  - start() binds host:port (port 0 picks an ephemeral port), opens the database and serves on
//    background threads; it returns once the server accepts connections, or throws std::runtime_error.
//  - stop() stops accepting, lets in-flight requests finish, and closes the database. The destructor
//    calls stop(). Several Servers in one process are independent (each has its own database).
//  - Test support (also reachable over HTTP under /_dynemu/, see http/admin.h): snapshot() makes the
//    current database the baseline; reset() returns to it (without one: deletes every table) and
//    clears the request log and faults. On a file database every acknowledged write reaches the
//    file whatever baseline is held (the baseline is a copy in memory; see store/store.h).
//    snapshot_built_by() takes a baseline built apart from the live data (a seeded state for a
//    database that already holds data). requests() is the log of DynamoDB requests answered;
//    add_fault() injects errors or latency into the next matching calls. All need start().
//    cost_report() folds the request log into per-test request units and cost; see cost_report.h.
//  - The server clock (every "now" dynemu uses: table times, TTL, stream records, iterator expiry,
//    idempotency windows) is the system clock until a test moves it: set_clock_ms() runs on from a
//    chosen epoch time, advance_clock_ms() moves it forward, freeze_clock() stops it,
//    use_real_clock() returns to the system clock. Also POST /_dynemu/clock. Works before start().
//  - Time to Live: a background sweep deletes the expired items of TTL tables every
//    ttl_sweep_period_ms (0: only when asked). sweep_ttl() runs a sweep now and returns what it
//    deleted (also POST /_dynemu/ttl/sweep); it needs start(). stop() ends a running sweep after its
//    current batch.
//  - Isolation (README "Isolation"): with isolate_region and/or isolate_account each namespace (a
//    region and/or an account; NamespaceId) has its own tables, streams, backups and history, in a
//    database of its own opened on first use; without either, one database serves every request.
//    invoke(), the database images and snapshot_built_by() act on the default namespace
//    (us-east-1, 000000000000), invoke_in() on a named one; snapshot(), discard_snapshot(),
//    reset() and sweep_ttl() on every open namespace, sweep_ttl(id) on one. namespaces() lists
//    the open ones.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dynemu/cost_report.h"
#include "dynemu/diagnostics.h"

namespace dynemu {

// A namespace of an isolating server: the region and account of requests (see ServerOptions).
struct NamespaceId {
  std::string region = "us-east-1";
  std::string account = "000000000000";
  bool operator==(const NamespaceId& o) const { return region == o.region && account == o.account; }
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8000;                  // 0: ephemeral
  std::string db_path = "dynemu.db"; // SQLite file; ignored when in_memory
  bool in_memory = false;
  // A file database's PRAGMA synchronous: false NORMAL (a process crash loses nothing
  // acknowledged), true FULL (nor does a power loss). See README "Durability".
  bool sync_full = false;
  bool verbose = false;             // one log line per request on stderr
  std::string cors_origins;         // "" (no CORS headers) or "*" or a comma-separated list
  bool console = true;              // the browser console at GET /_dynemu/console
  // `--auth verify --credentials FILE`: requests must carry a valid SigV4 signature by a key of
  // this file (format: README "Authentication"); "" checks the signature's shape only.
  std::string credentials_file;
  bool delay_transient_statuses = false;  // CREATING/DELETING/UPDATING windows like DynamoDB
  int threads = 0;                  // request threads; 0 = a default based on the machine
  int cache_mb = 8;                 // SQLite page cache of a file database: bounds its memory
  // DynamoDB's 10 GB limit on an LSI item collection; tests set a small one to reach it cheaply.
  int64_t max_item_collection_bytes = int64_t{10} * 1024 * 1024 * 1024;
  // A DynamoDB stream's open shard is closed and succeeded by a child shard this often (server
  // clock seconds; DynamoDB rotates about every 4 hours).
  int stream_shard_rotation_seconds = 14400;
  // Tags per ListTagsOfResource page; 50 (a table's most) answers with every tag, as DynamoDB
  // does. Tests set fewer to walk its NextToken pages.
  int list_tags_page_size = 50;
  // With delay_transient_statuses: how many tables may be CREATING, UPDATING or DELETING at once
  // before table operations answer LimitExceededException (DynamoDB's 500; half of it for new
  // tables with secondary indexes). Tests set fewer to reach it cheaply.
  int simultaneous_table_operations = 500;
  // `--s3-dir DIR`: S3 for ExportTableToPointInTime and ImportTable, s3://bucket/key being
  // DIR/bucket/key; "" (none): every bucket is missing, as DynamoDB finds a bucket that does not exist.
  std::string s3_dir;
  // `--stream-handler TABLE=URL`: the table's stream records, written after start(), are POSTed to
  // a local HTTP handler in Lambda's event shape, in order, a failed batch retried as Lambda does.
  struct StreamHandler {
    std::string table;
    std::string url;  // http://host:port/path
  };
  std::vector<StreamHandler> stream_handlers;
  int stream_handler_batch_size = 100;  // Lambda's default BatchSize for DynamoDB streams
  // How often the background TTL sweep runs; 0 disables it (sweep_ttl() still works).
  int64_t ttl_sweep_period_ms = 1000;
  // `--isolate region|account|region,account`: each region and/or account of the requests (the
  // SigV4 credential scope's region; the account of README "Isolation") gets its own tables; a
  // file database keeps each namespace in a file beside db_path. Both false: one namespace.
  bool isolate_region = false;
  bool isolate_account = false;
  // What GET /_dynemu/report prices request units at unless the request names other rates.
  CostRates cost_rates;
};

// What one TTL sweep deleted: the total, and per table (tables with deletions only).
struct TtlSweepResult {
  int64_t deleted = 0;
  std::map<std::string, int64_t> tables;
};

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();
  void stop();
  // Blocks until stop() is called from another thread or a signal handler path.
  void wait();

  int port() const;
  std::string endpoint() const;  // "http://127.0.0.1:PORT"
  const ServerOptions& options() const;

  // Runs one DynamoDB operation in process, as POST / with `X-Amz-Target: DynamoDB_20120810.<operation>`
  // would, without HTTP, signature check, request log or faults. Returns the HTTP status and the body.
  struct Answer {
    int status = 200;
    std::string body;
    std::string error_type;  // "" on success, else e.g. "ResourceNotFoundException"
  };
  Answer invoke(const std::string& operation, const std::string& request_json);
  // The same in namespace `ns` (opened on first use). An isolated part that is not a region (1-32 of
  // [a-z0-9-]) or an account (12 digits) throws std::invalid_argument; without isolation: the one.
  Answer invoke_in(const NamespaceId& ns, const std::string& operation, const std::string& request_json);
  std::vector<NamespaceId> namespaces() const;

  void snapshot();
  // The whole database as a file, and back (what the fixtures' seed cache keeps): save writes a new
  // file at `path`; load replaces this server's database with one a dynemu of the same file format
  // saved. Both need a started server and no baseline held; they throw std::logic_error /
  // std::runtime_error (a file that is not such an image leaves the database as it was).
  void save_database_image(const std::string& path);
  void load_database_image(const std::string& path);
  // `build` runs operations (as invoke() does) against a scratch in-memory database; that database's
  // final state becomes the baseline reset() returns to. The live database is left as it is.
  using Invoker = std::function<Answer(const std::string& operation, const std::string& request_json)>;
  void snapshot_built_by(const std::function<void(const Invoker&)>& build);
  void discard_snapshot();
  void reset();
  std::vector<RequestRecord> requests() const;
  void clear_requests();
  void add_fault(Fault fault);
  void clear_faults();
  // The cost report (dynemu/cost_report.h) of every recorded request since start() or the last
  // clear_cost_report(), by the test begin_report_test() named (also /_dynemu/report). reset()
  // keeps it: it spans a run of tests.
  void begin_report_test(const std::string& name);
  CostReport cost_report() const;
  void clear_cost_report();

  int64_t clock_ms() const;  // the server clock now, epoch milliseconds
  void set_clock_ms(int64_t epoch_ms);
  void advance_clock_ms(int64_t delta_ms);
  void freeze_clock();
  void use_real_clock();

  TtlSweepResult sweep_ttl();                         // every namespace
  TtlSweepResult sweep_ttl(const NamespaceId& ns);  // one

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace dynemu
