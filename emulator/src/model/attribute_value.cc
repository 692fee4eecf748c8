// AttributeValue helpers, equality and DynamoDB item size (see attribute_value.h).
//
// Sizes follow the developer guide, "DynamoDB item sizes and formats":
//  - S: UTF-8 bytes; B: raw bytes; N: Number::storage_size(); BOOL and NULL: 1 byte.
//  - L and M: 3 bytes of overhead, plus 1 byte per element, plus the elements' sizes; a map element's
//    size includes its name's UTF-8 length ("The size of an empty List or Map is ... + (3 bytes)";
//    "Each List or Map element also requires 1 additional byte"). dynalite sizes them the same way.
//  - Sets: the sum of their members' sizes.
//  - Item: sum over attributes of (name UTF-8 length + value size).
#include "model/attribute_value.h"

#include <algorithm>

namespace dynemu::model {

const char* type_name(AttrType t) {
  switch (t) {
    case AttrType::S: return "S";
    case AttrType::N: return "N";
    case AttrType::B: return "B";
    case AttrType::BOOL: return "BOOL";
    case AttrType::NUL: return "NULL";
    case AttrType::M: return "M";
    case AttrType::L: return "L";
    case AttrType::SS: return "SS";
    case AttrType::NS: return "NS";
    case AttrType::BS: return "BS";
  }
  return "?";
}

AttributeValue AttributeValue::string(std::string v) {
  AttributeValue a;
  a.type = AttrType::S;
  a.s = std::move(v);
  return a;
}

AttributeValue AttributeValue::number(Number v) {
  AttributeValue a;
  a.type = AttrType::N;
  a.n = std::move(v);
  return a;
}

AttributeValue AttributeValue::binary(std::string bytes) {
  AttributeValue a;
  a.type = AttrType::B;
  a.s = std::move(bytes);
  return a;
}

AttributeValue AttributeValue::boolean_value(bool v) {
  AttributeValue a;
  a.type = AttrType::BOOL;
  a.boolean = v;
  return a;
}

AttributeValue AttributeValue::null() {
  AttributeValue a;
  a.type = AttrType::NUL;
  return a;
}

AttributeValue AttributeValue::list_of(std::vector<AttributeValue> v) {
  AttributeValue a;
  a.type = AttrType::L;
  a.list = std::move(v);
  return a;
}

AttributeValue AttributeValue::map_of(Item v) {
  AttributeValue a;
  a.type = AttrType::M;
  a.map = std::make_shared<Item>(std::move(v));
  return a;
}

namespace {

bool string_sets_equal(std::vector<std::string> a, std::vector<std::string> b) {
  if (a.size() != b.size()) return false;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

bool number_sets_equal(std::vector<Number> a, std::vector<Number> b) {
  if (a.size() != b.size()) return false;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(a[i] == b[i])) return false;
  }
  return true;
}

const Item& map_or_empty(const std::shared_ptr<Item>& m) {
  static const Item kEmpty;
  return m ? *m : kEmpty;
}

}  // namespace

bool AttributeValue::operator==(const AttributeValue& other) const {
  if (type != other.type) return false;
  switch (type) {
    case AttrType::S:
    case AttrType::B:
      return s == other.s;
    case AttrType::N:
      return n == other.n;
    case AttrType::BOOL:
      return boolean == other.boolean;
    case AttrType::NUL:
      return true;
    case AttrType::L:
      return list == other.list;
    case AttrType::M: {
      const Item& a = map_or_empty(map);
      const Item& b = map_or_empty(other.map);
      return a == b;  // std::map: same keys in order, values via operator==
    }
    case AttrType::SS:
    case AttrType::BS:
      return string_sets_equal(strings, other.strings);
    case AttrType::NS:
      return number_sets_equal(numbers, other.numbers);
  }
  return false;
}

size_t attribute_size(const AttributeValue& v) {
  switch (v.type) {
    case AttrType::S:
    case AttrType::B:
      return v.s.size();
    case AttrType::N:
      return v.n.storage_size();
    case AttrType::BOOL:
    case AttrType::NUL:
      return 1;
    case AttrType::SS:
    case AttrType::BS: {
      size_t total = 0;
      for (const auto& m : v.strings) total += m.size();
      return total;
    }
    case AttrType::NS: {
      size_t total = 0;
      for (const auto& m : v.numbers) total += m.storage_size();
      return total;
    }
    case AttrType::L: {
      size_t total = 3;
      for (const auto& e : v.list) total += 1 + attribute_size(e);
      return total;
    }
    case AttrType::M: {
      size_t total = 3;
      for (const auto& [name, e] : map_or_empty(v.map)) total += 1 + name.size() + attribute_size(e);
      return total;
    }
  }
  return 0;
}

size_t item_size(const Item& item) {
  size_t total = 0;
  for (const auto& [name, v] : item) total += name.size() + attribute_size(v);
  return total;
}

}  // namespace dynemu::model
