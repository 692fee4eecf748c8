// Content codings: Accept-Encoding negotiation as DynamoDB was observed to answer, and request
// bodies decoded within the size limit.
#include <zlib.h>

#include <gtest/gtest.h>

#include "http/content_coding.h"
#include "zlib_frames.h"

namespace dynemu::http {
namespace {

using test_support::deflated;
using test_support::gzipped;

const char* name_of(Coding c) { return c == Coding::identity ? "none" : coding_name(c); }

TEST(ContentCoding, AcceptEncodingChoosesAsDynamoDB) {
  struct Case {
    const char* header;
    const char* chosen;
  } cases[] = {
      {"", "none"},
      {"identity", "none"},
      {"br", "none"},
      {"zstd", "none"},
      {"compress", "none"},
      {"x-gzip", "none"},
      {"gzip", "gzip"},
      {"deflate", "deflate"},
      {"gzip, deflate", "gzip"},
      {"br, identity, deflate, gzip", "deflate"},  // the first listed wins a tie
      {"GZIP, identity", "gzip"},
      {"dog, gzip ,, cat", "gzip"},
      {"gzip;q=0.8, deflate;q=0.5", "gzip"},
      {"br, gzip;q=0, deflate; q = 0.5 , identity;q=0", "deflate"},
      {"*", "gzip"},
      {"*, deflate;q=0.5", "gzip"},
      {"*, deflate", "deflate"},  // a listed coding beats one `*` stands for
      {"*, identity", "gzip"},
      {"*, gzip;q=0.5", "deflate"},
      {"gzip ;q=0", "none"},
      {"identity;q=0", "none"},
      {"*;q=0", "none"},
      {"*;q=0.5,identity", "gzip"},
      {"gzip;q=0.5,identity;q=0.8", "gzip"},  // identity never wins over compression
      {"br;q=0.8,identity;q=0.5,*;q=0", "none"},
      {"\"gzip\"", "none"},
      {"gzip br", "none"},
      {"gzip:q=1", "none"},
      {"deflate;q=0.5, gzip;q=31", "gzip"},  // above 1 counts as 1
      {"gzip;q=31,deflate;q=51", "gzip"},
      {"deflate;q=0.5, gzip;q=0.2", "deflate"},
      {"deflate;q=0.5, gzip;q=1;q=0.2", "gzip"},  // the first q counts
      {"deflate;q=0.5,gzip;q=0.", "deflate"},
      {"deflate;q=0.5,gzip;q=0.x", "gzip"},  // not a number: counts as 1
      {"deflate;q=-0.5,gzip;q=0.2", "gzip"},
      {"gzip;nq=1;q=0 ", "none"},
      {"gzip;q=0, gzip;q=1, gzip;q=0", "gzip"},
      {"br,identity;q=0.5,gzip;q=0.0001", "gzip"},
  };
  for (const Case& c : cases) EXPECT_STREQ(name_of(choose_response_coding(c.header)), c.chosen) << c.header;
}

TEST(ContentCoding, GzipAndDeflateBodiesDecode) {
  const std::string text = "{\"TableName\":\"T\",\"Item\":{\"id\":{\"S\":\"x\"}}}";
  std::string out;
  EXPECT_EQ(decode_request_body("gzip", gzipped(text), 1 << 20, out), DecodeOutcome::ok);
  EXPECT_EQ(out, text);
  EXPECT_EQ(decode_request_body(" Deflate ", deflated(text), 1 << 20, out), DecodeOutcome::ok);
  EXPECT_EQ(out, text);
  // gzip members one after another make one body (RFC 1952).
  EXPECT_EQ(decode_request_body("gzip", gzipped(text.substr(0, 10)) + gzipped(text.substr(10)), 1 << 20, out),
            DecodeOutcome::ok);
  EXPECT_EQ(out, text);
  EXPECT_EQ(decode_request_body("identity", text, 1 << 20, out), DecodeOutcome::ok);
  EXPECT_EQ(out, text);
  // dynemu's encoder round-trips through the decoder.
  EXPECT_EQ(decode_request_body("gzip", encode(Coding::gzip, text), 1 << 20, out), DecodeOutcome::ok);
  EXPECT_EQ(out, text);
  EXPECT_EQ(decode_request_body("deflate", encode(Coding::deflate, text), 1 << 20, out), DecodeOutcome::ok);
  EXPECT_EQ(out, text);
}

TEST(ContentCoding, BrokenBodiesAndUnknownCodingsAreRefused) {
  const std::string text = "{\"Limit\":3}";
  std::string out = "left over";
  EXPECT_EQ(decode_request_body("gzip", "", 1 << 20, out), DecodeOutcome::corrupt);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(decode_request_body("deflate", "", 1 << 20, out), DecodeOutcome::corrupt);
  EXPECT_EQ(decode_request_body("gzip", text, 1 << 20, out), DecodeOutcome::corrupt);  // not compressed
  EXPECT_EQ(decode_request_body("deflate", text, 1 << 20, out), DecodeOutcome::corrupt);
  const std::string g = gzipped(text);
  EXPECT_EQ(decode_request_body("gzip", g.substr(0, g.size() - 1), 1 << 20, out), DecodeOutcome::corrupt);
  EXPECT_EQ(decode_request_body("gzip", g + "junk", 1 << 20, out), DecodeOutcome::corrupt);
  // A zlib stream is one stream: DynamoDB refuses two deflate streams in a row.
  EXPECT_EQ(decode_request_body("deflate", deflated("{") + deflated("}"), 1 << 20, out), DecodeOutcome::corrupt);
  EXPECT_EQ(decode_request_body("gzip", deflated(text), 1 << 20, out), DecodeOutcome::corrupt);
  EXPECT_EQ(decode_request_body("br", text, 1 << 20, out), DecodeOutcome::unsupported);
  EXPECT_EQ(decode_request_body("garbage", text, 1 << 20, out), DecodeOutcome::unsupported);
  EXPECT_EQ(decode_request_body("gzip, gzip", gzipped(g), 1 << 20, out), DecodeOutcome::unsupported);
  EXPECT_TRUE(out.empty());
}

TEST(ContentCoding, TheLimitAppliesToTheDecodedBody) {
  const std::string big(3 << 20, ' ');  // compresses to a few KB
  const std::string g = gzipped(big);
  ASSERT_LT(g.size(), 64u << 10);
  std::string out;
  EXPECT_EQ(decode_request_body("gzip", g, (3 << 20) - 1, out), DecodeOutcome::too_large);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(decode_request_body("gzip", g, 3 << 20, out), DecodeOutcome::ok);
  EXPECT_EQ(out.size(), big.size());
  EXPECT_EQ(decode_request_body("", big, (3 << 20) - 1, out), DecodeOutcome::too_large);
}

TEST(ContentCoding, HiddenHeadersComeBackUnderTheirNames) {
  httplib::Request req;
  req.headers.emplace("content-encoding", "gzip");
  req.headers.emplace("Accept-Encoding", "identity");
  req.headers.emplace("Accept-Encoding", "gzip");
  req.headers.emplace("X-Amz-Target", "DynamoDB_20120810.ListTables");
  hide_codings(req);
  EXPECT_FALSE(req.has_header("Content-Encoding"));
  EXPECT_FALSE(req.has_header("Accept-Encoding"));
  EXPECT_EQ(req.headers.size(), 4u);
  restore_codings(req);
  EXPECT_EQ(req.get_header_value("Content-Encoding"), "gzip");
  ASSERT_EQ(req.get_header_value_count("Accept-Encoding"), 2u);
  EXPECT_EQ(req.get_header_value("Accept-Encoding", 1), "gzip");  // order kept: the last is the one read
}

}  // namespace
}  // namespace dynemu::http
