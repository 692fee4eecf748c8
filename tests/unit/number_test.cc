// Number: parsing, normalization, limits and their messages, comparison, exact arithmetic, size.
#include "model/number.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dynemu::model {
namespace {

const std::string kNotNumeric = "The parameter cannot be converted to a numeric value";
const std::string kDigits = "Attempting to store more than 38 significant digits in a Number";
const std::string kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const std::string kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

Number N(const std::string& text) {
  std::string err;
  auto n = Number::parse(text, &err);
  EXPECT_TRUE(n.has_value()) << text << ": " << err;
  return n ? *n : Number();
}

struct Canon {
  const char* in;
  const char* out;
};

TEST(NumberParse, NormalizesToDynamoDbCanonicalText) {
  const std::vector<Canon> cases = {
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"0.000", "0"},
      {"-0.0e10", "0"},
      {"00012", "12"},
      {"1.50", "1.5"},
      {"1e2", "100"},
      {"1E2", "100"},
      {"1e+2", "100"},
      {"+1e2", "100"},
      {"1.5E+3", "1500"},
      {"+5", "5"},
      {"+1.5", "1.5"},
      {"-7", "-7"},
      {"0.00100", "0.001"},
      {".5", "0.5"},
      {"5.", "5"},
      {"-.25", "-0.25"},
      {"1E-5", "0.00001"},
      {"123.456e1", "1234.56"},
      {"123.456e-1", "12.3456"},
      {"123.456e3", "123456"},
      {"123.456e-3", "0.123456"},
      {"1000000000000000000000000000000000000000", "1000000000000000000000000000000000000000"},
      {"1.00000000000000007629769841092E+50", "100000000000000007629769841092000000000000000000000"},
      {"-12.340", "-12.34"},
      {"99999999999999999999999999999999999999", "99999999999999999999999999999999999999"},
      {"0e999", "0"},
  };
  for (const auto& c : cases) EXPECT_EQ(N(c.in).to_string(), c.out) << c.in;
}

TEST(NumberParse, LargeAndSmallExponentsArePlain) {
  EXPECT_EQ(N("1E+100").to_string(), "1" + std::string(100, '0'));
  EXPECT_EQ(N("9.9999999999999999999999999999999999999E+125").to_string(),
            std::string(38, '9') + std::string(88, '0'));
  EXPECT_EQ(N("1E-130").to_string(), "0." + std::string(129, '0') + "1");
  EXPECT_EQ(N("-1E-130").to_string(), "-0." + std::string(129, '0') + "1");
}

TEST(NumberParse, DigitsAndExponentAccessors) {
  Number n = N("-123.45");
  EXPECT_TRUE(n.negative());
  EXPECT_EQ(n.digits(), "12345");
  EXPECT_EQ(n.exponent(), 3);
  Number z = N("-0");
  EXPECT_TRUE(z.is_zero());
  EXPECT_FALSE(z.negative());
  Number small = N("0.0012");
  EXPECT_EQ(small.digits(), "12");
  EXPECT_EQ(small.exponent(), -2);
}

struct Bad {
  std::string in;
  std::string message;
};

TEST(NumberParse, RejectsWithDynamoDbMessages) {
  const std::vector<Bad> cases = {
      {"", kNotNumeric},
      {"b", kNotNumeric + ": b"},
      {"abc", kNotNumeric + ": abc"},
      {" 5", kNotNumeric + ":  5"},
      {"5 ", kNotNumeric + ": 5 "},
      {"NaN", kNotNumeric + ": NaN"},
      {"Infinity", kNotNumeric + ": Infinity"},
      {"-Infinity", kNotNumeric + ": -Infinity"},
      {"0x10", kNotNumeric + ": 0x10"},
      {".", kNotNumeric + ": ."},
      {"1e", kNotNumeric + ": 1e"},
      {"1e+", kNotNumeric + ": 1e+"},
      {"e5", kNotNumeric + ": e5"},
      {"+", kNotNumeric + ": +"},
      {"-", kNotNumeric + ": -"},
      {"++1", kNotNumeric + ": ++1"},
      {"1.2.3", kNotNumeric + ": 1.2.3"},
      {"1,5", kNotNumeric + ": 1,5"},
      {"12e", kNotNumeric + ": 12e"},
      {"1e99999999999", kNotNumeric + ": 1e99999999999"},
      {"123456789012345678901234567890123456789", kDigits},
      {"-1.23456789012345678901234567890123456789", kDigits},
      {"1e126", kOverflow},
      {"-1e126", kOverflow},
      {"10E125", kOverflow},
      {"1e-131", kUnderflow},
      {"-1e-131", kUnderflow},
      {"0.1E-130", kUnderflow},
  };
  for (const auto& c : cases) {
    std::string err;
    EXPECT_FALSE(Number::parse(c.in, &err).has_value()) << c.in;
    EXPECT_EQ(err, c.message) << c.in;
  }
}

TEST(NumberParse, LimitsAreInclusive) {
  EXPECT_EQ(N("9.9999999999999999999999999999999999999E+125").digits().size(), 38u);
  EXPECT_EQ(N("-9.9999999999999999999999999999999999999E+125").exponent(), 126);
  EXPECT_EQ(N("1E-130").exponent(), -129);
  EXPECT_EQ(N("1E125").exponent(), 126);
  // 38 significant digits is fine; trailing zeros of an integer are not significant.
  N("12345678901234567890123456789012345678");
  N("1234567890123456789012345678901234567800000");
  N("0.00000000000000000000000000000000000000000012345678901234567890123456789012345678");
  N("110111111111111110000000000000000000000");
  // Leading and trailing zeros do not count either.
  N("000000000012345678901234567890123456789012345678.000000000");
}

