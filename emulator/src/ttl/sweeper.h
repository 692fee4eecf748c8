// TtlSweeper: deletes expired items of TTL tables, as DynamoDB's background TTL process does.
//
// Contract:
//  - sweep() visits every table whose TTL is ENABLED and that is not being created or deleted.
//    It first finishes the table's ttl-column backfill (store/time_to_live.cc), then deletes every
//    item whose TTL attribute is a Number of epoch seconds less than now (the server clock when the
//    table's sweep starts) and not more than five years before it. Other types, sets included, are
//    ignored, and so are values more than five years in the past (DynamoDB's developer guide: "To be
//    considered for expiry and deletion, the TTL can't be more than five years in the past").
//  - Work happens in write sessions of at most kBatchItems deletions (or kBackfillRows backfilled
//    rows); the store lock is released between them, so other requests wait at most one batch.
//    Deletions go through Session::delete_item (secondary indexes follow) in sessions whose origin
//    is ChangeOrigin::TimeToLive. Nothing is recorded in the request log; no capacity is consumed.
//  - Until a sweep runs, expired items are still there and returned by reads, as in DynamoDB.
//  - One sweep at a time: a sweep asked for while another runs waits for it, then runs.
//  - start(period_ms) runs sweep() on a background thread every period_ms (0: no thread). stop()
//    makes a running sweep end after its current batch, and joins the thread; the destructor stops.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "clock/clock.h"
#include "dynemu/server.h"
#include "store/store.h"

namespace dynemu::ttl {

class TtlSweeper {
 public:
  static constexpr int kBatchItems = 100;
  static constexpr int kBackfillRows = 1000;
  // Five years as the sweeper counts them: 1,826 days (5 x 365.25, rounded down).
  static constexpr int64_t kFiveYearsMs = int64_t{1826} * 24 * 60 * 60 * 1000;

  TtlSweeper(store::Store& store, const clock::Clock& clock) : store_(store), clock_(clock) {}
  ~TtlSweeper();
  TtlSweeper(const TtlSweeper&) = delete;
  TtlSweeper& operator=(const TtlSweeper&) = delete;

  TtlSweepResult sweep();
  void start(int64_t period_ms);
  void stop();

 private:
  int64_t sweep_table(const std::string& name);
  void run(int64_t period_ms);

  store::Store& store_;
  const clock::Clock& clock_;
  std::mutex sweep_mutex_;  // one sweep at a time
  std::atomic<bool> stopping_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace dynemu::ttl
