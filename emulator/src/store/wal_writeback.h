// WalWriteback: writes a file database's WAL to disk in the background, between checkpoints.
//
// Why: under synchronous=NORMAL a commit only writes its frames into the operating system's page
// cache, and the checkpoint (every kWalCheckpointPages pages, inside a commit, with every request
// waiting on the store's lock) begins by syncing the WAL: up to 40 MB that the disk has not seen.
// That sync was the 35-40 ms p99 of every write benchmark. Syncing the WAL a little at a time from
// a thread of its own, while requests go on, leaves the checkpoint's sync little to write.
//
// Contract:
//  - wrote() (called by the store after each commit, under its lock; cheap) asks for a sync. The
//    thread then syncs `wal_path` (fdatasync on a descriptor of its own), at most once per
//    kWritebackInterval, and sleeps while nothing is written: an idle server makes no system calls.
//  - It never changes what is durable: a commit is acknowledged as before, and the checkpoint still
//    syncs the WAL itself. It only makes the disk see the frames sooner.
//  - A WAL that does not exist yet is opened at the first sync after it does. Errors are ignored
//    (the checkpoint's own sync reports them to SQLite).
//  - The destructor stops and joins the thread; destroy it before the database is closed.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace dynemu::store {

constexpr std::chrono::milliseconds kWritebackInterval{25};

class WalWriteback {
 public:
  explicit WalWriteback(std::string wal_path);
  ~WalWriteback();
  WalWriteback(const WalWriteback&) = delete;
  WalWriteback& operator=(const WalWriteback&) = delete;

  void wrote();
  int syncs() const;  // how many syncs the thread has made (for tests)

 private:
  void run();
  const std::string wal_path_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool stop_ = false;
  int syncs_ = 0;
  int fd_ = -1;
  std::thread thread_;
};

}  // namespace dynemu::store
