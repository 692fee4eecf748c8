// Store: SQLite persistence, transactions and index columns, below the API layer.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include <sqlite3.h>

#include "model/json_codec.h"
#include "model/key_codec.h"
#include "store/store.h"
#include "temp_database_file.h"

namespace dynemu::store {
namespace {

using model::AttributeValue;
using model::AttrType;
using model::Item;

TableSchema users_schema() {
  TableSchema s;
  s.name = "Users";
  s.key.hash = {"UserId", AttrType::S};
  s.key.range = KeyAttribute{"Ts", AttrType::N};
  IndexSchema gsi;
  gsi.name = "ByEmail";
  gsi.global = true;
  gsi.key.hash = {"email", AttrType::S};
  gsi.slot = 1;
  s.indexes.push_back(gsi);
  s.description = "{}";
  return s;
}

Item user(const std::string& id, const std::string& ts, const char* email = nullptr) {
  std::string err;
  Item item{{"UserId", AttributeValue::string(id)}, {"Ts", AttributeValue::number(*model::Number::parse(ts, &err))}};
  if (email) item["email"] = AttributeValue::string(email);
  return item;
}

TEST(Store, PutGetDeleteInMemory) {
  Store store({"", true});
  {
    auto w = store.write();
    w.create_table(users_schema());
    w.commit();
  }
  auto session = store.write();
  auto schema = session.find_table("Users");
  ASSERT_TRUE(schema);
  EXPECT_EQ(schema->sql_name, "t1");
  auto row = ItemRow::from_item(*schema, user("u1", "10", "a@x"));
  session.put_item(*schema, row);
  auto got = session.get_item(*schema, row.pk, row.sk);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->json, row.json);
  EXPECT_EQ(got->size, row.size);
  EXPECT_EQ(session.stats(*schema).item_count, 1);
  EXPECT_TRUE(session.delete_item(*schema, row.pk, row.sk));
  EXPECT_FALSE(session.delete_item(*schema, row.pk, row.sk));
  EXPECT_FALSE(session.get_item(*schema, row.pk, row.sk));
  session.commit();
}

TEST(Store, SparseIndexColumnsOnlyForItemsWithTheIndexKey) {
  auto schema = users_schema();
  auto with = ItemRow::from_item(schema, user("u1", "1", "a@x"));
  auto without = ItemRow::from_item(schema, user("u2", "1"));
  ASSERT_EQ(with.index_pk.size(), 1u);
  EXPECT_TRUE(with.index_pk[0].has_value());
  EXPECT_FALSE(without.index_pk[0].has_value());
  // An index key of the wrong type keeps the item out of the index too (the API rejects such writes).
  auto wrong = user("u3", "1");
  wrong["email"] = AttributeValue::boolean_value(true);
  EXPECT_FALSE(ItemRow::from_item(schema, wrong).index_pk[0].has_value());
}

TEST(Store, UncommittedWriteSessionRollsBack) {
  Store store({"", true});
  {
    auto w = store.write();
    w.create_table(users_schema());
    w.commit();
  }
  std::string pk, sk;
  {
    auto w = store.write();
    auto schema = w.find_table("Users");
    auto row = ItemRow::from_item(*schema, user("u1", "1"));
    pk = row.pk;
    sk = row.sk;
    w.put_item(*schema, row);
    // no commit: the session is destroyed as if an exception unwound the operation
  }
  auto r = store.read();
  EXPECT_FALSE(r.get_item(*r.find_table("Users"), pk, sk));
}

TEST(Store, RolledBackCreateTableLeavesNoTable) {
  Store store({"", true});
  {
    auto w = store.write();
    w.create_table(users_schema());
  }
  auto r = store.read();
  EXPECT_FALSE(r.find_table("Users"));
  EXPECT_TRUE(r.table_names().empty());
}

TEST(Store, FileDatabaseSurvivesReopen) {
  test_support::TempDatabaseFile file("dynemu-store-test");
  const std::filesystem::path path = file.path();
  std::string pk, sk, json;
  {
    Store store({path.string(), false});
    auto w = store.write();
    w.create_table(users_schema());
    auto schema = w.find_table("Users");
    auto row = ItemRow::from_item(*schema, user("u1", "3.25", "e@x"));
    pk = row.pk;
    sk = row.sk;
    json = row.json;
    w.put_item(*schema, row);
    w.commit();
  }
  {
    Store store({path.string(), false});
    auto r = store.read();
    auto schema = r.find_table("Users");
    ASSERT_TRUE(schema);
    EXPECT_EQ(schema->key.range->type, AttrType::N);
    ASSERT_EQ(schema->indexes.size(), 1u);
    EXPECT_EQ(schema->indexes[0].name, "ByEmail");
    auto got = r.get_item(*schema, pk, sk);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->json, json);
  }
  {
    // A table created after reopening gets a fresh internal name, never a reused one.
    Store store({path.string(), false});
    auto w = store.write();
    auto second = users_schema();
    second.name = "Second";
    w.create_table(second);
    EXPECT_EQ(w.find_table("Second")->sql_name, "t2");
    w.drop_table("Users");
    w.commit();
    EXPECT_EQ(w.table_names(), std::vector<std::string>{"Second"});
  }
}

TEST(Store, HostileTableNamesNeverReachSql) {
  Store store({"", true});
  auto w = store.write();
  auto s = users_schema();
  s.name = "x; DROP TABLE dynemu_catalog; --";
  w.create_table(s);
  w.commit();
  EXPECT_TRUE(w.find_table(s.name));
  EXPECT_EQ(w.table_names().size(), 1u);
}


TEST(Store, FileDatabaseTakesTheConfiguredPageCache) {
  test_support::TempDatabaseFile file("dynemu-cache-test");
  const std::filesystem::path path = file.path();
  {
    StoreOptions options{path.string(), false};
    EXPECT_EQ(Store(options).cache_kib(), 8 * 1024);  // the default
    options.cache_mb = 3;
    EXPECT_EQ(Store(options).cache_kib(), 3 * 1024);
  }
}

TEST(Store, TableWithTheOlderKeyIndexStillServes) {
  // Databases written before the partition hash led every lookup carry a unique (pk, sk) index
  // besides the primary key; reads, writes and queries must keep working on them.
  test_support::TempDatabaseFile file("dynemu-oldkey-test");
  const std::filesystem::path path = file.path();
  {
    Store store({path.string(), false});
    auto w = store.write();
    w.create_table(users_schema());
    w.commit();
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "CREATE UNIQUE INDEX t1_key ON t1 (pk, sk)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  {
    Store store({path.string(), false});
    auto w = store.write();
    auto schema = w.find_table("Users");
    ASSERT_TRUE(schema);
    auto first = ItemRow::from_item(*schema, user("u1", "1", "a@x"));
    auto second = ItemRow::from_item(*schema, user("u1", "2", "b@x"));
    w.put_item(*schema, first);
    w.put_item(*schema, second);
    w.put_item(*schema, first);  // a replace, not a second row
    QuerySpec spec;
    spec.partition = first.pk;
    int rows = 0;
    w.query(*schema, spec, [&](StoredRow&&) { ++rows; return true; });
    EXPECT_EQ(rows, 2);
    EXPECT_TRUE(w.delete_item(*schema, second.pk, second.sk));
    EXPECT_FALSE(w.get_item(*schema, second.pk, second.sk));
    EXPECT_TRUE(w.get_item(*schema, first.pk, first.sk));
    w.commit();
  }
}

}  // namespace
}  // namespace dynemu::store
