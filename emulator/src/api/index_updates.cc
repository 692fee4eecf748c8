#include "api/index_updates.h"

#include <algorithm>

#include "api/constraints.h"
#include "api/item_keys.h"
#include "api/multi_attribute_keys.h"
#include "api/table_description.h"
#include "model/api_error.h"

namespace dynemu::api {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
const std::string kInvalid = "One or more parameter values were invalid: ";

model::AttrType scalar_type(const std::string& t) {
  if (t == "N") return model::AttrType::N;
  if (t == "B") return model::AttrType::B;
  return model::AttrType::S;
}

// The type of `name` from the request's AttributeDefinitions, else the table's; empty if neither.
std::string defined_type(const rapidjson::Value& request, const rapidjson::Document& d, const std::string& name) {
  for (const rapidjson::Value* defs : {member(request, "AttributeDefinitions"), member(d, "AttributeDefinitions")}) {
    if (!defs || !defs->IsArray()) continue;
    for (const auto& def : defs->GetArray())
      if (string_member(def, "AttributeName") == name) return string_member(def, "AttributeType");
  }
  return "";
}

// Adds request AttributeDefinitions the table does not have yet (new index key attributes).
void merge_attribute_definitions(const rapidjson::Value& request, rapidjson::Document& d) {
  const rapidjson::Value* defs = member(request, "AttributeDefinitions");
  if (!defs || !d.HasMember("AttributeDefinitions")) return;
  auto& a = d.GetAllocator();
  for (const auto& def : defs->GetArray()) {
    const std::string name = string_member(def, "AttributeName");
    bool known = false;
    for (const auto& existing : d["AttributeDefinitions"].GetArray())
      known = known || string_member(existing, "AttributeName") == name;
    if (known) continue;
    d["AttributeDefinitions"].PushBack(attribute_definition_description(def, a), a);
  }
}

rapidjson::Value index_description(const rapidjson::Value& create, const std::string& arn, bool on_demand,
                                   Allocator& a) {
  const std::string name = string_member(create, "IndexName");
  rapidjson::Value d(rapidjson::kObjectType);
  d.AddMember("IndexName", string_value(name, a), a);
  d.AddMember("KeySchema", key_schema_description(*member(create, "KeySchema"), a), a);
  d.AddMember("Projection", projection_description(*member(create, "Projection"), a), a);
  d.AddMember("IndexStatus", "ACTIVE", a);
  d.AddMember("Backfilling", false, a);
  d.AddMember("ProvisionedThroughput",
              throughput_description(on_demand ? nullptr : member(create, "ProvisionedThroughput"), a), a);
  d.AddMember("IndexSizeBytes", 0, a);
  d.AddMember("ItemCount", 0, a);
  d.AddMember("IndexArn", string_value(arn + "/index/" + name, a), a);
  d.AddMember("_Creating", true, a);
  return d;
}

bool is_on_demand(const rapidjson::Document& d) {
  const rapidjson::Value* summary = member(d, "BillingModeSummary");
  return summary && string_member(*summary, "BillingMode") == "PAY_PER_REQUEST";
}

}  // namespace

void clear_index_creation_marks(rapidjson::Document& d) {
  if (!d.HasMember("GlobalSecondaryIndexes") || !d["GlobalSecondaryIndexes"].IsArray()) return;
  for (auto& ix : d["GlobalSecondaryIndexes"].GetArray()) {
    if (!ix.IsObject()) continue;
    ix.RemoveMember("_Creating");
    if (ix.HasMember("Backfilling")) ix.RemoveMember("Backfilling");
  }
}

