// The console's files (emulator/console/), compiled into the binary by cmake/embed_console.cmake.
#pragma once
#include <cstddef>

namespace dynemu::http {

struct ConsoleAsset {
  const char* name;  // file name, e.g. "console.js"
  const unsigned char* bytes;
  size_t size;
};

extern const ConsoleAsset kConsoleAssets[];
extern const size_t kConsoleAssetCount;

}  // namespace dynemu::http
