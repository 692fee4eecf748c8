// Group commit (the contract is in store.h).
//
// Why: on a file database every write request used to be its own SQLite transaction, so each paid
// the WAL frames of every page it dirtied, and every few thousand requests one of them paid a
// checkpoint. Requests that arrive while another is writing are waiting for the lock anyway; letting
// them continue the same transaction costs them nothing, and the pages they share (a table's
// rightmost leaf, the change log's, an index's) are written to the WAL once per group instead of
// once per request. Point-in-time recovery's change log, which adds a page to every commit, gains
// most from that.
//
// The rules, all under the store's mutex:
//  - A write session inside a CommitGroupScope of a file store opens the group's transaction if none
//    is open, and runs in a savepoint of it. Its commit() releases the savepoint; its rollback
//    undoes only the savepoint.
//  - When a member session ends, the group is committed unless another session is already waiting
//    for the lock (it will carry the group on, or commit it) and the group is below
//    kMaxGroupSessions.
//  - Every other session, and every store operation that works on the whole database, commits the
//    open group first. So nothing reads a write before it is committed, and no group is left open
//    once no member can come.
//  - A member's scope waits for its group's commit before the request is answered. A failed commit
//    rolls the whole group back, and each of its members' requests gets an error: none of them was
//    acknowledged.
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "store/store.h"

namespace dynemu::store {
namespace {

thread_local CommitGroupScope* innermost_scope = nullptr;

}  // namespace

CommitGroupScope::CommitGroupScope(Store& store) : store_(store), outer_(innermost_scope) { innermost_scope = this; }

CommitGroupScope::~CommitGroupScope() {
  try {
    wait();
  } catch (const std::exception&) {
    // The request already failed in some other way; its own error is the one it reports.
  }
  innermost_scope = outer_;
}

CommitGroupScope* CommitGroupScope::current(const Store& store) {
  return innermost_scope && &innermost_scope->store_ == &store ? innermost_scope : nullptr;
}

void CommitGroupScope::wait() {
  if (group_ == 0) return;
  const uint64_t group = group_;
  group_ = 0;
  // Most groups are committed by the time their members get here; failed ones are rare.
  if (store_.durable_group_ >= group && store_.failed_group_count_ == 0) return;
  std::unique_lock<std::mutex> lock(store_.mutex_);
  store_.group_committed_.wait(lock, [&] { return store_.durable_group_ >= group; });
  const auto& failed = store_.failed_groups_;
  if (std::find(failed.begin(), failed.end(), group) != failed.end())
    throw std::runtime_error("sqlite: the commit of this write's group failed; its writes were rolled back");
}

std::unique_lock<std::mutex> Store::lock_for_session() {
  // Only group commit reads the count: other stores skip the two atomic updates on a line every
  // request's thread touches.
  if (!group_commit_) return std::unique_lock<std::mutex>(mutex_);
  ++sessions_waiting_;
  std::unique_lock<std::mutex> lock(mutex_);
  --sessions_waiting_;
  return lock;
}

void Store::commit_group() {
  if (!group_open_) return;
  try {
    run_cached("COMMIT");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dynemu: a group commit failed and its writes were rolled back: %s\n", e.what());
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    reload_catalog_after_rollback();  // the members' schema changes are gone with their writes
    end_group(/*failed=*/true);
    return;
  }
  end_group(/*failed=*/false);
}

void Store::end_group(bool failed) {
  group_open_ = false;
  if (failed) {
    failed_groups_.push_back(group_);
    ++failed_group_count_;
  }
  durable_group_ = group_;
  ++groups_committed_;
  group_committed_.notify_all();
}

void Store::reload_catalog_after_rollback() noexcept {
  try {
    reload_catalog();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dynemu: cannot reload the catalog after a rollback: %s\n", e.what());
  }
}

void Store::check_group_survived() {
  // Some errors (a full disk, an I/O error) make SQLite roll back the whole transaction, earlier
  // members' writes with it; those members must not be acknowledged.
  if (!group_open_ || !sqlite3_get_autocommit(db_)) return;
  end_group(/*failed=*/true);
}

GroupCommitStats Store::group_commit_stats() {
  GroupCommitStats stats;
  stats.groups = groups_committed_;
  stats.sessions = sessions_grouped_;
  stats.waiting = sessions_waiting_;
  return stats;
}

bool Session::join_group() {
  CommitGroupScope* scope = store_->group_commit_ ? CommitGroupScope::current(*store_) : nullptr;
  if (!scope) return false;
  Store& store = *store_;
  if (!store.group_open_) {
    // The first member runs in the group's transaction itself, so a group of one (the common case
    // when writes do not overlap) costs what a session outside any group does.
    store.run_cached("BEGIN IMMEDIATE");
    store.group_open_ = true;
    store.group_sessions_ = 0;
    ++store.group_;
    first_in_group_ = true;
  }
  // Joined before the savepoint: a session that fails has still read the group's writes, so its
  // answer too waits for the group.
  scope->joined(store.group_);
  if (!first_in_group_) {
    try {
      store.run_cached("SAVEPOINT session");
    } catch (...) {
      store.commit_group();  // no member is left to carry the group on
      throw;
    }
  }
  ++store.group_sessions_;
  ++store.sessions_grouped_;
  grouped_ = true;
  return true;
}

void Session::leave_group() noexcept {
  Store& store = *store_;
  if (!done_ && first_in_group_ && store.group_sessions_ == 1) {
    // Uncommitted, and alone in its group: undo the group's transaction, as a session outside
    // any group would. Nothing is left to commit.
    sqlite3_exec(store.db_, "ROLLBACK", nullptr, nullptr, nullptr);
    store.reload_catalog_after_rollback();
    store.end_group(/*failed=*/false);  // nothing of it was written, so nothing was lost
    return;
  }
  if (!done_) {
    // Uncommitted: an exception unwound the operation. Undo this session only.
    sqlite3_exec(store.db_, "ROLLBACK TO session; RELEASE session", nullptr, nullptr, nullptr);
    store.check_group_survived();
    store.reload_catalog_after_rollback();
  }
  if (store.sessions_waiting_ == 0 || store.group_sessions_ >= kMaxGroupSessions) store.commit_group();
}

}  // namespace dynemu::store