store::TableSchema apply_index_updates(OperationContext& ctx, store::Session& session, const store::TableSchema& schema,
                                       rapidjson::Document& d, const rapidjson::Value& request) {
  auto& a = d.GetAllocator();
  const rapidjson::Value& updates = *member(request, "GlobalSecondaryIndexUpdates");
  int creations_and_deletions = 0;
  for (const auto& u : updates.GetArray())
    creations_and_deletions += (member(u, "Create") != nullptr) + (member(u, "Delete") != nullptr);
  if (creations_and_deletions > 1)
    throw model::dynamodb_error("LimitExceededException",
                                "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                                "simultaneously per table");
  if (!d.HasMember("GlobalSecondaryIndexes")) d.AddMember("GlobalSecondaryIndexes", rapidjson::Value(rapidjson::kArrayType), a);
  rapidjson::Value& gsis = d["GlobalSecondaryIndexes"];
  auto find = [&](const std::string& name) -> rapidjson::Value* {
    for (auto& ix : gsis.GetArray())
      if (string_member(ix, "IndexName") == name) return &ix;
    return nullptr;
  };

  for (const auto& u : updates.GetArray()) {
    if (const rapidjson::Value* create = member(u, "Create")) {
      const std::string name = string_member(*create, "IndexName");
      if (find(name) || schema.find_index(name))
        throw model::validation_error(kInvalid + "Index already exists: " + name);
      if (gsis.Size() >= kMaxGlobalIndexes)
        throw model::dynamodb_error("LimitExceededException",
                                    "Subscriber limit exceeded: The number of global secondary indexes for this table "
                                    "exceeds the limit of " + std::to_string(kMaxGlobalIndexes));
      store::IndexSchema ix;
      ix.name = name;
      ix.global = true;
      std::vector<KeySchemaEntry> entries;
      for (const auto& e : member(*create, "KeySchema")->GetArray())
        entries.push_back({string_member(e, "AttributeName"), string_member(e, "KeyType")});
      check_global_index_key_schema(entries, name);
      bool first_hash = true;
      for (const auto& e : entries) {
        const std::string type = defined_type(request, d, e.name);
        if (type.empty())
          throw model::validation_error(kInvalid + "Some index key attributes are not defined in "
                                        "AttributeDefinitions. Keys: [" + e.name + "], AttributeDefinitions: [...]");
        store::KeyAttribute attr{e.name, scalar_type(type)};
        // The first HASH and RANGE elements, then a multi-attribute key's further ones in order.
        if (e.key_type == "HASH") {
          if (first_hash) ix.key.hash = std::move(attr);
          else ix.key.more_hash.push_back(std::move(attr));
          first_hash = false;
        } else if (!ix.key.range) {
          ix.key.range = std::move(attr);
        } else {
          ix.key.more_range.push_back(std::move(attr));
        }
      }
      if (!is_on_demand(d) && !member(*create, "ProvisionedThroughput"))
        throw model::validation_error(kInvalid + "ProvisionedThroughput must be specified for index: " + name);
      merge_attribute_definitions(request, d);
      gsis.PushBack(index_description(*create, table_arn(ctx, schema.name), is_on_demand(d), a), a);
      session.add_index(schema.name, ix, [&ix](const model::Item& item) { return index_key_sizes_fit(ix, item); });
    } else if (const rapidjson::Value* del = member(u, "Delete")) {
      const std::string name = string_member(*del, "IndexName");
      if (!find(name)) throw model::resource_not_found("Requested resource not found: Index: " + name + " not found");
      for (auto it = gsis.Begin(); it != gsis.End(); ++it)
        if (string_member(*it, "IndexName") == name) {
          gsis.Erase(it);
          break;
        }
      session.drop_index(schema.name, name);
    } else if (const rapidjson::Value* update = member(u, "Update")) {
      const std::string name = string_member(*update, "IndexName");
      rapidjson::Value* ix = find(name);
      if (!ix) throw model::resource_not_found("Requested resource not found: Index: " + name + " not found");
      if (const rapidjson::Value* t = member(*update, "ProvisionedThroughput")) {
        if (is_on_demand(d))
          throw model::validation_error(kInvalid + "ProvisionedThroughput cannot be specified for index: " + name +
                                        " when BillingMode is PAY_PER_REQUEST");
        set_member((*ix)["ProvisionedThroughput"], "ReadCapacityUnits",
                   rapidjson::Value((*t)["ReadCapacityUnits"].GetInt64()), a);
        set_member((*ix)["ProvisionedThroughput"], "WriteCapacityUnits",
                   rapidjson::Value((*t)["WriteCapacityUnits"].GetInt64()), a);
      }
    }
  }
  if (gsis.Size() == 0) d.RemoveMember("GlobalSecondaryIndexes");
  store::TableSchema updated = *session.find_table(schema.name);
  return updated;
}

}  // namespace dynemu::api
