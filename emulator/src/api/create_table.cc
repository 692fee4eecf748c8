// CreateTable: validate (create_table_validation.cc) → store the table and its description → respond
// with the TableDescription.
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "api/tags.h"
#include "api/warm_throughput.h"

namespace dynemu::api {
namespace {

using Allocator = rapidjson::Document::AllocatorType;

rapidjson::Value copy_of(const rapidjson::Value& v, Allocator& alloc) { return rapidjson::Value(v, alloc); }

rapidjson::Value index_descriptions(const rapidjson::Value& indexes, bool global, const std::string& arn,
                                    Allocator& alloc) {
  rapidjson::Value out(rapidjson::kArrayType);
  for (const auto& ix : indexes.GetArray()) {
    const std::string name = string_member(ix, "IndexName");
    rapidjson::Value d(rapidjson::kObjectType);
    d.AddMember("IndexName", string_value(name, alloc), alloc);
    d.AddMember("KeySchema", key_schema_description(*member(ix, "KeySchema"), alloc), alloc);
    d.AddMember("Projection", projection_description(*member(ix, "Projection"), alloc), alloc);
    if (global) {
      d.AddMember("IndexStatus", "ACTIVE", alloc);  // placeholder: filled in when written out
      d.AddMember("ProvisionedThroughput", throughput_description(member(ix, "ProvisionedThroughput"), alloc), alloc);
      if (const rapidjson::Value* limits = member(ix, "OnDemandThroughput")) merge_on_demand_throughput(d, *limits, alloc);
      add_initial_warm_throughput(d, member(ix, "WarmThroughput"), alloc);
    }
    d.AddMember("IndexSizeBytes", 0, alloc);
    d.AddMember("ItemCount", 0, alloc);
    d.AddMember("IndexArn", string_value(arn + "/index/" + name, alloc), alloc);
    out.PushBack(d, alloc);
  }
  return out;
}

}  // namespace

rapidjson::Document new_table_description(const OperationContext& ctx, const rapidjson::Value& request,
                                          const CreateTableRequest& validated, int64_t now) {
  rapidjson::Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  const std::string arn = table_arn(ctx, validated.table_name);
  const bool on_demand = validated.billing_mode == "PAY_PER_REQUEST";

  rapidjson::Value definitions(rapidjson::kArrayType);
  for (const auto& def : member(request, "AttributeDefinitions")->GetArray())
    definitions.PushBack(attribute_definition_description(def, a), a);
  d.AddMember("AttributeDefinitions", definitions, a);
  d.AddMember("TableName", string_value(validated.table_name, a), a);
  d.AddMember("KeySchema", key_schema_description(*member(request, "KeySchema"), a), a);
  d.AddMember("TableStatus", "ACTIVE", a);
  d.AddMember("CreationDateTime", epoch_seconds(now), a);
  d.AddMember("ProvisionedThroughput",
              throughput_description(on_demand ? nullptr : member(request, "ProvisionedThroughput"), a), a);
  d.AddMember("TableSizeBytes", 0, a);
  d.AddMember("ItemCount", 0, a);
  d.AddMember("TableArn", string_value(arn, a), a);
  d.AddMember("TableId", string_value(new_uuid(), a), a);
  if (on_demand) {
    rapidjson::Value summary(rapidjson::kObjectType);
    summary.AddMember("BillingMode", "PAY_PER_REQUEST", a);
    summary.AddMember("LastUpdateToPayPerRequestDateTime", epoch_seconds(now), a);
    d.AddMember("BillingModeSummary", summary, a);
  }
  if (const rapidjson::Value* limits = member(request, "OnDemandThroughput"))
    merge_on_demand_throughput(d, *limits, a);
  if (const rapidjson::Value* lsis = member(request, "LocalSecondaryIndexes"))
    d.AddMember("LocalSecondaryIndexes", index_descriptions(*lsis, false, arn, a), a);
  if (const rapidjson::Value* gsis = member(request, "GlobalSecondaryIndexes"))
    d.AddMember("GlobalSecondaryIndexes", index_descriptions(*gsis, true, arn, a), a);
  if (const rapidjson::Value* sse = member(request, "SSESpecification")) {
    rapidjson::Value sse_description;
    build_sse_description(ctx, *sse, sse_description, a);
    if (!sse_description.IsNull()) d.AddMember("SSEDescription", sse_description, a);
  }
  if (const rapidjson::Value* table_class = member(request, "TableClass")) {
    rapidjson::Value summary(rapidjson::kObjectType);
    summary.AddMember("TableClass", copy_of(*table_class, a), a);
    d.AddMember("TableClassSummary", summary, a);
  }
  const rapidjson::Value* protection = member(request, "DeletionProtectionEnabled");
  d.AddMember("DeletionProtectionEnabled", protection && protection->GetBool(), a);
  const rapidjson::Value* tags = member(request, "Tags");
  store_tags(d, tags ? validate_tags(*tags) : std::vector<Tag>{}, a);
  add_initial_warm_throughput(d, member(request, "WarmThroughput"), a);
  return d;
}

void create_table(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  CreateTableRequest validated = validate_create_table(request);
  const int64_t now = ctx.clock.now_ms();
  rapidjson::Document description = new_table_description(ctx, request, validated, now);

  store::TableSchema schema;
  schema.name = validated.table_name;
  schema.key = validated.key;
  schema.indexes = std::move(validated.indexes);
  schema.description = serialize_description(description);
  schema.created_ms = now;
  if (ctx.settings.delay_transient_statuses) {
    schema.transient_status = "CREATING";
    schema.transient_until_ms = now + ctx.settings.transient_delay_ms;
  }

  {
    auto session = ctx.store.write(now);
    purge_expired_tables(session, now);
    if (session.find_table(schema.name))
      throw model::resource_in_use("Table already exists: " + schema.name);
    check_simultaneous_table_operations(session, ctx.settings, now, !schema.indexes.empty());
    session.create_table(schema);
    if (const rapidjson::Value* stream = member(request, "StreamSpecification");
        stream && member(*stream, "StreamEnabled")->GetBool()) {
      store::TableSchema created = *session.find_table(schema.name);
      enable_table_stream(ctx, session, created, description, string_member(*stream, "StreamViewType"), now);
      created.description = serialize_description(description);
      session.replace_schema(created);
    }
    session.commit();
  }

  out.StartObject();
  out.Key("TableDescription");
  write_table_description(out, description, table_status_now(schema, now), nullptr);
  out.EndObject();
}

}  // namespace dynemu::api
