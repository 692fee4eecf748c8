// The codecs under export and import (transfer/transfer.h): MD5, gzip and zstd, ION text both
// ways, DynamoDB JSON / ION / CSV records, and the S3 names allowed to become paths.
#include <zstd.h>

#include <gtest/gtest.h>

#include "model/json_codec.h"
#include "transfer/transfer.h"

namespace dynemu::transfer {
namespace {

std::vector<std::optional<std::string>> records(const std::string& text, const std::string& format,
                                                const CsvOptions& csv = {},
                                                const std::vector<std::pair<std::string, std::string>>& keys = {}) {
  std::vector<std::optional<std::string>> out;
  read_records(text, format, csv, keys, [&out](std::optional<std::string>&& r) { out.push_back(std::move(r)); });
  return out;
}

TEST(TransferCodecs, Md5MatchesTheRfcVectors) {
  EXPECT_EQ(model::hex_encode(md5_digest("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(model::hex_encode(md5_digest("abc")), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(model::hex_encode(md5_digest("12345678901234567890123456789012345678901234567890123456789012345678901234567890")),
            "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(TransferCodecs, GzipRoundTripsAndRefusesGarbage) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"Item\":{\"id\":{\"S\":\"" + std::to_string(i) + "\"}}}\n";
  const std::string packed = gzip_compress(text);
  EXPECT_LT(packed.size(), text.size() / 4);
  EXPECT_EQ(gzip_decompress(packed), text);
  EXPECT_EQ(gzip_decompress(packed + packed), text + text);  // concatenated members
  EXPECT_FALSE(gzip_decompress("not gzip at all"));
  EXPECT_FALSE(gzip_decompress(packed.substr(0, packed.size() / 2)));
}

TEST(TransferCodecs, ZstdDecompressesFramesAndRefusesGarbage) {
  const std::string text(100000, 'z');
  std::string frame(ZSTD_compressBound(text.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), text.data(), text.size(), 3));
  EXPECT_EQ(zstd_decompress(frame), text);
  EXPECT_EQ(zstd_decompress(frame + frame), text + text);
  EXPECT_FALSE(zstd_decompress("definitely not zstd"));
}

TEST(TransferCodecs, IonWritesEveryTypeAndReadsItBack) {
  const std::string json =
      R"({"b":{"B":"AAEC"},"bs":{"BS":["AQ==","Ag=="]},"f":{"BOOL":false},"l":{"L":[{"S":"x"},{"N":"2"}]},)"
      R"("m":{"M":{"in ner":{"S":"q\"uo\\te"}}},"n":{"N":"-12.5"},"big":{"N":"1E+40"},"nul":{"NULL":true},)"
      R"("ns":{"NS":["1","2.5"]},"s":{"S":"h\u00e9llo\nthere"},"ss":{"SS":["a","b"]},"t":{"BOOL":true}})";
  const model::Item item = model::item_from_json(json);
  std::string ion;
  write_ion_item(item, ion);
  EXPECT_NE(ion.find("ss:$dynamodb_SS::[\"a\",\"b\"]"), std::string::npos) << ion;
  EXPECT_NE(ion.find("'in ner':"), std::string::npos) << ion;
  EXPECT_NE(ion.find("n:-12.5"), std::string::npos) << ion;
  EXPECT_NE(ion.find("b:{{AAEC}}"), std::string::npos) << ion;
  const auto read = records("$ion_1_0 " + ion + "\n", "ION");
  ASSERT_EQ(read.size(), 1u);
  ASSERT_TRUE(read[0]);
  rapidjson::Document d;
  d.Parse(read[0]->c_str());
  EXPECT_TRUE(model::decode_item(d) == item) << *read[0];
}

TEST(TransferCodecs, IonReaderAcceptsIntsFloatsCommentsAndCountsBadValues) {
  const auto read = records("$ion_1_0\n// a comment\n{Item:{id:\"a\",n:7,f:2.5e3,d:3d-1}}\n{Item:{id:}}\n"
                            "{Item:{id:\"c\", /* inline */ x:null.string}}\n",
                            "ION");
  ASSERT_EQ(read.size(), 3u);
  ASSERT_TRUE(read[0]);
  EXPECT_EQ(*read[0], R"({"id":{"S":"a"},"n":{"N":"7"},"f":{"N":"2.5e3"},"d":{"N":"3e-1"}})");
  EXPECT_FALSE(read[1]);
  ASSERT_TRUE(read[2]);
  EXPECT_EQ(*read[2], R"({"id":{"S":"c"},"x":{"NULL":true}})");
}

