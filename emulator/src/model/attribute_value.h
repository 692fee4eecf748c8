// AttributeValue and Item: DynamoDB's data model in memory.
//
// Contract:
//  - Exactly one type per value. S holds UTF-8 text; B holds raw bytes (base64 only on the wire);
//    N holds a parsed Number; sets hold distinct members (NS members as Numbers, kept in canonical text
//    order for stable output; SS/BS in insertion order as received).
//  - Item is a map from attribute name to value. Items are passed by value or const reference;
//    nothing here touches JSON or SQL (see json_codec.h, key_codec.h).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/number.h"

namespace dynemu::model {

enum class AttrType : uint8_t { S, N, B, BOOL, NUL, M, L, SS, NS, BS };

// The wire name of a type: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
const char* type_name(AttrType t);

struct AttributeValue;
using Item = std::map<std::string, AttributeValue>;

struct AttributeValue {
  AttrType type = AttrType::NUL;
  std::string s;                    // S: UTF-8 text; B: raw bytes
  Number n;                         // N
  bool boolean = false;             // BOOL (NULL is always true on the wire)
  std::vector<std::string> strings; // SS members (UTF-8) or BS members (raw bytes)
  std::vector<Number> numbers;      // NS members
  std::vector<AttributeValue> list; // L
  std::shared_ptr<Item> map;        // M (shared_ptr because Item is incomplete here)

  static AttributeValue string(std::string v);
  static AttributeValue number(Number v);
  static AttributeValue binary(std::string bytes);
  static AttributeValue boolean_value(bool v);
  static AttributeValue null();
  static AttributeValue list_of(std::vector<AttributeValue> v);
  static AttributeValue map_of(Item v);

  // Deep equality with DynamoDB semantics: sets compare as unordered collections, numbers numerically.
  bool operator==(const AttributeValue& other) const;
  bool operator!=(const AttributeValue& other) const { return !(*this == other); }
};

// DynamoDB's size of one attribute value / of a whole item (names included), in bytes, as used for
// the 400 KB item limit and capacity units. See the developer guide "Item sizes and formats".
size_t attribute_size(const AttributeValue& v);
size_t item_size(const Item& item);

}  // namespace dynemu::model
