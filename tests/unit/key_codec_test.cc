// KeyCodec: memcmp order of encodings equals DynamoDB's order (property tests), and the hash.
#include "model/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace dynemu::model {
namespace {

int sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

// SQLite's BLOB comparison: memcmp over the common length, then the shorter first.
int blob_compare(const std::string& a, const std::string& b) {
  const size_t n = std::min(a.size(), b.size());
  int c = n ? std::memcmp(a.data(), b.data(), n) : 0;
  if (c != 0) return sign(c);
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// DynamoDB orders S (as UTF-8) and B as unsigned bytes.
int unsigned_bytes_compare(const std::string& a, const std::string& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const unsigned char x = static_cast<unsigned char>(a[i]);
    const unsigned char y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

Number N(const std::string& text) {
  std::string err;
  auto n = Number::parse(text, &err);
  EXPECT_TRUE(n.has_value()) << text << ": " << err;
  return n ? *n : Number();
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  std::string utf8_string() {
    std::string s;
    const int len = uniform(0, 8);
    for (int i = 0; i < len; ++i) {
      uint32_t cp;
      switch (uniform(0, 4)) {
        case 0: cp = static_cast<uint32_t>(uniform(0x20, 0x7E)); break;
        case 1: cp = static_cast<uint32_t>(uniform(0x61, 0x63)); break;  // few letters: shared prefixes
        case 2: cp = static_cast<uint32_t>(uniform(0x80, 0x7FF)); break;
        case 3: {
          cp = static_cast<uint32_t>(uniform(0x800, 0xFFFF));
          if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xE000;  // no surrogates
          break;
        }
        default: cp = static_cast<uint32_t>(uniform(0x10000, 0x10FFFF)); break;
      }
      append_utf8(s, cp);
    }
    return s;
  }

  std::string bytes() {
    std::string s;
    const int len = uniform(0, 6);
    for (int i = 0; i < len; ++i) {
      // Bias towards the interesting edges 0x00, 0x7F/0x80, 0xFF.
      static const int edges[] = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};
      s.push_back(static_cast<char>(uniform(0, 2) == 0 ? edges[uniform(0, 5)] : uniform(0, 255)));
    }
    return s;
  }

  // A random valid DynamoDB number text across sign, exponent and digit counts.
  std::string number_text() {
    if (uniform(0, 20) == 0) return "0";
    std::string digits;
    const int count = uniform(1, 38);
    for (int i = 0; i < count; ++i) {
      // Few distinct digits so that equal prefixes and equal values happen often.
      digits.push_back(static_cast<char>('0' + (uniform(0, 3) == 0 ? uniform(0, 9) : uniform(0, 2))));
    }
    if (digits.find_first_not_of('0') == std::string::npos) digits[0] = '1';
    digits.erase(0, digits.find_first_not_of('0'));
    // value = 0.digits x 10^e, e in [-129, 126].
    int e;
    switch (uniform(0, 3)) {
      case 0: e = uniform(-129, 126); break;
      case 1: e = uniform(-3, 3); break;
      case 2: e = uniform(120, 126); break;
      default: e = uniform(-129, -124); break;
    }
    std::string text = uniform(0, 1) ? "-" : "";
    text += "0." + digits + "e" + std::to_string(e);
    return text;
  }

 private:
  std::mt19937_64 rng_;
};

TEST(KeyCodec, StringsAndBinariesAreTheirBytes) {
  EXPECT_EQ(encode_key(AttributeValue::string("héllo")), "héllo");
  EXPECT_EQ(encode_key(AttributeValue::binary(std::string("\x00\xff", 2))), std::string("\x00\xff", 2));
}

TEST(KeyCodec, NonKeyTypeIsAProgrammingError) {
  EXPECT_THROW(encode_key(AttributeValue::boolean_value(true)), std::logic_error);
}

TEST(KeyCodec, NumberEncodingExamples) {
  const std::vector<std::string> ordered = {
      "-9.9999999999999999999999999999999999999E+125", "-1E125", "-100", "-99.9", "-12.3", "-12",
      "-1.23", "-1.2", "-1", "-0.5", "-1E-130", "0", "1E-130", "0.001", "0.5", "1", "1.2", "1.23",
      "12", "12.3", "99.9", "100", "101", "1E125", "9.9999999999999999999999999999999999999E+125",
  };
  for (size_t i = 0; i < ordered.size(); ++i) {
    for (size_t j = 0; j < ordered.size(); ++j) {
      const int expected = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(blob_compare(encode_number_key(N(ordered[i])), encode_number_key(N(ordered[j]))), expected)
          << ordered[i] << " vs " << ordered[j];
    }
  }
  EXPECT_EQ(encode_number_key(N("1.0")), encode_number_key(N("1")));
  EXPECT_EQ(encode_number_key(N("-0")), encode_number_key(N("0")));
}

TEST(KeyCodecProperty, StringOrderIsUtf8ByteOrder) {
  Gen g(12345);
  std::vector<std::string> values;
  for (int i = 0; i < 3000; ++i) values.push_back(g.utf8_string());
  for (int i = 0; i < 20000; ++i) {
    const auto& a = values[static_cast<size_t>(g.uniform(0, 2999))];
    const auto& b = values[static_cast<size_t>(g.uniform(0, 2999))];
    ASSERT_EQ(blob_compare(encode_key(AttributeValue::string(a)), encode_key(AttributeValue::string(b))),
              unsigned_bytes_compare(a, b));
  }
}

TEST(KeyCodecProperty, BinaryOrderIsUnsignedByteOrder) {
  Gen g(777);
  std::vector<std::string> values;
  for (int i = 0; i < 3000; ++i) values.push_back(g.bytes());
  for (int i = 0; i < 20000; ++i) {
    const auto& a = values[static_cast<size_t>(g.uniform(0, 2999))];
    const auto& b = values[static_cast<size_t>(g.uniform(0, 2999))];
    ASSERT_EQ(blob_compare(encode_key(AttributeValue::binary(a)), encode_key(AttributeValue::binary(b))),
              unsigned_bytes_compare(a, b));
  }
}

TEST(KeyCodecProperty, NumberOrderIsNumericOrder) {
  Gen g(2024);
  std::vector<Number> values;
  for (int i = 0; i < 4000; ++i) values.push_back(N(g.number_text()));
  // Also derived neighbours: prefixes and extensions of existing digit strings.
  for (int i = 0; i < 1000; ++i) {
    const Number& base = values[static_cast<size_t>(i)];
    if (base.is_zero() || base.digits().size() < 2) continue;
    std::string t = std::string(base.negative() ? "-" : "") + "0." +
                    base.digits().substr(0, base.digits().size() - 1) + "e" + std::to_string(base.exponent());
    values.push_back(N(t));
  }
  std::vector<std::string> encoded;
  for (const auto& v : values) encoded.push_back(encode_key(AttributeValue::number(v)));
  for (int i = 0; i < 50000; ++i) {
    const size_t x = static_cast<size_t>(g.uniform(0, static_cast<int>(values.size()) - 1));
    const size_t y = static_cast<size_t>(g.uniform(0, static_cast<int>(values.size()) - 1));
    ASSERT_EQ(blob_compare(encoded[x], encoded[y]), sign(values[x].compare(values[y])))
        << values[x].to_string() << " vs " << values[y].to_string();
  }
  // Sorting by encoding gives numeric order.
  std::vector<size_t> idx(values.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return blob_compare(encoded[a], encoded[b]) < 0; });
  for (size_t i = 1; i < idx.size(); ++i) ASSERT_LE(values[idx[i - 1]].compare(values[idx[i]]), 0);
}

TEST(KeyCodecProperty, TupleOrderIsValueByValueOrderAndPrefixFree) {
  // Tuples of (S, N, B) with short values drawn from small pools, so equal leading values, prefixes
  // ("a" / "ab"), embedded zero bytes and numeric neighbours all occur.
  const std::vector<std::string> strings = {"", "a", "ab", "b", std::string("a\0", 2), std::string("a\0b", 3),
                                            "\xC3\xA9", "zz"};
  const std::vector<std::string> numbers = {"-10", "-1.5", "-1", "-0.15", "0", "0.15", "1", "1.5", "10", "100"};
  const std::vector<std::string> binaries = {"", std::string("\0", 1), std::string("\0\0", 2),
                                             std::string("\0\x01", 2), "\x01", "\xFF", "\xFF\xFF"};
  struct Tuple {
    size_t s, n, b;
    std::vector<AttributeValue> values;
    std::string encoded;
  };
  std::vector<Tuple> tuples;
  for (size_t s = 0; s < strings.size(); ++s)
    for (size_t n = 0; n < numbers.size(); ++n)
      for (size_t b = 0; b < binaries.size(); ++b) {
        Tuple t{s, n, b, {AttributeValue::string(strings[s]), AttributeValue::number(N(numbers[n])),
                          AttributeValue::binary(binaries[b])}, ""};
        t.encoded = encode_key_tuple({&t.values[0], &t.values[1], &t.values[2]});
        tuples.push_back(std::move(t));
      }
  auto expected = [&](const Tuple& x, const Tuple& y) {
    if (int c = unsigned_bytes_compare(strings[x.s], strings[y.s])) return c;
    if (int c = sign(x.values[1].n.compare(y.values[1].n))) return c;
    return unsigned_bytes_compare(binaries[x.b], binaries[y.b]);
  };
  for (const auto& x : tuples)
    for (const auto& y : tuples) {
      ASSERT_EQ(blob_compare(x.encoded, y.encoded), expected(x, y))
          << x.s << "," << x.n << "," << x.b << " vs " << y.s << "," << y.n << "," << y.b;
      // Prefix-free: a tuple's encoding starts with another's only when they are equal.
      if (x.encoded.size() < y.encoded.size()) {
        ASSERT_NE(y.encoded.compare(0, x.encoded.size(), x.encoded), 0);
      }
    }
  // begins_with on a component: the escaped prefix is a byte prefix of exactly the matching values.
  for (const auto& prefix : strings) {
    std::string p;
    append_key_component_prefix(p, AttributeValue::string(prefix));
    for (const auto& value : strings) {
      std::string v;
      append_key_component(v, AttributeValue::string(value));
      const bool matches = value.compare(0, prefix.size(), prefix) == 0;
      ASSERT_EQ(v.compare(0, p.size(), p) == 0, matches) << "prefix " << prefix.size() << " value " << value.size();
      ASSERT_EQ(v >= p && (prefix_successor(p).empty() || v < prefix_successor(p)), matches);
    }
  }
}

TEST(PartitionHash, StableAndSpread) {
  const uint64_t empty = partition_hash("");
  EXPECT_EQ(empty, partition_hash(""));
  EXPECT_EQ(partition_hash("user#1"), partition_hash(std::string("user#1")));
  EXPECT_NE(partition_hash("user#1"), partition_hash("user#2"));
  // Nearby keys land all over the range: the top bits take many values.
  std::set<uint64_t> top;
  for (int i = 0; i < 1000; ++i) top.insert(partition_hash("k" + std::to_string(i)) >> 60);
  EXPECT_EQ(top.size(), 16u);
  // Golden values (FNV-1a 64 + splitmix64 finalizer, checked independently) so that a change of
  // algorithm, which would reorder scans of existing databases, is noticed.
  EXPECT_EQ(partition_hash("a"), 198367012849983736ULL);
  EXPECT_EQ(empty, 17665956581633026203ULL);
}

}  // namespace
}  // namespace dynemu::model
