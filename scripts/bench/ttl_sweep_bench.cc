// TTL sweep benchmark: how long a sweep of EXPIRED expired items of an ITEMS-item table takes, and
// what GetItem latency clients see meanwhile (over HTTP, keep-alive, 2 client threads).
//
// Usage: ttl_sweep_bench            (env TTL_BENCH_ITEMS, default 1000000; TTL_BENCH_EXPIRED, default
//                                    ITEMS / 10; TTL_BENCH_DB, default a file in /tmp, "memory" for
//                                    an in-memory database; TTL_BENCH_READERS, client threads during
//                                    the sweeps, default 2, 0 for the sweep alone)
// Phases: load (BatchWriteItem in process, TTL enabled first, so writes keep the ttl column), GetItem
// alone for 3 s (the baseline), then the clock moves past the expiry of EXPIRED items and one sweep
// runs while the client threads keep reading random keys. Last, TTL is re-enabled on a second
// attribute, so the next sweep first backfills the ttl column for every remaining item: that
// sweep's time and the GetItem latency during it. Items look like scripts/bench/seed.py's.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <unistd.h>

#include "dynemu/server.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kT0 = 1700000000;

int64_t env_int(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoll(v) : fallback;
}

void check(const dynemu::Server::Answer& a, const char* what) {
  if (a.status != 200) {
    std::fprintf(stderr, "ttl_sweep_bench: %s failed: %s\n", what, a.body.c_str());
    std::exit(1);
  }
}

std::string key_of(int64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "user-%07lld", static_cast<long long>(i));
  return buf;
}

struct Latencies {
  std::vector<double> ms;
  void add(std::vector<double>&& more) { ms.insert(ms.end(), more.begin(), more.end()); }
  double at(double q) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
  }
};

// GetItem on random keys from `threads` keep-alive clients until `stop`; latencies in ms.
Latencies read_until(int port, int64_t items, const std::atomic<bool>& stop, int threads = 2) {
  std::vector<std::vector<double>> per(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);  // headers and body go in two writes: without it, Nagle and delayed ACKs add 40 ms
      std::mt19937_64 rng(1234 + t);
      std::uniform_int_distribution<int64_t> pick(0, items - 1);
      httplib::Headers h{{"X-Amz-Target", "DynamoDB_20120810.GetItem"},
                         {"X-Amz-Date", "20240101T000000Z"},
                         {"Authorization",
                          "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
                          "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123"}};
      while (!stop) {
        const std::string body = R"({"TableName":"BenchTable","Key":{"pk":{"S":")" + key_of(pick(rng)) + R"("}}})";
        const auto started = Clock::now();
        auto r = c.Post("/", h, body, "application/x-amz-json-1.0");
        if (!r || r->status != 200) {
          std::fprintf(stderr, "ttl_sweep_bench: GetItem failed\n");
          std::exit(1);
        }
        per[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
      }
    });
  for (auto& th : pool) th.join();
  Latencies all;
  for (auto& v : per) all.add(std::move(v));
  return all;
}

void report(const char* what, Latencies& l, double seconds) {
  const size_t n = l.ms.size();
  std::printf("  %-28s %8zu GetItems  %7.0f/s  p50 %6.3f ms  p99 %6.3f ms  p99.9 %6.3f ms  max %7.3f ms\n", what, n,
              static_cast<double>(n) / seconds, l.at(0.50), l.at(0.99), l.at(0.999), l.at(1.0));
}