TEST(NumberParse, NullErrorPointerIsAllowed) {
  EXPECT_FALSE(Number::parse("x", nullptr).has_value());
  EXPECT_TRUE(Number::parse("1", nullptr).has_value());
}

struct Cmp {
  const char* a;
  const char* b;
  int expected;
};

TEST(NumberCompare, Numeric) {
  const std::vector<Cmp> cases = {
      {"1", "1.0", 0},        {"0", "-0", 0},         {"1", "2", -1},         {"2", "10", -1},
      {"-2", "-10", 1},       {"-1", "1", -1},        {"0", "0.0001", -1},    {"0", "-0.0001", 1},
      {"0.12", "0.123", -1},  {"-0.12", "-0.123", 1}, {"100", "99.999", 1},   {"1e125", "9e124", 1},
      {"1e-130", "0", 1},     {"-1e-130", "0", -1},   {"123", "1.23e2", 0},   {"5", "5.000001", -1},
      {"-5", "-5.000001", 1}, {"1E+100", "1E+99", 1}, {"0.1", "0.09", 1},     {"101", "11", 1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(N(c.a).compare(N(c.b)), c.expected) << c.a << " vs " << c.b;
    EXPECT_EQ(N(c.b).compare(N(c.a)), -c.expected) << c.b << " vs " << c.a;
  }
  EXPECT_TRUE(N("1.0") == N("1"));
  EXPECT_TRUE(N("1") < N("1.5"));
}

struct Arith {
  const char* a;
  const char* b;
  const char* sum;         // a + b, or nullptr if it fails
  const char* difference;  // a - b, or nullptr if it fails
};

TEST(NumberArithmetic, ExactAddAndSubtract) {
  const std::vector<Arith> cases = {
      {"1", "2", "3", "-1"},
      {"0.1", "0.2", "0.3", "-0.1"},
      {"0.3", "0.1", "0.4", "0.2"},
      {"-5", "5", "0", "-10"},
      {"0", "0", "0", "0"},
      {"0", "-7.5", "-7.5", "7.5"},
      {"99", "1", "100", "98"},
      {"1000", "-0.001", "999.999", "1000.001"},
      {"100000000000000000000.00000001", "1", "100000000000000000001.00000001",
       "99999999999999999999.00000001"},
      {"99999999999999999999999999999999999999", "1", "100000000000000000000000000000000000000",
       "99999999999999999999999999999999999998"},
      {"1e100", "1e100", "2" /* x 10^100 */, "0"},
      {"-1.5", "-2.5", "-4", "1"},
      {"12345678901234567890", "-12345678901234567890", "0", "24691357802469135780"},
  };
  for (const auto& c : cases) {
    std::string err;
    auto s = Number::add(N(c.a), N(c.b), &err);
    ASSERT_TRUE(s.has_value()) << c.a << " + " << c.b << ": " << err;
    if (std::string(c.a) == "1e100") {
      EXPECT_EQ(s->to_string(), "2" + std::string(100, '0'));
    } else {
      EXPECT_EQ(s->to_string(), c.sum) << c.a << " + " << c.b;
    }
    auto d = Number::subtract(N(c.a), N(c.b), &err);
    ASSERT_TRUE(d.has_value()) << c.a << " - " << c.b << ": " << err;
    EXPECT_EQ(d->to_string(), c.difference) << c.a << " - " << c.b;
  }
}

TEST(NumberArithmetic, ResultLimits) {
  std::string err;
  const Number max = N("9.9999999999999999999999999999999999999E+125");
  EXPECT_FALSE(Number::add(max, N("1E+125"), &err).has_value());
  EXPECT_EQ(err, kOverflow);
  EXPECT_FALSE(Number::subtract(N("-9.9999999999999999999999999999999999999E+125"), N("1E+125"), &err));
  EXPECT_EQ(err, kOverflow);
  // Adding a tiny number to the maximum needs more than 38 digits: not rounded, rejected.
  EXPECT_FALSE(Number::add(max, N("1E+80"), &err).has_value());
  EXPECT_EQ(err, kDigits);
  EXPECT_FALSE(Number::add(N("1E37"), N("0.1"), &err).has_value());
  EXPECT_EQ(err, kDigits);
  // 1.1E-129 - 1.05E-129 = 5E-131: underflow.
  EXPECT_FALSE(Number::subtract(N("1.1E-129"), N("1.05E-129"), &err).has_value());
  EXPECT_EQ(err, kUnderflow);
  // Exactly the 38-digit boundary is fine.
  auto ok = Number::add(N("1E37"), N("1"), &err);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->to_string(), "10000000000000000000000000000000000001");
  EXPECT_EQ(ok->digits().size(), 38u);
}

struct Size {
  const char* literal;
  size_t bytes;
};

TEST(NumberSize, MatchesBytesMeasuredAgainstDynamoDb) {
  // Literals and byte counts measured against DynamoDB (eu-west-2) at the 400 KB gate, recorded in
  // paritysuite/dynamodb-conformance.
  const std::vector<Size> cases = {
      {"0", 1},        {"1", 2},      {"12", 2},      {"123", 3},
      {"1234", 3},     {"12345678901234567890123456789012345678", 20},
      {"0042", 2},     {"100", 2},    {"1010", 3},    {"0.0000001", 2},
      {"1E125", 2},    {"1E-100", 2}, {"1.5", 3},     {"15", 2},
      {"1.2", 3},      {"1.200", 3},  {"1.234", 4},   {"3.14159", 5},
      {"123456", 4},   {"100.5", 4},  {"0.15", 2},    {"-42", 3},
      {"-0", 1},
  };
  for (const auto& c : cases) EXPECT_EQ(N(c.literal).storage_size(), c.bytes) << c.literal;
}

}  // namespace
}  // namespace dynemu::model
