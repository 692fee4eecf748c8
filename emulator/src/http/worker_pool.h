// WorkerPool: the request threads behind cpp-httplib, started only as load needs them.
//
// Contract: an httplib::TaskQueue that runs each enqueued job on a worker thread. It starts with no
// threads and starts one more whenever a job arrives and every running worker is busy, up to
// `max_threads`; past that, jobs wait in FIFO order. Workers stay for the pool's lifetime.
// shutdown() lets queued jobs finish, then joins every worker.
//
// Why: a keep-alive connection holds a worker for its whole life, so the cap must exceed the
// clients' connection pools (botocore keeps 10, the JS SDK 50), yet an idle emulator should not pay
// for 64 parked threads (their stacks and malloc arenas are most of its idle memory).
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace dynemu::http {

class WorkerPool : public httplib::TaskQueue {
 public:
  explicit WorkerPool(size_t max_threads);
  ~WorkerPool() override;

  void enqueue(std::function<void()> job) override;
  void shutdown() override;

  size_t thread_count();  // threads started so far

 private:
  void work();

  const size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace dynemu::http