// One sweep while clients read; prints both.
void timed_sweep(dynemu::Server& server, int64_t items, const char* label) {
  std::atomic<bool> stop{false};
  Latencies during;
  const int threads = static_cast<int>(env_int("TTL_BENCH_READERS", 2));
  std::thread readers([&] { during = read_until(server.port(), items, stop, threads); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // readers connected and running
  const auto started = Clock::now();
  const dynemu::TtlSweepResult swept = server.sweep_ttl();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  stop = true;
  readers.join();
  std::printf("%s: deleted %lld items in %.2f s (%.0f items/s)\n", label, static_cast<long long>(swept.deleted),
              seconds, static_cast<double>(swept.deleted) / seconds);
  report("GetItem during the sweep", during, seconds + 0.1);
}

}  // namespace

int main() {
  const int64_t items = env_int("TTL_BENCH_ITEMS", 1000000);
  const int64_t expired = std::min(items, env_int("TTL_BENCH_EXPIRED", items / 10));
  const std::string db = std::getenv("TTL_BENCH_DB") ? std::getenv("TTL_BENCH_DB") : "";
  dynemu::ServerOptions options;
  options.port = 0;
  options.ttl_sweep_period_ms = 0;
  options.in_memory = db == "memory";
  options.db_path = db.empty() || db == "memory"
                        ? (std::filesystem::temp_directory_path() / ("dynemu_ttl_bench_" + std::to_string(::getpid()) + ".db")).string()
                        : db;
  auto remove_db = [&] {
    if (options.in_memory || !db.empty()) return;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(options.db_path + suffix);
  };
  remove_db();
  dynemu::Server server(options);
  server.start();
  server.freeze_clock();
  server.set_clock_ms(kT0 * 1000);
  std::printf("ttl_sweep_bench: %lld items, %lld expiring, %s database\n", static_cast<long long>(items),
              static_cast<long long>(expired), options.in_memory ? "in-memory" : ("file " + options.db_path).c_str());

  check(server.invoke("CreateTable", R"({"TableName":"BenchTable","AttributeDefinitions":[{"AttributeName":"pk",)"
                                     R"("AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
                                     R"("BillingMode":"PAY_PER_REQUEST"})"),
        "CreateTable");
  check(server.invoke("UpdateTimeToLive", R"({"TableName":"BenchTable","TimeToLiveSpecification":)"
                                          R"({"Enabled":true,"AttributeName":"expires"}})"),
        "UpdateTimeToLive");
  // Every (items / expired)-th item expires at T0 + 10; the others a year later. expires2 (for the
  // backfill phase) expires for every 100th item.
  const int64_t stride = expired > 0 ? items / expired : items + 1;
  const auto load_started = Clock::now();
  for (int64_t i = 0; i < items; i += 25) {
    std::string requests;
    for (int64_t j = i; j < std::min(items, i + 25); ++j) {
      if (!requests.empty()) requests += ",";
      const bool expires = expired > 0 && j % stride == 0 && j / stride < expired;
      requests += R"({"PutRequest":{"Item":{"pk":{"S":")" + key_of(j) + R"("},"name":{"S":"User )" + std::to_string(j) +
                  R"("},"email":{"S":"user)" + std::to_string(j) + R"(@example.com"},"age":{"N":")" +
                  std::to_string(18 + j % 60) + R"("},"tags":{"SS":["a","b"]},"expires":{"N":")" +
                  std::to_string(expires ? kT0 + 10 : kT0 + 31536000) + R"("},"expires2":{"N":")" +
                  std::to_string(j % 100 == 1 ? kT0 + 10 : kT0 + 31536000) + R"("}}}})";
    }
    check(server.invoke("BatchWriteItem", R"({"RequestItems":{"BenchTable":[)" + requests + "]}}"), "BatchWriteItem");
  }
  std::printf("load: %.1f s\n", std::chrono::duration<double>(Clock::now() - load_started).count());

  {
    std::atomic<bool> stop{false};
    Latencies alone;
    std::thread readers([&] { alone = read_until(server.port(), items, stop); });
    std::this_thread::sleep_for(std::chrono::seconds(3));
    stop = true;
    readers.join();
    std::printf("baseline (no sweep):\n");
    report("GetItem alone", alone, 3.0);
  }

  server.advance_clock_ms(60 * 1000);
  timed_sweep(server, items, "sweep");

  // Backfill: the second attribute is new to the ttl column, so the next sweep recomputes it for
  // every remaining item (in 1,000-row write sessions) before deleting.
  server.advance_clock_ms(3600 * 1000);
  check(server.invoke("UpdateTimeToLive", R"({"TableName":"BenchTable","TimeToLiveSpecification":)"
                                          R"({"Enabled":false,"AttributeName":"expires"}})"),
        "UpdateTimeToLive (disable)");
  server.advance_clock_ms(3600 * 1000);
  check(server.invoke("UpdateTimeToLive", R"({"TableName":"BenchTable","TimeToLiveSpecification":)"
                                          R"({"Enabled":true,"AttributeName":"expires2"}})"),
        "UpdateTimeToLive (expires2)");
  timed_sweep(server, items, "backfill of the remaining items, then sweep");

  server.stop();
  remove_db();
  return 0;
}
