#include "dynemu/server.h"

#include <sys/socket.h>

#include <cerrno>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "api/operation.h"
#include "http/admin.h"
#include "http/connection_server.h"
#include "http/diagnostics.h"
#include "http/frontend.h"
#include "http/report_routes.h"
#include "http/worker_pool.h"
#include "namespaces/namespaces.h"
#include "store/store.h"
#include "streams/stream_handler_delivery.h"
#include "ttl/sweeper.h"

namespace dynemu {

struct Server::Impl {
  ServerOptions options;
  api::ApiSettings settings;
  std::unique_ptr<namespaces::NamespaceStores> stores;
  clock::Clock clock;
  std::unique_ptr<ttl::TtlSweeper> sweeper;
  http::Diagnostics diagnostics;
  std::unique_ptr<httplib::Server> http;
  std::unique_ptr<streams::StreamHandlerDelivery> stream_delivery;
  std::thread listener;
  int bound_port = 0;
  std::mutex mutex;
  std::condition_variable stopped_cv;
  bool running = false;
};

namespace {

size_t default_threads() {
  // The cap on request threads (see http/worker_pool.h: they start only as connections need them).
  return 64;
}

}  // namespace

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->settings.delay_transient_statuses = impl_->options.delay_transient_statuses;
  impl_->settings.max_item_collection_bytes = impl_->options.max_item_collection_bytes;
  impl_->settings.stream_shard_rotation_ms = int64_t{impl_->options.stream_shard_rotation_seconds} * 1000;
  impl_->settings.list_tags_page_size = impl_->options.list_tags_page_size;
  impl_->settings.simultaneous_table_operations = impl_->options.simultaneous_table_operations;
  impl_->settings.s3_dir = impl_->options.s3_dir;
}

Server::~Server() { stop(); }

