// Store snapshots: restore() returns items, tables and the schema cache to the baseline.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include <unistd.h>

#include "model/key_codec.h"
#include "store/store.h"
#include "temp_database_file.h"

namespace dynemu::store {
namespace {

using model::AttributeValue;
using model::AttrType;
using model::Item;

TableSchema table_named(const std::string& name) {
  TableSchema s;
  s.name = name;
  s.key.hash = {"id", AttrType::S};
  IndexSchema gsi;
  gsi.name = "ByOwner";
  gsi.key.hash = {"owner", AttrType::S};
  gsi.slot = 1;
  s.indexes.push_back(gsi);
  s.description = "{}";
  return s;
}

Item item(const std::string& id, const std::string& owner) {
  return {{"id", AttributeValue::string(id)}, {"owner", AttributeValue::string(owner)}};
}

void put(Store& store, const std::string& table, const Item& it) {
  auto w = store.write();
  auto schema = w.find_table(table);
  ASSERT_TRUE(schema) << table;
  w.put_item(*schema, ItemRow::from_item(*schema, it));
  w.commit();
}

std::optional<StoredItem> get(Store& store, const std::string& table, const std::string& id) {
  auto r = store.read();
  auto schema = r.find_table(table);
  if (!schema) return std::nullopt;
  return r.get_item(*schema, model::encode_key(AttributeValue::string(id)), "");
}

int64_t count(Store& store, const std::string& table) {
  auto r = store.read();
  return r.stats(*r.find_table(table)).item_count;
}

void seed(Store& store, int items) {
  auto w = store.write();
  w.create_table(table_named("Things"));
  auto schema = w.find_table("Things");
  for (int i = 0; i < items; ++i)
    w.put_item(*schema, ItemRow::from_item(*schema, item("id" + std::to_string(i), "o" + std::to_string(i % 7))));
  w.commit();
}

TEST(StoreSnapshot, RestoreUndoesPutsDeletesAndOverwrites) {
  Store store({"", true});
  seed(store, 100);
  store.snapshot();
  EXPECT_TRUE(store.has_snapshot());
  put(store, "Things", item("new", "x"));
  put(store, "Things", item("id5", "changed"));
  {
    auto w = store.write();
    auto schema = w.find_table("Things");
    EXPECT_TRUE(w.delete_item(*schema, model::encode_key(AttributeValue::string("id6")), ""));
    w.commit();
  }
  EXPECT_EQ(count(store, "Things"), 100);  // +1 new, -1 deleted
  store.restore();
  EXPECT_EQ(count(store, "Things"), 100);
  EXPECT_FALSE(get(store, "Things", "new"));
  ASSERT_TRUE(get(store, "Things", "id6"));
  EXPECT_NE(get(store, "Things", "id5")->json.find("\"o5\""), std::string::npos);
  // The baseline survives a restore: the second round trip behaves the same.
  put(store, "Things", item("again", "x"));
  store.restore();
  EXPECT_FALSE(get(store, "Things", "again"));
}

TEST(StoreSnapshot, RestoreUndoesCreatedAndDroppedTables) {
  Store store({"", true});
  seed(store, 10);
  store.snapshot();
  {
    auto w = store.write();
    w.create_table(table_named("Extra"));
    w.drop_table("Things");
    w.commit();
  }
  put(store, "Extra", item("e1", "x"));
  {
    auto r = store.read();
    EXPECT_EQ(r.table_names(), std::vector<std::string>{"Extra"});
  }
  store.restore();
  {
    auto r = store.read();
    EXPECT_EQ(r.table_names(), std::vector<std::string>{"Things"});
  }
  EXPECT_EQ(count(store, "Things"), 10);
  ASSERT_TRUE(get(store, "Things", "id3"));
  // A table created after the restore never reuses the rolled-back table's internal name, so no
  // stale cached statement can address it.
  {
    auto w = store.write();
    w.create_table(table_named("Extra"));
    EXPECT_EQ(w.find_table("Extra")->sql_name, "t3");
    w.commit();
  }
  put(store, "Extra", item("e2", "y"));
  EXPECT_TRUE(get(store, "Extra", "e2"));
  EXPECT_FALSE(get(store, "Extra", "e1"));
}

// A write session destroyed uncommitted under a baseline undoes itself alone; a restore then
// undoes the committed write too.
void expect_failed_write_rolls_back_only_itself(Store& store) {
  seed(store, 3);
  store.snapshot();
  put(store, "Things", item("kept", "x"));
  {
    auto w = store.write();
    auto schema = w.find_table("Things");
    w.put_item(*schema, ItemRow::from_item(*schema, item("lost", "x")));
    // destroyed uncommitted
  }
  EXPECT_TRUE(get(store, "Things", "kept"));
  EXPECT_FALSE(get(store, "Things", "lost"));
  store.restore();
  EXPECT_FALSE(get(store, "Things", "kept"));
}

TEST(StoreSnapshot, FailedWriteInsideTheBaselineRollsBackOnlyItself) {
  Store store({"", true});
  expect_failed_write_rolls_back_only_itself(store);
}

TEST(StoreSnapshot, NewSnapshotReplacesTheBaselineAndDiscardKeepsState) {
  Store store({"", true});
  seed(store, 3);
  store.snapshot();
  put(store, "Things", item("second", "x"));
  store.snapshot();
  put(store, "Things", item("third", "x"));
  store.restore();
  EXPECT_TRUE(get(store, "Things", "second"));
  EXPECT_FALSE(get(store, "Things", "third"));
  put(store, "Things", item("fourth", "x"));
  store.discard_snapshot();
  EXPECT_FALSE(store.has_snapshot());
  EXPECT_TRUE(get(store, "Things", "fourth"));
  EXPECT_THROW(store.restore(), std::logic_error);
}

using test_support::TempDatabaseFile;

TEST(StoreSnapshot, FileDatabaseRestoresAndKeepsTheCurrentStateOnClose) {
  TempDatabaseFile file("dynemu-snapshot");
  const std::filesystem::path path = file.path();
  {
    Store store({path.string(), false});
    seed(store, 5);
    store.snapshot();
    put(store, "Things", item("gone", "x"));
    store.restore();
    EXPECT_FALSE(get(store, "Things", "gone"));
    put(store, "Things", item("stays", "x"));
  }
  {
    Store store({path.string(), false});
    EXPECT_TRUE(get(store, "Things", "stays"));
    EXPECT_FALSE(get(store, "Things", "gone"));
    EXPECT_EQ(count(store, "Things"), 6);
  }
}

// What a process started after this one was killed would find: a copy of the database and its WAL
// as they are now (the store holds the file exclusively, so a second connection cannot look).
class CrashCopy {
 public:
  explicit CrashCopy(const TempDatabaseFile& db) : copy_("dynemu-crash-copy") {
    for (auto suffix : {"", "-wal"})
      if (std::filesystem::exists(db.path() + suffix))
        std::filesystem::copy_file(db.path() + suffix, copy_.path() + suffix);
    store_ = std::make_unique<Store>(StoreOptions{copy_.path(), false});
  }
  Store& store() { return *store_; }

