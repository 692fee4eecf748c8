// S3 locations as local directories (transfer.h): bucket and key names checked before they become paths.
#include <cctype>

#include "transfer/transfer.h"

namespace dynemu::transfer {

const char* const kNoSuchBucketCode = "S3NoSuchBucket";

std::string no_such_bucket_message(const std::string& bucket) {
  return "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket; "
         "Bucket: " + bucket + ")";
}

bool valid_bucket_name(const std::string& bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  auto letter_or_digit = [](unsigned char c) { return std::islower(c) || std::isdigit(c); };
  if (!letter_or_digit(bucket.front()) || !letter_or_digit(bucket.back())) return false;
  bool all_digits_and_dots = true;
  for (size_t i = 0; i < bucket.size(); ++i) {
    const unsigned char c = bucket[i];
    if (!(letter_or_digit(c) || c == '.' || c == '-')) return false;
    if (c == '.' && i > 0 && bucket[i - 1] == '.') return false;
    if (!(std::isdigit(c) || c == '.')) all_digits_and_dots = false;
  }
  if (all_digits_and_dots) return false;  // the shape of an IP address
  return bucket.rfind("xn--", 0) != 0 && bucket.rfind("sthree-", 0) != 0;
}

std::optional<std::vector<std::string>> key_segments(const std::string& key) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string::npos) end = key.size();
    std::string segment = key.substr(start, end - start);
    if (segment == "." || segment == ".." || segment.find('\\') != std::string::npos ||
        segment.find('\0') != std::string::npos)
      return std::nullopt;
    if (!segment.empty()) segments.push_back(std::move(segment));
    start = end + 1;
  }
  return segments;
}

std::optional<std::filesystem::path> bucket_directory(const std::string& s3_dir, const std::string& bucket) {
  if (s3_dir.empty() || !valid_bucket_name(bucket)) return std::nullopt;
  std::filesystem::path dir = std::filesystem::path(s3_dir) / bucket;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  return dir;
}

}  // namespace dynemu::transfer
