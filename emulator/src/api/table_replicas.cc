// ReplicaUpdates of UpdateTable, and the replicas a table's description shows (see table_replicas.h).
#include "api/table_replicas.h"

#include <limits>

#include "api/global_tables.h"
#include "api/table_description.h"
#include "model/api_error.h"

namespace dynemu::api {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
const std::string kInvalid = "One or more parameter values were invalid: ";
constexpr const char* kVersion = "2019.11.21";

const Shape& replica_index_shape() {
  static const Shape& s = Shape::structure(
      "ReplicaGlobalSecondaryIndex",
      {{"IndexName", &Shape::string()},
       {"ProvisionedThroughputOverride",
        &Shape::structure("ProvisionedThroughputOverride", {{"ReadCapacityUnits", &Shape::long_integer()}})},
       {"OnDemandThroughputOverride",
        &Shape::structure("OnDemandThroughputOverride", {{"MaxReadRequestUnits", &Shape::long_integer()}})}});
  return s;
}

const Shape& member_action_shape(const char* name) {
  return Shape::structure(
      name, {{"RegionName", &Shape::string()},
             {"KMSMasterKeyId", &Shape::string()},
             {"ProvisionedThroughputOverride",
              &Shape::structure("ProvisionedThroughputOverride", {{"ReadCapacityUnits", &Shape::long_integer()}})},
             {"OnDemandThroughputOverride",
              &Shape::structure("OnDemandThroughputOverride", {{"MaxReadRequestUnits", &Shape::long_integer()}})},
             {"GlobalSecondaryIndexes", &Shape::list_of(replica_index_shape())},
             {"TableClassOverride", &Shape::string()}});
}

// The action of one ReplicationGroupUpdate and its kind ("Create", "Update", "Delete").
const rapidjson::Value* action_of(const rapidjson::Value& update, std::string& kind) {
  for (const char* k : {"Create", "Update", "Delete"})
    if (const rapidjson::Value* a = update.IsObject() ? member(update, k) : nullptr) {
      kind = k;
      return a;
    }
  return nullptr;
}

void check_overrides(ConstraintErrors& errors, const rapidjson::Value& action, const std::string& path) {
  if (const rapidjson::Value* t = member(action, "ProvisionedThroughputOverride"))
    errors.value_range(long_member(*t, "ReadCapacityUnits"), path + ".provisionedThroughputOverride.readCapacityUnits",
                       1, std::numeric_limits<int64_t>::max());
  if (const rapidjson::Value* indexes = member(action, "GlobalSecondaryIndexes")) {
    rapidjson::SizeType i = 0;
    for (const auto& ix : indexes->GetArray()) {
      const std::string p = path + ".globalSecondaryIndexes." + std::to_string(++i) + ".member";
      if (!ix.IsObject()) {
        errors.not_null(p);
        continue;
      }
      errors.index_name(member(ix, "IndexName"), p + ".indexName");
      if (const rapidjson::Value* t = member(ix, "ProvisionedThroughputOverride"))
        errors.value_range(long_member(*t, "ReadCapacityUnits"), p + ".provisionedThroughputOverride.readCapacityUnits",
                           1, std::numeric_limits<int64_t>::max());
    }
  }
}

rapidjson::Value* find_replica(rapidjson::Value& replicas, const std::string& region) {
  for (auto& r : replicas.GetArray())
    if (r.IsObject() && string_member(r, "RegionName") == region) return &r;
  return nullptr;
}

// Copies the override members an action names into the stored replica.
void merge_overrides(rapidjson::Value& replica, const rapidjson::Value& action, Allocator& a) {
  for (const char* name : {"KMSMasterKeyId", "ProvisionedThroughputOverride", "OnDemandThroughputOverride",
                           "GlobalSecondaryIndexes", "TableClassOverride"})
    if (const rapidjson::Value* v = member(action, name)) set_member(replica, name, rapidjson::Value(*v, a), a);
}

void check_replica_indexes(const rapidjson::Value& d, const rapidjson::Value& action) {
  const rapidjson::Value* indexes = member(action, "GlobalSecondaryIndexes");
  if (!indexes) return;
  for (const auto& ix : indexes->GetArray()) {
    const std::string name = string_member(ix, "IndexName");
    bool known = false;
    if (const rapidjson::Value* gsis = member(d, "GlobalSecondaryIndexes"))
      for (const auto& g : gsis->GetArray()) known = known || string_member(g, "IndexName") == name;
    // dynemu's wording: the reference requires the index to exist on the table, without a message.
    if (!known)
      throw model::validation_error(kInvalid + "Replica global secondary index " + name +
                                    " is not a global secondary index of the table");
  }
}

std::string replica_status(const rapidjson::Value& replica, const std::string& table_status) {
  const bool in_window = table_status == "UPDATING";
  if (replica.HasMember("_Deleting")) return in_window ? "DELETING" : "";
  if (replica.HasMember("_Creating") && in_window) return "CREATING";
  return "ACTIVE";
}

const rapidjson::Value* stored_replicas(const rapidjson::Value& description) {
  const rapidjson::Value* replicas = description.IsObject() ? member(description, "_Replicas") : nullptr;
  return replicas && replicas->IsArray() ? replicas : nullptr;
}

}  // namespace

