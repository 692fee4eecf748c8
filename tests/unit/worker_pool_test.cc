// WorkerPool: request threads start lazily, up to the cap, and shutdown drains the queue.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "http/worker_pool.h"

namespace dynemu::http {
namespace {

TEST(WorkerPool, StartsNoThreadUntilWorkArrives) {
  WorkerPool pool(8);
  EXPECT_EQ(pool.thread_count(), 0u);
  std::atomic<int> ran{0};
  pool.enqueue([&] { ++ran; });
  pool.shutdown();
  EXPECT_EQ(ran.load(), 1);
}

TEST(WorkerPool, GrowsToConcurrentDemandButNotPastTheCap) {
  WorkerPool pool(4);
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> started{0}, finished{0};
  for (int i = 0; i < 10; ++i)
    pool.enqueue([&] {
      ++started;
      std::unique_lock<std::mutex> lock(m);
      cv.wait(lock, [&] { return release; });
      ++finished;
    });
  // Four workers block; the other six jobs wait in the queue.
  for (int i = 0; i < 2000 && started.load() < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(started.load(), 4);
  EXPECT_EQ(pool.thread_count(), 4u);
  {
    std::lock_guard<std::mutex> lock(m);
    release = true;
  }
  cv.notify_all();
  pool.shutdown();  // queued jobs still run before the workers stop
  EXPECT_EQ(finished.load(), 10);
}

TEST(WorkerPool, ReusesIdleWorkersForSequentialJobs) {
  WorkerPool pool(16);
  for (int i = 0; i < 50; ++i) {
    std::atomic<bool> done{false};
    pool.enqueue([&] { done = true; });
    while (!done.load()) std::this_thread::yield();
    // Let the worker park again before the next job arrives.
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  EXPECT_LE(pool.thread_count(), 2u);
  pool.shutdown();
}

TEST(WorkerPool, JobsEnqueuedAfterShutdownStillRun) {
  WorkerPool pool(2);
  pool.shutdown();
  bool ran = false;
  pool.enqueue([&] { ran = true; });
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace dynemu::http