void Server::start() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->running) return;
  // A credentials file that does not read is an error before anything else starts.
  std::shared_ptr<const http::sigv4::CredentialTable> verified_credentials;
  if (!impl_->options.credentials_file.empty())
    verified_credentials = std::make_shared<const http::sigv4::CredentialTable>(
        http::sigv4::CredentialTable::load(impl_->options.credentials_file));
  store::StoreOptions store_options;
  store_options.in_memory = impl_->options.in_memory;
  store_options.path = impl_->options.db_path;
  store_options.cache_mb = impl_->options.cache_mb;
  store_options.sync_full = impl_->options.sync_full;
  namespaces::Isolation isolation;
  isolation.region = impl_->options.isolate_region;
  isolation.account = impl_->options.isolate_account;
  impl_->stores = std::make_unique<namespaces::NamespaceStores>(store_options, isolation);
  impl_->sweeper = std::make_unique<ttl::TtlSweeper>(
      [stores = impl_->stores.get()] {
        std::vector<store::Store*> list;
        for (const auto& [id, store] : stores->all()) list.push_back(store);
        return list;
      },
      impl_->clock);

  impl_->http = std::make_unique<http::ConnectionServer>();
  auto& http = *impl_->http;
  const size_t threads = impl_->options.threads > 0 ? static_cast<size_t>(impl_->options.threads) : default_threads();
  http.new_task_queue = [threads] { return new http::WorkerPool(threads); };
  http.set_tcp_nodelay(true);
  // httplib's default sets SO_REUSEPORT, with which a second server binds a port already in use and
  // the kernel splits connections between the two: a test run then silently talks to two
  // databases. SO_REUSEADDR alone still lets a restart bind over connections in TIME_WAIT.
  // The last socket this sees is the one bound (httplib closes a candidate that fails to bind).
  auto listening_socket = std::make_shared<socket_t>(INVALID_SOCKET);
  http.set_socket_options([listening_socket](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    *listening_socket = sock;
  });
  http.set_keep_alive_max_count(1000000);
  // 5 s is Node's server default: SDKs expect idle connections to be closed. (An idle connection no
  // longer delays stop(): ConnectionServer looks every 50 ms.)
  http.set_keep_alive_timeout(5);
  http::FrontendOptions frontend;
  frontend.verbose = impl_->options.verbose;
  frontend.cors_origins = impl_->options.cors_origins;
  frontend.console = impl_->options.console;
  frontend.verified_credentials = std::move(verified_credentials);
  const auto admin_access =
      http::install_routes(http, *impl_->stores, impl_->settings, impl_->clock, impl_->diagnostics, frontend);
  http::install_ttl_admin_routes(http, admin_access, *impl_->sweeper, *impl_->stores);
  http::install_report_routes(http, admin_access, impl_->diagnostics, impl_->options.cost_rates);

  int port = impl_->options.port;
  if (port == 0) {
    port = http.bind_to_any_port(impl_->options.host.c_str());
    if (port < 0) throw std::runtime_error("cannot bind " + impl_->options.host);
  } else if (!http.bind_to_port(impl_->options.host.c_str(), port)) {
    const int error = errno;
    std::string why = error == EADDRINUSE ? "the port is already in use (is another dynemu or DynamoDB Local running?)"
                                          : std::strerror(error);
    throw std::runtime_error("cannot listen on " + impl_->options.host + ":" + std::to_string(port) + ": " + why);
  }
  // Debian's cpp-httplib is built with a listen backlog of 5: a burst of new connections (a test
  // suite's clients starting together, the soak test's 64) overflows it and connections are reset.
  // listen() again on the bound socket raises the backlog to the system's limit.
  if (*listening_socket != INVALID_SOCKET) ::listen(*listening_socket, SOMAXCONN);
  impl_->bound_port = port;
  impl_->listener = std::thread([this] { impl_->http->listen_after_bind(); });
  // The socket already queues connections; waiting for the accept loop closes the window in which
  // an early stop() would not reach it.
  while (!http.is_running()) std::this_thread::sleep_for(std::chrono::microseconds(50));
  if (!impl_->options.stream_handlers.empty()) {
    std::vector<streams::StreamHandlerTarget> targets;
    for (const auto& h : impl_->options.stream_handlers) targets.push_back({h.table, h.url});
    impl_->stream_delivery = std::make_unique<streams::StreamHandlerDelivery>(
        [this](const std::string& op, const std::string& body) {
          // The handlers' tables are the default namespace's (README "Isolation").
          auto result = http::run_operation(impl_->stores->default_store(), impl_->settings, impl_->clock, op, body);
          return std::make_pair(result.status, std::move(result.body));
        },
        std::move(targets), static_cast<size_t>(std::max(1, impl_->options.stream_handler_batch_size)));
    impl_->stream_delivery->start();
  }
  impl_->sweeper->start(impl_->options.ttl_sweep_period_ms);
  impl_->running = true;
}

void Server::stop() {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  if (!impl_->running) return;
  impl_->stream_delivery.reset();  // its thread reads the store
  // The background sweep first (it ends after its current batch); an admin sweep still in flight
  // sees the same stop and ends too, before httplib's pool is drained below.
  impl_->sweeper->stop();
  // httplib stops accepting, then its pool finishes the requests in flight before join returns.
  impl_->http->stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  impl_->http.reset();
  impl_->sweeper.reset();
  impl_->stores.reset();  // closes the databases (checkpointing the WAL)
  impl_->running = false;
  impl_->stopped_cv.notify_all();
}

void Server::wait() {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  impl_->stopped_cv.wait(lock, [this] { return !impl_->running; });
}

int Server::port() const { return impl_->bound_port; }

std::string Server::endpoint() const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->bound_port);
}

const ServerOptions& Server::options() const { return impl_->options; }

