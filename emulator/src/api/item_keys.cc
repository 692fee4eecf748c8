#include "api/item_keys.h"

#include "model/api_error.h"
#include "model/key_codec.h"

namespace dynemu::api {
namespace {

constexpr size_t kMaxHashKeyBytes = 2048;
constexpr size_t kMaxRangeKeyBytes = 1024;

[[noreturn]] void key_mismatch() { throw model::validation_error("The provided key element does not match the schema"); }

size_t index_key_limit(bool is_hash) { return is_hash ? kMaxHashKeyBytes : kMaxRangeKeyBytes; }

size_t key_value_size(const model::AttributeValue& v) {
  return v.type == model::AttrType::N ? model::attribute_size(v) : v.s.size();
}

// Empty and oversized key values, checked the same way for keys and items.
void check_key_value(const std::string& name, const model::AttributeValue& v, bool is_hash) {
  if ((v.type == model::AttrType::S || v.type == model::AttrType::B) && v.s.empty())
    throw model::validation_error(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an "
        "empty string value. Key: " + name);
  size_t size = key_value_size(v);
  if (is_hash && size > kMaxHashKeyBytes)
    throw model::validation_error(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
  if (!is_hash && size > kMaxRangeKeyBytes)
    throw model::validation_error(
        "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit "
        "of 1024 bytes");
}

}  // namespace

void reject_key_updates(const store::TableSchema& schema, const expr::UpdateActions& actions) {
  for (const auto& a : actions) {
    const std::string& name = a.path[0].name;
    if (name == schema.key.hash.name || (schema.key.range && name == schema.key.range->name))
      throw model::validation_error("One or more parameter values were invalid: Cannot update attribute " + name +
                                    ". This attribute is part of the key");
  }
}

EncodedKey key_from_request(const store::TableSchema& schema, const model::Item& key) {
  const size_t expected = schema.key.range ? 2 : 1;
  if (key.size() != expected) key_mismatch();
  auto lookup = [&](const store::KeyAttribute& attr) -> const model::AttributeValue& {
    auto it = key.find(attr.name);
    if (it == key.end() || it->second.type != attr.type) key_mismatch();
    return it->second;
  };
  const auto& h = lookup(schema.key.hash);
  const model::AttributeValue* r = schema.key.range ? &lookup(*schema.key.range) : nullptr;
  check_key_value(schema.key.hash.name, h, true);
  if (r) check_key_value(schema.key.range->name, *r, false);
  EncodedKey out;
  out.pk = model::encode_key(h);
  if (r) out.sk = model::encode_key(*r);
  return out;
}

void validate_item_keys(const store::TableSchema& schema, const model::Item& item) {
  auto check_attr = [&](const store::KeyAttribute& attr, bool is_hash) {
    auto it = item.find(attr.name);
    if (it == item.end())
      throw model::validation_error("One or more parameter values were invalid: Missing the key " + attr.name +
                                    " in the item");
    if (it->second.type != attr.type)
      throw model::validation_error("One or more parameter values were invalid: Type mismatch for key " + attr.name +
                                    " expected: " + model::type_name(attr.type) +
                                    " actual: " + model::type_name(it->second.type));
    check_key_value(attr.name, it->second, is_hash);
  };
  check_attr(schema.key.hash, true);
  if (schema.key.range) check_attr(*schema.key.range, false);
  for (const auto& ix : schema.indexes) {
    auto check_index_attr = [&](const store::KeyAttribute& attr, bool is_hash) {
      auto it = item.find(attr.name);
      if (it == item.end()) return;  // sparse index: the item is simply not in it
      if (it->second.type != attr.type)
        throw model::validation_error("One or more parameter values were invalid: Type mismatch for Index Key " +
                                      attr.name + " Expected: " + model::type_name(attr.type) +
                                      " Actual: " + model::type_name(it->second.type) + " IndexName: " + ix.name);
      if ((it->second.type == model::AttrType::S || it->second.type == model::AttrType::B) && it->second.s.empty())
        throw model::validation_error(
            "One or more parameter values are not valid. A value specified for a secondary index key is not "
            "supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: " +
            ix.name + ", IndexKey: " + attr.name);
      // The key size limits hold for each index key attribute, in DynamoDB's index wording.
      const size_t size = key_value_size(it->second);
      const size_t limit = index_key_limit(is_hash);
      if (size > limit)
        throw model::validation_error("One or more parameter values were invalid: Size limit exceeded for Index Key " +
                                      attr.name + " Actual Size: " + std::to_string(size) + " bytes Max Size: " +
                                      std::to_string(limit) + " bytes IndexName: " + ix.name);
    };
    check_index_attr(ix.key.hash, true);
    if (ix.key.range) check_index_attr(*ix.key.range, false);
    for (const auto& a : ix.key.more_hash) check_index_attr(a, true);
    for (const auto& a : ix.key.more_range) check_index_attr(a, false);
  }
}

bool index_key_sizes_fit(const store::IndexSchema& index, const model::Item& item) {
  auto fits = [&](const store::KeyAttribute& attr, bool is_hash) {
    auto it = item.find(attr.name);
    return it == item.end() || key_value_size(it->second) <= index_key_limit(is_hash);
  };
  if (!fits(index.key.hash, true) || (index.key.range && !fits(*index.key.range, false))) return false;
  for (const auto& a : index.key.more_hash)
    if (!fits(a, true)) return false;
  for (const auto& a : index.key.more_range)
    if (!fits(a, false)) return false;
  return true;
}

model::Item key_of(const store::TableSchema& schema, const model::Item& item) {
  model::Item key;
  key.emplace(schema.key.hash.name, item.at(schema.key.hash.name));
  if (schema.key.range) key.emplace(schema.key.range->name, item.at(schema.key.range->name));
  return key;
}

}  // namespace dynemu::api
