// Backups: their ARNs, the record each keeps (backup.h) and the descriptions DynamoDB writes of them.
#include "backup/backup.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "api/table_description.h"

namespace dynemu::backup {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
using api::member;
using api::string_value;

constexpr size_t kArnTimeDigits = 14;
constexpr size_t kArnSuffixHex = 8;

rapidjson::Value copy_of(const rapidjson::Value& v, Allocator& a) { return rapidjson::Value(v, a); }

// ProvisionedThroughput as the backup types show it: the two capacities, no NumberOfDecreasesToday.
rapidjson::Value capacities_of(const rapidjson::Value* throughput, Allocator& a) {
  rapidjson::Value out(rapidjson::kObjectType);
  for (const char* field : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
    const rapidjson::Value* v = throughput ? member(*throughput, field) : nullptr;
    out.AddMember(rapidjson::StringRef(field), v ? copy_of(*v, a) : rapidjson::Value(0), a);
  }
  return out;
}

rapidjson::Value index_infos(const rapidjson::Value& indexes, bool global, Allocator& a) {
  rapidjson::Value out(rapidjson::kArrayType);
  for (const auto& ix : indexes.GetArray()) {
    rapidjson::Value info(rapidjson::kObjectType);
    for (const char* field : {"IndexName", "KeySchema", "Projection"})
      if (const rapidjson::Value* v = member(ix, field)) info.AddMember(rapidjson::StringRef(field), copy_of(*v, a), a);
    if (global) {
      info.AddMember("ProvisionedThroughput", capacities_of(member(ix, "ProvisionedThroughput"), a), a);
      if (const rapidjson::Value* v = member(ix, "OnDemandThroughput")) info.AddMember("OnDemandThroughput", copy_of(*v, a), a);
    }
    out.PushBack(info, a);
  }
  return out;
}

std::string billing_mode_of(const rapidjson::Value& description) {
  const rapidjson::Value* summary = member(description, "BillingModeSummary");
  return summary ? api::string_member(*summary, "BillingMode", "PROVISIONED") : "PROVISIONED";
}

rapidjson::Value source_table_details(const store::TableSchema& table, const rapidjson::Value& description,
                                      const store::TableStats& stats, Allocator& a) {
  rapidjson::Value d(rapidjson::kObjectType);
  d.AddMember("TableName", string_value(table.name, a), a);
  for (const char* field : {"TableId", "TableArn"})
    if (const rapidjson::Value* v = member(description, field)) d.AddMember(rapidjson::StringRef(field), copy_of(*v, a), a);
  d.AddMember("TableSizeBytes", stats.size_bytes, a);
  d.AddMember("KeySchema", copy_of(*member(description, "KeySchema"), a), a);
  d.AddMember("TableCreationDateTime", api::epoch_seconds(table.created_ms), a);
  d.AddMember("ProvisionedThroughput", capacities_of(member(description, "ProvisionedThroughput"), a), a);
  if (const rapidjson::Value* v = member(description, "OnDemandThroughput")) d.AddMember("OnDemandThroughput", copy_of(*v, a), a);
  d.AddMember("ItemCount", stats.item_count, a);
  d.AddMember("BillingMode", string_value(billing_mode_of(description), a), a);
  return d;
}

rapidjson::Value source_table_features(const store::TableSchema& table, const rapidjson::Value& description,
                                       Allocator& a) {
  rapidjson::Value f(rapidjson::kObjectType);
  if (const rapidjson::Value* lsis = member(description, "LocalSecondaryIndexes"))
    f.AddMember("LocalSecondaryIndexes", index_infos(*lsis, false, a), a);
  if (const rapidjson::Value* gsis = member(description, "GlobalSecondaryIndexes"))
    f.AddMember("GlobalSecondaryIndexes", index_infos(*gsis, true, a), a);
  if (!table.stream_view_type.empty()) {
    rapidjson::Value stream(rapidjson::kObjectType);
    stream.AddMember("StreamEnabled", true, a);
    stream.AddMember("StreamViewType", string_value(table.stream_view_type, a), a);
    f.AddMember("StreamDescription", stream, a);
  }
  if (table.ttl.enabled) {
    rapidjson::Value ttl(rapidjson::kObjectType);
    ttl.AddMember("TimeToLiveStatus", "ENABLED", a);
    ttl.AddMember("AttributeName", string_value(table.ttl.attribute, a), a);
    f.AddMember("TimeToLiveDescription", ttl, a);
  }
  if (const rapidjson::Value* sse = member(description, "SSEDescription")) f.AddMember("SSEDescription", copy_of(*sse, a), a);
  return f;
}

rapidjson::Document parse_record(const store::BackupRow& backup) {
  rapidjson::Document d;
  d.Parse(backup.record.c_str(), backup.record.size());
  if (d.HasParseError() || !d.IsObject()) throw model::dynamodb_error("InternalServerError", "Internal server error", 500);
  return d;
}

void write_value(model::JsonWriter& out, const rapidjson::Value* v) {
  if (v) v->Accept(out);
  else out.Null();
}

void write_details(model::JsonWriter& out, const store::BackupRow& backup, const rapidjson::Value& record,
                   BackupStatus status) {
  out.StartObject();
  out.Key("BackupArn");
  out.String(backup.arn);
  out.Key("BackupName");
  write_value(out, member(record, "BackupName"));
  out.Key("BackupSizeBytes");
  write_value(out, member(record, "BackupSizeBytes"));
  out.Key("BackupStatus");
  out.String(status == BackupStatus::Available ? "AVAILABLE" : "DELETED");
  out.Key("BackupType");
  out.String("USER");
  out.Key("BackupCreationDateTime");
  out.Double(api::epoch_seconds(backup.created_ms));
  out.EndObject();
}

}  // namespace

