// ReplicaAutoScaling: see replica_auto_scaling.h.
#include "api/replica_auto_scaling.h"

#include <string>

#include "api/constraints.h"
#include "api/table_description.h"
#include "model/api_error.h"

namespace dynemu::api {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

// object[name] as an object, added (empty) when missing or of another type.
rapidjson::Value& object_member(rapidjson::Value& object, const char* name, Alloc& a) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsObject()) {
    set_member(object, name, rapidjson::Value(rapidjson::kObjectType), a);
    it = object.FindMember(name);
  }
  return it->value;
}

// Merges AutoScalingSettingsUpdate `update` into AutoScalingSettingsDescription `kept`.
void merge_settings(rapidjson::Value& kept, const rapidjson::Value& update, Alloc& a) {
  if (!update.IsObject()) return;
  for (const char* name : {"MinimumUnits", "MaximumUnits", "AutoScalingDisabled", "AutoScalingRoleArn"})
    if (const rapidjson::Value* v = member(update, name)) set_member(kept, name, rapidjson::Value(*v, a), a);
  const rapidjson::Value* policy = member(update, "ScalingPolicyUpdate");
  if (!policy || !policy->IsObject()) return;
  rapidjson::Value described(rapidjson::kObjectType);
  for (const char* name : {"PolicyName", "TargetTrackingScalingPolicyConfiguration"})
    if (const rapidjson::Value* v = member(*policy, name)) described.AddMember(rapidjson::StringRef(name), rapidjson::Value(*v, a), a);
  rapidjson::Value policies(rapidjson::kArrayType);
  policies.PushBack(std::move(described), a);
  set_member(kept, "ScalingPolicies", std::move(policies), a);
}

// Merges `update` into kept[`slot`] (an index's settings when `index` is given: kept.Indexes[index]).
void keep(rapidjson::Value& kept, const char* slot, const std::string* index, const rapidjson::Value* update, Alloc& a) {
  if (!update) return;
  rapidjson::Value* target = &kept;
  if (index) target = &object_member(object_member(kept, "Indexes", a), index->c_str(), a);
  merge_settings(object_member(*target, slot, a), *update, a);
}

void require_index(const store::TableSchema& schema, const std::string& name) {
  const store::IndexSchema* ix = schema.find_index(name);
  if (!ix || !ix->global)
    throw model::validation_error("The table " + schema.name + " has no global secondary index named " + name);
}

rapidjson::Value* find_live_replica(rapidjson::Document& d, const std::string& region) {
  auto it = d.FindMember("_Replicas");
  if (it == d.MemberEnd() || !it->value.IsArray()) return nullptr;
  for (auto& r : it->value.GetArray())
    if (r.IsObject() && string_member(r, "RegionName") == region && !r.HasMember("_Deleting")) return &r;
  return nullptr;
}

void write_settings(model::JsonWriter& out, const char* key, const rapidjson::Value* kept, const char* slot) {
  const rapidjson::Value* settings = kept ? member(*kept, slot) : nullptr;
  if (!settings) return;
  out.Key(key);
  settings->Accept(out);
}

const rapidjson::Value* index_settings(const rapidjson::Value* kept, const char* index) {
  const rapidjson::Value* indexes = kept ? member(*kept, "Indexes") : nullptr;
  return indexes && indexes->IsObject() ? member(*indexes, index) : nullptr;
}

}  // namespace

void apply_replica_auto_scaling_updates(rapidjson::Document& d, const store::TableSchema& schema,
                                        const rapidjson::Value& request) {
  auto& a = d.GetAllocator();
  // Check everything before changing anything: a refused request keeps nothing.
  if (const rapidjson::Value* replicas = member(request, "ReplicaUpdates"))
    for (const auto& r : replicas->GetArray()) {
      if (!r.IsObject()) continue;
      const std::string region = string_member(r, "RegionName");
      if (!find_live_replica(d, region))
        throw model::dynamodb_error("ReplicaNotFoundException", "Replica not found in region: " + region);
      if (const rapidjson::Value* indexes = member(r, "ReplicaGlobalSecondaryIndexUpdates"))
        for (const auto& ix : indexes->GetArray())
          if (ix.IsObject()) require_index(schema, string_member(ix, "IndexName"));
    }
  if (const rapidjson::Value* indexes = member(request, "GlobalSecondaryIndexUpdates"))
    for (const auto& ix : indexes->GetArray())
      if (ix.IsObject()) require_index(schema, string_member(ix, "IndexName"));

  if (const rapidjson::Value* replicas = member(request, "ReplicaUpdates"))
    for (const auto& r : replicas->GetArray()) {
      if (!r.IsObject()) continue;
      rapidjson::Value& kept = object_member(*find_live_replica(d, string_member(r, "RegionName")), "_AutoScaling", a);
      keep(kept, "Read", nullptr, member(r, "ReplicaProvisionedReadCapacityAutoScalingUpdate"), a);
      if (const rapidjson::Value* indexes = member(r, "ReplicaGlobalSecondaryIndexUpdates"))
        for (const auto& ix : indexes->GetArray()) {
          if (!ix.IsObject()) continue;
          const std::string name = string_member(ix, "IndexName");
          keep(kept, "Read", &name, member(ix, "ProvisionedReadCapacityAutoScalingUpdate"), a);
        }
    }
  const rapidjson::Value* table_write = member(request, "ProvisionedWriteCapacityAutoScalingUpdate");
  const rapidjson::Value* index_writes = member(request, "GlobalSecondaryIndexUpdates");
  if (!table_write && !index_writes) return;
  rapidjson::Value& kept = object_member(d, "_WriteAutoScaling", a);
  keep(kept, "Write", nullptr, table_write, a);
  if (index_writes)
    for (const auto& ix : index_writes->GetArray()) {
      if (!ix.IsObject()) continue;
      const std::string name = string_member(ix, "IndexName");
      keep(kept, "Write", &name, member(ix, "ProvisionedWriteCapacityAutoScalingUpdate"), a);
    }
}

void write_replica_auto_scaling_settings(model::JsonWriter& out, const rapidjson::Value& description,
                                         const rapidjson::Value& replica) {
  const rapidjson::Value* read = member(replica, "_AutoScaling");
  const rapidjson::Value* write = member(description, "_WriteAutoScaling");
  out.Key("GlobalSecondaryIndexes");
  out.StartArray();
  if (const rapidjson::Value* indexes = member(description, "GlobalSecondaryIndexes"))
    for (const auto& ix : indexes->GetArray()) {
      const std::string name = string_member(ix, "IndexName");
      const rapidjson::Value* index_read = index_settings(read, name.c_str());
      const rapidjson::Value* index_write = index_settings(write, name.c_str());
      if (!index_read && !index_write) continue;
      out.StartObject();
      out.Key("IndexName");
      out.String(name);
      out.Key("IndexStatus");
      out.String(string_member(ix, "IndexStatus", "ACTIVE"));
      write_settings(out, "ProvisionedReadCapacityAutoScalingSettings", index_read, "Read");
      write_settings(out, "ProvisionedWriteCapacityAutoScalingSettings", index_write, "Write");
      out.EndObject();
    }
  out.EndArray();
  write_settings(out, "ReplicaProvisionedReadCapacityAutoScalingSettings", read, "Read");
  write_settings(out, "ReplicaProvisionedWriteCapacityAutoScalingSettings", write, "Write");
}

}  // namespace dynemu::api