 private:
  TempDatabaseFile copy_;
  std::unique_ptr<Store> store_;
};

TEST(StoreSnapshot, WritesToAFileDatabaseAreCommittedWhileABaselineIsHeld) {
  TempDatabaseFile db("dynemu-held-baseline");
  Store store({db.path(), false});
  seed(store, 5);
  store.snapshot();
  put(store, "Things", item("acknowledged", "x"));
  {
    CrashCopy after_crash(db);
    EXPECT_TRUE(get(after_crash.store(), "Things", "acknowledged"));
    EXPECT_EQ(count(after_crash.store(), "Things"), 6);
  }
  store.restore();
  EXPECT_FALSE(get(store, "Things", "acknowledged"));
  {
    CrashCopy after_crash(db);  // the restore is committed too
    EXPECT_FALSE(get(after_crash.store(), "Things", "acknowledged"));
    EXPECT_EQ(count(after_crash.store(), "Things"), 5);
  }
  // The baseline stays for the next restore, tables created since it go, and writes keep committing.
  {
    auto w = store.write();
    w.create_table(table_named("Extra"));
    w.commit();
  }
  put(store, "Extra", item("e1", "x"));
  put(store, "Things", item("second", "y"));
  store.restore();
  {
    auto r = store.read();
    EXPECT_EQ(r.table_names(), std::vector<std::string>{"Things"});
  }
  EXPECT_FALSE(get(store, "Things", "second"));
  ASSERT_TRUE(get(store, "Things", "id4"));
  put(store, "Things", item("after", "z"));
  CrashCopy after_crash(db);
  EXPECT_TRUE(get(after_crash.store(), "Things", "after"));
}

TEST(StoreSnapshot, FailedWriteUnderAFileBaselineRollsBackOnlyItself) {
  TempDatabaseFile db("dynemu-file-failed-write");
  Store store({db.path(), false});
  expect_failed_write_rolls_back_only_itself(store);
  put(store, "Things", item("kept", "x"));
  store.discard_snapshot();
  EXPECT_FALSE(store.has_snapshot());
  EXPECT_THROW(store.restore(), std::logic_error);
  EXPECT_TRUE(get(store, "Things", "kept"));
}

TEST(StoreSnapshot, BaselineFromAnotherStoreLeavesTheDataUntilRestore) {
  // What `--seed` does on a file database that already holds the seeded tables: the seed files'
  // state, built in a scratch database, becomes the baseline; the data in the file stays.
  TempDatabaseFile db("dynemu-baseline-from");
  Store store({db.path(), false});
  seed(store, 3);
  put(store, "Things", item("users-own", "x"));
  Store scratch({"", true});
  seed(scratch, 10);
  {
    auto w = scratch.write();
    w.create_table(table_named("SeededToo"));
    w.commit();
  }
  put(scratch, "SeededToo", item("s1", "x"));
  store.snapshot_from(scratch);
  EXPECT_TRUE(store.has_snapshot());
  EXPECT_TRUE(get(store, "Things", "users-own"));
  EXPECT_EQ(count(store, "Things"), 4);
  store.restore();
  EXPECT_FALSE(get(store, "Things", "users-own"));
  EXPECT_EQ(count(store, "Things"), 10);
  EXPECT_TRUE(get(store, "SeededToo", "s1"));
  // Table ids in the file never go back, whatever the scratch store numbered its tables.
  {
    auto w = store.write();
    w.create_table(table_named("Later"));
    EXPECT_EQ(w.find_table("Later")->sql_name, "t3");
    w.commit();
  }
  put(store, "Later", item("l1", "x"));
  store.restore();
  EXPECT_FALSE(get(store, "Later", "l1"));
  EXPECT_TRUE(get(store, "SeededToo", "s1"));
}

TEST(StoreSnapshot, RestoreCostDoesNotGrowWithTheBaseline) {
  // Restoring after one write touches a few pages whatever the baseline holds. Timing is noisy on a
  // shared machine, so compare medians generously rather than assert absolute numbers.
  auto median_restore_us = [](int baseline_items) {
    Store store({"", true});
    seed(store, baseline_items);
    store.snapshot();
    std::vector<double> us;
    for (int i = 0; i < 51; ++i) {
      put(store, "Things", item("w" + std::to_string(i), "x"));
      auto t0 = std::chrono::steady_clock::now();
      store.restore();
      us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    std::nth_element(us.begin(), us.begin() + 25, us.end());
    return us[25];
  };
  double small = median_restore_us(1000);
  double large = median_restore_us(50000);
  EXPECT_LT(large, small * 10 + 200) << "1k: " << small << "us, 50k: " << large << "us";
}

}  // namespace
}  // namespace dynemu::store