std::string new_backup_arn(const std::string& table_arn, int64_t created_ms) {
  char time_digits[32];
  std::snprintf(time_digits, sizeof time_digits, "%014lld", static_cast<long long>(created_ms));
  return table_arn + "/backup/" + time_digits + "-" + api::new_uuid().substr(0, kArnSuffixHex);
}

std::optional<std::pair<int64_t, std::string>> backup_position_of_arn(const std::string& arn) {
  const size_t at = arn.rfind("/backup/");
  if (at == std::string::npos) return std::nullopt;
  const std::string tail = arn.substr(at + 8);
  if (tail.size() != kArnTimeDigits + 1 + kArnSuffixHex || tail[kArnTimeDigits] != '-') return std::nullopt;
  for (size_t i = 0; i < kArnTimeDigits; ++i)
    if (!std::isdigit(static_cast<unsigned char>(tail[i]))) return std::nullopt;
  return std::make_pair(std::stoll(tail.substr(0, kArnTimeDigits)), arn);
}

store::BackupRow make_backup(api::OperationContext& ctx, store::Session& session, const store::TableSchema& table,
                             const std::string& name, int64_t now_ms) {
  const rapidjson::Document description = api::parse_description(table);
  const store::TableStats stats = session.stats(table);
  rapidjson::Document record(rapidjson::kObjectType);
  auto& a = record.GetAllocator();
  record.AddMember("BackupName", string_value(name, a), a);
  record.AddMember("BackupSizeBytes", stats.size_bytes, a);
  record.AddMember("SourceTableDetails", source_table_details(table, description, stats, a), a);
  record.AddMember("SourceTableFeatureDetails", source_table_features(table, description, a), a);
  record.AddMember("TableDescription", copy_of(description, a), a);

  store::BackupRow backup;
  backup.arn = new_backup_arn(api::table_arn(ctx, table.name), now_ms);
  backup.table_name = table.name;
  backup.created_ms = now_ms;
  backup.record = api::serialize_description(record);
  backup.id = session.add_backup(backup, table);
  return backup;
}

const api::Shape& timestamp_shape() {
  static const api::Shape s;  // Kind::Any: the JSON type is checked by timestamp_ms()
  return s;
}

std::optional<int64_t> timestamp_ms(const rapidjson::Value& request, const char* name) {
  const rapidjson::Value* v = api::member(request, name);
  if (!v) return std::nullopt;
  if (v->IsString()) throw model::serialization_error("STRING_VALUE cannot be converted to Date");
  if (!v->IsNumber()) throw model::serialization_error("Unexpected field type");
  return static_cast<int64_t>(std::llround(v->GetDouble() * 1000.0));
}

std::string validate_backup_arn(const rapidjson::Value* arn, api::ConstraintErrors& errors) {
  if (!arn) {
    errors.not_null("backupArn");
    return "";
  }
  std::string value(arn->GetString(), arn->GetStringLength());
  errors.string_length(value, "backupArn", 37, 1024);
  return value;
}

store::BackupRow require_backup(store::Session& session, const std::string& arn) {
  auto backup = session.find_backup(arn);
  if (!backup) throw model::dynamodb_error("BackupNotFoundException", "Backup not found: " + arn);
  return *backup;
}

void write_backup_details(model::JsonWriter& out, const store::BackupRow& backup, BackupStatus status) {
  write_details(out, backup, parse_record(backup), status);
}

void write_backup_description(model::JsonWriter& out, const store::BackupRow& backup, BackupStatus status) {
  const rapidjson::Document record = parse_record(backup);
  out.StartObject();
  out.Key("BackupDetails");
  write_details(out, backup, record, status);
  out.Key("SourceTableDetails");
  write_value(out, member(record, "SourceTableDetails"));
  out.Key("SourceTableFeatureDetails");
  write_value(out, member(record, "SourceTableFeatureDetails"));
  out.EndObject();
}

void write_backup_summary(model::JsonWriter& out, const store::BackupRow& backup) {
  const rapidjson::Document record = parse_record(backup);
  const rapidjson::Value* source = member(record, "SourceTableDetails");
  out.StartObject();
  out.Key("TableName");
  out.String(backup.table_name);
  for (const char* field : {"TableId", "TableArn"}) {
    if (const rapidjson::Value* v = source ? member(*source, field) : nullptr) {
      out.Key(field);
      v->Accept(out);
    }
  }
  out.Key("BackupArn");
  out.String(backup.arn);
  out.Key("BackupName");
  write_value(out, member(record, "BackupName"));
  out.Key("BackupCreationDateTime");
  out.Double(api::epoch_seconds(backup.created_ms));
  out.Key("BackupStatus");
  out.String("AVAILABLE");
  out.Key("BackupType");
  out.String("USER");
  out.Key("BackupSizeBytes");
  write_value(out, member(record, "BackupSizeBytes"));
  out.EndObject();
}

}  // namespace dynemu::backup
