#include "api/continuous_backups.h"

#include <algorithm>

#include "api/table_description.h"
#include "api/tags.h"

namespace dynemu::api {
namespace {

constexpr int64_t kDayMs = int64_t{24} * 3600 * 1000;
constexpr int64_t kLatestRestorableLagMs = int64_t{5} * 60 * 1000;

}  // namespace

PointInTimeRecovery stored_point_in_time_recovery(const rapidjson::Value& description) {
  PointInTimeRecovery pitr;
  const rapidjson::Value* stored = member(description, "_PointInTimeRecovery");
  if (!stored || !stored->IsObject()) return pitr;
  if (const rapidjson::Value* v = member(*stored, "Enabled"); v && v->IsBool()) pitr.enabled = v->GetBool();
  if (const rapidjson::Value* v = member(*stored, "EnabledMs"); v && v->IsInt64()) pitr.enabled_ms = v->GetInt64();
  if (const rapidjson::Value* v = member(*stored, "RecoveryPeriodInDays"); v && v->IsInt64())
    pitr.recovery_period_days = v->GetInt64();
  return pitr;
}

void store_point_in_time_recovery(rapidjson::Value& description, const PointInTimeRecovery& pitr,
                                  rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value stored(rapidjson::kObjectType);
  stored.AddMember("Enabled", pitr.enabled, alloc);
  stored.AddMember("EnabledMs", pitr.enabled_ms, alloc);
  stored.AddMember("RecoveryPeriodInDays", pitr.recovery_period_days, alloc);
  set_member(description, "_PointInTimeRecovery", std::move(stored), alloc);
}

RestorableWindow restorable_window(const PointInTimeRecovery& pitr, int64_t now_ms) {
  RestorableWindow w;
  w.earliest_ms = std::max(pitr.enabled_ms, now_ms - pitr.recovery_period_days * kDayMs);
  w.latest_ms = std::max(w.earliest_ms, now_ms - kLatestRestorableLagMs);
  return w;
}

int64_t history_ms_of(const PointInTimeRecovery& pitr) { return pitr.enabled ? pitr.recovery_period_days * kDayMs : 0; }

void write_continuous_backups_description(model::JsonWriter& out, const PointInTimeRecovery& pitr, int64_t now_ms) {
  out.StartObject();
  out.Key("ContinuousBackupsStatus");
  out.String("ENABLED");
  out.Key("PointInTimeRecoveryDescription");
  out.StartObject();
  out.Key("PointInTimeRecoveryStatus");
  out.String(pitr.enabled ? "ENABLED" : "DISABLED");
  if (pitr.enabled) {
    const RestorableWindow window = restorable_window(pitr, now_ms);
    out.Key("RecoveryPeriodInDays");
    out.Int64(pitr.recovery_period_days);
    out.Key("EarliestRestorableDateTime");
    out.Double(epoch_seconds(window.earliest_ms));
    out.Key("LatestRestorableDateTime");
    out.Double(epoch_seconds(window.latest_ms));
  }
  out.EndObject();
  out.EndObject();
}

std::string validate_continuous_backups_table_name(const rapidjson::Value* table_name, ConstraintErrors& errors) {
  if (!table_name) {
    errors.not_null("tableName");
    return "";
  }
  std::string name(table_name->GetString(), table_name->GetStringLength());
  errors.string_length(name, "tableName", 1, 1024);
  return name;
}

std::shared_ptr<const store::TableSchema> continuous_backups_table(OperationContext& ctx, store::Session& session,
                                                                   const std::string& name_or_arn, int64_t now) {
  auto not_found = [&]() { return model::dynamodb_error("TableNotFoundException", "Table not found: " + name_or_arn); };
  std::string name = name_or_arn;
  if (name_or_arn.rfind("arn:", 0) == 0) {
    name = table_name_of_arn(name_or_arn);
    if (!arn_in_this_account(ctx, name_or_arn)) throw not_found();
  }
  auto schema = find_visible_table(session, name, now);
  if (!schema || table_status_now(*schema, now) == "CREATING") throw not_found();
  return schema;
}

}  // namespace dynemu::api
