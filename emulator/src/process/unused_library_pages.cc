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
  // /proc/self/smaps lists each mapping's range, permissions and path, then its Rss line.
  struct Mapping {
    uintptr_t start, end;
    size_t rss_kb;
  };
  std::vector<Mapping> targets;
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool in_target = false;
  while (std::getline(smaps, line)) {
    uintptr_t a = 0, b = 0;
    char perms[8] = {0};
    if (std::sscanf(line.c_str(), "%lx-%lx %7s", &a, &b, perms) == 3) {
      const auto path_at = line.find('/');
      in_target = path_at != std::string::npos && is_openssl_library(line.substr(path_at));
      if (in_target) targets.push_back({a, b, 0});
    } else if (in_target && line.rfind("Rss:", 0) == 0) {
      std::istringstream(line.substr(4)) >> targets.back().rss_kb;
    }
  }
  size_t released_kb = 0;
  for (const auto& m : targets)
    if (madvise(reinterpret_cast<void*>(m.start), m.end - m.start, MADV_PAGEOUT) == 0) released_kb += m.rss_kb;
  return released_kb;
}

}  // namespace dynemu::process
