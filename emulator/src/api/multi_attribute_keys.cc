// Multi-attribute GSI keys: KeySchema validation and key conditions (see multi_attribute_keys.h).
//
// DynamoDB's documentation states the shapes (four HASH and four RANGE attributes at most, equality
// on every partition attribute, sort attributes left to right with only the last one a range) but
// not every message; where none is documented the messages follow the single-attribute ones
// ("Query condition missed key schema element", "Query key condition not supported").
#include "api/multi_attribute_keys.h"

#include <set>

#include "model/api_error.h"
#include "model/key_codec.h"

namespace dynemu::api {
namespace {

const std::string kInvalid = "One or more parameter values were invalid: ";
constexpr size_t kMaxKeyAttributesPerRole = 4;

std::string encode_values(const std::vector<const model::AttributeValue*>& values) {
  return values.size() == 1 ? model::encode_key(*values[0]) : model::encode_key_tuple(values);
}

}  // namespace

void check_global_index_key_schema(const std::vector<KeySchemaEntry>& keys, const std::string& index_name) {
  if (keys.empty() || keys[0].key_type != "HASH")
    throw model::validation_error("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (keys.size() == 2 && keys[0].name == keys[1].name)
    throw model::validation_error("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  size_t hashes = 0, ranges = 0;
  std::set<std::string> names;
  for (const auto& k : keys) {
    if (k.key_type == "HASH") {
      if (ranges > 0)
        throw model::validation_error("Invalid KeySchema: HASH key attributes must precede RANGE key attributes "
                                      "for index: " + index_name);
      ++hashes;
    } else {
      ++ranges;
    }
    if (!names.insert(k.name).second)
      throw model::validation_error("Invalid KeySchema: Duplicate key attribute " + k.name + " for index: " +
                                    index_name);
  }
  if (hashes > kMaxKeyAttributesPerRole)
    throw model::validation_error(kInvalid + "Index KeySchema exceeds the limit of 4 HASH key attributes for index: " +
                                  index_name);
  if (ranges > kMaxKeyAttributesPerRole)
    throw model::validation_error(kInvalid + "Index KeySchema exceeds the limit of 4 RANGE key attributes for index: " +
                                  index_name);
}

std::string key_column(const std::vector<store::KeyAttribute>& attrs, const model::Item& key) {
  std::vector<const model::AttributeValue*> values;
  for (const auto& a : attrs) values.push_back(&key.at(a.name));
  if (values.empty()) return std::string();
  return encode_values(values);
}

QueryKey multi_attribute_key_condition(const std::vector<KeyTerm>& terms, const store::KeySchema& key) {
  const std::vector<store::KeyAttribute> hash = key.hash_attributes();
  const std::vector<store::KeyAttribute> range = key.range_attributes();
  auto term_for = [&terms](const std::string& name) -> const KeyTerm* {
    for (const auto& t : terms)
      if (t.name == name) return &t;
    return nullptr;
  };
  const std::string kMismatch = kInvalid + "Condition parameter type does not match schema type";
  auto check_types = [&](const KeyTerm& t, const store::KeyAttribute& a) {
    for (const auto& v : t.values)
      if (v.type != a.type) throw model::validation_error(kMismatch);
    if (t.op == "BEGINS_WITH" && a.type == model::AttrType::N)
      throw model::validation_error(kInvalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  };

  // Every partition attribute, by equality.
  std::vector<const model::AttributeValue*> partition;
  for (const auto& a : hash) {
    const KeyTerm* t = term_for(a.name);
    if (!t) throw model::validation_error("Query condition missed key schema element: " + a.name);
    if (t->op != "EQ") throw model::validation_error("Query key condition not supported");
    check_types(*t, a);
    partition.push_back(&t->values[0]);
  }
  // Sort attributes: a leading run of them, none skipped.
  size_t given = 0;
  while (given < range.size() && term_for(range[given].name)) ++given;
  size_t matched = hash.size() + given;
  if (matched != terms.size()) {
    for (size_t j = given; j < range.size(); ++j)
      if (term_for(range[j].name)) throw model::validation_error("Query condition missed key schema element: " + range[given].name);
    throw model::validation_error("Query key condition not supported");  // a condition on a non-key attribute
  }
  std::vector<const KeyTerm*> sort;
  for (size_t i = 0; i < given; ++i) {
    const KeyTerm* t = term_for(range[i].name);
    if (i + 1 < given && t->op != "EQ") throw model::validation_error("Query key condition not supported");
    check_types(*t, range[i]);
    sort.push_back(t);
  }

  QueryKey out;
  out.partition = encode_values(partition);
  if (sort.empty()) return out;
  if (range.size() == 1) {  // one sort attribute: its column holds the single-value encoding
    out.range = sort_range_of(sort[0]->op, sort[0]->values);
    return out;
  }
  // The equal leading values, then the last condition as a byte range after them.
  std::string lead;
  for (size_t i = 0; i + 1 < sort.size(); ++i) model::append_key_component(lead, sort[i]->values[0]);
  const KeyTerm& last = *sort.back();
  auto with = [&lead](const model::AttributeValue& v) {
    std::string s = lead;
    model::append_key_component(s, v);
    return s;
  };
  using K = store::SortKeyRange::Kind;
  store::SortKeyRange& r = out.range;
  r.kind = K::Span;
  const std::string lead_end = lead.empty() ? std::string() : model::prefix_successor(lead);
  if (last.op == "EQ") {
    r.low = with(last.values[0]);
    r.high = model::prefix_successor(r.low);
  } else if (last.op == "LT") {
    r.low = lead;
    r.high = with(last.values[0]);
  } else if (last.op == "LE") {
    r.low = lead;
    r.high = model::prefix_successor(with(last.values[0]));
  } else if (last.op == "GT") {
    r.low = model::prefix_successor(with(last.values[0]));
    r.high = lead_end;
  } else if (last.op == "GE") {
    r.low = with(last.values[0]);
    r.high = lead_end;
  } else if (last.op == "BETWEEN") {
    r.low = with(last.values[0]);
    r.high = model::prefix_successor(with(last.values[1]));
  } else {  // BEGINS_WITH
    r.low = lead;
    model::append_key_component_prefix(r.low, last.values[0]);
    r.high = model::prefix_successor(r.low);
  }
  return out;
}

}  // namespace dynemu::api
