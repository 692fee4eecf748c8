// Store: secondary indexes kept current on writes and deletes, added to a populated table
// (backfill), dropped, and item-collection sizes.
#include <gtest/gtest.h>

#include "model/json_codec.h"
#include "model/key_codec.h"
#include "store/store.h"

namespace dynemu::store {
namespace {

using model::AttributeValue;
using model::AttrType;
using model::Item;

class StoreIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TableSchema s;
    s.name = "Accounts";
    s.key.hash = {"id", AttrType::S};
    s.description = "{}";
    auto w = store_.write();
    w.create_table(s);
    w.commit();
  }
  std::shared_ptr<const TableSchema> schema() {
    auto r = store_.read();
    return r.find_table("Accounts");
  }
  void put(const Item& item) {
    auto w = store_.write();
    auto s = w.find_table("Accounts");
    w.put_item(*s, ItemRow::from_item(*s, item));
    w.commit();
  }
  // The table keys ("id" values) found under `owner` in index `name`, in index order.
  std::vector<std::string> ids_by_owner(const std::string& name, const std::string& owner) {
    auto r = store_.read();
    auto s = r.find_table("Accounts");
    QuerySpec q;
    q.index = s->find_index(name);
    EXPECT_NE(q.index, nullptr);
    if (!q.index) return {};
    q.partition = model::encode_key(AttributeValue::string(owner));
    std::vector<std::string> ids;
    r.query(*s, q, [&](StoredRow&& row) {
      ids.push_back(model::item_from_json(row.json).at("id").s);
      return true;
    });
    return ids;
  }
  Store store_{{"", true}};
};

Item account(const std::string& id, const std::string& owner, const std::string& opened) {
  Item item{{"id", AttributeValue::string(id)}};
  if (!owner.empty()) item["owner"] = AttributeValue::string(owner);
  if (!opened.empty()) item["opened"] = AttributeValue::string(opened);
  return item;
}

IndexSchema by_owner() {
  IndexSchema ix;
  ix.name = "ByOwner";
  ix.global = true;
  ix.key.hash = {"owner", AttrType::S};
  ix.key.range = KeyAttribute{"opened", AttrType::S};
  return ix;
}

TEST_F(StoreIndexTest, AddIndexBackfillsExistingItemsAndSkipsThoseWithoutTheKey) {
  // More items than one backfill chunk, some without the index key, one with the wrong type.
  for (int i = 0; i < 1200; ++i)
    put(account("a" + std::to_string(i), i % 2 ? "ann" : "", "2024-" + std::to_string(10000 + i)));
  Item wrong_type = account("w", "", "x");
  wrong_type["owner"] = AttributeValue::boolean_value(true);
  put(wrong_type);
  {
    auto w = store_.write();
    EXPECT_EQ(w.add_index("Accounts", by_owner()), 1);
    w.commit();
  }
  auto ids = ids_by_owner("ByOwner", "ann");
  ASSERT_EQ(ids.size(), 600u);
  EXPECT_EQ(ids.front(), "a1");  // ordered by the index sort key
  EXPECT_EQ(ids.back(), "a1199");
  // Later writes maintain the new index.
  put(account("a1", "bob", "2025"));
  EXPECT_EQ(ids_by_owner("ByOwner", "ann").size(), 599u);
  EXPECT_EQ(ids_by_owner("ByOwner", "bob"), std::vector<std::string>{"a1"});
}

TEST_F(StoreIndexTest, IndexFollowsUpdatesAndDeletes) {
  {
    auto w = store_.write();
    w.add_index("Accounts", by_owner());
    w.commit();
  }
  put(account("x", "ann", "1"));
  put(account("y", "ann", "2"));
  EXPECT_EQ(ids_by_owner("ByOwner", "ann"), (std::vector<std::string>{"x", "y"}));
  put(account("x", "", "1"));  // the owner attribute removed: gone from the sparse index
  EXPECT_EQ(ids_by_owner("ByOwner", "ann"), std::vector<std::string>{"y"});
  {
    auto w = store_.write();
    auto s = w.find_table("Accounts");
    EXPECT_TRUE(w.delete_item(*s, model::encode_key(AttributeValue::string("y")), ""));
    w.commit();
  }
  EXPECT_TRUE(ids_by_owner("ByOwner", "ann").empty());
}

TEST_F(StoreIndexTest, DropIndexThenAddAnotherReusesNothingStale) {
  {
    auto w = store_.write();
    w.add_index("Accounts", by_owner());
    w.commit();
  }
  put(account("x", "ann", "1"));
  {
    auto w = store_.write();
    w.drop_index("Accounts", "ByOwner");
    w.commit();
  }
  EXPECT_EQ(schema()->find_index("ByOwner"), nullptr);
  put(account("z", "ann", "3"));  // writes after the drop use the new column set
  IndexSchema again = by_owner();
  again.name = "ByOwner2";
  {
    auto w = store_.write();
    EXPECT_EQ(w.add_index("Accounts", again), 1);
    w.commit();
  }
  EXPECT_EQ(ids_by_owner("ByOwner2", "ann"), (std::vector<std::string>{"x", "z"}));
}

