// KeyCodec: order-preserving key encodings (see key_codec.h).
//
// S: the UTF-8 bytes; B: the raw bytes. DynamoDB orders both as unsigned bytes, which is memcmp.
//
// N: one class byte, then (for non-zero values) one exponent byte and the digits:
//   negative: 0x01, 0xFF - (exponent + 129), then per digit '9' - d, then 0xFF
//   zero:     0x02
//   positive: 0x03, exponent + 129, then per digit '0' + d
// where value = 0.d1d2...dn x 10^exponent with d1 != 0 and dn != 0, exponent in [-129, 126], so the
// biased exponent fits one byte. For positives with the same exponent the digit strings compare
// lexicographically and a proper prefix is the smaller value (0.12 < 0.123), which is exactly
// memcmp's rule, so no terminator is needed. Negatives mirror everything: a larger magnitude must
// sort first, so exponent and digits are complemented, and the terminator 0xFF (above every
// complemented digit) makes the shorter of two prefix-related digit strings sort last
// (-0.12 > -0.123).
#include "model/key_codec.h"

#include <stdexcept>

namespace dynemu::model {

std::string encode_number_key(const Number& n) {
  std::string out;
  if (n.is_zero()) {
    out.push_back('\x02');
    return out;
  }
  const int biased = n.exponent() + 129;  // 0..255 for valid numbers
  const auto& digits = n.digits();
  out.reserve(digits.size() + 3);
  if (n.negative()) {
    out.push_back('\x01');
    out.push_back(static_cast<char>(static_cast<unsigned char>(255 - biased)));
    for (char d : digits) out.push_back(static_cast<char>('9' - (d - '0')));
    out.push_back('\xFF');
  } else {
    out.push_back('\x03');
    out.push_back(static_cast<char>(static_cast<unsigned char>(biased)));
    out += digits;
  }
  return out;
}

std::string encode_key(const AttributeValue& v) {
  switch (v.type) {
    case AttrType::S:
    case AttrType::B:
      return v.s;
    case AttrType::N:
      return encode_number_key(v.n);
    default:
      throw std::logic_error(std::string("encode_key: not a key type: ") + type_name(v.type));
  }
}

void append_key_component_prefix(std::string& out, const AttributeValue& prefix) {
  for (char c : prefix.s) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xFF');
  }
}

void append_key_component(std::string& out, const AttributeValue& v) {
  switch (v.type) {
    case AttrType::S:
    case AttrType::B:
      append_key_component_prefix(out, v);
      // Below every continuation (a non-zero byte, or 0x00 0xFF): a shorter value sorts first.
      out.push_back('\0');
      out.push_back('\x01');
      return;
    case AttrType::N:
      out += encode_number_key(v.n);
      // Positive digits are ASCII digits, so 0x00 ends them below any further digit; negative
      // encodings already end in 0xFF and zero is one byte.
      if (!v.n.is_zero() && !v.n.negative()) out.push_back('\0');
      return;
    default:
      throw std::logic_error(std::string("append_key_component: not a key type: ") + type_name(v.type));
  }
}

std::string encode_key_tuple(const std::vector<const AttributeValue*>& values) {
  std::string out;
  for (const AttributeValue* v : values) append_key_component(out, *v);
  return out;
}

std::string prefix_successor(std::string prefix) {
  while (!prefix.empty()) {
    auto last = static_cast<unsigned char>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

uint64_t partition_hash(const std::string& encoded_pk) {
  // FNV-1a 64, then the splitmix64 finalizer so that nearby keys spread over the whole range
  // (parallel-scan segments are contiguous ranges of this value).
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : encoded_pk) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

}  // namespace dynemu::model