namespace {
namespaces::NamespaceStores& running_stores(const std::unique_ptr<namespaces::NamespaceStores>& stores) {
  if (!stores) throw std::logic_error("dynemu::Server: start() the server first");
  return *stores;
}
store::Store& running_store(const std::unique_ptr<namespaces::NamespaceStores>& stores) {
  return running_stores(stores).default_store();
}
}  // namespace

Server::Answer Server::invoke(const std::string& operation, const std::string& request_json) {
  auto result =
      http::run_operation(running_store(impl_->stores), impl_->settings, impl_->clock, operation, request_json);
  return Answer{result.status, std::move(result.body), std::move(result.error_type)};
}

Server::Answer Server::invoke_in(const NamespaceId& ns, const std::string& operation, const std::string& request_json) {
  namespaces::NamespaceStores& stores = running_stores(impl_->stores);
  const NamespaceId id = stores.namespace_of(ns.region, ns.account);  // throws std::invalid_argument
  // ARNs carry the caller's region, as for a request signed for it, and the namespace's account.
  auto result = http::run_operation(stores.store_for(id), impl_->settings, impl_->clock, operation, request_json,
                                    ns.region, id.account);
  return Answer{result.status, std::move(result.body), std::move(result.error_type)};
}

std::vector<NamespaceId> Server::namespaces() const {
  std::vector<NamespaceId> ids;
  for (const auto& [id, store] : running_stores(impl_->stores).all()) ids.push_back(id);
  return ids;
}

void Server::snapshot() {
  for (const auto& [id, store] : running_stores(impl_->stores).all()) store->snapshot();
}
void Server::save_database_image(const std::string& path) { running_store(impl_->stores).save_image(path); }
void Server::load_database_image(const std::string& path) { running_store(impl_->stores).load_image(path); }
void Server::snapshot_built_by(const std::function<void(const Invoker&)>& build) {
  store::Store& live = running_store(impl_->stores);
  store::StoreOptions scratch_options;
  scratch_options.in_memory = true;
  store::Store scratch(scratch_options);
  build([this, &scratch](const std::string& operation, const std::string& request_json) {
    auto result = http::run_operation(scratch, impl_->settings, impl_->clock, operation, request_json);
    return Answer{result.status, std::move(result.body), std::move(result.error_type)};
  });
  live.snapshot_from(scratch);
}
void Server::discard_snapshot() {
  for (const auto& [id, store] : running_stores(impl_->stores).all()) store->discard_snapshot();
}
void Server::reset() { http::reset_state(running_stores(impl_->stores), impl_->diagnostics); }
std::vector<RequestRecord> Server::requests() const { return impl_->diagnostics.records(); }
void Server::clear_requests() { impl_->diagnostics.clear_records(); }
void Server::add_fault(Fault fault) { impl_->diagnostics.add_fault(std::move(fault)); }
void Server::clear_faults() { impl_->diagnostics.clear_faults(); }
void Server::begin_report_test(const std::string& name) { impl_->diagnostics.begin_report_test(name); }
CostReport Server::cost_report() const { return impl_->diagnostics.cost_report(); }
void Server::clear_cost_report() { impl_->diagnostics.clear_cost_report(); }
int64_t Server::clock_ms() const { return impl_->clock.now_ms(); }
void Server::set_clock_ms(int64_t epoch_ms) { impl_->clock.set(epoch_ms); }
void Server::advance_clock_ms(int64_t delta_ms) { impl_->clock.advance(delta_ms); }
void Server::freeze_clock() { impl_->clock.freeze(); }
void Server::use_real_clock() { impl_->clock.use_real(); }

TtlSweepResult Server::sweep_ttl() {
  running_stores(impl_->stores);
  return impl_->sweeper->sweep();
}

TtlSweepResult Server::sweep_ttl(const NamespaceId& ns) {
  store::Store* store = running_stores(impl_->stores).find(ns.region, ns.account);
  return store ? impl_->sweeper->sweep(*store) : TtlSweepResult{};
}

}  // namespace dynemu
