// The store's change log: one row per committed item change on a table that needs it, in the same
// transaction; nothing for tables without a stream, writes that change nothing, or rollbacks.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include <sqlite3.h>

#include "model/json_codec.h"
#include "store/store.h"

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
  auto path = std::filesystem::temp_directory_path() / ("dynemu_change_seq_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
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
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
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
  auto path = std::filesystem::temp_directory_path() / ("dynemu_change_log_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
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
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

TEST(ChangeLog, ADatabaseWrittenBeforeTheChangeLogStillOpens) {
  auto path = std::filesystem::temp_directory_path() / ("dynemu_old_db_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
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
                           "DROP TABLE dynemu_changes; DROP TABLE dynemu_streams; DROP TABLE dynemu_stream_shards; "
                           "DELETE FROM dynemu_meta",
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
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace dynemu::store
