// Compression (zlib's gzip, libzstd), MD5 and the small text helpers of transfer.h.
#include <zlib.h>
#include <zstd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <ctime>
#include <stdexcept>

#include "api/table_description.h"
#include "transfer/transfer.h"

namespace dynemu::transfer {
namespace {

constexpr int kGzipWindowBits = 15 + 16;      // zlib: a gzip wrapper
constexpr int kAutoDetectWindowBits = 15 + 32;  // zlib: gzip or zlib, detected from the header
constexpr size_t kChunk = 64 * 1024;

}  // namespace

std::string gzip_compress(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::array<char, kChunk> buffer;
  int rc = Z_OK;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
    zs.avail_out = static_cast<uInt>(buffer.size());
    rc = deflate(&zs, Z_FINISH);
    out.append(buffer.data(), buffer.size() - zs.avail_out);
  } while (rc == Z_OK);
  deflateEnd(&zs);
  return out;
}

std::optional<std::string> gzip_decompress(const std::string& data) {
  std::string out;
  size_t offset = 0;
  // A file may hold several gzip members one after the other (as `cat a.gz b.gz` makes).
  while (offset < data.size()) {
    z_stream zs{};
    if (inflateInit2(&zs, kAutoDetectWindowBits) != Z_OK) return std::nullopt;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
    zs.avail_in = static_cast<uInt>(data.size() - offset);
    std::array<char, kChunk> buffer;
    int rc = Z_OK;
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
      zs.avail_out = static_cast<uInt>(buffer.size());
      rc = inflate(&zs, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END) {
        inflateEnd(&zs);
        return std::nullopt;
      }
      out.append(buffer.data(), buffer.size() - zs.avail_out);
    } while (rc != Z_STREAM_END && (zs.avail_in > 0 || zs.avail_out == 0));
    const size_t used = data.size() - offset - zs.avail_in;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || used == 0) return std::nullopt;
    offset += used;
  }
  return out;
}

std::optional<std::string> zstd_decompress(const std::string& data) {
  ZSTD_DStream* ds = ZSTD_createDStream();
  if (!ds) return std::nullopt;
  ZSTD_initDStream(ds);
  std::string out;
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::array<char, kChunk> buffer;
  size_t last = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
    last = ZSTD_decompressStream(ds, &o, &in);
    if (ZSTD_isError(last)) {
      ZSTD_freeDStream(ds);
      return std::nullopt;
    }
    out.append(buffer.data(), o.pos);
  }
  // Flush what the decoder still holds for the last frame.
  while (last != 0) {
    ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
    last = ZSTD_decompressStream(ds, &o, &in);
    if (ZSTD_isError(last) || (o.pos == 0 && last != 0)) {
      ZSTD_freeDStream(ds);
      return std::nullopt;
    }
    out.append(buffer.data(), o.pos);
  }
  ZSTD_freeDStream(ds);
  return out;
}

// MD5 (RFC 1321): the checksum S3 and DynamoDB's manifests carry.
std::string md5_digest(const std::string& data) {
  static constexpr uint32_t kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                          5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                          4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                          6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
  static const std::array<uint32_t, 64> kSines = [] {
    std::array<uint32_t, 64> k{};
    for (int i = 0; i < 64; ++i) k[i] = static_cast<uint32_t>(std::fabs(std::sin(i + 1.0)) * 4294967296.0);
    return k;
  }();
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  std::string message = data;
  const uint64_t bit_length = static_cast<uint64_t>(data.size()) * 8;
  message.push_back(static_cast<char>(0x80));
  while (message.size() % 64 != 56) message.push_back('\0');
  for (int i = 0; i < 8; ++i) message.push_back(static_cast<char>((bit_length >> (8 * i)) & 0xff));
  for (size_t block = 0; block < message.size(); block += 64) {
    uint32_t m[16];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(message.data() + block + 4 * i);
      m[i] = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (uint32_t i = 0; i < 64; ++i) {
      uint32_t f, g;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      const uint32_t sum = a + f + kSines[i] + m[g];
      a = d;
      d = c;
      c = b;
      b = b + ((sum << kShift[i]) | (sum >> (32 - kShift[i])));
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
  }
  std::string out;
  for (uint32_t word : h)
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((word >> (8 * i)) & 0xff));
  return out;
}

std::string iso8601_ms(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[80];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

std::string new_transfer_id(int64_t now_ms) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%014lld", static_cast<long long>(now_ms));
  return std::string(digits) + "-" + api::new_uuid().substr(0, 8);
}

void write_public_members(model::JsonWriter& out, const rapidjson::Value& record) {
  out.StartObject();
  for (const auto& m : record.GetObject()) {
    if (m.name.GetStringLength() > 0 && m.name.GetString()[0] == '_') continue;
    out.Key(m.name.GetString(), m.name.GetStringLength());
    m.value.Accept(out);
  }
  out.EndObject();
}

}  // namespace dynemu::transfer
