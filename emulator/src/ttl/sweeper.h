// TtlSweeper: deletes expired items of TTL tables, as DynamoDB's background TTL process does.
//
// Contract:
//  - The sweeper covers every store `stores` lists when asked (the namespaces of an isolating
//    server, namespaces/namespaces.h; they must outlive the sweeper): sweep() sweeps each in turn
//    and adds their results up (a table name of several namespaces counts once, summed);
//    sweep(store) sweeps one.
//  - sweep() visits every table whose TTL is ENABLED and that is not being created or deleted.
//    It first finishes the table's ttl-column backfill (store/time_to_live.cc), then deletes every
//    item whose TTL attribute is a Number of epoch seconds less than now (the server clock when the
//    table's sweep starts) and not more than five years before it. Other types, sets included, are
//    ignored, and so are values more than five years in the past (DynamoDB's developer guide: "To be
//    considered for expiry and deletion, the TTL can't be more than five years in the past").
//  - Work happens in write sessions of at most kBatchItems deletions, ending early once a session
//    has held the store lock for kBatchBudget, or of kBackfillRows backfilled rows. After each the
//    sweeper pauses as long as the session held the lock: the store's mutex is not fair, so a
//    sweeper that took it straight back would starve waiting requests for the whole sweep. Other
//    requests thus wait at most about one batch, and a sweep takes at most half the store's time.
//    Deletions go through Session::delete_item (secondary indexes follow) in sessions whose origin
//    is ChangeOrigin::TimeToLive. Nothing is recorded in the request log; no capacity is consumed.
//  - Until a sweep runs, expired items are still there and returned by reads, as in DynamoDB.
//  - One sweep at a time: a sweep asked for while another runs waits for it, then runs.
//  - start(period_ms) runs sweep() on a background thread every period_ms (0: no thread). stop()
//    makes a running sweep end after its current batch, and joins the thread; the destructor stops.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "clock/clock.h"
#include "dynemu/server.h"
#include "store/store.h"

namespace dynemu::ttl {

class TtlSweeper {
 public:
  static constexpr int kBatchItems = 100;
  static constexpr std::chrono::microseconds kBatchBudget{5000};
  static constexpr int kBackfillRows = 250;
  // Five years as the sweeper counts them: 1,826 days (5 x 365.25, rounded down).
  static constexpr int64_t kFiveYearsMs = int64_t{1826} * 24 * 60 * 60 * 1000;

  using StoreList = std::function<std::vector<store::Store*>()>;
  TtlSweeper(StoreList stores, const clock::Clock& clock) : stores_(std::move(stores)), clock_(clock) {}
  ~TtlSweeper();
  TtlSweeper(const TtlSweeper&) = delete;
  TtlSweeper& operator=(const TtlSweeper&) = delete;

  TtlSweepResult sweep();
  TtlSweepResult sweep(store::Store& store);
  void start(int64_t period_ms);
  void stop();

 private:
  TtlSweepResult sweep_one(store::Store& store);  // with sweep_mutex_ held
  int64_t sweep_table(store::Store& store, const std::string& name);
  void run(int64_t period_ms);
  // Lets waiting requests take the store: sleeps as long as the last session held it (stop wakes).
  void pause_after(std::chrono::steady_clock::duration held);

  StoreList stores_;
  const clock::Clock& clock_;
  std::mutex sweep_mutex_;  // one sweep at a time
  std::atomic<bool> stopping_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace dynemu::ttl
