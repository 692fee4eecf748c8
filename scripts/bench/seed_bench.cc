// Seeding benchmark: how long a 100,000-item baseline takes to seed through the fixtures'
// seed_paths() (files → the in-process server), against the same items put one PutItem at a time
// (the path a test binary paid before the bulk seeding path). Run by fixtures.sh.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "dynemu/server.h"
#include "dynemu/testing/environment.h"
#include "dynemu/testing/seed.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kItems = 100000;
constexpr const char* kCreateTable = R"({"TableName":"Bench","BillingMode":"PAY_PER_REQUEST",
  "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"owner","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
  "GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"}],
                             "Projection":{"ProjectionType":"ALL"}}]})";

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// This process's CPU time (user + system), in ms: on a busy machine a steadier figure than wall time.
double cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

std::string item(int n) {  // the same items as fixtures_bench's baseline
  return R"({"id":{"S":"item)" + std::to_string(n) + R"("},"owner":{"S":"o)" + std::to_string(n % 97) +
         R"("},"n":{"N":")" + std::to_string(n) + R"("},"payload":{"S":"lorem ipsum dolor sit amet, consectetur"}})";
}

fs::path write_seed_folder() {
  fs::path dir = fs::temp_directory_path() / "dynemu-seed-bench";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "table.json") << kCreateTable;
  std::ofstream items(dir / "items.json");
  items << R"({"TableName":"Bench","Items":[)";
  for (int i = 0; i < kItems; ++i) items << (i ? "," : "") << item(i);
  items << "]}";
  return dir;
}

dynemu::ServerOptions in_memory() {
  dynemu::ServerOptions o;
  o.port = 0;
  o.in_memory = true;
  return o;
}

dynemu::testing::Caller caller_of(dynemu::Server& server) {
  return [&server](const std::string& op, const std::string& body) {
    auto a = server.invoke(op, body);
    return dynemu::testing::make_call_result(a.status, std::move(a.body));
  };
}

}  // namespace

int main() {
  const fs::path dir = write_seed_folder();
  for (int round = 0; round < 3; ++round) {
    dynemu::Server server(in_memory());
    server.start();
    auto t0 = Clock::now();
    const double cpu0 = cpu_ms();
    auto summary = dynemu::testing::seed_paths({dir.string()}, caller_of(server));
    const double ms = ms_since(t0);
    if (summary.items_written != kItems) return 1;
    std::printf("seed_paths: %d items (one table with a GSI) seeded in %.0f ms wall, %.0f ms CPU (%.0f items/s)\n",
                kItems, ms, cpu_ms() - cpu0, kItems / ms * 1000);
    if (round == 0) {
      // What a first run adds after seeding: keeping the database in the seed cache.
      const fs::path image = fs::temp_directory_path() / "dynemu-seed-bench.db";
      auto t1 = Clock::now();
      server.save_database_image(image.string());
      std::printf("  saving it as a seed-cache image (%.1f MB): %.0f ms wall\n", fs::file_size(image) / 1e6,
                  ms_since(t1));
      fs::remove(image);
      // What every start adds (the environment reads each seeded table's stream position) and what
      // an SDK's table waiter repeats: DescribeTable counts the table and its index live.
      auto t2 = Clock::now();
      if (server.invoke("DescribeTable", R"({"TableName":"Bench"})").status != 200) return 1;
      std::printf("  DescribeTable on it (live ItemCount, with the GSI's): %.1f ms wall\n", ms_since(t2));
    }
    server.stop();
  }
  {
    // The fixtures' own share: reading the files and building the requests, against an endpoint
    // that answers every call at once.
    const double cpu0 = cpu_ms();
    dynemu::testing::seed_paths({dir.string()}, [](const std::string&, const std::string&) {
      return dynemu::testing::make_call_result(200, "{}");
    });
    std::printf("  of which reading the seed files and building the requests: %.0f ms CPU\n", cpu_ms() - cpu0);
  }
  {
    dynemu::Server server(in_memory());
    server.start();
    if (server.invoke("CreateTable", R"({"TableName":"Bench","BillingMode":"PAY_PER_REQUEST",
        "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]})").status != 200) return 1;
    std::string body = R"({"RequestItems":{"Bench":[)";
    for (int i = 0; i < kItems; ++i) body += (i ? "," : "") + std::string(R"({"PutRequest":{"Item":)") + item(i) + "}}";
    body += "]}}";
    const double cpu0 = cpu_ms();
    if (server.invoke("DynemuBulkWrite", body).status != 200) return 1;
    std::printf("  the bulk write alone, into a table without the GSI: %.0f ms CPU\n", cpu_ms() - cpu0);
  }
  {
    // The whole environment start of a test binary with this baseline: the first run seeds and
    // keeps the database in the seed cache; every later run of the same binary loads it.
    const fs::path cache = fs::temp_directory_path() / "dynemu-seed-bench-cache";
    fs::remove_all(cache);
    for (int round = 0; round < 4; ++round) {
      dynemu::testing::EnvironmentOptions o;
      o.seed_paths = {dir.string()};
      o.seed_cache_dir = cache.string();
      o.cost_report = false;
      dynemu::testing::Environment env(o);
      auto t0 = Clock::now();
      const double cpu0 = cpu_ms();
      env.SetUp();
      const double ms = ms_since(t0);
      const double cpu = cpu_ms() - cpu0;
      auto r = env.call("DescribeTable", R"({"TableName":"Bench"})");
      if (r.body.find("\"ItemCount\":" + std::to_string(kItems)) == std::string::npos) return 1;
      std::printf("Environment::SetUp, %s: %.0f ms wall, %.0f ms CPU\n",
                  round == 0 ? "first run (seeds, then saves the seed cache)" : "from the seed cache", ms, cpu);
      env.TearDown();
    }
    fs::remove_all(cache);
  }
  dynemu::Server server(in_memory());
  server.start();
  if (server.invoke("CreateTable", kCreateTable).status != 200) return 1;
  auto t0 = Clock::now();
  const double cpu0 = cpu_ms();
  for (int i = 0; i < kItems; ++i)
    if (server.invoke("PutItem", R"({"TableName":"Bench","Item":)" + item(i) + "}").status != 200) return 1;
  const double ms = ms_since(t0);
  std::printf("one PutItem per item: %d items seeded in %.0f ms wall, %.0f ms CPU (%.0f items/s)\n", kItems, ms,
              cpu_ms() - cpu0, kItems / ms * 1000);
  fs::remove_all(dir);
  return 0;
}
