// process/unused_library_pages.h: OpenSSL's resident pages are handed back, the process runs on.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <httplib.h>

#include "process/unused_library_pages.h"

namespace dynemu::process {
namespace {

// Resident kilobytes of the mappings whose path contains `name`.
size_t resident_kb(const std::string& name) {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool in_target = false;
  size_t kb = 0;
  while (std::getline(smaps, line)) {
    if (line.find(" r") != std::string::npos && line.find('-') < line.find(' ')) {
      in_target = line.find(name) != std::string::npos;
    } else if (in_target && line.rfind("Rss:", 0) == 0) {
      size_t v = 0;
      std::istringstream(line.substr(4)) >> v;
      kb += v;
    }
  }
  return kb;
}

TEST(UnusedLibraryPages, OpenSslPagesAreReleasedAndTheProcessKeepsWorking) {
  // This binary links cpp-httplib, whose initializer has run OpenSSL's set-up before main().
  const size_t before = resident_kb("libcrypto.so");
  ASSERT_GT(before, 0u) << "libcrypto is not mapped into this test binary";
  const size_t reported = release_unused_library_pages();
  const size_t after = resident_kb("libcrypto.so");
  EXPECT_GT(reported, 0u);
  // Code and symbol tables are most of it; only relocated data (about 400 of 3,000 kB) stays.
  EXPECT_LT(after, before / 2) << "before " << before << " kB, after " << after << " kB, reported " << reported;

  // cpp-httplib still serves and answers after the release.
  httplib::Server server;
  server.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread listener([&] { server.listen_after_bind(); });
  httplib::Client client("127.0.0.1", port);
  auto answer = client.Get("/");
  server.stop();
  listener.join();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->body, "ok");
}

}  // namespace
}  // namespace dynemu::process
