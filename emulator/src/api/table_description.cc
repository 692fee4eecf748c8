#include "api/table_description.h"

#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <limits>
#include <random>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/index_projection.h"
#include "api/table_lookup.h"
#include "api/table_replicas.h"
#include "api/warm_throughput.h"
#include "model/api_error.h"

namespace dynemu::api {

// ---------------------------------------------------------------- identifiers and times

std::string table_arn(const OperationContext& ctx, const std::string& table_name) {
  return "arn:aws:dynamodb:" + ctx.region + ":" + ctx.account_id + ":table/" + table_name;
}

std::string new_uuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%012" PRIx64,
                static_cast<uint64_t>(hi >> 32), static_cast<uint64_t>((hi >> 16) & 0xFFFF),
                static_cast<uint64_t>(hi & 0xFFFF), static_cast<uint64_t>(lo >> 48),
                static_cast<uint64_t>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

double epoch_seconds(int64_t ms) { return static_cast<double>(ms) / 1000.0; }

std::string stream_label(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];  // room for any int year, so the formatter can never truncate
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

// ---------------------------------------------------------------- finding tables

bool table_gone(const store::TableSchema& schema, int64_t now) {
  return schema.transient_status == "DELETING" && now >= schema.transient_until_ms;
}

std::shared_ptr<const store::TableSchema> find_visible_table(store::Session& session, const std::string& name,
                                                             int64_t now) {
  auto schema = session.find_table(name);
  if (!schema || table_gone(*schema, now)) return nullptr;
  return schema;
}

void purge_expired_tables(store::Session& session, int64_t now) {
  for (const auto& name : session.table_names()) {
    auto schema = session.find_table(name);
    if (schema && table_gone(*schema, now)) session.drop_table(name);
  }
}

void throw_table_not_found(const std::string& name) {
  throw model::resource_not_found("Requested resource not found: Table: " + name + " not found");
}

std::shared_ptr<const store::TableSchema> require_changeable_table(store::Session& session, const std::string& name,
                                                                  int64_t now) {
  purge_expired_tables(session, now);
  auto schema = find_visible_table(session, name, now);
  if (!schema) throw_table_not_found(name);
  const std::string status = table_status_now(*schema, now);
  if (status != "ACTIVE") throw_table_in_use(name, status);
  return schema;
}

void throw_table_in_use(const std::string& name, const std::string& status) {
  const char* what = status == "CREATING" ? "created" : status == "DELETING" ? "deleted" : "updated";
  throw model::resource_in_use("Attempt to change a resource which is still in use: Table is being " +
                               std::string(what) + ": " + name);
}

std::string table_status_now(const store::TableSchema& schema, int64_t now) { return effective_status(schema, now); }

void visit_tables_in_transition(store::Session& session, int64_t now,
                                const std::function<void(const store::TableSchema&, const std::string&)>& visit) {
  for (const auto& name : session.table_names()) {
    const auto table = session.find_table(name);
    if (!table) continue;
    const std::string status = table_status_now(*table, now);
    if (status != "ACTIVE") visit(*table, status);
  }
}

void check_simultaneous_table_operations(store::Session& session, const ApiSettings& settings, int64_t now,
                                         bool creating_with_indexes) {
  if (!settings.delay_transient_statuses) return;  // every operation is over when its call answers
  int in_transition = 0, indexed_creating = 0;
  visit_tables_in_transition(session, now, [&](const store::TableSchema& table, const std::string& status) {
    ++in_transition;
    if (status == "CREATING" && !table.indexes.empty()) ++indexed_creating;
  });
  const int limit = settings.simultaneous_table_operations;
  if (in_transition >= limit)
    throw model::dynamodb_error("LimitExceededException", "Subscriber limit exceeded: Only " + std::to_string(limit) +
                                                              " tables can be created, updated, or deleted simultaneously");
  if (creating_with_indexes && indexed_creating >= limit / 2)
    throw model::dynamodb_error("LimitExceededException",
                                "Subscriber limit exceeded: You have exceeded the maximum number of indexed tables that "
                                "can be created simultaneously");
}

bool index_backfilling(const store::TableSchema& schema, const std::string& index_name, int64_t now) {
  // The description is only parsed inside an UPDATING window, which is rare.
  if (table_status_now(schema, now) != "UPDATING") return false;
  const rapidjson::Document d = parse_description(schema);
  const rapidjson::Value* gsis = member(d, "GlobalSecondaryIndexes");
  if (!gsis || !gsis->IsArray()) return false;
  for (const auto& ix : gsis->GetArray())
    if (ix.IsObject() && string_member(ix, "IndexName") == index_name) return ix.HasMember("_Creating");
  return false;
}

// ---------------------------------------------------------------- description JSON

rapidjson::Document parse_description(const store::TableSchema& schema) {
  rapidjson::Document d;
  d.Parse(schema.description.c_str(), schema.description.size());
  if (d.HasParseError() || !d.IsObject()) d.SetObject();
  return d;
}

std::string serialize_description(const rapidjson::Value& description) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  description.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

namespace {

const store::IndexStats* index_stats_named(const store::TableStats* stats, const rapidjson::Value& index) {
  const rapidjson::Value* name = member(index, "IndexName");
  if (!stats || !name || !name->IsString()) return nullptr;
  for (const auto& s : stats->indexes)
    if (s.name == name->GetString()) return &s;
  return nullptr;
}

void write_index(model::JsonWriter& out, const rapidjson::Value& index, const std::string& index_status,
                 const std::string& table_status, const store::IndexStats* stats) {
  // An index created by UpdateTable (marked "_Creating") is CREATING and backfilling while the
  // table's UPDATING window lasts.
  const bool creating = table_status == "UPDATING" && index.HasMember("_Creating");
  out.StartObject();
  for (const auto& m : index.GetObject()) {
    std::string_view name(m.name.GetString(), m.name.GetStringLength());
    if (!name.empty() && name[0] == '_') continue;
    out.Key(m.name.GetString(), m.name.GetStringLength());
    if (name == "IndexStatus")
      out.String(creating ? "CREATING" : index_status);
    else if (name == "Backfilling")
      out.Bool(creating);
    else if (name == "ItemCount")
      out.Int64(stats ? stats->item_count : 0);
    else if (name == "IndexSizeBytes")
      out.Int64(stats ? stats->size_bytes : 0);
    else if (name == "WarmThroughput" && m.value.IsObject())
      write_warm_throughput(out, m.value, table_status);
    else
      m.value.Accept(out);
  }
  out.EndObject();
}

}  // namespace

void write_table_description(model::JsonWriter& out, const rapidjson::Value& description, const std::string& status,
                             const store::TableStats* stats) {
  // Global indexes are created with their table, so they show its CREATING window; otherwise ACTIVE.
  const std::string index_status = status == "CREATING" ? "CREATING" : status == "DELETING" ? "DELETING" : "ACTIVE";
  out.StartObject();
  for (const auto& m : description.GetObject()) {
    std::string_view name(m.name.GetString(), m.name.GetStringLength());
    if (!name.empty() && name[0] == '_') continue;
    out.Key(m.name.GetString(), m.name.GetStringLength());
    if (name == "TableStatus") {
      out.String(status);
    } else if (name == "ItemCount") {
      out.Int64(stats ? stats->item_count : 0);
    } else if (name == "TableSizeBytes") {
      out.Int64(stats ? stats->size_bytes : 0);
    } else if ((name == "GlobalSecondaryIndexes" || name == "LocalSecondaryIndexes") && m.value.IsArray()) {
      out.StartArray();
      for (const auto& ix : m.value.GetArray())
        write_index(out, ix, index_status, status, index_stats_named(stats, ix));
      out.EndArray();
    } else if (name == "WarmThroughput" && m.value.IsObject()) {
      write_warm_throughput(out, m.value, status);
    } else if (name == "RestoreSummary" && m.value.IsObject() && status == "CREATING") {
      // A restored table's CREATING window (--delay-transient-statuses) is its restore in progress.
      out.StartObject();
      for (const auto& s : m.value.GetObject()) {
        out.Key(s.name.GetString(), s.name.GetStringLength());
        if (std::string_view(s.name.GetString(), s.name.GetStringLength()) == "RestoreInProgress") out.Bool(true);
        else s.value.Accept(out);
      }
      out.EndObject();
    } else {
      m.value.Accept(out);
    }
  }
  write_replicas(out, description, status);
  out.EndObject();
}

store::TableStats live_table_stats(store::Session& session, const store::TableSchema& schema) {
  store::TableStats stats = session.stats(schema, true);
  for (size_t i = 0; i < schema.indexes.size(); ++i) {
    const store::IndexSchema& index = schema.indexes[i];
    store::IndexStats& s = stats.indexes[i];
    const IndexProjection projection = projection_of(schema, index);
    if (projection.type != IndexProjection::Type::All && s.item_count > 0) {
      // Only part of each item is in the index: size what a read through it would return.
      s.size_bytes = 0;
      session.visit_index_items(schema, index, [&](std::string_view item_json) {
        s.size_bytes += static_cast<int64_t>(model::projected_item_size(item_json, projection.attributes));
      });
    }
  }
  return stats;
}

// ---------------------------------------------------------------- shared validation

std::string validate_table_name_request(const rapidjson::Value& request, const Shape& shape) {
  check_shape(request, shape);
  ConstraintErrors errors;
  errors.table_name(member(request, "TableName"), "tableName");
  errors.throw_if_any();
  return string_member(request, "TableName");
}

std::optional<int64_t> long_member(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value* v = member(object, name);
  if (!v || !v->IsNumber()) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  if (v->IsUint64()) return std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(v->GetDouble());
}

void check_throughput_constraints(ConstraintErrors& errors, const rapidjson::Value& throughput,
                                  const std::string& path) {
  // DynamoDB lists writeCapacityUnits before readCapacityUnits.
  for (const char* field : {"WriteCapacityUnits", "ReadCapacityUnits"}) {
    std::string p = path + "." + (field[0] == 'W' ? "writeCapacityUnits" : "readCapacityUnits");
    auto value = long_member(throughput, field);
    if (!value)
      errors.not_null(p);
    else if (*value < 1)
      errors.add(quoted(std::to_string(*value)), p, "Member must have value greater than or equal to 1");
  }
}

void check_throughput_bounds(const rapidjson::Value& throughput) {
  constexpr int64_t kMax = 1000000000000;  // 10^12
  for (const char* field : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
    auto value = long_member(throughput, field);
    if (value && *value > kMax)
      throw model::validation_error("Given value " + std::to_string(*value) + " for " + field + " is out of bounds");
  }
}

void check_stream_constraints(ConstraintErrors& errors, const rapidjson::Value& spec) {
  if (!member(spec, "StreamEnabled")) errors.not_null("streamSpecification.streamEnabled");
  if (const rapidjson::Value* view = member(spec, "StreamViewType"))
    errors.enum_value(std::string(view->GetString(), view->GetStringLength()), "streamSpecification.streamViewType",
                      {"OLD_IMAGE", "KEYS_ONLY", "NEW_AND_OLD_IMAGES", "NEW_IMAGE"});
}

void check_sse_constraints(ConstraintErrors& errors, const rapidjson::Value& spec) {
  if (const rapidjson::Value* type = member(spec, "SSEType"))
    errors.enum_value(std::string(type->GetString(), type->GetStringLength()), "sSESpecification.sSEType",
                      {"AES256", "KMS"});
  if (const rapidjson::Value* key = member(spec, "KMSMasterKeyId"))
    errors.string_length(std::string(key->GetString(), key->GetStringLength()), "sSESpecification.kMSMasterKeyId", 1,
                         2048);
}

void validate_sse(const rapidjson::Value& spec) {
  const rapidjson::Value* enabled = member(spec, "Enabled");
  const bool on = enabled && enabled->GetBool();
  const std::string type = string_member(spec, "SSEType");
  const bool has_key = member(spec, "KMSMasterKeyId") != nullptr;
  const std::string prefix = "One or more parameter values were invalid: ";
  if (!on && !type.empty()) throw model::validation_error(prefix + "SSEType can not be specified if Enabled is false");
  if (!on && has_key)
    throw model::validation_error(prefix + "KMSMasterKeyId can not be specified if Enabled is false");
  if (has_key && type == "AES256")
    throw model::validation_error(prefix + "SSEType KMS is required if KMSMasterKeyId is specified");
  if (type == "AES256") throw model::validation_error(prefix + "SSEType AES256 is not supported");
}

void build_sse_description(const OperationContext& ctx, const rapidjson::Value& spec, rapidjson::Value& out,
                           rapidjson::Document::AllocatorType& alloc) {
  const rapidjson::Value* enabled = member(spec, "Enabled");
  if (!enabled || !enabled->GetBool()) {
    out.SetNull();
    return;
  }
  std::string key = string_member(spec, "KMSMasterKeyId");
  std::string arn;
  if (key.rfind("arn:", 0) == 0)
    arn = key;
  else if (key.rfind("alias/", 0) == 0 || key.empty())
    // The AWS managed key (alias/aws/dynamodb) or a named alias: a stable key id per account and region.
    arn = "arn:aws:kms:" + ctx.region + ":" + ctx.account_id + ":key/" +
          (key.empty() ? std::string("00000000-0000-4000-8000-00000000d1a0") : key.substr(6));
  else
    arn = "arn:aws:kms:" + ctx.region + ":" + ctx.account_id + ":key/" + key;
  out.SetObject();
  out.AddMember("Status", "ENABLED", alloc);
  out.AddMember("SSEType", "KMS", alloc);
  out.AddMember("KMSMasterKeyArn", rapidjson::Value(arn.c_str(), static_cast<rapidjson::SizeType>(arn.size()), alloc),
                alloc);
}

void validate_on_demand_throughput(const rapidjson::Value& spec, bool provisioned, bool creating) {
  const std::string prefix = "One or more parameter values were invalid: ";
  constexpr const char* kFields[] = {"MaxReadRequestUnits", "MaxWriteRequestUnits"};
  for (const char* field : kFields) {
    if (!member(spec, field)) continue;
    if (provisioned)
      throw model::validation_error(prefix + field + " for OnDemandThroughput cannot be specified when " +
                                    (creating ? "table BillingMode is PROVISIONED." : "the table BillingMode is PROVISIONED"));
    break;  // DynamoDB names the first member present
  }
  for (const char* field : kFields) {
    auto value = long_member(spec, field);
    if (value && *value < 1 && (creating || *value != -1))
      throw model::validation_error(prefix + "Requested " + field + " for OnDemandThroughput for table is outside of "
                                    "valid range");
  }
}

void merge_on_demand_throughput(rapidjson::Value& description, const rapidjson::Value& spec,
                                rapidjson::Document::AllocatorType& alloc) {
  auto it = description.FindMember("OnDemandThroughput");
  if (it == description.MemberEnd()) {
    description.AddMember("OnDemandThroughput", rapidjson::Value(rapidjson::kObjectType), alloc);
    it = description.FindMember("OnDemandThroughput");
  }
  for (const char* field : {"MaxReadRequestUnits", "MaxWriteRequestUnits"}) {
    auto value = long_member(spec, field);
    if (!value) continue;
    if (*value == -1)
      it->value.RemoveMember(field);
    else
      set_member(it->value, field, rapidjson::Value(*value), alloc);
  }
  if (it->value.ObjectEmpty()) description.RemoveMember("OnDemandThroughput");
}

void validate_table_class(const std::string& table_class) {
  if (table_class != "STANDARD" && table_class != "STANDARD_INFREQUENT_ACCESS")
    throw model::validation_error(
        "Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, "
        "STANDARD_INFREQUENT_ACCESS].");
}

void set_member(rapidjson::Value& object, const char* name, rapidjson::Value value,
                rapidjson::Document::AllocatorType& alloc) {
  auto it = object.FindMember(name);
  if (it != object.MemberEnd())
    it->value = std::move(value);
  else
    object.AddMember(rapidjson::Value(name, alloc), std::move(value), alloc);
}

rapidjson::Value string_value(const std::string& s, rapidjson::Document::AllocatorType& alloc) {
  return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

rapidjson::Value attribute_definition_description(const rapidjson::Value& definition,
                                                  rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("AttributeName", string_value(string_member(definition, "AttributeName"), alloc), alloc);
  out.AddMember("AttributeType", string_value(string_member(definition, "AttributeType"), alloc), alloc);
  return out;
}

rapidjson::Value key_schema_description(const rapidjson::Value& key_schema, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value out(rapidjson::kArrayType);
  for (const auto& e : key_schema.GetArray()) {
    rapidjson::Value element(rapidjson::kObjectType);
    element.AddMember("AttributeName", string_value(string_member(e, "AttributeName"), alloc), alloc);
    element.AddMember("KeyType", string_value(string_member(e, "KeyType"), alloc), alloc);
    out.PushBack(element, alloc);
  }
  return out;
}

rapidjson::Value projection_description(const rapidjson::Value& projection, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("ProjectionType", string_value(string_member(projection, "ProjectionType"), alloc), alloc);
  if (const rapidjson::Value* attrs = member(projection, "NonKeyAttributes"))
    out.AddMember("NonKeyAttributes", rapidjson::Value(*attrs, alloc), alloc);
  return out;
}

rapidjson::Value throughput_description(const rapidjson::Value* requested, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("NumberOfDecreasesToday", 0, alloc);
  out.AddMember("ReadCapacityUnits", requested ? *long_member(*requested, "ReadCapacityUnits") : 0, alloc);
  out.AddMember("WriteCapacityUnits", requested ? *long_member(*requested, "WriteCapacityUnits") : 0, alloc);
  return out;
}

void enable_stream(rapidjson::Value& description, rapidjson::Document::AllocatorType& alloc,
                   const std::string& arn_of_table, const std::string& view_type, int64_t now) {
  rapidjson::Value spec(rapidjson::kObjectType);
  spec.AddMember("StreamEnabled", true, alloc);
  spec.AddMember("StreamViewType", string_value(view_type, alloc), alloc);
  set_member(description, "StreamSpecification", std::move(spec), alloc);
  const std::string label = stream_label(now);
  set_member(description, "LatestStreamLabel", string_value(label, alloc), alloc);
  set_member(description, "LatestStreamArn", string_value(arn_of_table + "/stream/" + label, alloc), alloc);
}

void enable_table_stream(OperationContext& ctx, store::Session& session, store::TableSchema& schema,
                         rapidjson::Document& description, const std::string& view_type, int64_t now) {
  const std::string arn_of_table = table_arn(ctx, schema.name);
  // A label names one stream of a table: a stream re-enabled within the same millisecond (a frozen
  // test clock) takes the next one.
  int64_t at = now;
  while (session.find_stream(arn_of_table + "/stream/" + stream_label(at))) ++at;
  enable_stream(description, description.GetAllocator(), arn_of_table, view_type, at);
  const std::string label = stream_label(at);
  const rapidjson::Value* key_schema = member(description, "KeySchema");
  streams::open_stream(session, schema, arn_of_table + "/stream/" + label, label, view_type,
                       key_schema ? serialize_description(*key_schema) : "[]", now);
  schema.stream_view_type = view_type;
}

void disable_table_stream(store::Session& session, store::TableSchema& schema, rapidjson::Document& description,
                          int64_t now) {
  streams::close_stream(session, schema.id(), now);
  schema.stream_view_type.clear();
  description.RemoveMember("StreamSpecification");  // LatestStreamArn and LatestStreamLabel stay, as in DynamoDB
}

streams::StreamSettings stream_settings(const ApiSettings& settings) {
  streams::StreamSettings s;
  s.rotation_ms = settings.stream_shard_rotation_ms;
  s.delay_transient_statuses = settings.delay_transient_statuses;
  s.transient_delay_ms = settings.transient_delay_ms;
  return s;
}

}  // namespace dynemu::api

namespace dynemu::api {

// ---------------------------------------------------------------- shared request shapes

const Shape& throughput_shape() {
  static const Shape& s = Shape::structure(
      "ProvisionedThroughput",
      {{"ReadCapacityUnits", &Shape::long_integer()}, {"WriteCapacityUnits", &Shape::long_integer()}});
  return s;
}

const Shape& key_schema_shape() {
  static const Shape& s = Shape::list_of(Shape::structure(
      "KeySchemaElement", {{"AttributeName", &Shape::string()}, {"KeyType", &Shape::string()}}));
  return s;
}

const Shape& attribute_definitions_shape() {
  static const Shape& s = Shape::list_of(Shape::structure(
      "AttributeDefinition", {{"AttributeName", &Shape::string()}, {"AttributeType", &Shape::string()}}));
  return s;
}

const Shape& projection_shape() {
  static const Shape& s = Shape::structure(
      "Projection",
      {{"ProjectionType", &Shape::string()}, {"NonKeyAttributes", &Shape::list_of(Shape::string())}});
  return s;
}

const Shape& stream_specification_shape() {
  static const Shape& s = Shape::structure(
      "StreamSpecification", {{"StreamEnabled", &Shape::boolean()}, {"StreamViewType", &Shape::string()}});
  return s;
}

const Shape& sse_specification_shape() {
  static const Shape& s = Shape::structure("SSESpecification", {{"Enabled", &Shape::boolean()},
                                                                {"SSEType", &Shape::string()},
                                                                {"KMSMasterKeyId", &Shape::string()}});
  return s;
}

const Shape& on_demand_throughput_shape() {
  static const Shape& s = Shape::structure(
      "OnDemandThroughput",
      {{"MaxReadRequestUnits", &Shape::long_integer()}, {"MaxWriteRequestUnits", &Shape::long_integer()}});
  return s;
}

}  // namespace dynemu::api
