// Store: how a file database is opened (store/database_file.h): held exclusively, stamped, and
// refused untouched when it is not dynemu's. The binary's side (exit status, port, message) is
// tests/clients/test_database_file.py.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include <sqlite3.h>
#include <unistd.h>

#include "store/database_file.h"
#include "store/store.h"
#include "store/wal_writeback.h"
#include "temp_database_file.h"

namespace dynemu::store {
namespace {

class FileDatabase : public ::testing::Test {
 protected:
  std::string contents() {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  // Runs `sql` on the file through a plain SQLite connection (the store closed).
  void sql(const std::string& statements) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, statements.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  int64_t pragma(const char* name) {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, (std::string("PRAGMA ") + name).c_str(), -1, &st, nullptr);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }
  std::string refusal() {
    try {
      Store store({path_, false});
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }
  test_support::TempDatabaseFile file_{"dynemu-store-file"};
  const std::string& path_ = file_.path();
};

TableSchema table_named(const std::string& name) {
  TableSchema s;
  s.name = name;
  s.key.hash = {"id", model::AttrType::S};
  s.description = "{}";
  return s;
}

TEST_F(FileDatabase, ASecondStoreOnTheFileIsRefusedAndTheFirstKeepsWorking) {
  Store first({path_, false});
  {
    auto w = first.write();
    w.create_table(table_named("Things"));
    w.commit();
  }
  const std::string why = refusal();
  EXPECT_NE(why.find("refusing database " + path_ + ": it is in use by another dynemu"), std::string::npos) << why;
  auto w = first.write();
  w.create_table(table_named("More"));
  w.commit();
  EXPECT_EQ(w.table_names(), (std::vector<std::string>{"More", "Things"}));
  EXPECT_FALSE(std::filesystem::exists(path_ + "-shm"));  // the WAL index is in this process's memory
}

TEST_F(FileDatabase, ANewFileIsStampedWithTheFormat) {
  { Store store({path_, false}); }
  EXPECT_EQ(pragma("application_id"), kApplicationId);
  EXPECT_EQ(pragma("user_version"), kFormatVersion);
}

TEST_F(FileDatabase, AFileFromBeforeTheStampOpensAndIsStamped) {
  // The shape an older dynemu left: its tables, no stamp.
  sql("CREATE TABLE dynemu_catalog (name TEXT PRIMARY KEY, sql_name TEXT NOT NULL, schema TEXT NOT NULL);"
      "CREATE TABLE dynemu_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE t1 (h INTEGER NOT NULL, pk BLOB NOT NULL, sk BLOB NOT NULL, item TEXT NOT NULL, "
      "size INTEGER NOT NULL, PRIMARY KEY (h, pk, sk)) WITHOUT ROWID;"
      "INSERT INTO dynemu_catalog VALUES ('Old', 't1', '{\"key\":{\"hash\":\"id\",\"hashType\":\"S\"},"
      "\"indexes\":[],\"description\":\"{}\",\"createdMs\":1,\"transientStatus\":\"\",\"transientUntilMs\":0}');");
  {
    Store store({path_, false});
    EXPECT_TRUE(store.read().find_table("Old"));
  }
  EXPECT_EQ(pragma("application_id"), kApplicationId);
  EXPECT_EQ(pragma("user_version"), kFormatVersion);
}

TEST_F(FileDatabase, AForeignDatabaseIsRefusedByteForByte) {
  sql("CREATE TABLE users (id INTEGER PRIMARY KEY); INSERT INTO users VALUES (1)");
  const std::string before = contents();
  EXPECT_NE(refusal().find("it is another program's SQLite database (it holds table 'users'"), std::string::npos);
  EXPECT_EQ(contents(), before);
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
}

TEST_F(FileDatabase, ARollbackJournalBesideTheFileIsRefused) {
  sql("CREATE TABLE users (id INTEGER PRIMARY KEY)");
  { std::ofstream(path_ + "-journal") << "someone's unfinished write"; }
  const std::string before = contents();
  EXPECT_NE(refusal().find("a rollback journal lies beside it"), std::string::npos);
  EXPECT_EQ(contents(), before);
}

TEST_F(FileDatabase, SynchronousIsNormalUnlessFullIsAsked) {
  EXPECT_EQ(Store({path_, false}).synchronous_level(), 1);  // NORMAL
  StoreOptions full{path_, false};
  full.sync_full = true;
  EXPECT_EQ(Store(full).synchronous_level(), 2);  // FULL
}

TEST_F(FileDatabase, UnderNormalSyncTheWalIsSyncedInTheBackgroundAfterWritesOnly) {
  {
    StoreOptions full{path_, false};
    full.sync_full = true;
    EXPECT_EQ(Store(full).wal_writeback_syncs(), -1);  // every commit syncs: no writeback
  }
  Store store({path_, false});
  // The store's own first transaction wrote to the WAL; wait for whatever that brought on.
  auto settled = [&store] {
    int before = store.wal_writeback_syncs();
    for (;;) {
      std::this_thread::sleep_for(4 * kWritebackInterval);
      const int now = store.wal_writeback_syncs();
      if (now == before) return now;
      before = now;
    }
  };
  const int idle = settled();
  std::this_thread::sleep_for(8 * kWritebackInterval);
  EXPECT_EQ(store.wal_writeback_syncs(), idle);  // nothing written, nothing synced
  {
    TableSchema s;
    s.name = "Things";
    s.key.hash = {"id", model::AttrType::S};
    s.description = "{}";
    auto w = store.write();
    w.create_table(s);
    w.commit();
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (store.wal_writeback_syncs() == idle && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(kWritebackInterval);
  EXPECT_GT(store.wal_writeback_syncs(), idle);
}

}  // namespace
}  // namespace dynemu::store
