// restore_table(): a new table from a source TableDescription, overrides and items (backup.h).
// The new table is made by CreateTable's own two steps (validate_create_table, new_table_description)
// from the CreateTable request the restore implies, so every override is validated as CreateTable
// validates the same member.
#include <set>

#include "api/table_description.h"
#include "backup/backup.h"
#include "model/json_codec.h"

namespace dynemu::backup {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
using api::member;
using api::string_value;

rapidjson::Value copy_of(const rapidjson::Value& v, Allocator& a) { return rapidjson::Value(v, a); }

rapidjson::Value capacities_of(const rapidjson::Value& throughput, Allocator& a) {
  rapidjson::Value out(rapidjson::kObjectType);
  for (const char* field : {"ReadCapacityUnits", "WriteCapacityUnits"})
    if (const rapidjson::Value* v = member(throughput, field)) out.AddMember(rapidjson::StringRef(field), copy_of(*v, a), a);
  return out;
}

// The source's indexes as CreateTable takes them. A global index gets its own throughput on a
// provisioned table that was provisioned already, else the table's (a switch from on-demand).
rapidjson::Value source_indexes(const rapidjson::Value& indexes, bool global, bool on_demand, bool source_on_demand,
                                const rapidjson::Value* table_throughput, Allocator& a) {
  rapidjson::Value out(rapidjson::kArrayType);
  for (const auto& ix : indexes.GetArray()) {
    rapidjson::Value request(rapidjson::kObjectType);
    for (const char* field : {"IndexName", "KeySchema", "Projection"})
      if (const rapidjson::Value* v = member(ix, field)) request.AddMember(rapidjson::StringRef(field), copy_of(*v, a), a);
    if (global && !on_demand) {
      const rapidjson::Value* own = member(ix, "ProvisionedThroughput");
      const rapidjson::Value* throughput = !source_on_demand && own ? own : table_throughput;
      if (throughput) request.AddMember("ProvisionedThroughput", capacities_of(*throughput, a), a);
    }
    if (global && on_demand)
      if (const rapidjson::Value* limits = member(ix, "OnDemandThroughput"))
        request.AddMember("OnDemandThroughput", copy_of(*limits, a), a);
    out.PushBack(request, a);
  }
  return out;
}

void note_key_names(const rapidjson::Value* key_schema, std::set<std::string>& names) {
  if (!key_schema || !key_schema->IsArray()) return;
  for (const auto& element : key_schema->GetArray())
    if (element.IsObject())
      if (const rapidjson::Value* name = member(element, "AttributeName"); name && name->IsString())
        names.insert(std::string(name->GetString(), name->GetStringLength()));
}

// The attribute definitions of the source that the new table's keys and indexes still use.
rapidjson::Value used_definitions(const rapidjson::Value& source, const rapidjson::Value& request, Allocator& a) {
  std::set<std::string> used;
  note_key_names(member(request, "KeySchema"), used);
  for (const char* list : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"})
    if (const rapidjson::Value* indexes = member(request, list); indexes && indexes->IsArray())
      for (const auto& ix : indexes->GetArray())
        if (ix.IsObject()) note_key_names(member(ix, "KeySchema"), used);
  rapidjson::Value out(rapidjson::kArrayType);
  if (const rapidjson::Value* definitions = member(source, "AttributeDefinitions"))
    for (const auto& d : definitions->GetArray())
      if (used.count(api::string_member(d, "AttributeName"))) out.PushBack(copy_of(d, a), a);
  return out;
}

// The CreateTable request a restore of `source` into `target` with `overrides` amounts to.
rapidjson::Document implied_create_table(const std::string& target, const rapidjson::Value& source,
                                         const RestoreOverrides& overrides) {
  rapidjson::Document r(rapidjson::kObjectType);
  auto& a = r.GetAllocator();
  const rapidjson::Value* source_billing = member(source, "BillingModeSummary");
  const bool source_on_demand =
      source_billing && api::string_member(*source_billing, "BillingMode") == "PAY_PER_REQUEST";
  const std::string billing =
      overrides.billing_mode ? std::string(overrides.billing_mode->GetString(), overrides.billing_mode->GetStringLength())
                             : (source_on_demand ? "PAY_PER_REQUEST" : "PROVISIONED");
  const bool on_demand = billing == "PAY_PER_REQUEST";

  r.AddMember("TableName", string_value(target, a), a);
  r.AddMember("KeySchema", copy_of(*member(source, "KeySchema"), a), a);
  r.AddMember("BillingMode", string_value(billing, a), a);

  // Throughput: the override as given (CreateTable refuses it on an on-demand table), else the source's.
  const rapidjson::Value* source_throughput = member(source, "ProvisionedThroughput");
  if (overrides.provisioned_throughput)
    r.AddMember("ProvisionedThroughput", copy_of(*overrides.provisioned_throughput, a), a);
  else if (!on_demand && !source_on_demand && source_throughput)
    r.AddMember("ProvisionedThroughput", capacities_of(*source_throughput, a), a);
  if (overrides.on_demand_throughput)
    r.AddMember("OnDemandThroughput", copy_of(*overrides.on_demand_throughput, a), a);
  else if (const rapidjson::Value* limits = member(source, "OnDemandThroughput"); limits && on_demand)
    r.AddMember("OnDemandThroughput", copy_of(*limits, a), a);

  const rapidjson::Value* table_throughput = member(r, "ProvisionedThroughput");
  // An index override lists the indexes to keep: an empty list restores none (CreateTable itself
  // refuses an empty list, so the member is left out).
  auto keeps_any = [](const rapidjson::Value* list) { return list->IsArray() && !list->Empty(); };
  if (overrides.local_secondary_indexes) {
    if (keeps_any(overrides.local_secondary_indexes))
      r.AddMember("LocalSecondaryIndexes", copy_of(*overrides.local_secondary_indexes, a), a);
  } else if (const rapidjson::Value* lsis = member(source, "LocalSecondaryIndexes"))
    r.AddMember("LocalSecondaryIndexes", source_indexes(*lsis, false, on_demand, source_on_demand, nullptr, a), a);
  if (overrides.global_secondary_indexes) {
    if (keeps_any(overrides.global_secondary_indexes))
      r.AddMember("GlobalSecondaryIndexes", copy_of(*overrides.global_secondary_indexes, a), a);
  } else if (const rapidjson::Value* gsis = member(source, "GlobalSecondaryIndexes"))
    r.AddMember("GlobalSecondaryIndexes",
                source_indexes(*gsis, true, on_demand, source_on_demand, table_throughput, a), a);

  if (overrides.sse_specification) {
    r.AddMember("SSESpecification", copy_of(*overrides.sse_specification, a), a);
  } else if (const rapidjson::Value* sse = member(source, "SSEDescription")) {
    rapidjson::Value spec(rapidjson::kObjectType);
    spec.AddMember("Enabled", true, a);
    spec.AddMember("SSEType", "KMS", a);
    if (const rapidjson::Value* key = member(*sse, "KMSMasterKeyArn")) spec.AddMember("KMSMasterKeyId", copy_of(*key, a), a);
    r.AddMember("SSESpecification", spec, a);
  }
  if (const rapidjson::Value* summary = member(source, "TableClassSummary"))
    if (const rapidjson::Value* table_class = member(*summary, "TableClass"))
      r.AddMember("TableClass", copy_of(*table_class, a), a);

  rapidjson::Value definitions = used_definitions(source, r, a);
  r.AddMember("AttributeDefinitions", definitions, a);
  return r;
}

}  // namespace

std::vector<std::pair<const char*, const api::Shape*>> override_shape_fields() {
  using api::Shape;
  return {{"BillingModeOverride", &Shape::string()},
          {"GlobalSecondaryIndexOverride", &Shape::list_of(api::global_secondary_index_shape())},
          {"LocalSecondaryIndexOverride", &Shape::list_of(api::local_secondary_index_shape())},
          {"ProvisionedThroughputOverride", &api::throughput_shape()},
          {"OnDemandThroughputOverride", &api::on_demand_throughput_shape()},
          {"SSESpecificationOverride", &api::sse_specification_shape()}};
}

RestoreOverrides overrides_of(const rapidjson::Value& request) {
  RestoreOverrides o;
  o.billing_mode = member(request, "BillingModeOverride");
  o.provisioned_throughput = member(request, "ProvisionedThroughputOverride");
  o.on_demand_throughput = member(request, "OnDemandThroughputOverride");
  o.global_secondary_indexes = member(request, "GlobalSecondaryIndexOverride");
  o.local_secondary_indexes = member(request, "LocalSecondaryIndexOverride");
  o.sse_specification = member(request, "SSESpecificationOverride");
  return o;
}

void check_override_constraints(const rapidjson::Value& request, api::ConstraintErrors& errors) {
  if (const rapidjson::Value* billing = member(request, "BillingModeOverride"))
    errors.enum_value(std::string(billing->GetString(), billing->GetStringLength()), "billingModeOverride",
                      {"PROVISIONED", "PAY_PER_REQUEST"});
}

NewTable create_table_with_items(api::OperationContext& ctx, const rapidjson::Value& create_request,
                                 const std::function<void(rapidjson::Document& description)>& decorate,
                                 const ItemSource& items, const char* exists_error,
                                 const char* in_transition_error) {
  api::CreateTableRequest validated = api::validate_create_table(create_request);
  const int64_t now = ctx.clock.now_ms();
  NewTable made;
  made.description = api::new_table_description(ctx, create_request, validated, now);
  decorate(made.description);

  store::TableSchema& schema = made.schema;
  schema.name = validated.table_name;
  schema.key = validated.key;
  schema.indexes = std::move(validated.indexes);
  schema.description = api::serialize_description(made.description);
  schema.created_ms = now;
  if (ctx.settings.delay_transient_statuses) {
    schema.transient_status = "CREATING";
    schema.transient_until_ms = now + ctx.settings.transient_delay_ms;
  }

  {
    auto session = ctx.store.write(now);
    api::purge_expired_tables(session, now);
    if (const auto existing = session.find_table(schema.name)) {
      const std::string status = api::table_status_now(*existing, now);
      if (in_transition_error && (status == "CREATING" || status == "DELETING"))
        throw model::dynamodb_error(in_transition_error,
                                    "A target table with the specified name is either being created or deleted.");
      throw model::dynamodb_error(exists_error, "Table already exists: " + schema.name);
    }
    api::check_simultaneous_table_operations(session, ctx.settings, now, !schema.indexes.empty());
    session.create_table(schema);
    const auto created = session.find_table(schema.name);
    // Into the new, empty table the secondary indexes are built once at the end (store.h).
    const bool defer_indexes = !created->indexes.empty();
    if (defer_indexes) session.suspend_secondary_indexes(*created);
    items(session, [&](std::string&& item_json) {
      session.put_item(*created, store::ItemRow::from_item(*created, model::item_from_json(item_json)));
    });
    if (defer_indexes) session.resume_secondary_indexes(*created);
    made.stats = session.stats(*created);
    schema = *created;
    session.commit();
  }
  made.status = api::table_status_now(schema, now);
  return made;
}

void restore_table(api::OperationContext& ctx, const std::string& target_table, const RestoreSource& source,
                   const RestoreOverrides& overrides, const ItemSource& items, model::JsonWriter& out) {
  const rapidjson::Document request = implied_create_table(target_table, *source.table_description, overrides);
  auto add_summary = [&source](rapidjson::Document& description) {
    auto& a = description.GetAllocator();
    rapidjson::Value summary(rapidjson::kObjectType);
    if (!source.source_backup_arn.empty()) summary.AddMember("SourceBackupArn", string_value(source.source_backup_arn, a), a);
    summary.AddMember("SourceTableArn", string_value(source.source_table_arn, a), a);
    summary.AddMember("RestoreDateTime", api::epoch_seconds(source.restore_time_ms), a);
    // The items are all in when the call answers; write_table_description shows the restore in
    // progress while the table is CREATING (--delay-transient-statuses).
    summary.AddMember("RestoreInProgress", false, a);
    description.AddMember("RestoreSummary", summary, a);
      };
  const NewTable made =
      create_table_with_items(ctx, request, add_summary, items, "TableAlreadyExistsException", "TableInUseException");
  out.StartObject();
  out.Key("TableDescription");
  api::write_table_description(out, made.description, made.status, &made.stats);
  out.EndObject();
}

}  // namespace dynemu::backup
