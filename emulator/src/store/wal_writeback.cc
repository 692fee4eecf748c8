#include "store/wal_writeback.h"

#include <fcntl.h>
#include <unistd.h>

#include <utility>

namespace dynemu::store {

WalWriteback::WalWriteback(std::string wal_path) : wal_path_(std::move(wal_path)), thread_([this] { run(); }) {}

WalWriteback::~WalWriteback() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

void WalWriteback::wrote() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (pending_) return;
    pending_ = true;
  }
  wake_.notify_one();
}

int WalWriteback::syncs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return syncs_;
}

void WalWriteback::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return pending_ || stop_; });
    if (stop_) return;
    pending_ = false;
    lock.unlock();
    // Only this thread touches fd_ (and the destructor, after joining it).
    if (fd_ < 0) fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = fd_ >= 0 && ::fdatasync(fd_) == 0;
    lock.lock();
    if (synced) ++syncs_;
    // Commits in the meantime wait for the next round: one sync covers them all.
    if (wake_.wait_for(lock, kWritebackInterval, [this] { return stop_; })) return;
  }
}

}  // namespace dynemu::store
