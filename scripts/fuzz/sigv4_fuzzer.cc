// libFuzzer target: the SigV4 Authorization header parser (http/sigv4.h check_authorization).
//
// Input: the first byte says whether an X-Amz-Date header is present (its low bit), the rest is the
// Authorization header value. Every outcome must be Credentials or a model::ApiError with status
// 400 or 403; any other exception, crash or sanitizer report is a bug. Accepted credentials must
// come from the header: the region and access key are substrings of it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/sigv4.h"
#include "model/api_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool has_date = (data[0] & 1) != 0;
  const std::string header(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const dynemu::http::Credentials credentials = dynemu::http::check_authorization(header, has_date);
    if (header.find(credentials.access_key) == std::string::npos) __builtin_trap();
    if (header.find(credentials.region) == std::string::npos) __builtin_trap();
  } catch (const dynemu::model::ApiError& e) {
    if (e.status() != 400 && e.status() != 403) __builtin_trap();
  }
  return 0;
}
