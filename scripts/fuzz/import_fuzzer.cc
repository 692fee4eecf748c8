// libFuzzer target: ImportTable's source readers (transfer/transfer.h): DYNAMODB_JSON lines, ION
// text and CSV records, optionally behind gzip or zstd compression, as an import reads S3 objects.
//
// Input: the first byte picks the format (low two bits: DYNAMODB_JSON, ION, CSV, CSV with a given
// header and ';' delimiter) and the compression (next two bits: none, gzip, zstd); the rest is the
// file. Every record must come out as nullopt (one error) or a JSON object text; any exception,
// crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <rapidjson/document.h>

#include "transfer/transfer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dynemu::transfer;
  if (size == 0) return 0;
  const int format = data[0] & 3, compression = (data[0] >> 2) & 3;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (compression == 1 || compression == 2) {
    std::optional<std::string> plain = compression == 1 ? gzip_decompress(text) : zstd_decompress(text);
    if (!plain) return 0;
    if (plain->size() > (1u << 20)) return 0;  // a decompression bomb is the import's size check, not a parse
    text = std::move(*plain);
  }
  static const char* const kFormats[] = {"DYNAMODB_JSON", "ION", "CSV", "CSV"};
  CsvOptions csv;
  if (format == 3) {
    csv.delimiter = ';';
    csv.header = {"pk", "sk", "data"};
  }
  const std::vector<std::pair<std::string, std::string>> key_types = {{"pk", "S"}, {"sk", "N"}};
  read_records(text, kFormats[format], csv, key_types, [](std::optional<std::string>&& record) {
    if (!record) return;
    rapidjson::Document doc;
    doc.Parse(record->data(), record->size());
    if (doc.HasParseError() || !doc.IsObject()) __builtin_trap();
  });
  return 0;
}
