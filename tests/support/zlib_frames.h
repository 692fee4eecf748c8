// zlib's own gzip and deflate framing, for tests of dynemu's content codings (http/content_coding.h):
// the decoder is checked against another encoder than dynemu's, and its output against another
// decoder. A zlib failure fails the running test.
#pragma once

#include <zlib.h>

#include <gtest/gtest.h>

#include <string>

namespace dynemu::test_support {

// `text` compressed with zlib's framing for `window_bits` (16 + MAX_WBITS: gzip; MAX_WBITS: deflate).
inline std::string zlib_frame(const std::string& text, int window_bits) {
  z_stream s{};
  EXPECT_EQ(deflateInit2(&s, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&s, text.size()) + 32, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  s.avail_in = static_cast<uInt>(text.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}
inline std::string gzipped(const std::string& text) { return zlib_frame(text, 16 + MAX_WBITS); }
inline std::string deflated(const std::string& text) { return zlib_frame(text, MAX_WBITS); }

// `data` decompressed with zlib's framing for `window_bits`; the stream must end where `data` does.
inline std::string inflated(const std::string& data, int window_bits) {
  z_stream s{};
  EXPECT_EQ(inflateInit2(&s, window_bits), Z_OK);
  std::string out;
  char buf[16384];
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  int rc;
  do {
    s.next_out = reinterpret_cast<Bytef*>(buf);
    s.avail_out = sizeof(buf);
    rc = inflate(&s, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - s.avail_out);
  } while (rc == Z_OK);
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&s);
  return out;
}

}  // namespace dynemu::test_support
