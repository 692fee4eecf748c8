// Point-in-time recovery benchmark (run by pitr.sh), through Server::invoke (the operations as the
// HTTP front end runs them, without the socket), in memory and in a file database:
//  - PutItem and UpdateItem on a table with point-in-time recovery enabled against the same table
//    without it, in the same run, interleaved rounds (the change history costs a read of the old
//    item and a change-log row per write);
//  - RestoreTableToPointInTime of a 100,000-item table with a GSI, to a time before 10,000 of its
//    items were updated and 1,000 deleted (the restore undoes those changes).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "dynemu/server.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kItems = 100000;
constexpr int kItemsPerLoad = 10000;
constexpr int kRounds = 5;
constexpr int kWritesPerRound = 4000;
constexpr int64_t kT0Ms = int64_t{1800000000} * 1000;

std::string create_table(const std::string& name) {
  return R"({"TableName":")" + name + R"(","BillingMode":"PAY_PER_REQUEST",
  "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"owner","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
  "GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"}],
                             "Projection":{"ProjectionType":"ALL"}}]})";
}

double cpu_ms() {  // this process's CPU time: steadier than wall time on a busy machine
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::string item(int n, int version = 0) {  // the items seed_bench uses
  return R"({"id":{"S":"item)" + std::to_string(n) + R"("},"owner":{"S":"o)" + std::to_string(n % 97) +
         R"("},"n":{"N":")" + std::to_string(n + version) + R"("},"payload":{"S":"lorem ipsum dolor sit amet, consectetur"}})";
}

bool check(const dynemu::Server::Answer& a, const char* what) {
  if (a.status == 200) return true;
  std::fprintf(stderr, "%s failed: %d %s\n", what, a.status, a.body.c_str());
  return false;
}

bool enable_pitr(dynemu::Server& server, const std::string& table) {
  return check(server.invoke("UpdateContinuousBackups", R"({"TableName":")" + table +
                                                            R"(","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})"),
               "UpdateContinuousBackups");
}

// CPU ms of kWritesPerRound writes of `op` to `table` (round `round` writes new values each time).
double timed_writes(dynemu::Server& server, const std::string& table, const char* op, int round) {
  const double cpu0 = cpu_ms();
  for (int i = 0; i < kWritesPerRound; ++i) {
    const int n = round * kWritesPerRound + i;
    std::string body;
    if (op[0] == 'P') {
      body = R"({"TableName":")" + table + R"(","Item":)" + item(n % 20000, round) + "}";
    } else {
      body = R"({"TableName":")" + table + R"(","Key":{"id":{"S":"item)" + std::to_string(n % 20000) +
             R"("}},"UpdateExpression":"SET n = :n, touched = :t","ExpressionAttributeValues":{":n":{"N":")" +
             std::to_string(n) + R"("},":t":{"N":")" + std::to_string(round) + R"("}}})";
    }
    if (!check(server.invoke(op, body), op)) return -1;
  }
  return cpu_ms() - cpu0;
}

int compare_writes(dynemu::Server& server, const char* label) {
  if (!check(server.invoke("CreateTable", create_table("Plain")), "CreateTable")) return 1;
  if (!check(server.invoke("CreateTable", create_table("Recovered")), "CreateTable")) return 1;
  if (!enable_pitr(server, "Recovered")) return 1;
  for (const char* op : {"PutItem", "UpdateItem"}) {
    double plain = 0, recovered = 0;
    for (int round = 0; round < kRounds; ++round) {
      server.advance_clock_ms(1000);
      const double p = timed_writes(server, "Plain", op, round);
      const double r = timed_writes(server, "Recovered", op, round);
      if (p < 0 || r < 0) return 1;
      plain += p;
      recovered += r;
    }
    const int writes = kRounds * kWritesPerRound;
    std::printf("%s: %s x%d: without PITR %.0f writes/s CPU, with PITR %.0f writes/s CPU: %.2fx\n", label, op,
                writes, writes / plain * 1e3, writes / recovered * 1e3, plain / recovered);
  }
  return 0;
}

int time_restore(dynemu::Server& server, const char* label) {
  if (!check(server.invoke("CreateTable", create_table("Bench")), "CreateTable")) return 1;
  for (int start = 0; start < kItems; start += kItemsPerLoad) {
    std::string body = R"({"RequestItems":{"Bench":[)";
    for (int i = start; i < start + kItemsPerLoad; ++i)
      body += std::string(i > start ? "," : "") + R"({"PutRequest":{"Item":)" + item(i) + "}}";
    body += "]}}";
    if (!check(server.invoke("DynemuBulkWrite", body), "bulk load")) return 1;
  }
  if (!enable_pitr(server, "Bench")) return 1;
  server.advance_clock_ms(60 * 1000);
  const int64_t before_changes_ms = server.clock_ms();
  server.advance_clock_ms(1000);
  for (int i = 0; i < 10000; ++i)
    if (!check(server.invoke("PutItem", R"({"TableName":"Bench","Item":)" + item(i * 7, 1) + "}"), "PutItem")) return 1;
  for (int i = 0; i < 1000; ++i)
    if (!check(server.invoke("DeleteItem", R"({"TableName":"Bench","Key":{"id":{"S":"item)" + std::to_string(i * 11 + 3) + R"("}}})"), "DeleteItem")) return 1;
  server.advance_clock_ms(10 * 60 * 1000);
  for (int round = 0; round < 3; ++round) {
    const std::string target = "Restored" + std::to_string(round);
    char at[32];
    std::snprintf(at, sizeof at, "%.3f", static_cast<double>(before_changes_ms) / 1000.0);
    const auto t0 = Clock::now();
    const double cpu0 = cpu_ms();
    auto restored = server.invoke("RestoreTableToPointInTime", R"({"SourceTableName":"Bench","TargetTableName":")" +
                                                                   target + R"(","RestoreDateTime":)" + at + "}");
    const double wall = ms_since(t0), cpu = cpu_ms() - cpu0;
    if (!check(restored, "RestoreTableToPointInTime")) return 1;
    if (restored.body.find("\"ItemCount\":" + std::to_string(kItems)) == std::string::npos) {
      std::fprintf(stderr, "the restored table does not hold %d items\n", kItems);
      return 1;
    }
    std::printf("%s, round %d: RestoreTableToPointInTime of %d items (with its GSI, 11,000 changes undone) "
                "%.0f ms wall (%.0f ms CPU)\n", label, round + 1, kItems, wall, cpu);
    if (!check(server.invoke("DeleteTable", R"({"TableName":")" + target + R"("})"), "DeleteTable")) return 1;
  }
  return 0;
}

int run(const char* label, const dynemu::ServerOptions& options) {
  dynemu::Server server(options);
  server.start();
  server.freeze_clock();
  server.set_clock_ms(kT0Ms);
  const int rc = compare_writes(server, label) || time_restore(server, label);
  server.stop();
  return rc;
}

}  // namespace

int main() {
  dynemu::ServerOptions memory;
  memory.port = 0;
  memory.in_memory = true;
  if (run("in memory", memory) != 0) return 1;

  const std::string path =
      (std::filesystem::temp_directory_path() / ("dynemu-pitr-bench-" + std::to_string(::getpid()) + ".db")).string();
  auto cleanup = [&path] {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  };
  cleanup();
  dynemu::ServerOptions file = memory;
  file.in_memory = false;
  file.db_path = path;
  const int rc = run("file database", file);
  cleanup();
  return rc;
}