TEST_F(StoreIndexTest, FailedSessionRollsBackTheIndex) {
  {
    auto w = store_.write();
    w.add_index("Accounts", by_owner());
    // destroyed without commit
  }
  EXPECT_TRUE(schema()->indexes.empty());
  put(account("x", "ann", "1"));
}

TEST_F(StoreIndexTest, PutItemsWritesManyRowsPerStatementAsPutItemWould) {
  {
    auto w = store_.write();
    w.add_index("Accounts", by_owner());
    w.commit();
  }
  put(account("old", "ann", "0"));  // replaced by the batch below
  // More rows than two whole statements, a key twice within one statement and once across two,
  // and rows without the index key (sparse).
  const int count = 2 * kPutRowsPerStatement + 7;
  std::vector<ItemRow> rows;
  {
    auto s = schema();
    rows.push_back(ItemRow::from_item(*s, account("old", "bob", "9")));
    for (int i = 0; i < count; ++i)
      rows.push_back(ItemRow::from_item(*s, account("a" + std::to_string(i), i % 3 ? "ann" : "", std::to_string(100 + i))));
    rows.push_back(ItemRow::from_item(*s, account("a1", "cy", "1")));                          // same statement as a1
    rows.push_back(ItemRow::from_item(*s, account("old", "", "")));                            // the next statement
  }
  std::vector<const ItemRow*> pointers;
  for (const auto& r : rows) pointers.push_back(&r);
  {
    auto w = store_.write();
    w.put_items(*w.find_table("Accounts"), pointers);
    w.commit();
  }
  {
    auto r = store_.read();
    auto s = r.find_table("Accounts");
    EXPECT_EQ(r.stats(*s).item_count, count + 1);
    auto old = r.get_item(*s, model::encode_key(AttributeValue::string("old")), "");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->json, R"({"id":{"S":"old"}})");  // the last of its three writes
    EXPECT_EQ(old->size, static_cast<int64_t>(model::item_size(account("old", "", ""))));
  }
  auto ann = ids_by_owner("ByOwner", "ann");
  EXPECT_EQ(ann.size(), static_cast<size_t>(count - (count + 2) / 3 - 1));  // every third has no owner; a1 moved
  EXPECT_EQ(ids_by_owner("ByOwner", "cy"), std::vector<std::string>{"a1"});
  EXPECT_TRUE(ids_by_owner("ByOwner", "bob").empty());
}

TEST_F(StoreIndexTest, StatsCountTheTableAndEachSparseIndexInOneWalk) {
  {
    auto w = store_.write();
    w.add_index("Accounts", by_owner());
    IndexSchema by_opened;
    by_opened.name = "ByOpened";
    by_opened.global = true;
    by_opened.key.hash = {"opened", AttrType::S};
    w.add_index("Accounts", by_opened);
    w.commit();
  }
  const std::vector<Item> items{account("a", "ann", "1"), account("b", "", "2"), account("c", "cy", ""),
                                account("d", "", "")};
  for (const auto& item : items) put(item);
  auto size = [](const Item& item) { return static_cast<int64_t>(model::item_size(item)); };
  auto r = store_.read();
  auto s = r.find_table("Accounts");
  const TableStats plain = r.stats(*s);
  EXPECT_EQ(plain.item_count, 4);
  EXPECT_EQ(plain.size_bytes, size(items[0]) + size(items[1]) + size(items[2]) + size(items[3]));
  EXPECT_TRUE(plain.indexes.empty());
  const TableStats all = r.stats(*s, true);
  EXPECT_EQ(all.item_count, 4);
  EXPECT_EQ(all.size_bytes, plain.size_bytes);
  ASSERT_EQ(all.indexes.size(), 2u);
  EXPECT_EQ(all.indexes[0].name, "ByOwner");  // needs owner and opened: a only
  EXPECT_EQ(all.indexes[0].item_count, 1);
  EXPECT_EQ(all.indexes[0].size_bytes, size(items[0]));
  EXPECT_EQ(all.indexes[1].name, "ByOpened");  // a and b
  EXPECT_EQ(all.indexes[1].item_count, 2);
  EXPECT_EQ(all.indexes[1].size_bytes, size(items[0]) + size(items[1]));
}

TEST_F(StoreIndexTest, CollectionSizeSumsOnePartition) {
  put(account("x", "ann", "1"));
  put(account("y", "ann", "2"));
  auto s = schema();
  auto r = store_.read();
  auto one = model::item_size(account("x", "ann", "1"));
  EXPECT_EQ(r.collection_size(*s, model::encode_key(AttributeValue::string("x"))), static_cast<int64_t>(one));
  EXPECT_EQ(r.collection_size(*s, model::encode_key(AttributeValue::string("nobody"))), 0);
}

}  // namespace
}  // namespace dynemu::store
