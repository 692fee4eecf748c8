// CreateTable request validation, in DynamoDB's order:
//  1. JSON types (SerializationException), via check_shape().
//  2. The table name's constraints, reported on their own when broken.
//  3. Every other model constraint ("N validation errors detected: ..."), in the order of the
//     request model's members.
//  4. Semantic checks, each throwing the first failure: billing mode vs. throughput, key schema
//     against the attribute definitions, local then global secondary indexes, index names,
//     unused attribute definitions, then streams, encryption, table class and tags (tags.h).
// The messages are DynamoDB's own, as observed from the service.
#include <cctype>
#include <set>

#include "api/table_description.h"
#include "api/multi_attribute_keys.h"
#include "api/tags.h"
#include "api/warm_throughput.h"
#include "model/api_error.h"

namespace dynemu::api {
namespace {

const std::string kInvalid = "One or more parameter values were invalid: ";
constexpr rapidjson::SizeType kMaxGlobalIndexKeyElements = 8;  // four HASH and four RANGE
// Key attribute names (of the table and its indexes) and the names an index projects by name are
// limited to 255 bytes, where other attribute names may reach 65,535 (model/json_codec.h).
constexpr size_t kMaxKeyAttributeNameBytes = 255;

const Shape& request_shape() {
  static const Shape& tag = Shape::structure("Tag", {{"Key", &Shape::string()}, {"Value", &Shape::string()}});
  static const Shape& lsi = local_secondary_index_shape();
  static const Shape& gsi = global_secondary_index_shape();
  static const Shape& s = Shape::structure("CreateTableInput", {
      {"AttributeDefinitions", &attribute_definitions_shape()},
      {"TableName", &Shape::string()},
      {"KeySchema", &key_schema_shape()},
      {"LocalSecondaryIndexes", &Shape::list_of(lsi)},
      {"GlobalSecondaryIndexes", &Shape::list_of(gsi)},
      {"BillingMode", &Shape::string()},
      {"ProvisionedThroughput", &throughput_shape()},
      {"StreamSpecification", &stream_specification_shape()},
      {"SSESpecification", &sse_specification_shape()},
      {"Tags", &Shape::list_of(tag)},
      {"TableClass", &Shape::string()},
      {"DeletionProtectionEnabled", &Shape::boolean()},
      {"OnDemandThroughput", &on_demand_throughput_shape()},
      {"ResourcePolicy", &Shape::string()},
      {"WarmThroughput", &warm_throughput_shape()},
  });
  return s;
}

std::string str(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

bool name_chars_ok(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

// CreateTable checks the name's pattern and length by itself, before anything else.
void check_table_name(const rapidjson::Value* value) {
  ConstraintErrors errors;
  if (!value) {
    errors.not_null("tableName");
  } else {
    const std::string name = str(*value);
    if (!name_chars_ok(name))
      errors.add(quoted(name), "tableName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    errors.string_length(name, "tableName", 3, 255);
  }
  errors.throw_if_any();
}

// Java's rendering of a KeySchemaElement list, as DynamoDB quotes it in a length violation.
std::string render_key_schema(const rapidjson::Value& list) {
  std::string out = "[";
  bool first = true;
  for (const auto& e : list.GetArray()) {
    if (!first) out += ", ";
    first = false;
    out += "KeySchemaElement(attributeName=" + (e.IsObject() ? string_member(e, "AttributeName") : "") +
           ", keyType=" + (e.IsObject() ? string_member(e, "KeyType") : "") + ")";
  }
  return out + "]";
}

void check_key_schema_name_lengths(ConstraintErrors& errors, const rapidjson::Value* list, const std::string& path) {
  if (!list || !list->IsArray()) return;
  rapidjson::SizeType i = 0;
  for (const auto& e : list->GetArray()) {
    const std::string element = path + "." + std::to_string(++i) + ".member.attributeName";
    if (const rapidjson::Value* name = e.IsObject() ? member(e, "AttributeName") : nullptr)
      errors.string_length(str(*name), element, 1, kMaxKeyAttributeNameBytes);
  }
}

void check_projection_name_lengths(ConstraintErrors& errors, const rapidjson::Value* projection, const std::string& path) {
  if (const rapidjson::Value* attrs = projection ? member(*projection, "NonKeyAttributes") : nullptr)
    errors.list_member_lengths(*attrs, path + ".projection.nonKeyAttributes", 1, kMaxKeyAttributeNameBytes);
}

// A GSI's KeySchema may hold up to eight elements (multi-attribute keys); a table's or LSI's two.
void check_key_schema_constraints(ConstraintErrors& errors, const rapidjson::Value* list, const std::string& path,
                                  rapidjson::SizeType max_elements = 2) {
  if (!list) {
    errors.not_null(path);
    return;
  }
  if (list->Size() == 0) errors.add("'[]'", path, "Member must have length greater than or equal to 1");
  if (list->Size() > max_elements)
    errors.add(quoted(render_key_schema(*list)), path,
               "Member must have length less than or equal to " + std::to_string(max_elements));
  rapidjson::SizeType i = 0;
  for (const auto& e : list->GetArray()) {
    const std::string element = path + "." + std::to_string(++i) + ".member";
    if (!e.IsObject()) {
      errors.not_null(element);
      continue;
    }
    if (!member(e, "AttributeName")) errors.not_null(element + ".attributeName");
    if (const rapidjson::Value* type = member(e, "KeyType"))
      errors.enum_value(str(*type), element + ".keyType", {"HASH", "RANGE"});
    else
      errors.not_null(element + ".keyType");
  }  check_key_schema_name_lengths(errors, list, path);
}

void check_projection_constraints(ConstraintErrors& errors, const rapidjson::Value* projection,
                                  const std::string& path) {
  if (!projection) {
    errors.not_null(path + ".projection");
    return;
  }
  if (const rapidjson::Value* type = member(*projection, "ProjectionType"))
    errors.enum_value(str(*type), path + ".projection.projectionType", {"ALL", "KEYS_ONLY", "INCLUDE"});
  if (const rapidjson::Value* attrs = member(*projection, "NonKeyAttributes"); attrs && attrs->Size() == 0)
    errors.add("'[]'", path + ".projection.nonKeyAttributes", "Member must have length greater than or equal to 1");
  check_projection_name_lengths(errors, projection, path);
}

void check_index_name(ConstraintErrors& errors, const rapidjson::Value* name, const std::string& path) {
  if (!name) {
    errors.not_null(path);
    return;
  }
  const std::string s = str(*name);
  if (!name_chars_ok(s))
    errors.add(quoted(s), path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  errors.string_length(s, path, 3, 255);
}

void check_constraints(const rapidjson::Value& request) {
  ConstraintErrors errors;
  if (const rapidjson::Value* mode = member(request, "BillingMode"))
    errors.enum_value(str(*mode), "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  if (const rapidjson::Value* throughput = member(request, "ProvisionedThroughput"))
    check_throughput_constraints(errors, *throughput, "provisionedThroughput");
  check_key_schema_constraints(errors, member(request, "KeySchema"), "keySchema");

  const rapidjson::Value* definitions = member(request, "AttributeDefinitions");
  if (!definitions) {
    errors.not_null("attributeDefinitions");
  } else {
    rapidjson::SizeType i = 0;
    for (const auto& d : definitions->GetArray()) {
      const std::string path = "attributeDefinitions." + std::to_string(++i) + ".member";
      if (!d.IsObject()) {
        errors.not_null(path);
        continue;
      }
      if (const rapidjson::Value* name = member(d, "AttributeName"))
        errors.string_length(str(*name), path + ".attributeName", 1, kMaxKeyAttributeNameBytes);
      else
        errors.not_null(path + ".attributeName");
      if (const rapidjson::Value* type = member(d, "AttributeType"))
        errors.enum_value(str(*type), path + ".attributeType", {"B", "N", "S"});
      else
        errors.not_null(path + ".attributeType");
    }
  }

  if (const rapidjson::Value* lsis = member(request, "LocalSecondaryIndexes")) {
    rapidjson::SizeType i = 0;
    for (const auto& ix : lsis->GetArray()) {
      const std::string path = "localSecondaryIndexes." + std::to_string(++i) + ".member";
      if (!ix.IsObject()) {
        errors.not_null(path);
        continue;
      }
      check_index_name(errors, member(ix, "IndexName"), path + ".indexName");
      check_key_schema_constraints(errors, member(ix, "KeySchema"), path + ".keySchema");
      check_projection_constraints(errors, member(ix, "Projection"), path);
    }
  }
  if (const rapidjson::Value* gsis = member(request, "GlobalSecondaryIndexes")) {
    rapidjson::SizeType i = 0;
    for (const auto& ix : gsis->GetArray()) {
      const std::string path = "globalSecondaryIndexes." + std::to_string(++i) + ".member";
      if (!ix.IsObject()) {
        errors.not_null(path);
        continue;
      }
      check_key_schema_constraints(errors, member(ix, "KeySchema"), path + ".keySchema", kMaxGlobalIndexKeyElements);
      check_projection_constraints(errors, member(ix, "Projection"), path);
      check_index_name(errors, member(ix, "IndexName"), path + ".indexName");
      if (const rapidjson::Value* throughput = member(ix, "ProvisionedThroughput"))
        check_throughput_constraints(errors, *throughput, path + ".provisionedThroughput");
      if (const rapidjson::Value* warm = member(ix, "WarmThroughput"))
        check_warm_throughput_constraints(errors, *warm, path + ".warmThroughput");
    }
  }
  if (const rapidjson::Value* stream = member(request, "StreamSpecification")) check_stream_constraints(errors, *stream);
  if (const rapidjson::Value* sse = member(request, "SSESpecification")) check_sse_constraints(errors, *sse);
  if (const rapidjson::Value* warm = member(request, "WarmThroughput"))
    check_warm_throughput_constraints(errors, *warm, "warmThroughput");
  errors.throw_if_any();
}

struct KeyElement {
  std::string name;
  std::string key_type;
};

std::vector<KeyElement> key_elements(const rapidjson::Value& list) {
  std::vector<KeyElement> out;
  for (const auto& e : list.GetArray())
    if (e.IsObject()) out.push_back({string_member(e, "AttributeName"), string_member(e, "KeyType")});
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

// Attribute definitions in request order, with their types.
struct Definitions {
  std::vector<std::string> names;
  std::vector<std::string> types;
  const std::string* type_of(const std::string& name) const {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return &types[i];
    return nullptr;
  }
};

void check_keys_defined(const std::vector<KeyElement>& keys, const Definitions& defs) {
  std::vector<std::string> key_names;
  bool missing = false;
  for (const auto& k : keys) {
    key_names.push_back(k.name);
    if (!defs.type_of(k.name)) missing = true;
  }
  if (missing)
    throw model::validation_error(kInvalid + "Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                                  joined(key_names) + ", AttributeDefinitions: " + joined(defs.names));
}

void check_key_structure(const std::vector<KeyElement>& keys) {
  if (keys[0].key_type != "HASH")
    throw model::validation_error("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  if (keys.size() == 2 && keys[0].name == keys[1].name)
    throw model::validation_error("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  if (keys.size() == 2 && keys[1].key_type != "RANGE")
    throw model::validation_error("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
}

void check_projection(const rapidjson::Value& projection) {
  const std::string type = string_member(projection, "ProjectionType");
  const bool has_attrs = member(projection, "NonKeyAttributes") != nullptr;
  if (type.empty()) throw model::validation_error(kInvalid + "Unknown ProjectionType: null");
  if (has_attrs && type != "INCLUDE")
    throw model::validation_error(kInvalid + "ProjectionType is " + type + ", but NonKeyAttributes is specified");
  if (!has_attrs && type == "INCLUDE")
    throw model::validation_error(kInvalid + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  if (has_attrs) {
    std::set<std::string> seen;
    for (const auto& a : member(projection, "NonKeyAttributes")->GetArray())
      if (a.IsString() && !seen.insert(str(a)).second)
        throw model::validation_error(kInvalid + "Duplicate element in NonKeyAttributes: " + str(a));
  }
}

model::AttrType key_type(const std::string& name) {
  return name == "N" ? model::AttrType::N : name == "B" ? model::AttrType::B : model::AttrType::S;
}

store::KeySchema typed_key(const std::vector<KeyElement>& keys, const Definitions& defs) {
  store::KeySchema key;
  key.hash = {keys[0].name, key_type(*defs.type_of(keys[0].name))};
  // Past the first HASH: a second element (RANGE for tables and LSIs), or a GSI's further ones.
  for (size_t i = 1; i < keys.size(); ++i) {
    store::KeyAttribute a{keys[i].name, key_type(*defs.type_of(keys[i].name))};
    if (keys[i].key_type == "HASH") key.more_hash.push_back(std::move(a));
    else if (!key.range) key.range = std::move(a);
    else key.more_range.push_back(std::move(a));
  }
  return key;
}

}  // namespace

const Shape& local_secondary_index_shape() {
  static const Shape& s = Shape::structure("LocalSecondaryIndex", {{"IndexName", &Shape::string()},
                                                                   {"KeySchema", &key_schema_shape()},
                                                                   {"Projection", &projection_shape()}});
  return s;
}

const Shape& global_secondary_index_shape() {
  static const Shape& s = Shape::structure("GlobalSecondaryIndex",
                                           {{"IndexName", &Shape::string()},
                                            {"KeySchema", &key_schema_shape()},
                                            {"Projection", &projection_shape()},
                                            {"ProvisionedThroughput", &throughput_shape()},
                                            {"OnDemandThroughput", &on_demand_throughput_shape()},
                                            {"WarmThroughput", &warm_throughput_shape()}});
  return s;
}

CreateTableRequest validate_create_table(const rapidjson::Value& request) {
  check_shape(request, request_shape());
  check_table_name(member(request, "TableName"));
  check_constraints(request);

  CreateTableRequest out;
  out.table_name = string_member(request, "TableName");
  out.billing_mode_given = member(request, "BillingMode") != nullptr;
  out.billing_mode = string_member(request, "BillingMode", "PROVISIONED");
  const bool on_demand = out.billing_mode == "PAY_PER_REQUEST";
  const rapidjson::Value* throughput = member(request, "ProvisionedThroughput");

  // Billing mode and throughput.
  if (on_demand && throughput)
    throw model::validation_error(kInvalid +
                                  "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
                                  "is PAY_PER_REQUEST");
  if (throughput) check_throughput_bounds(*throughput);
  if (!on_demand && !throughput)
    throw model::validation_error(kInvalid +
                                  "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
                                  "PROVISIONED");

  // Attribute definitions and the table's key schema.
  Definitions defs;
  for (const auto& d : member(request, "AttributeDefinitions")->GetArray()) {
    if (!d.IsObject()) continue;
    const std::string name = string_member(d, "AttributeName");
    if (defs.type_of(name)) throw model::validation_error("Attribute Name is duplicated: " + name);
    defs.names.push_back(name);
    defs.types.push_back(string_member(d, "AttributeType"));
  }
  const std::vector<KeyElement> keys = key_elements(*member(request, "KeySchema"));
  if (keys.size() > defs.names.size())
    throw model::validation_error("Invalid KeySchema: Some index key attribute have no definition");
  check_keys_defined(keys, defs);
  check_key_structure(keys);
  out.key = typed_key(keys, defs);

  const rapidjson::Value* lsis = member(request, "LocalSecondaryIndexes");
  const rapidjson::Value* gsis = member(request, "GlobalSecondaryIndexes");
  if (lsis && lsis->Size() == 0) throw model::validation_error(kInvalid + "List of LocalSecondaryIndexes is empty");
  if (gsis && gsis->Size() == 0) throw model::validation_error(kInvalid + "List of GlobalSecondaryIndexes is empty");

  std::vector<std::string> used_keys;  // every key attribute of the table and its indexes, first use order
  auto note_used = [&used_keys](const std::string& name) {
    for (const auto& u : used_keys)
      if (u == name) return;
    used_keys.push_back(name);
  };
  for (const auto& k : keys) note_used(k.name);
  std::set<std::string> index_names;
  int slot = 0;

  if (lsis) {
    if (keys.size() != 2)
      throw model::validation_error(kInvalid +
                                    "Table KeySchema does not have a range key, which is required when specifying a "
                                    "LocalSecondaryIndex");
    for (const auto& ix : lsis->GetArray()) {
      const std::string name = string_member(ix, "IndexName");
      const std::vector<KeyElement> ix_keys = key_elements(*member(ix, "KeySchema"));
      check_keys_defined(ix_keys, defs);
      check_key_structure(ix_keys);
      if (ix_keys.size() != 2)
        throw model::validation_error(kInvalid + "Index KeySchema does not have a range key for index: " + name);
      if (ix_keys[0].name != keys[0].name)
        throw model::validation_error(kInvalid +
                                      "Index KeySchema does not have the same leading hash key as table KeySchema for "
                                      "index: " + name + ". index hash key: " + ix_keys[0].name +
                                      ", table hash key: " + keys[0].name);
      check_projection(*member(ix, "Projection"));
      if (!index_names.insert(name).second)
        throw model::validation_error(kInvalid + "Duplicate index name: " + name);
      for (const auto& k : ix_keys) note_used(k.name);
      out.indexes.push_back({name, false, typed_key(ix_keys, defs), ++slot});
    }
    if (lsis->Size() > 5)
      throw model::validation_error(kInvalid + "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }

  if (gsis) {
    for (const auto& ix : gsis->GetArray()) {
      const std::string name = string_member(ix, "IndexName");
      const std::vector<KeyElement> ix_keys = key_elements(*member(ix, "KeySchema"));
      check_keys_defined(ix_keys, defs);
      std::vector<KeySchemaEntry> entries;
      for (const auto& k : ix_keys) entries.push_back({k.name, k.key_type});
      check_global_index_key_schema(entries, name);
      check_projection(*member(ix, "Projection"));
      const rapidjson::Value* ix_throughput = member(ix, "ProvisionedThroughput");
      if (on_demand && ix_throughput)
        throw model::validation_error(kInvalid + "ProvisionedThroughput should not be specified for index: " + name +
                                      " when BillingMode is PAY_PER_REQUEST");
      if (!on_demand && !ix_throughput)
        throw model::validation_error(kInvalid + "ProvisionedThroughput is not specified for index: " + name);
      if (ix_throughput) check_throughput_bounds(*ix_throughput);
      if (!index_names.insert(name).second)
        throw model::validation_error(kInvalid + "Duplicate index name: " + name);
      for (const auto& k : ix_keys) note_used(k.name);
      out.indexes.push_back({name, true, typed_key(ix_keys, defs), ++slot});
    }
    if (gsis->Size() > 20)
      throw model::validation_error(kInvalid + "GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }

  // Every attribute definition must be a key of the table or of an index.
  if (used_keys.size() != defs.names.size()) {
    if (!lsis && !gsis)
      throw model::validation_error(kInvalid +
                                    "Number of attributes in KeySchema does not exactly match number of attributes "
                                    "defined in AttributeDefinitions");
    throw model::validation_error(kInvalid + "Some AttributeDefinitions are not used. AttributeDefinitions: " +
                                  joined(defs.names) + ", keys used: " + joined(used_keys));
  }

  if (const rapidjson::Value* stream = member(request, "StreamSpecification")) {
    const bool enabled = member(*stream, "StreamEnabled")->GetBool();
    const bool has_view = member(*stream, "StreamViewType") != nullptr;
    if (enabled && !has_view)
      throw model::validation_error(kInvalid + "Table is being created with a stream enabled, UpdateViewType is required");
    if (!enabled && has_view)
      throw model::validation_error(kInvalid +
                                    "Table is being created with a stream disabled, UpdateViewType should not be "
                                    "specified");
  }
  if (const rapidjson::Value* sse = member(request, "SSESpecification")) validate_sse(*sse);
  if (const rapidjson::Value* limits = member(request, "OnDemandThroughput"))
    validate_on_demand_throughput(*limits, !on_demand, true);
  if (const rapidjson::Value* table_class = member(request, "TableClass")) validate_table_class(str(*table_class));
  if (const rapidjson::Value* warm = member(request, "WarmThroughput")) validate_warm_throughput(*warm);
  if (gsis)
    for (const auto& ix : gsis->GetArray())
      if (const rapidjson::Value* warm = ix.IsObject() ? member(ix, "WarmThroughput") : nullptr)
        validate_warm_throughput(*warm);
  // Tags: TagResource's rules (tags.h); an empty list is accepted here, unlike TagResource.
  if (const rapidjson::Value* tags = member(request, "Tags")) check_tag_count(validate_tags(*tags).size());
  return out;
}

void check_index_attribute_name_lengths(ConstraintErrors& errors, const rapidjson::Value& index, const std::string& path) {
  check_key_schema_name_lengths(errors, member(index, "KeySchema"), path + ".keySchema");
  check_projection_name_lengths(errors, member(index, "Projection"), path);
}

void check_attribute_definition_name_lengths(ConstraintErrors& errors, const rapidjson::Value& definitions) {
  if (!definitions.IsArray()) return;
  rapidjson::SizeType i = 0;
  for (const auto& d : definitions.GetArray()) {
    const std::string path = "attributeDefinitions." + std::to_string(++i) + ".member.attributeName";
    if (const rapidjson::Value* name = d.IsObject() ? member(d, "AttributeName") : nullptr)
      errors.string_length(str(*name), path, 1, kMaxKeyAttributeNameBytes);
  }
}

}  // namespace dynemu::api
