// KeyCodec: order-preserving byte encodings of key attribute values.
//
// Contract: for two values a, b of the same key type (S, N or B), memcmp order of encode_key(a) and
// encode_key(b) equals DynamoDB's order of a and b: S and B bytewise (UTF-8 bytes for S), N numerically.
// SQLite compares BLOBs with memcmp, so key conditions on the sort key become index range scans.
// The encoding is internal to the store: it is never shown on the wire.
#pragma once
#include <cstdint>
#include <string>

#include "model/attribute_value.h"

namespace dynemu::model {

// Encodes an S, N or B value. Other types are a programming error (the API validates first).
std::string encode_key(const AttributeValue& v);
std::string encode_number_key(const Number& n);

// A stable 64-bit hash of an encoded partition key, used for scan order and parallel-scan segments.
uint64_t partition_hash(const std::string& encoded_pk);

}  // namespace dynemu::model
