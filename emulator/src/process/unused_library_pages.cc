#include "process/unused_library_pages.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dynemu::process {
namespace {

bool is_openssl_library(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
  return file.rfind("libcrypto.so", 0) == 0 || file.rfind("libssl.so", 0) == 0;
}

}  // namespace

size_t release_unused_library_pages() {
  // /proc/self/smaps lists each mapping's range, permissions and path, then lines such as
  // "Rss: 788 kB" and "Anonymous: 0 kB".
  struct Mapping {
    uintptr_t start = 0, end = 0;
    bool read_only = false;
    size_t rss_kb = 0, anonymous_kb = 0;
  };
  std::vector<Mapping> candidates;
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool in_candidate = false;
  while (std::getline(smaps, line)) {
    uintptr_t a = 0, b = 0;
    char perms[8] = {0};
    if (std::sscanf(line.c_str(), "%lx-%lx %7s", &a, &b, perms) == 3) {
      const auto path_at = line.find('/');
      in_candidate = path_at != std::string::npos && is_openssl_library(line.substr(path_at));
      if (in_candidate) candidates.push_back({a, b, std::strchr(perms, 'w') == nullptr, 0, 0});
    } else if (in_candidate && line.rfind("Rss:", 0) == 0) {
      std::istringstream(line.substr(4)) >> candidates.back().rss_kb;
    } else if (in_candidate && line.rfind("Anonymous:", 0) == 0) {
      std::istringstream(line.substr(10)) >> candidates.back().anonymous_kb;
    }
  }
  size_t released_kb = 0;
  for (const auto& m : candidates) {
    // Only read-only mappings holding nothing but clean file pages: dropping those loses nothing,
    // a later access reads the same bytes from the file. (Relocated data, written at load, is
    // anonymous memory and must stay.) MADV_DONTNEED, unlike MADV_PAGEOUT, also unmaps pages that
    // other processes share, which libcrypto's usually are.
    if (!m.read_only || m.anonymous_kb != 0 || m.rss_kb == 0) continue;
    if (madvise(reinterpret_cast<void*>(m.start), m.end - m.start, MADV_DONTNEED) == 0) released_kb += m.rss_kb;
  }
  return released_kb;
}

}  // namespace dynemu::process
