// What the export tests share: a temporary S3 folder (--s3-dir), a server of their own on a
// frozen clock at kT0Ms, calls expected to succeed, files read and written whole.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "api_test_support.h"

namespace dynemu::testing_support {

namespace fs = std::filesystem;

constexpr int64_t kT0Ms = int64_t{1700000000} * 1000 + 250;

// A folder under the temporary directory holding one bucket, bucket-one; removed at the end.
class S3Folder {
 public:
  S3Folder() {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            ("dynemu_s3_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_ / "bucket-one");
  }
  ~S3Folder() { fs::remove_all(root_); }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

inline std::unique_ptr<dynemu::Server> start(const std::string& s3_dir, const std::string& db_path = "") {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = db_path.empty();
  options.db_path = db_path;
  options.s3_dir = s3_dir;
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  s->freeze_clock();
  s->set_clock_ms(kT0Ms);
  return s;
}

inline ApiResponse ok(dynemu::Server& s, const std::string& op, const std::string& body) {
  ApiResponse r = call_on(s, op, body);
  EXPECT_EQ(r.status, 200) << op << " " << body << "\n" << r.body;
  return r;
}

inline std::string read_bytes(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline void write_bytes(const fs::path& path, const std::string& data) {
  fs::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary);
  f << data;
}

inline std::string arn_of(dynemu::Server& s, const std::string& table) {
  return ok(s, "DescribeTable", R"({"TableName":")" + table + R"("})").json["Table"]["TableArn"].GetString();
}

}  // namespace dynemu::testing_support
