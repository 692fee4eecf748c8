// KeyCodec: order-preserving byte encodings of key attribute values.
//
// Contract: for two values a, b of the same key type (S, N or B), memcmp order of encode_key(a) and
// encode_key(b) equals DynamoDB's order of a and b: S and B bytewise (UTF-8 bytes for S), N numerically.
// SQLite compares BLOBs with memcmp, so key conditions on the sort key become index range scans.
// The encoding is internal to the store: it is never shown on the wire.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace dynemu::model {

// Encodes an S, N or B value. Other types are a programming error (the API validates first).
std::string encode_key(const AttributeValue& v);
std::string encode_number_key(const Number& n);

// Multi-attribute keys (a GSI's HASH or RANGE attributes, up to four each). encode_key_tuple
// concatenates one self-delimiting encoding per value, so memcmp order of two tuples of the same
// types is their lexicographic order, value by value, each by its own type; and no tuple's encoding
// is a proper prefix of another's, so "the first k values equal these" is a byte-prefix range:
//   S, B: the bytes with 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x01;
//   N:    encode_number_key, plus a 0x00 terminator after a positive value's digits.
std::string encode_key_tuple(const std::vector<const AttributeValue*>& values);
void append_key_component(std::string& out, const AttributeValue& v);
// The escaped bytes of an S or B value without its terminator: every component whose value
// begins with `prefix` starts with these bytes (begins_with on a tuple's last given value).
void append_key_component_prefix(std::string& out, const AttributeValue& prefix);

// The smallest byte string greater than every string starting with `prefix`, or "" when none
// exists (all 0xFF): then a prefix range is open-ended.
std::string prefix_successor(std::string prefix);

// A stable 64-bit hash of an encoded partition key, used for scan order and parallel-scan segments.
uint64_t partition_hash(const std::string& encoded_pk);

}  // namespace dynemu::model
