// UpdateGlobalTableSettings: capacity settings of a legacy (2017.11.29) global table's replica
// (global_tables.h). Validate (JSON types → GlobalTableName) → the global table
// (GlobalTableNotFoundException) → ReplicaSettingsUpdate regions must be replicas
// (ReplicaNotFoundException "Replica not found in region: <region>", dynemu's wording) → apply the
// write capacity (GlobalTableProvisionedWriteCapacityUnits, GlobalTableGlobalSecondaryIndexSettingsUpdate)
// and read capacity (ReplicaProvisionedReadCapacityUnits, ReplicaGlobalSecondaryIndexSettingsUpdate)
// to the table's and its indexes' ProvisionedThroughput → answer as DescribeGlobalTableSettings.
//
// dynemu's limits, refused with a ValidationException that says so: changing the billing mode
// here (UpdateTable does it) and capacity for an on-demand table. Auto scaling settings are
// accepted and not kept: dynemu has no Application Auto Scaling.
#include "api/global_tables.h"
#include "api/request_shape.h"
#include "api/table_description.h"
#include "api/table_features.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& any = *new Shape();
  static const Shape& gsi_write = Shape::structure(
      "GlobalTableGlobalSecondaryIndexSettingsUpdate",
      {{"IndexName", &Shape::string()}, {"ProvisionedWriteCapacityUnits", &Shape::long_integer()},
       {"ProvisionedWriteCapacityAutoScalingSettingsUpdate", &any}});
  static const Shape& gsi_read = Shape::structure(
      "ReplicaGlobalSecondaryIndexSettingsUpdate",
      {{"IndexName", &Shape::string()}, {"ProvisionedReadCapacityUnits", &Shape::long_integer()},
       {"ProvisionedReadCapacityAutoScalingSettingsUpdate", &any}});
  static const Shape& replica = Shape::structure(
      "ReplicaSettingsUpdate",
      {{"RegionName", &Shape::string()}, {"ReplicaProvisionedReadCapacityUnits", &Shape::long_integer()},
       {"ReplicaProvisionedReadCapacityAutoScalingSettingsUpdate", &any},
       {"ReplicaGlobalSecondaryIndexSettingsUpdate", &Shape::list_of(gsi_read)},
       {"ReplicaTableClass", &Shape::string()}});
  static const Shape& s = Shape::structure(
      "UpdateGlobalTableSettingsInput",
      {{"GlobalTableName", &Shape::string()}, {"GlobalTableBillingMode", &Shape::string()},
       {"GlobalTableProvisionedWriteCapacityUnits", &Shape::long_integer()},
       {"GlobalTableProvisionedWriteCapacityAutoScalingSettingsUpdate", &any},
       {"GlobalTableGlobalSecondaryIndexSettingsUpdate", &Shape::list_of(gsi_write)},
       {"ReplicaSettingsUpdate", &Shape::list_of(replica)}});
  return s;
}

// Sets throughput[member] = units, refusing on-demand tables.
void set_units(rapidjson::Value* throughput, const char* name, int64_t units, bool provisioned,
               rapidjson::Document::AllocatorType& a) {
  if (!provisioned)
    throw model::validation_error("dynemu: provisioned capacity cannot be set on a PAY_PER_REQUEST global table");
  if (throughput && throughput->IsObject()) set_member(*throughput, name, rapidjson::Value(units), a);
}

rapidjson::Value* gsi_throughput(rapidjson::Value& d, const std::string& index) {
  if (!d.HasMember("GlobalSecondaryIndexes") || !d["GlobalSecondaryIndexes"].IsArray())
    throw model::resource_not_found("Requested resource not found: Index: " + index + " not found");
  for (auto& gsi : d["GlobalSecondaryIndexes"].GetArray())
    if (string_member(gsi, "IndexName") == index && gsi.HasMember("ProvisionedThroughput"))
      return &gsi["ProvisionedThroughput"];
  throw model::resource_not_found("Requested resource not found: Index: " + index + " not found");
}

}  // namespace

void update_global_table_settings(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string name = validate_global_table_name(request, errors);
  if (member(request, "GlobalTableBillingMode"))
    errors.enum_value(string_member(request, "GlobalTableBillingMode"), "globalTableBillingMode",
                      {"PROVISIONED", "PAY_PER_REQUEST"});
  errors.value_range(long_member(request, "GlobalTableProvisionedWriteCapacityUnits"),
                     "globalTableProvisionedWriteCapacityUnits", 1, INT64_MAX);
  errors.throw_if_any();
  const int64_t now = ctx.clock.now_ms();
  GlobalTable global;
  std::shared_ptr<const store::TableSchema> updated;
  {
    auto session = ctx.store.write();
    purge_expired_tables(session, now);
    store::TableSchema schema = *global_table_of(session, name, now, global);
    rapidjson::Document d = parse_description(schema);
    auto& a = d.GetAllocator();
    std::string billing = "PROVISIONED";
    if (const rapidjson::Value* summary = feature_state(d, "BillingModeSummary"))
      billing = string_member(*summary, "BillingMode", billing);
    const bool provisioned = billing == "PROVISIONED";
    if (member(request, "GlobalTableBillingMode") && string_member(request, "GlobalTableBillingMode") != billing)
      throw model::validation_error("dynemu: UpdateGlobalTableSettings does not change the billing mode; use UpdateTable");
    if (const rapidjson::Value* replicas = member(request, "ReplicaSettingsUpdate"))
      for (const auto& r : replicas->GetArray()) {
        const std::string region = string_member(r, "RegionName");
        if (std::find(global.regions.begin(), global.regions.end(), region) == global.regions.end())
          throw model::dynamodb_error("ReplicaNotFoundException", "Replica not found in region: " + region);
        if (auto units = long_member(r, "ReplicaProvisionedReadCapacityUnits"))
          set_units(d.HasMember("ProvisionedThroughput") ? &d["ProvisionedThroughput"] : nullptr,
                    "ReadCapacityUnits", *units, provisioned, a);
        if (const rapidjson::Value* gsis = member(r, "ReplicaGlobalSecondaryIndexSettingsUpdate"))
          for (const auto& g : gsis->GetArray())
            if (auto units = long_member(g, "ProvisionedReadCapacityUnits"))
              set_units(gsi_throughput(d, string_member(g, "IndexName")), "ReadCapacityUnits", *units, provisioned, a);
      }
    if (auto units = long_member(request, "GlobalTableProvisionedWriteCapacityUnits"))
      set_units(d.HasMember("ProvisionedThroughput") ? &d["ProvisionedThroughput"] : nullptr, "WriteCapacityUnits",
                *units, provisioned, a);
    if (const rapidjson::Value* gsis = member(request, "GlobalTableGlobalSecondaryIndexSettingsUpdate"))
      for (const auto& g : gsis->GetArray())
        if (auto units = long_member(g, "ProvisionedWriteCapacityUnits"))
          set_units(gsi_throughput(d, string_member(g, "IndexName")), "WriteCapacityUnits", *units, provisioned, a);
    schema.description = serialize_description(d);
    session.replace_schema(schema);
    session.commit();
    updated = std::make_shared<const store::TableSchema>(schema);
  }
  out.StartObject();
  write_global_table_settings(out, *updated, global, now);
  out.EndObject();
}

}  // namespace dynemu::api
