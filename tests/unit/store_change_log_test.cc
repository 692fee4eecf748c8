// The store's change log: one row per committed item change on a table that needs it, in the same
// transaction; nothing for tables without a stream, writes that change nothing, or rollbacks.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include <sqlite3.h>

#include "model/json_codec.h"
#include "store/store.h"
#include "temp_database_file.h"

namespace dynemu::store {
namespace {

using model::AttributeValue;
using model::AttrType;
using model::Item;

TableSchema orders_schema(const std::string& view_type) {
  TableSchema s;
  s.name = "Orders";
  s.key.hash = {"id", AttrType::S};
  s.key.range = KeyAttribute{"n", AttrType::N};
  s.description = "{}";
  s.stream_view_type = view_type;
  return s;
}

Item order(const std::string& id, const std::string& n, const std::string& status) {
  std::string err;
  return {{"id", AttributeValue::string(id)},
          {"n", AttributeValue::number(*model::Number::parse(n, &err))},
          {"status", AttributeValue::string(status)}};
}

std::vector<ChangeRecord> changes(Store& store, const std::string& table = "Orders") {
  auto s = store.read();
  std::vector<ChangeRecord> out;
  s.read_changes(s.find_table(table)->id(), 0, -1, [&](ChangeRecord&& r) {
    out.push_back(std::move(r));
    return true;
  });
  return out;
}

void create(Store& store, const TableSchema& schema) {
  auto w = store.write(1000);
  w.create_table(schema);
  w.commit();
}

void put(Store& store, const Item& item, int64_t at, ChangeOrigin origin = ChangeOrigin::User) {
  auto w = store.write(at);
  w.set_origin(origin);
  auto schema = w.find_table("Orders");
  w.put_item(*schema, ItemRow::from_item(*schema, item));
  w.commit();
}

bool remove(Store& store, const Item& item, int64_t at, ChangeOrigin origin = ChangeOrigin::User) {
  auto w = store.write(at);
  w.set_origin(origin);
  auto schema = w.find_table("Orders");
  const auto row = ItemRow::from_item(*schema, item);
  const bool removed = w.delete_item(*schema, row.pk, row.sk);
  w.commit();
  return removed;
}

TEST(ChangeLog, TableWithoutStreamGetsNoRow) {
  Store store({"", true});
  create(store, orders_schema(""));
  put(store, order("a", "1", "new"), 2000);
  put(store, order("a", "1", "paid"), 3000);
  EXPECT_TRUE(remove(store, order("a", "1", "paid"), 4000));
  EXPECT_TRUE(changes(store).empty());
  EXPECT_EQ(store.read().last_change_seq(), 0);
}

TEST(ChangeLog, InsertModifyRemoveWithBothImages) {
  Store store({"", true});
  create(store, orders_schema("NEW_AND_OLD_IMAGES"));
  put(store, order("a", "1", "new"), 2000);
  put(store, order("a", "1", "paid"), 3000);
  EXPECT_TRUE(remove(store, order("a", "1", "paid"), 4000, ChangeOrigin::TimeToLive));
  const auto log = changes(store);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].event, ChangeEvent::Insert);
  EXPECT_EQ(log[1].event, ChangeEvent::Modify);
  EXPECT_EQ(log[2].event, ChangeEvent::Remove);
  EXPECT_LT(log[0].seq, log[1].seq);
  EXPECT_LT(log[1].seq, log[2].seq);
  EXPECT_EQ(log[0].time_ms, 2000);
  EXPECT_EQ(log[2].time_ms, 4000);
  const std::string keys = R"({"id":{"S":"a"},"n":{"N":"1"}})";
  for (const auto& r : log) EXPECT_EQ(r.keys, keys);
  EXPECT_EQ(log[0].old_image, "");
  EXPECT_EQ(log[0].new_image, model::item_to_json(order("a", "1", "new")));
  EXPECT_EQ(log[1].old_image, model::item_to_json(order("a", "1", "new")));
  EXPECT_EQ(log[1].new_image, model::item_to_json(order("a", "1", "paid")));
  EXPECT_EQ(log[2].old_image, model::item_to_json(order("a", "1", "paid")));
  EXPECT_EQ(log[2].new_image, "");
  EXPECT_EQ(log[0].origin, ChangeOrigin::User);
  EXPECT_EQ(log[2].origin, ChangeOrigin::TimeToLive);
  EXPECT_GT(log[1].size, log[0].size);  // two images against one
}

