#include "api/global_tables.h"


#include "api/continuous_backups.h"
#include "api/replica_auto_scaling.h"
#include "api/table_description.h"
#include "api/table_features.h"
#include "api/table_replicas.h"

namespace dynemu::api {

std::optional<GlobalTable> stored_global_table(const rapidjson::Value& description) {
  const rapidjson::Value* stored = feature_state(description, "_GlobalTable");
  if (!stored) return std::nullopt;
  GlobalTable g;
  g.creation_ms = int64_member(*stored, "CreationMs");
  g.until_ms = int64_member(*stored, "UntilMs");
  if (const rapidjson::Value* regions = member(*stored, "Regions"); regions && regions->IsArray())
    for (const auto& r : regions->GetArray())
      if (r.IsString()) g.regions.emplace_back(r.GetString(), r.GetStringLength());
  return g;
}

void store_global_table(rapidjson::Value& description, const std::optional<GlobalTable>& global,
                        rapidjson::Document::AllocatorType& a) {
  if (!global) {
    description.RemoveMember("_GlobalTable");
    return;
  }
  rapidjson::Value stored(rapidjson::kObjectType);
  stored.AddMember("CreationMs", global->creation_ms, a);
  stored.AddMember("UntilMs", global->until_ms, a);
  rapidjson::Value regions(rapidjson::kArrayType);
  for (const auto& r : global->regions) regions.PushBack(string_value(r, a), a);
  stored.AddMember("Regions", regions, a);
  set_member(description, "_GlobalTable", std::move(stored), a);
}

std::string validate_global_table_name(const rapidjson::Value& request, ConstraintErrors& errors) {
  errors.table_name(member(request, "GlobalTableName"), "globalTableName");
  return string_member(request, "GlobalTableName");
}

void throw_global_table_not_found() {
  throw model::dynamodb_error("GlobalTableNotFoundException", "Global table not found");
}

void throw_table_not_in_region(const std::string& name, const std::string& region) {
  throw model::dynamodb_error("TableNotFoundException",
                              "Table not found: Table: '" + name + "' not found in region: '" + region + "'.");
}

std::shared_ptr<const store::TableSchema> global_table_of(store::Session& session, const std::string& name,
                                                          int64_t now, GlobalTable& global) {
  auto schema = find_visible_table(session, name, now);
  if (!schema) throw_global_table_not_found();
  std::optional<GlobalTable> stored = stored_global_table(parse_description(*schema));
  if (!stored) throw_global_table_not_found();
  global = *stored;
  return schema;
}

namespace {

// RegionName and ReplicaStatus of a replica entry (CREATING during the global table's creation).
void write_replica_region(model::JsonWriter& out, const std::string& region, const GlobalTable& global, int64_t now) {
  out.Key("RegionName");
  out.String(region);
  out.Key("ReplicaStatus");
  out.String(now < global.until_ms ? "CREATING" : "ACTIVE");
}

}  // namespace

void write_global_table_description(model::JsonWriter& out, const OperationContext& ctx, const std::string& name,
                                    const GlobalTable& global, int64_t now) {
  out.StartObject();
  out.Key("ReplicationGroup");
  out.StartArray();
  for (const auto& region : global.regions) {
    out.StartObject();
    write_replica_region(out, region, global, now);
    out.EndObject();
  }
  out.EndArray();
  out.Key("GlobalTableArn");
  out.String("arn:aws:dynamodb::" + ctx.account_id + ":global-table/" + name);
  out.Key("CreationDateTime");
  out.Double(epoch_seconds(global.creation_ms));
  out.Key("GlobalTableStatus");
  out.String(now < global.until_ms ? "CREATING" : "ACTIVE");
  out.Key("GlobalTableName");
  out.String(name);
  out.EndObject();
}

void write_table_auto_scaling_description(model::JsonWriter& out, const store::TableSchema& schema,
                                          const std::string& status) {
  out.StartObject();
  out.Key("TableAutoScalingDescription");
  out.StartObject();
  out.Key("TableName");
  out.String(schema.name);
  out.Key("TableStatus");
  out.String(status);
  out.Key("Replicas");
  out.StartArray();
  const rapidjson::Document d = parse_description(schema);
  const rapidjson::Value* stored = member(d, "_Replicas");
  for (const auto& replica : replica_states(d, status)) {
    out.StartObject();
    out.Key("RegionName");
    out.String(replica.region);
    const rapidjson::Value* record = nullptr;
    if (stored && stored->IsArray())
      for (const auto& r : stored->GetArray())
        if (r.IsObject() && string_member(r, "RegionName") == replica.region) record = &r;
    if (record) {
      write_replica_auto_scaling_settings(out, d, *record);
    } else {
      out.Key("GlobalSecondaryIndexes");
      out.StartArray();
      out.EndArray();
    }
    out.Key("ReplicaStatus");
    out.String(replica.status);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  out.EndObject();
}

std::shared_ptr<const store::TableSchema> auto_scaling_table(OperationContext& ctx, store::Session& session,
                                                             const rapidjson::Value& request, int64_t now) {
  ConstraintErrors errors;
  const std::string name_or_arn = validate_continuous_backups_table_name(member(request, "TableName"), errors);
  errors.throw_if_any();
  return named_table(ctx, session, name_or_arn, now);
}

namespace {

void write_capacity(model::JsonWriter& out, const rapidjson::Value* throughput, bool provisioned) {
  if (!provisioned || !throughput) return;
  out.Key("ReplicaProvisionedReadCapacityUnits");
  out.Int64(int64_member(*throughput, "ReadCapacityUnits"));
  out.Key("ReplicaProvisionedWriteCapacityUnits");
  out.Int64(int64_member(*throughput, "WriteCapacityUnits"));
}

}  // namespace

void write_global_table_settings(model::JsonWriter& out, const store::TableSchema& schema, const GlobalTable& global,
                                 int64_t now) {
  const rapidjson::Document d = parse_description(schema);
  std::string billing = "PROVISIONED";
  if (const rapidjson::Value* summary = feature_state(d, "BillingModeSummary"))
    billing = string_member(*summary, "BillingMode", billing);
  const bool provisioned = billing == "PROVISIONED";
  out.Key("GlobalTableName");
  out.String(schema.name);
  out.Key("ReplicaSettings");
  out.StartArray();
  for (const auto& region : global.regions) {
    out.StartObject();
    write_replica_region(out, region, global, now);
    out.Key("ReplicaBillingModeSummary");
    out.StartObject();
    out.Key("BillingMode");
    out.String(billing);
    out.EndObject();
    write_capacity(out, feature_state(d, "ProvisionedThroughput"), provisioned);
    out.Key("ReplicaGlobalSecondaryIndexSettings");
    out.StartArray();
    if (const rapidjson::Value* gsis = member(d, "GlobalSecondaryIndexes"); gsis && gsis->IsArray())
      for (const auto& gsi : gsis->GetArray()) {
        out.StartObject();
        out.Key("IndexName");
        out.String(string_member(gsi, "IndexName"));
        out.Key("IndexStatus");
        out.String("ACTIVE");
        if (provisioned) {
          if (const rapidjson::Value* t = feature_state(gsi, "ProvisionedThroughput")) {
            out.Key("ProvisionedReadCapacityUnits");
            out.Int64(int64_member(*t, "ReadCapacityUnits"));
            out.Key("ProvisionedWriteCapacityUnits");
            out.Int64(int64_member(*t, "WriteCapacityUnits"));
          }
        }
        out.EndObject();
      }
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace dynemu::api
