// libFuzzer target: DynamoDB number parsing, arithmetic and the order-preserving key encoding.
//
// Input: two number texts separated by the first '\n'. Each text either parses (then its canonical
// text must parse back to an equal number) or is refused with a message. For two parsed numbers,
// memcmp order of their key encodings must equal Number::compare, and a + b - b, when both steps
// are representable, must equal a. A crash, a sanitizer report or a broken property is a bug.
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "model/key_codec.h"
#include "model/number.h"

namespace {

using dynemu::model::Number;

int sign(int v) { return (v > 0) - (v < 0); }

std::optional<Number> parse_checked(std::string_view text) {
  std::string error;
  std::optional<Number> n = Number::parse(text, &error);
  if (!n) {
    if (error.empty()) __builtin_trap();  // a refusal always says why
    return n;
  }
  std::string again_error;
  std::optional<Number> again = Number::parse(n->to_string(), &again_error);
  if (!again || !(*again == *n) || again->to_string() != n->to_string()) __builtin_trap();
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  std::optional<Number> a = parse_checked(input.substr(0, newline));
  if (newline == std::string_view::npos || !a) return 0;
  std::optional<Number> b = parse_checked(input.substr(newline + 1));
  if (!b) return 0;
  const std::string ka = dynemu::model::encode_number_key(*a), kb = dynemu::model::encode_number_key(*b);
  const int bytes = std::memcmp(ka.data(), kb.data(), std::min(ka.size(), kb.size()));
  const int key_order = bytes != 0 ? sign(bytes) : sign(static_cast<int>(ka.size()) - static_cast<int>(kb.size()));
  if (key_order != sign(a->compare(*b))) __builtin_trap();
  // When the exact sum fits in 38 digits (with a carry digit to spare), a + b - b is exactly a.
  const auto top = [](const Number& n) { return n.exponent(); };
  const auto bottom = [](const Number& n) { return n.exponent() - static_cast<int>(n.digits().size()); };
  const int span = std::max(top(*a), top(*b)) - std::min(bottom(*a), bottom(*b));
  std::string error;
  if (std::optional<Number> sum = Number::add(*a, *b, &error)) {
    std::optional<Number> back = Number::subtract(*sum, *b, &error);
    if (span <= 37 && (!back || !(*back == *a))) __builtin_trap();
  }
  return 0;
}
