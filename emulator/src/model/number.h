// Number: DynamoDB's N type, an exact decimal.
//
// Contract:
//  - Up to 38 significant digits; non-zero magnitudes from 1E-130 up to 9.99...E+125.
//  - Never converted through double: value = (negative ? -1 : 1) * 0.d1d2d3... * 10^exponent,
//    held as a digit string without leading or trailing zeros (empty digits == zero).
//  - to_string() is DynamoDB's canonical text for the value (what GetItem returns).
//  - parse() reports DynamoDB's own ValidationException messages through `error`.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace dynemu::model {

class Number {
 public:
  Number() = default;  // zero

  // Parses DynamoDB number text ("-12.50", "1e3", "  5" is invalid). On failure returns nullopt and
  // sets *error to DynamoDB's message, e.g. "The parameter cannot be converted to a numeric value: abc",
  // "Attempting to store more than 38 significant digits in a Number",
  // "Number overflow. Attempting to store a number with magnitude larger than supported range",
  // "Number underflow. Attempting to store a number with magnitude smaller than supported range".
  static std::optional<Number> parse(std::string_view text, std::string* error);

  std::string to_string() const;
  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }
  const std::string& digits() const { return digits_; }  // significant digits, '1'..'9' first and last
  int exponent() const { return exponent_; }             // value = 0.digits * 10^exponent

  // Numeric comparison: <0, 0, >0.
  int compare(const Number& other) const;
  bool operator==(const Number& o) const { return compare(o) == 0; }
  bool operator<(const Number& o) const { return compare(o) < 0; }

  // Exact arithmetic for UpdateExpression SET a = a + :x and ADD. Returns nullopt with DynamoDB's
  // overflow/underflow/precision message in *error when the result cannot be stored.
  static std::optional<Number> add(const Number& a, const Number& b, std::string* error);
  static std::optional<Number> subtract(const Number& a, const Number& b, std::string* error);

  // Bytes this number counts for in DynamoDB's item size: (significant digits + 1) / 2 + 1, roughly.
  size_t storage_size() const;

 private:
  // 0.<digits> x 10^point, its leading and trailing zeros dropped, or the error for a value
  // outside what DynamoDB stores (too many significant digits, exponent out of range).
  static std::optional<Number> normalized(bool negative, const std::string& digits, int64_t point,
                                          std::string* error);

  bool negative_ = false;
  std::string digits_;
  int exponent_ = 0;
};

}  // namespace dynemu::model
