// libFuzzer target: seed files and CloudFormation/SAM templates (fixtures' dynemu/testing/seed.h),
// as `dynemu --seed` and the fixtures read them.
//
// Input: the first byte picks the file name (seed.json, seed.yaml or seed.template); the rest is
// the file. seed_paths() must either finish or throw SeedError; every request it sends must be a
// JSON object (it is checked here, and answered as DynamoDB would answer a success, so the whole
// file is walked). Any other exception, crash or sanitizer report is a bug.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include <rapidjson/document.h>

#include "dynemu/testing/seed.h"

namespace {

using namespace dynemu::testing;

const std::string& work_directory() {
  static const std::string dir = [] {
    char pattern[] = "/tmp/dynemu-seed-fuzz-XXXXXX";
    const char* made = mkdtemp(pattern);
    if (!made) std::abort();
    return std::string(made);
  }();
  return dir;
}

CallResult answer(const std::string& operation, const std::string& request_json) {
  rapidjson::Document doc;
  doc.Parse(request_json.data(), request_json.size());
  if (doc.HasParseError() || !doc.IsObject()) __builtin_trap();  // the seeder wrote a broken request
  if (operation == "DescribeTable") return make_call_result(200, R"({"Table":{"TableStatus":"ACTIVE"}})");
  if (operation == "BatchWriteItem") return make_call_result(200, R"({"UnprocessedItems":{}})");
  return make_call_result(200, "{}");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kNames[] = {"seed.json", "seed.yaml", "seed.template"};
  const std::string path = work_directory() + "/" + kNames[data[0] % 3];
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  }
  TemplateSettings settings;
  settings.parameters["Stage"] = "fuzz";
  try {
    seed_paths({path}, answer, /*wait_active=*/false, {}, settings);
  } catch (const SeedError&) {
  }
  std::remove(path.c_str());
  return 0;
}
