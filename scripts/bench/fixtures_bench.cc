// Fixture benchmark: in-process server start time, and snapshot reset time for 1,000- and
// 100,000-item baselines after tests that wrote 1, 100 and 1,000 items, on an in-memory database
// (a savepoint baseline) and on a file database (a copy baseline, which keeps every write durable).
// Run by fixtures.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "dynemu/server.h"

namespace {

using Clock = std::chrono::steady_clock;

double us_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

struct Stats {
  double median, p99, max;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back()};
}

dynemu::ServerOptions in_memory() {
  dynemu::ServerOptions o;
  o.port = 0;
  o.in_memory = true;
  o.threads = 4;
  return o;
}

void must(const dynemu::Server::Answer& a, const char* what) {
  if (a.status != 200) {
    std::fprintf(stderr, "%s failed: %s\n", what, a.body.c_str());
    std::exit(1);
  }
}

std::string put_request(const std::string& id, int n) {
  return R"({"TableName":"Bench","Item":{"id":{"S":")" + id + R"("},"owner":{"S":"o)" + std::to_string(n % 97) +
         R"("},"n":{"N":")" + std::to_string(n) + R"("},"payload":{"S":"lorem ipsum dolor sit amet, consectetur"}}})";
}

dynemu::ServerOptions on_file(const std::string& path) {
  dynemu::ServerOptions o = in_memory();
  o.in_memory = false;
  o.db_path = path;
  return o;
}

void remove_database(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

void bench_reset(int baseline_items, bool file_database) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("dynemu-fixtures-bench-" + std::to_string(baseline_items) + ".db"))
          .string();
  if (file_database) remove_database(path);
  dynemu::Server server(file_database ? on_file(path) : in_memory());
  server.start();
  must(server.invoke("CreateTable", R"({"TableName":"Bench","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"owner","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
      "GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"}],
                                 "Projection":{"ProjectionType":"ALL"}}]})"),
       "CreateTable");
  auto t0 = Clock::now();
  for (int i = 0; i < baseline_items; ++i) must(server.invoke("PutItem", put_request("item" + std::to_string(i), i)), "PutItem");
  const double seed_ms = us_since(t0) / 1000;
  t0 = Clock::now();
  server.snapshot();
  const double snapshot_us = us_since(t0);
  std::printf("%s baseline %7d items: seeded by one PutItem each in %.0f ms, snapshot %.1f us\n", file_database ? "file     " : "in memory",
              baseline_items, seed_ms, snapshot_us);
  for (int writes : {1, 100, 1000}) {
    // A file baseline's reset copies the whole database: fewer rounds keep the large one short.
    const int rounds = writes >= 1000 ? 20 : (file_database && baseline_items > 10000 ? 20 : 200);
    std::vector<double> reset_us;
    for (int r = 0; r < rounds; ++r) {
      for (int w = 0; w < writes; ++w)
        must(server.invoke("PutItem", put_request(w % 2 ? "item" + std::to_string(w * 7) : "new" + std::to_string(w), w)),
             "PutItem");
      t0 = Clock::now();
      server.reset();
      reset_us.push_back(us_since(t0));
    }
    auto s = stats(reset_us);
    std::printf("  reset after a test writing %4d items: median %7.1f us  p99 %7.1f us  max %7.1f us  (%d rounds)\n",
                writes, s.median, s.p99, s.max, rounds);
  }
  server.stop();
  if (file_database) remove_database(path);
}

}  // namespace

int main() {
  std::vector<double> start_us;
  for (int i = 0; i < 50; ++i) {
    dynemu::Server server(in_memory());
    auto t0 = Clock::now();
    server.start();
    start_us.push_back(us_since(t0));
    server.stop();
  }
  auto s = stats(start_us);
  std::printf("in-process server start (in memory, ephemeral port): median %.0f us  p99 %.0f us  (50 starts)\n",
              s.median, s.p99);
  for (bool file_database : {false, true}) {
    bench_reset(1000, file_database);
    bench_reset(100000, file_database);
  }
  return 0;
}