// Found by import_fuzzer: a comment left open between values escaped read_records as an exception.
TEST(TransferCodecs, IonCommentLeftOpenBetweenValuesIsOneError) {
  auto read = records("/* never closed", "ION");
  ASSERT_EQ(read.size(), 1u);
  EXPECT_FALSE(read[0]);
  read = records("{Item:{id:\"a\"}}\n/* never closed\n{Item:{id:\"b\"}}", "ION");
  ASSERT_EQ(read.size(), 2u);
  EXPECT_TRUE(read[0]);
  EXPECT_FALSE(read[1]);
  // The CI fuzz run's input: a bad value, then a version marker, then a comment left open where the
  // reader looks for the next value (scripts/fuzz/corpus/import/regression_open_comment_at_end).
  read = records("]l\n$ion_1_0\n/**", "ION");
  ASSERT_FALSE(read.empty());
  for (const auto& r : read) EXPECT_FALSE(r);
}

TEST(TransferCodecs, DynamoDbJsonLinesCountEachBadLine) {
  const auto read = records("{\"Item\":{\"id\":{\"S\":\"1\"}}}\n\nnot json\n{\"Other\":{}}\n{\"Item\":{}}", "DYNAMODB_JSON");
  ASSERT_EQ(read.size(), 4u);
  EXPECT_EQ(read[0], std::optional<std::string>(R"({"id":{"S":"1"}})"));
  EXPECT_FALSE(read[1]);
  EXPECT_FALSE(read[2]);
  EXPECT_EQ(read[3], std::optional<std::string>("{}"));
}

TEST(TransferCodecs, CsvTypesKeysFromDefinitionsAndQuotes) {
  const auto read = records("id,n,note\n1,5,\"a, \"\"quoted\"\" note\"\n2,,\r\n3,4,x,extra\n", "CSV", {},
                            {{"id", "N"}});
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0], std::optional<std::string>(R"({"id":{"N":"1"},"n":{"S":"5"},"note":{"S":"a, \"quoted\" note"}})"));
  EXPECT_EQ(read[1], std::optional<std::string>(R"({"id":{"N":"2"}})"));
  EXPECT_FALSE(read[2]);  // more fields than the header names
  CsvOptions pipes;
  pipes.delimiter = '|';
  pipes.header = {"pk", "v"};
  const auto piped = records("a|b\n", "CSV", pipes);
  ASSERT_EQ(piped.size(), 1u);
  EXPECT_EQ(piped[0], std::optional<std::string>(R"({"pk":{"S":"a"},"v":{"S":"b"}})"));
}

TEST(TransferCodecs, BucketNamesFollowS3Rules) {
  for (const char* good : {"abc", "my-bucket.data", "a1b2c3", "0bucket9"}) EXPECT_TRUE(valid_bucket_name(good)) << good;
  for (const char* bad : {"ab", "Upper", "-start", "end-", "a..b", "192.168.1.1", "has_underscore", "xn--punycode",
                          "a/b", ".."})
    EXPECT_FALSE(valid_bucket_name(bad)) << bad;
  EXPECT_EQ(std::string(64, 'a').size(), 64u);
  EXPECT_FALSE(valid_bucket_name(std::string(64, 'a')));
}

TEST(TransferCodecs, KeysWithDotSegmentsNeverBecomePaths) {
  EXPECT_EQ(key_segments("a//b/c.json"), (std::optional<std::vector<std::string>>{{"a", "b", "c.json"}}));
  EXPECT_EQ(key_segments("/abs/x"), (std::optional<std::vector<std::string>>{{"abs", "x"}}));
  for (const char* bad : {"../x", "a/../../etc", "a/./b", "a\\b", ".."}) EXPECT_FALSE(key_segments(bad)) << bad;
  EXPECT_FALSE(key_segments(std::string("a\0b", 3)));
  EXPECT_FALSE(bucket_directory("", "bucket"));
}

}  // namespace
}  // namespace dynemu::transfer