const Shape& replica_updates_shape() {
  static const Shape& update = Shape::structure(
      "ReplicationGroupUpdate", {{"Create", &member_action_shape("CreateReplicationGroupMemberAction")},
                                 {"Update", &member_action_shape("UpdateReplicationGroupMemberAction")},
                                 {"Delete", &Shape::structure("DeleteReplicationGroupMemberAction",
                                                              {{"RegionName", &Shape::string()}})}});
  static const Shape& s = Shape::list_of(update);
  return s;
}

void check_replica_update_constraints(ConstraintErrors& errors, const rapidjson::Value& updates) {
  rapidjson::SizeType i = 0;
  for (const auto& u : updates.GetArray()) {
    const std::string path = "replicaUpdates." + std::to_string(++i) + ".member";
    std::string kind;
    const rapidjson::Value* action = action_of(u, kind);
    if (!action) continue;  // check_replica_update_rules() answers a missing action
    const std::string p = path + "." + (kind == "Create" ? "create" : kind == "Update" ? "update" : "delete");
    if (!member(*action, "RegionName")) errors.not_null(p + ".regionName");
    if (kind != "Delete") check_overrides(errors, *action, p);
  }
}

void check_replica_update_rules(const OperationContext& ctx, const rapidjson::Value& updates) {
  std::vector<std::string> regions;
  for (const auto& u : updates.GetArray()) {
    const int actions = u.IsObject() ? (member(u, "Create") != nullptr) + (member(u, "Update") != nullptr) +
                                           (member(u, "Delete") != nullptr)
                                     : 0;
    // dynemu's wording, after GlobalSecondaryIndexUpdates' messages for the same rule.
    if (actions == 0)
      throw model::validation_error(kInvalid +
                                    "One of ReplicationGroupUpdate.Create, ReplicationGroupUpdate.Update, "
                                    "ReplicationGroupUpdate.Delete must not be null");
    if (actions > 1)
      throw model::validation_error(kInvalid + "Only one replica action is allowed per ReplicationGroupUpdate object");
    std::string kind;
    const std::string region = string_member(*action_of(u, kind), "RegionName");
    if (region == ctx.region)
      throw model::validation_error("Cannot add, delete, or update the local region through ReplicaUpdates. Use "
                                    "CreateTable, DeleteTable, or UpdateTable as required.");
    for (const auto& seen : regions)
      if (seen == region)
        throw model::validation_error(kInvalid + "Only one replica update per region is allowed simultaneously. "
                                      "Region: " + region);
    regions.push_back(region);
    if (const rapidjson::Value* tc = member(*action_of(u, kind), "TableClassOverride"))
      validate_table_class(std::string(tc->GetString(), tc->GetStringLength()));
  }
}

