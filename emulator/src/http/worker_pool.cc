#include "http/worker_pool.h"

namespace dynemu::http {

WorkerPool::WorkerPool(size_t max_threads) : max_threads_(max_threads == 0 ? 1 : max_threads) {}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> job) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) {  // the accept loop has ended; run the straggler here rather than lose its socket
    lock.unlock();
    job();
    return;
  }
  jobs_.push_back(std::move(job));
  // Every queued job beyond the idle workers would wait: start a worker for it while under the cap.
  if (jobs_.size() > idle_ && threads_.size() < max_threads_) {
    threads_.emplace_back([this] { work(); });
  } else {
    lock.unlock();
    wake_.notify_one();
  }
}

void WorkerPool::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ++idle_;
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // stopping, and nothing left to run
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

void WorkerPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    threads.swap(threads_);
  }
  wake_.notify_all();
  for (auto& t : threads) t.join();
}

size_t WorkerPool::thread_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  return threads_.size();
}

}  // namespace dynemu::http
