#include "api/key_conditions.h"

#include "model/api_error.h"
#include "model/json_codec.h"
#include "model/key_codec.h"
#include "api/multi_attribute_keys.h"

namespace dynemu::api {
namespace {

const std::string kInvalid = "One or more parameter values were invalid: ";

size_t expected_arguments(const std::string& op) {
  if (op == "BETWEEN") return 2;
  if (op == "NULL" || op == "NOT_NULL") return 0;
  if (op == "IN") return SIZE_MAX;  // one or more
  return 1;
}

}  // namespace

store::SortKeyRange sort_range_of(const std::string& op, const std::vector<model::AttributeValue>& values) {
  using K = store::SortKeyRange::Kind;
  store::SortKeyRange r;
  if (op == "EQ") r.kind = K::Eq;
  else if (op == "LT") r.kind = K::Lt;
  else if (op == "LE") r.kind = K::Le;
  else if (op == "GT") r.kind = K::Gt;
  else if (op == "GE") r.kind = K::Ge;
  else if (op == "BETWEEN") r.kind = K::Between;
  else if (op == "BEGINS_WITH") r.kind = K::Prefix;
  if (r.kind == K::Prefix) {
    // A prefix of the key's bytes: S and B keys encode as their own bytes, so this is a byte range.
    r.low = values.at(0).s;
  } else {
    r.low = model::encode_key(values.at(0));
    if (r.kind == K::Between) r.high = model::encode_key(values.at(1));
  }
  return r;
}

QueryKey legacy_key_condition(const rapidjson::Value& key_conditions, const store::KeySchema& key) {
  struct Parsed {
    std::string name, op;
    std::vector<model::AttributeValue> values;
  };
  std::vector<Parsed> conditions;
  for (auto it = key_conditions.MemberBegin(); it != key_conditions.MemberEnd(); ++it) {
    Parsed p;
    p.name.assign(it->name.GetString(), it->name.GetStringLength());
    const auto& c = it->value;
    if (c.HasMember("ComparisonOperator") && c["ComparisonOperator"].IsString()) p.op = c["ComparisonOperator"].GetString();
    if (c.HasMember("AttributeValueList") && c["AttributeValueList"].IsArray())
      for (const auto& v : c["AttributeValueList"].GetArray()) p.values.push_back(model::decode_attribute_value(v));
    const size_t want = expected_arguments(p.op);
    if ((want == SIZE_MAX && p.values.empty()) || (want != SIZE_MAX && p.values.size() != want))
      throw model::validation_error(kInvalid + "Invalid number of argument(s) for the " + p.op + " ComparisonOperator");
    conditions.push_back(std::move(p));
  }
  if (key.multi_attribute()) {
    std::vector<KeyTerm> terms;
    for (auto& c : conditions) {
      static const char* kSupported[] = {"EQ", "LT", "LE", "GT", "GE", "BETWEEN", "BEGINS_WITH"};
      bool supported = false;
      for (const char* s : kSupported) supported = supported || c.op == s;
      if (!supported) throw model::validation_error("Query key condition not supported");
      terms.push_back({c.name, c.op, std::move(c.values)});
    }
    return multi_attribute_key_condition(terms, key);
  }
  const Parsed* hash = nullptr;
  const Parsed* range = nullptr;
  bool other = false;
  for (const auto& c : conditions) {
    if (c.name == key.hash.name) hash = &c;
    else if (key.range && c.name == key.range->name) range = &c;
    else other = true;
  }
  if (!hash) throw model::validation_error("Query condition missed key schema element: " + key.hash.name);
  if (other) throw model::validation_error("Query key condition not supported");
  if (hash->op != "EQ") throw model::validation_error("Query key condition not supported");
  if (hash->values[0].type != key.hash.type)
    throw model::validation_error(kInvalid + "Condition parameter type does not match schema type");
  QueryKey out;
  out.partition = model::encode_key(hash->values[0]);
  if (range) {
    static const char* kSupported[] = {"EQ", "LT", "LE", "GT", "GE", "BETWEEN", "BEGINS_WITH"};
    bool supported = false;
    for (const char* s : kSupported) supported = supported || range->op == s;
    if (!supported) throw model::validation_error("Query key condition not supported");
    for (const auto& v : range->values)
      if (v.type != key.range->type)
        throw model::validation_error(kInvalid + "Condition parameter type does not match schema type");
    if (range->op == "BEGINS_WITH" && key.range->type == model::AttrType::N)
      throw model::validation_error(kInvalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
    out.range = sort_range_of(range->op, range->values);
  }
  return out;
}

}  // namespace dynemu::api