TEST(ChangeLog, ViewTypesKeepOnlyTheirImages) {
  for (const char* view : {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE"}) {
    Store store({"", true});
    create(store, orders_schema(view));
    put(store, order("a", "1", "new"), 2000);
    put(store, order("a", "1", "paid"), 3000);
    const auto log = changes(store);
    ASSERT_EQ(log.size(), 2u) << view;
    const std::string v = view;
    EXPECT_EQ(log[1].new_image.empty(), v != "NEW_IMAGE") << view;
    EXPECT_EQ(log[1].old_image.empty(), v != "OLD_IMAGE") << view;
    EXPECT_EQ(log[0].event, ChangeEvent::Insert) << view;
    EXPECT_EQ(log[1].event, ChangeEvent::Modify) << view;
  }
}

TEST(ChangeLog, WritesThatChangeNothingLogNothing) {
  Store store({"", true});
  create(store, orders_schema("KEYS_ONLY"));
  put(store, order("a", "1", "new"), 2000);
  put(store, order("a", "1", "new"), 3000);          // identical item
  EXPECT_FALSE(remove(store, order("b", "1", "x"), 4000));  // no such item
  EXPECT_EQ(changes(store).size(), 1u);
}

TEST(ChangeLog, RolledBackSessionLeavesNoRowAndSequenceNumbersAreNeverReused) {
  Store store({"", true});
  create(store, orders_schema("NEW_IMAGE"));
  put(store, order("a", "1", "new"), 2000);
  {
    auto w = store.write(3000);
    auto schema = w.find_table("Orders");
    w.put_item(*schema, ItemRow::from_item(*schema, order("b", "1", "new")));
  }  // not committed
  EXPECT_EQ(changes(store).size(), 1u);
  {
    auto w = store.write(5000);
    EXPECT_GT(w.trim_changes(w.find_table("Orders")->id(), 4000), 0);
    w.commit();
  }
  EXPECT_TRUE(changes(store).empty());
  const int64_t before = store.read().last_change_seq();
  put(store, order("c", "1", "new"), 6000);
  const auto log = changes(store);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_GT(log[0].seq, before);
}

TEST(ChangeLog, NumbersAreNotReusedAfterTrimmingEverythingAndReopening) {
  test_support::TempDatabaseFile file("dynemu-change-seq");
  const std::filesystem::path path = file.path();
  int64_t newest = 0;
  {
    Store store({path.string(), false});
    create(store, orders_schema("KEYS_ONLY"));
    put(store, order("a", "1", "x"), 2000);
    put(store, order("b", "1", "x"), 2000);
    newest = changes(store).back().seq;
    auto w = store.write(9000);
    EXPECT_EQ(w.trim_changes(w.find_table("Orders")->id(), 5000), newest);
    w.commit();
  }
  {
    Store store({path.string(), false});
    EXPECT_EQ(store.read().last_change_seq(), newest);
    put(store, order("c", "1", "x"), 10000);
    EXPECT_EQ(changes(store).front().seq, newest + 1);
  }
}

TEST(ChangeLog, AWriteSessionWithoutAChangeTimeCannotChangeALoggedTable) {
  Store store({"", true});
  create(store, orders_schema("KEYS_ONLY"));
  auto w = store.write();
  auto schema = w.find_table("Orders");
  EXPECT_THROW(w.put_item(*schema, ItemRow::from_item(*schema, order("a", "1", "x"))), std::logic_error);
}

TEST(ChangeLog, SnapshotRestoreCoversTheLog) {
  Store store({"", true});
  create(store, orders_schema("NEW_IMAGE"));
  put(store, order("a", "1", "new"), 2000);
  store.snapshot();
  put(store, order("b", "1", "new"), 3000);
  EXPECT_EQ(changes(store).size(), 2u);
  store.restore();
  const auto log = changes(store);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].time_ms, 2000);
}

TEST(ChangeLog, SurvivesReopeningAFileDatabase) {
  test_support::TempDatabaseFile file("dynemu-change-log");
  const std::filesystem::path path = file.path();
  {
    Store store({path.string(), false});
    create(store, orders_schema("NEW_AND_OLD_IMAGES"));
    put(store, order("a", "1", "new"), 2000);
  }
  {
    Store store({path.string(), false});
    EXPECT_EQ(store.read().find_table("Orders")->stream_view_type, "NEW_AND_OLD_IMAGES");
    const auto log = changes(store);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].new_image, model::item_to_json(order("a", "1", "new")));
  }
}

TEST(ChangeLog, ADatabaseWrittenBeforeTheChangeLogStillOpens) {
  test_support::TempDatabaseFile file("dynemu-old-db");
  const std::filesystem::path path = file.path();
  {
    Store store({path.string(), false});
    create(store, orders_schema(""));
    put(store, order("a", "1", "new"), 2000);
  }
  {
    // What the previous dynemu left: its catalog and items, no change-log or stream tables.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE dynemu_streams; DROP TABLE dynemu_stream_shards; DELETE FROM dynemu_meta",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  {
    Store store({path.string(), false});
    auto r = store.read();
    auto schema = r.find_table("Orders");
    ASSERT_TRUE(schema);
    EXPECT_TRUE(schema->stream_view_type.empty());
    EXPECT_EQ(r.last_change_seq(), 0);
    EXPECT_TRUE(r.streams().empty());
  }
}

