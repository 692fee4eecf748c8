// Point-in-time recovery benchmark (run by pitr.sh), through Server::invoke (the operations as the
// HTTP front end runs them, without the socket), in memory and in a file database:
//  - PutItem and UpdateItem on a table with point-in-time recovery enabled against the same table
//    without it, in the same run, interleaved rounds, each table in a server of its own (the change
//    history costs a read of the old item and a change-log row per write), in CPU and wall time;
//  - RestoreTableToPointInTime of a 100,000-item table with a GSI, to a time before 10,000 of its
//    items were updated and 1,000 deleted (the restore undoes those changes).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

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

// CPU ms of kWritesPerRound writes of `op` to `table` (round `round` writes new values each time);
// adds their wall ms to *wall_ms (which counts the waits for the disk that CPU time leaves out).
double timed_writes(dynemu::Server& server, const std::string& table, const char* op, int round, double* wall_ms) {
  const auto t0 = Clock::now();
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
  *wall_ms += ms_since(t0);
  return cpu_ms() - cpu0;
}

// The two configurations run in servers of their own (in a file database: files of their own), so
// that each pays its own commits and checkpoints: in one shared WAL, the PITR table's extra pages
// would bring the checkpoints that also write the other table's pages back into the file.
int compare_writes(dynemu::Server& plain_server, dynemu::Server& recovered_server, const char* label) {
  if (!check(plain_server.invoke("CreateTable", create_table("Plain")), "CreateTable")) return 1;
  if (!check(recovered_server.invoke("CreateTable", create_table("Recovered")), "CreateTable")) return 1;
  if (!enable_pitr(recovered_server, "Recovered")) return 1;
  for (const char* op : {"PutItem", "UpdateItem"}) {
    double plain = 0, recovered = 0, plain_wall = 0, recovered_wall = 0;
    for (int round = 0; round < kRounds; ++round) {
      plain_server.advance_clock_ms(1000);
      recovered_server.advance_clock_ms(1000);
      const double p = timed_writes(plain_server, "Plain", op, round, &plain_wall);
      const double r = timed_writes(recovered_server, "Recovered", op, round, &recovered_wall);
      if (p < 0 || r < 0) return 1;
      plain += p;
      recovered += r;
    }
    const int writes = kRounds * kWritesPerRound;
    std::printf("%s: %s x%d: without PITR %.0f writes/s CPU, with PITR %.0f writes/s CPU: %.2fx; wall: %.0f and "
                "%.0f writes/s: %.2fx\n", label, op, writes, writes / plain * 1e3, writes / recovered * 1e3,
                plain / recovered, writes / plain_wall * 1e3, writes / recovered_wall * 1e3, plain_wall / recovered_wall);
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

void start_frozen(dynemu::Server& server) {
  server.start();
  server.freeze_clock();
  server.set_clock_ms(kT0Ms);
}

// `paths`: the file databases of the plain server, the PITR server and the restore's (empty in memory).
int run(const char* label, dynemu::ServerOptions options, const std::vector<std::string>& paths) {
  int rc = 0;
  {
    if (!paths.empty()) options.db_path = paths[0];
    dynemu::Server plain(options);
    if (!paths.empty()) options.db_path = paths[1];
    dynemu::Server recovered(options);
    start_frozen(plain);
    start_frozen(recovered);
    rc = compare_writes(plain, recovered, label);
    plain.stop();
    recovered.stop();
  }
  if (rc != 0) return rc;
  if (!paths.empty()) options.db_path = paths[2];
  dynemu::Server server(options);
  start_frozen(server);
  rc = time_restore(server, label);
  server.stop();
  return rc;
}

}  // namespace

int main() {
  dynemu::ServerOptions memory;
  memory.port = 0;
  memory.in_memory = true;
  if (run("in memory", memory, {}) != 0) return 1;

  std::vector<std::string> paths;
  for (const char* name : {"plain", "recovered", "restore"})
    paths.push_back((std::filesystem::temp_directory_path() /
                     ("dynemu-pitr-bench-" + std::to_string(::getpid()) + "-" + name + ".db"))
                        .string());
  auto cleanup = [&paths] {
    for (const auto& path : paths)
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  };
  cleanup();
  dynemu::ServerOptions file = memory;
  file.in_memory = false;
  const int rc = run("file database", file, paths);
  cleanup();
  return rc;
}
