// Backup benchmark: CreateBackup and RestoreTableFromBackup of a 100,000-item table with a global
// secondary index, in memory and in a file database, through Server::invoke (the operations as
// the HTTP front end runs them, without the socket). Run by backup.sh.
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
constexpr const char* kCreateTable = R"({"TableName":"Bench","BillingMode":"PAY_PER_REQUEST",
  "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"owner","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
  "GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"}],
                             "Projection":{"ProjectionType":"ALL"}}]})";

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double cpu_ms() {  // this process's CPU time: steadier than wall time on a busy machine
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

std::string item(int n) {  // the items seed_bench uses
  return R"({"id":{"S":"item)" + std::to_string(n) + R"("},"owner":{"S":"o)" + std::to_string(n % 97) +
         R"("},"n":{"N":")" + std::to_string(n) + R"("},"payload":{"S":"lorem ipsum dolor sit amet, consectetur"}})";
}

bool check(const dynemu::Server::Answer& a, const char* what) {
  if (a.status == 200) return true;
  std::fprintf(stderr, "%s failed: %d %s\n", what, a.status, a.body.c_str());
  return false;
}

int run(const char* label, const dynemu::ServerOptions& options) {
  dynemu::Server server(options);
  server.start();
  if (!check(server.invoke("CreateTable", kCreateTable), "CreateTable")) return 1;
  for (int start = 0; start < kItems; start += kItemsPerLoad) {
    std::string body = R"({"RequestItems":{"Bench":[)";
    for (int i = start; i < start + kItemsPerLoad; ++i)
      body += std::string(i > start ? "," : "") + R"({"PutRequest":{"Item":)" + item(i) + "}}";
    body += "]}}";
    if (!check(server.invoke("DynemuBulkWrite", body), "bulk load")) return 1;
  }
  for (int round = 0; round < 3; ++round) {
    auto t0 = Clock::now();
    double cpu0 = cpu_ms();
    auto backup = server.invoke("CreateBackup", R"({"TableName":"Bench","BackupName":"bench)" + std::to_string(round) + R"("})");
    const double backup_ms = ms_since(t0);
    const double backup_cpu = cpu_ms() - cpu0;
    if (!check(backup, "CreateBackup")) return 1;
    const size_t at = backup.body.find("\"BackupArn\":\"") + 13;
    const std::string arn = backup.body.substr(at, backup.body.find('"', at) - at);

    const std::string target = "Restored" + std::to_string(round);
    t0 = Clock::now();
    cpu0 = cpu_ms();
    auto restored = server.invoke("RestoreTableFromBackup",
                                  R"({"TargetTableName":")" + target + R"(","BackupArn":")" + arn + R"("})");
    const double restore_ms = ms_since(t0);
    const double restore_cpu = cpu_ms() - cpu0;
    if (!check(restored, "RestoreTableFromBackup")) return 1;
    if (restored.body.find("\"ItemCount\":" + std::to_string(kItems)) == std::string::npos) {
      std::fprintf(stderr, "the restored table does not hold %d items\n", kItems);
      return 1;
    }
    std::printf("%s, round %d: CreateBackup of %d items %.0f ms wall (%.0f ms CPU); "
                "RestoreTableFromBackup (with its GSI) %.0f ms wall (%.0f ms CPU)\n",
                label, round + 1, kItems, backup_ms, backup_cpu, restore_ms, restore_cpu);
    if (!check(server.invoke("DeleteTable", R"({"TableName":")" + target + R"("})"), "DeleteTable")) return 1;
  }
  server.stop();
  return 0;
}

}  // namespace

int main() {
  dynemu::ServerOptions memory;
  memory.port = 0;
  memory.in_memory = true;
  if (run("in memory", memory) != 0) return 1;

  const std::string path =
      (std::filesystem::temp_directory_path() / ("dynemu-backup-bench-" + std::to_string(::getpid()) + ".db")).string();
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