TEST(ChangeLog, AFormatOneChangeLogMovesIntoTheTablesOwnLogs) {
  test_support::TempDatabaseFile file("dynemu-format1");
  const std::filesystem::path path = file.path();
  std::vector<ChangeRecord> before;
  int64_t seq_before = 0;
  {
    Store store({path.string(), false});
    create(store, orders_schema("NEW_AND_OLD_IMAGES"));
    put(store, order("a", "1", "new"), 2000);
    put(store, order("a", "1", "paid"), 3000);
    EXPECT_TRUE(remove(store, order("a", "1", "paid"), 4000));
    before = changes(store);
    seq_before = store.read().last_change_seq();
  }
  ASSERT_EQ(before.size(), 3u);
  {
    // Format 1 as the dynemu before this one wrote it: one dynemu_changes keyed (table_id, seq).
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE dynemu_changes (table_id INTEGER NOT NULL, seq INTEGER NOT NULL, "
                           "time_ms INTEGER NOT NULL, event INTEGER NOT NULL, origin INTEGER NOT NULL, keys TEXT NOT "
                           "NULL, old_image TEXT, new_image TEXT, size INTEGER NOT NULL, PRIMARY KEY (table_id, seq)) "
                           "WITHOUT ROWID; "
                           "INSERT INTO dynemu_changes SELECT 1, seq, time_ms, event, origin, keys, old_image, "
                           "new_image, size FROM dynemu_changes_1; "
                           "DROP TABLE dynemu_changes_1; DELETE FROM dynemu_meta; PRAGMA user_version=1",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  {
    Store store({path.string(), false});
    const auto after = changes(store);
    ASSERT_EQ(after.size(), before.size());
    for (size_t i = 0; i < after.size(); ++i) {
      EXPECT_EQ(after[i].seq, before[i].seq);
      EXPECT_EQ(after[i].time_ms, before[i].time_ms);
      EXPECT_EQ(after[i].event, before[i].event);
      EXPECT_EQ(after[i].keys, before[i].keys);
      EXPECT_EQ(after[i].old_image, before[i].old_image);
      EXPECT_EQ(after[i].new_image, before[i].new_image);
      EXPECT_EQ(after[i].size, before[i].size);
    }
    EXPECT_EQ(store.read().last_change_seq(), seq_before);  // numbering goes on, never reused
    put(store, order("b", "2", "new"), 5000);
    EXPECT_EQ(changes(store).back().seq, seq_before + 1);
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM sqlite_schema WHERE name = 'dynemu_changes'), "
                           "(SELECT user_version FROM pragma_user_version)", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 0);  // the old log is gone
    EXPECT_EQ(sqlite3_column_int(st, 1), 2);  // stamped with the new format
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
}

// How many per-table change logs the file holds (the store closed).
int change_tables_in(const std::filesystem::path& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.string().c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE name GLOB 'dynemu_changes_[0-9]*'", -1, &st,
                     nullptr);
  const int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(ChangeLog, ADroppedTablesLogGoesOnceItsStreamHasTrimmedIt) {
  test_support::TempDatabaseFile file("dynemu-dropped-log");
  const std::filesystem::path path = file.path();
  {
    Store store({path.string(), false});
    create(store, orders_schema("NEW_IMAGE"));
    put(store, order("a", "1", "new"), 2000);
    const int64_t id = store.read().find_table("Orders")->id();
    {
      auto w = store.write(3000);
      w.drop_table("Orders");
      w.commit();
    }
    auto log_rows = [&store, id] {
      auto r = store.read();
      size_t n = 0;
      r.read_changes(id, 0, -1, [&n](ChangeRecord&&) { return ++n, true; });
      return n;
    };
    EXPECT_EQ(log_rows(), 1u);  // the stream's 24 hours keep it
    {
      auto w = store.write(4000);
      EXPECT_GT(w.trim_changes(id, 5000), 0);
      w.commit();
    }
    EXPECT_EQ(log_rows(), 0u);
  }
  EXPECT_EQ(change_tables_in(path), 0);
  {
    // Numbering goes on past the dropped log.
    Store store({path.string(), false});
    auto w = store.write(6000);
    w.create_table(orders_schema("NEW_IMAGE"));
    auto schema = w.find_table("Orders");
    w.put_item(*schema, ItemRow::from_item(*schema, order("b", "1", "new")));
    w.commit();
  }
  {
    Store store({path.string(), false});
    EXPECT_EQ(changes(store).back().seq, 2);
  }
  EXPECT_EQ(change_tables_in(path), 1);
}

}  // namespace
}  // namespace dynemu::store
