// The store's TTL column: values from items (ItemRow::ttl_seconds), the column kept by writes,
// backfill in chunks, candidate reads in (ttl, key) order, and catalog entries old and new.
#include <gtest/gtest.h>

#include <filesystem>

#include <unistd.h>

#include "model/json_codec.h"
#include "model/key_codec.h"
#include "store/store.h"
#include "temp_database_file.h"

namespace dynemu::store {
namespace {

using model::AttributeValue;
using model::AttrType;
using model::Item;

std::optional<int64_t> seconds(const std::string& text) {
  std::string error;
  auto n = model::Number::parse(text, &error);
  EXPECT_TRUE(n) << text << ": " << error;
  AttributeValue v = AttributeValue::number(*n);
  return ItemRow::ttl_seconds(&v);
}

TEST(StoreTtl, ColumnValueIsTheFloorOfANumberInSeconds) {
  EXPECT_EQ(seconds("1700000000"), 1700000000);
  EXPECT_EQ(seconds("1700000000.999"), 1700000000);
  EXPECT_EQ(seconds("17E8"), 1700000000);
  EXPECT_EQ(seconds("0"), 0);
  EXPECT_EQ(seconds("0.2"), 0);
  EXPECT_EQ(seconds("-0.2"), -1);
  EXPECT_EQ(seconds("-1.5"), -2);
  EXPECT_EQ(seconds("-3"), -3);
  EXPECT_EQ(seconds("1E-130"), 0);
  EXPECT_EQ(seconds("9999999999999.9"), 9999999999999);
  EXPECT_EQ(seconds("10000000000000"), std::nullopt);  // 1e13: beyond any clock time
  EXPECT_EQ(seconds("-1E20"), std::nullopt);
  AttributeValue s = AttributeValue::string("1700000000");
  EXPECT_EQ(ItemRow::ttl_seconds(&s), std::nullopt);
  AttributeValue set;
  set.type = AttrType::NS;
  std::string error;
  set.numbers.push_back(*model::Number::parse("5", &error));
  EXPECT_EQ(ItemRow::ttl_seconds(&set), std::nullopt);
  EXPECT_EQ(ItemRow::ttl_seconds(nullptr), std::nullopt);
}

TableSchema hash_table(const std::string& name) {
  TableSchema s;
  s.name = name;
  s.key.hash = {"id", AttrType::S};
  s.description = "{}";
  return s;
}

Item item(const std::string& id, std::optional<int64_t> expires) {
  Item it{{"id", AttributeValue::string(id)}};
  std::string error;
  if (expires) it["exp"] = AttributeValue::number(*model::Number::parse(std::to_string(*expires), &error));
  return it;
}

void put(Store& store, const Item& it) {
  auto w = store.write();
  auto schema = w.find_table("T");
  w.put_item(*schema, ItemRow::from_item(*schema, it));
  w.commit();
}

std::vector<std::string> candidate_ids(Store& store, int64_t low, int64_t high, int limit = 100) {
  auto r = store.read();
  auto schema = r.find_table("T");
  std::vector<std::string> ids;
  for (const auto& c : r.ttl_candidates(*schema, low, high, std::nullopt, limit))
    ids.push_back(model::item_from_json(c.json).at("id").s);
  return ids;
}

TEST(StoreTtl, EnablingOnAnEmptyTableNeedsNoBackfill) {
  StoreOptions options;
  options.in_memory = true;
  Store store(options);
  auto w = store.write();
  w.create_table(hash_table("T"));
  TimeToLiveSchema ttl;
  ttl.attribute = "exp";
  ttl.enabled = true;
  w.set_time_to_live("T", ttl);
  EXPECT_TRUE(w.find_table("T")->ttl.column);
  EXPECT_FALSE(w.find_table("T")->ttl.backfill_pending);
  w.commit();
}

TEST(StoreTtl, BackfillThenWritesKeepTheColumn) {
  StoreOptions options;
  options.in_memory = true;
  Store store(options);
  {
    auto w = store.write();
    w.create_table(hash_table("T"));
    w.commit();
  }
  for (int i = 0; i < 25; ++i) put(store, item("old" + std::to_string(i), 100 + i));
  put(store, item("none", std::nullopt));
  {
    auto w = store.write();
    TimeToLiveSchema ttl;
    ttl.attribute = "exp";
    ttl.enabled = true;
    w.set_time_to_live("T", ttl);
    w.commit();
  }
  EXPECT_TRUE(store.read().find_table("T")->ttl.backfill_pending);
  EXPECT_TRUE(candidate_ids(store, 0, 1000).empty());  // not backfilled yet
  put(store, item("fresh", 50));                       // written after: has its value at once
  EXPECT_EQ(candidate_ids(store, 0, 1000), std::vector<std::string>{"fresh"});
  int chunks = 0;
  for (bool done = false; !done; ++chunks) {
    auto w = store.write();
    done = w.backfill_ttl("T", 10);
    w.commit();
  }
  EXPECT_EQ(chunks, 3);  // 27 rows in chunks of 10
  EXPECT_FALSE(store.read().find_table("T")->ttl.backfill_pending);
  auto ids = candidate_ids(store, 0, 1000);
  ASSERT_EQ(ids.size(), 26u);
  EXPECT_EQ(ids.front(), "fresh");  // ordered by ttl
  EXPECT_EQ(ids.back(), "old24");
  EXPECT_EQ(candidate_ids(store, 103, 104), (std::vector<std::string>{"old3", "old4"}));
  EXPECT_EQ(candidate_ids(store, 0, 1000, 2).size(), 2u);
  put(store, item("old3", std::nullopt));  // the attribute removed: out of the index
  EXPECT_EQ(candidate_ids(store, 103, 104), std::vector<std::string>{"old4"});
}

TEST(StoreTtl, SettingsPersistAndOldEntriesStillOpen) {
  test_support::TempDatabaseFile file("dynemu-store-ttl");
  const std::string& path = file.path();
  StoreOptions options;
  options.path = path;
  {
    Store store(options);
    auto w = store.write();
    w.create_table(hash_table("T"));
    w.create_table(hash_table("Plain"));
    auto t = w.find_table("T");
    w.put_item(*t, ItemRow::from_item(*t, item("a", 5)));  // an item to backfill
    TimeToLiveSchema ttl;
    ttl.attribute = "exp";
    ttl.enabled = true;
    ttl.modified_ms = 123456;
    w.set_time_to_live("T", ttl);
    w.commit();
  }
  {
    Store store(options);
    auto r = store.read();
    const auto& ttl = r.find_table("T")->ttl;
    EXPECT_EQ(ttl.attribute, "exp");
    EXPECT_TRUE(ttl.enabled);
    EXPECT_EQ(ttl.modified_ms, 123456);
    EXPECT_TRUE(ttl.column);
    EXPECT_TRUE(ttl.backfill_pending);
    EXPECT_TRUE(r.find_table("Plain")->ttl.attribute.empty());
    EXPECT_FALSE(r.find_table("Plain")->ttl.column);
  }
}

}  // namespace
}  // namespace dynemu::store
