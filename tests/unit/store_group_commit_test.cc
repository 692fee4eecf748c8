// Store: group commit (store.h "Group commit"). Write sessions that arrive while another is writing
// share its transaction on a file database that syncs at every commit; nothing is acknowledged
// (CommitGroupScope::wait) or read before the group's commit, and a member that fails undoes only
// itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <string>
#include <thread>

#include <unistd.h>

#include "model/json_codec.h"
#include "store/store.h"
#include "temp_database_file.h"

namespace dynemu::store {
namespace {

using model::AttrType;

TableSchema things_schema() {
  TableSchema s;
  s.name = "Things";
  s.key.hash = {"id", AttrType::S};
  s.description = "{}";
  return s;
}

ItemRow row_of(const TableSchema& schema, const std::string& id) {
  model::Item item;
  item.emplace("id", model::AttributeValue::string(id));
  return ItemRow::from_item(schema, item);
}

class GroupCommit : public ::testing::Test {
 protected:
  StoreOptions options(bool sync_full = true) const {
    StoreOptions o;
    o.path = path_;
    o.sync_full = sync_full;
    return o;
  }
  static void create_things(Store& store) {
    auto w = store.write();
    w.create_table(things_schema());
    w.commit();
  }
  // Whether the item is in the file, read by a store opened on it afresh.
  bool stored(const std::string& id) {
    Store store(options());
    auto r = store.read();
    auto schema = r.find_table("Things");
    const ItemRow row = row_of(*schema, id);
    return r.get_item(*schema, row.pk, row.sk).has_value();
  }
  test_support::TempDatabaseFile file_{"dynemu-group-commit"};
  const std::string& path_ = file_.path();
};

// One thread's write, in its own scope as a request's is: the session, then the wait for its group.
void put_in_scope(Store& store, const std::string& id, bool commit = true) {
  CommitGroupScope scope(store);
  {
    auto w = store.write(1000);
    auto schema = w.find_table("Things");
    w.put_item(*schema, row_of(*schema, id));
    if (commit) w.commit();
  }
  scope.wait();
}

// Writes `id` in a scope; while its session still holds the database, `start_other` starts another
// thread's session, and this session ends only once that one waits for the database. Returns when
// this write's group is committed.
template <typename StartOther>
void write_while_another_arrives(Store& store, const std::string& id, StartOther start_other) {
  CommitGroupScope scope(store);
  {
    auto w = store.write(1000);
    auto schema = w.find_table("Things");
    w.put_item(*schema, row_of(*schema, id));
    w.commit();
    start_other();
    while (store.group_commit_stats().waiting == 0) std::this_thread::yield();
  }  // the other is waiting: the group stays open for it
  scope.wait();
}

TEST_F(GroupCommit, AWriteArrivingDuringAnotherJoinsItsGroupAndBothAreCommittedOnce) {
  {
    Store store(options());
    create_things(store);
    std::future<void> second;
    write_while_another_arrives(store, "first", [&] {
      second = std::async(std::launch::async, [&store] { put_in_scope(store, "second"); });
    });
    second.get();
    const GroupCommitStats stats = store.group_commit_stats();
    EXPECT_EQ(stats.sessions, 2u);
    EXPECT_EQ(stats.groups, 1u);
  }
  EXPECT_TRUE(stored("first"));
  EXPECT_TRUE(stored("second"));
}

TEST_F(GroupCommit, AWriteAloneIsCommittedWhenItsSessionEnds) {
  {
    Store store(options());
    create_things(store);
    put_in_scope(store, "alone");
    EXPECT_EQ(store.group_commit_stats().groups, 1u);
    EXPECT_EQ(store.group_commit_stats().sessions, 1u);
  }
  EXPECT_TRUE(stored("alone"));
}

TEST_F(GroupCommit, AReaderCommitsTheOpenGroupBeforeItReads) {
  Store store(options());
  create_things(store);
  std::future<bool> reader;
  write_while_another_arrives(store, "written", [&] {
    reader = std::async(std::launch::async, [&store] {
      auto r = store.read();
      const bool committed = store.group_commit_stats().groups == 1;  // before reading anything
      auto schema = r.find_table("Things");
      const ItemRow row = row_of(*schema, "written");
      return committed && r.get_item(*schema, row.pk, row.sk).has_value();
    });
  });
  EXPECT_TRUE(reader.get());
  EXPECT_EQ(store.group_commit_stats().groups, 1u);
}

TEST_F(GroupCommit, AMemberThatFailsUndoesOnlyItselfAndTheOthersAreCommitted) {
  {
    Store store(options());
    create_things(store);
    std::future<void> failing;
    write_while_another_arrives(store, "kept", [&] {
      failing = std::async(std::launch::async, [&store] { put_in_scope(store, "undone", /*commit=*/false); });
    });
    failing.get();
    EXPECT_EQ(store.group_commit_stats().sessions, 2u);
    {
      // The store goes on after it: a later write stands alone and is committed.
      put_in_scope(store, "later");
    }
  }
  EXPECT_TRUE(stored("kept"));
  EXPECT_FALSE(stored("undone"));
  EXPECT_TRUE(stored("later"));
}

TEST_F(GroupCommit, AFirstWriteThatFailsAloneLeavesNothingOpen) {
  {
    Store store(options());
    create_things(store);
    put_in_scope(store, "undone", /*commit=*/false);
    put_in_scope(store, "kept");
  }
  EXPECT_FALSE(stored("undone"));
  EXPECT_TRUE(stored("kept"));
}

TEST_F(GroupCommit, SessionsWithoutAScopeOrUnderNormalSyncNeverGroup) {
  {
    Store store(options(/*sync_full=*/false));
    create_things(store);
    put_in_scope(store, "normal");
    EXPECT_EQ(store.group_commit_stats().sessions, 0u);
  }
  {
    Store store(options());
    auto w = store.write(1000);
    auto schema = w.find_table("Things");
    w.put_item(*schema, row_of(*schema, "unscoped"));
    w.commit();
    EXPECT_EQ(store.group_commit_stats().sessions, 0u);
  }
  StoreOptions memory;
  memory.in_memory = true;
  memory.sync_full = true;
  Store in_memory(memory);
  create_things(in_memory);
  put_in_scope(in_memory, "memory");
  EXPECT_EQ(in_memory.group_commit_stats().sessions, 0u);
  EXPECT_TRUE(stored("normal"));
  EXPECT_TRUE(stored("unscoped"));
}

}  // namespace
}  // namespace dynemu::store
