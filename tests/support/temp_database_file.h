// A database file for one test: in the temp directory, named after the process and the running
// test (ctest runs tests of one binary in parallel processes, so names must not collide), and
// removed with its -wal, -shm and -journal both before the test (a crashed run may have left one)
// and after it, even when an assertion ends the test early.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

namespace dynemu::test_support {

class TempDatabaseFile {
 public:
  explicit TempDatabaseFile(const std::string& prefix)
      : path_((std::filesystem::temp_directory_path() /
               (prefix + "-" + std::to_string(::getpid()) + "-" + running_test_name() + ".db"))
                  .string()) {
    remove();
  }
  ~TempDatabaseFile() { remove(); }
  TempDatabaseFile(const TempDatabaseFile&) = delete;
  TempDatabaseFile& operator=(const TempDatabaseFile&) = delete;

  const std::string& path() const { return path_; }

  void remove() const {
    std::error_code ignored;
    for (auto suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + suffix, ignored);
  }

 private:
  static std::string running_test_name() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return info ? std::string(info->test_suite_name()) + "." + info->name() : "outside-a-test";
  }

  std::string path_;
};

}  // namespace dynemu::test_support