void apply_replica_updates(OperationContext& ctx, store::Session& session, store::TableSchema& schema,
                           rapidjson::Document& d, const rapidjson::Value& updates, int64_t now) {
  auto& a = d.GetAllocator();
  const std::string& name = schema.name;
  // dynemu's wording: DynamoDB refuses version 2019.11.21 replicas for a legacy global table,
  // which the reference says must be upgraded first.
  if (stored_global_table(d))
    throw model::validation_error(kInvalid + "Table: " + name +
                                  " is a global table version 2017.11.29; ReplicaUpdates apply to version 2019.11.21");
  if (!d.HasMember("_Replicas")) d.AddMember("_Replicas", rapidjson::Value(rapidjson::kArrayType), a);
  rapidjson::Value& replicas = d["_Replicas"];

  bool creates = false;
  for (const auto& u : updates.GetArray()) {
    std::string kind;
    const rapidjson::Value& action = *action_of(u, kind);
    const std::string region = string_member(action, "RegionName");
    rapidjson::Value* existing = find_replica(replicas, region);
    if (kind == "Create") {
      // dynemu's wording for both: the reference documents no message.
      if (existing)
        throw model::validation_error(kInvalid + "Replica already exists in region: " + region + " for table: " + name);
      check_replica_indexes(d, action);
      rapidjson::Value replica(rapidjson::kObjectType);
      replica.AddMember("RegionName", string_value(region, a), a);
      merge_overrides(replica, action, a);
      replica.AddMember("_Creating", true, a);
      replicas.PushBack(replica, a);
      creates = true;
    } else {
      if (!existing)
        throw model::validation_error(kInvalid + "Replica does not exist in region: " + region + " for table: " + name);
      if (kind == "Update") {
        check_replica_indexes(d, action);
        merge_overrides(*existing, action, a);
      } else {
        set_member(*existing, "_Deleting", rapidjson::Value(true), a);
      }
    }
  }

  if (creates) {
    if (schema.stream_view_type.empty()) {
      // As DynamoDB does for the first replica: the table's stream is enabled with NEW_AND_OLD_IMAGES.
      enable_table_stream(ctx, session, schema, d, "NEW_AND_OLD_IMAGES", now);
    } else if (schema.stream_view_type != "NEW_AND_OLD_IMAGES") {
      // dynemu's wording (the rule is the developer guide's, the message is not documented).
      throw model::validation_error(kInvalid + "Table: " + name +
                                    " must have DynamoDB Streams with StreamViewType NEW_AND_OLD_IMAGES to add a "
                                    "replica; its StreamViewType is " + schema.stream_view_type);
    }
  }
}

void clear_replica_marks(rapidjson::Value& description) {
  if (!description.IsObject() || !description.HasMember("_Replicas") || !description["_Replicas"].IsArray()) return;
  rapidjson::Value& replicas = description["_Replicas"];
  for (auto it = replicas.Begin(); it != replicas.End();) {
    if (it->IsObject() && it->HasMember("_Deleting")) {
      it = replicas.Erase(it);
      continue;
    }
    if (it->IsObject()) it->RemoveMember("_Creating");
    ++it;
  }
  if (replicas.Empty()) description.RemoveMember("_Replicas");
}

bool has_replicas(const rapidjson::Value& description) {
  const rapidjson::Value* replicas = stored_replicas(description);
  if (!replicas) return false;
  for (const auto& r : replicas->GetArray())
    if (r.IsObject() && !r.HasMember("_Deleting")) return true;
  return false;
}

std::vector<ReplicaState> replica_states(const rapidjson::Value& description, const std::string& table_status) {
  std::vector<ReplicaState> out;
  if (const rapidjson::Value* replicas = stored_replicas(description))
    for (const auto& r : replicas->GetArray()) {
      if (!r.IsObject()) continue;
      std::string status = replica_status(r, table_status);
      if (!status.empty()) out.push_back({string_member(r, "RegionName"), std::move(status)});
    }
  return out;
}

void write_replicas(model::JsonWriter& out, const rapidjson::Value& description, const std::string& table_status) {
  const rapidjson::Value* replicas = stored_replicas(description);
  if (!replicas || replica_states(description, table_status).empty()) return;
  const rapidjson::Value* summary = member(description, "TableClassSummary");
  const std::string table_class = summary ? string_member(*summary, "TableClass", "STANDARD") : "STANDARD";
  out.Key("GlobalTableVersion");
  out.String(kVersion);
  out.Key("Replicas");
  out.StartArray();
  for (const auto& r : replicas->GetArray()) {
    if (!r.IsObject()) continue;
    const std::string status = replica_status(r, table_status);
    if (status.empty()) continue;
    out.StartObject();
    out.Key("RegionName");
    out.String(string_member(r, "RegionName"));
    out.Key("ReplicaStatus");
    out.String(status);
    for (const char* name : {"KMSMasterKeyId", "ProvisionedThroughputOverride", "OnDemandThroughputOverride",
                             "GlobalSecondaryIndexes"})
      if (const rapidjson::Value* v = member(r, name)) {
        out.Key(name);
        v->Accept(out);
      }
    out.Key("ReplicaTableClassSummary");
    out.StartObject();
    out.Key("TableClass");
    out.String(string_member(r, "TableClassOverride", table_class));
    out.EndObject();
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace dynemu::api
