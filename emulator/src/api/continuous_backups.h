// ContinuousBackups: a table's point-in-time recovery settings, shared by UpdateContinuousBackups
// and DescribeContinuousBackups.
//
// Contract:
//  - The settings live in the table's stored description as "_PointInTimeRecovery":
//    {"Enabled": bool, "EnabledMs": <server clock when it was enabled>, "RecoveryPeriodInDays": n}
//    (dynemu's bookkeeping, never written out); absent means disabled.
//  - write_continuous_backups_description() writes DynamoDB's ContinuousBackupsDescription:
//    ContinuousBackupsStatus ENABLED (as on every ACTIVE DynamoDB table), and
//    PointInTimeRecoveryDescription with PointInTimeRecoveryStatus; when enabled also
//    RecoveryPeriodInDays, EarliestRestorableDateTime (the later of the enabling time and the start
//    of the recovery period) and LatestRestorableDateTime (five minutes before now, as the API
//    reference says it typically is, but never before the earliest), both from the server clock.
//  - continuous_backups_table() finds the table these operations name (a name, or a table ARN of
//    this account), throwing DynamoDB's TableNotFoundException "Table not found: <name>" when it
//    does not exist or is still being created.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/operation.h"

namespace dynemu::api {

constexpr int64_t kDefaultRecoveryPeriodDays = 35;

struct PointInTimeRecovery {
  bool enabled = false;
  int64_t enabled_ms = 0;
  int64_t recovery_period_days = kDefaultRecoveryPeriodDays;
};

PointInTimeRecovery stored_point_in_time_recovery(const rapidjson::Value& description);
void store_point_in_time_recovery(rapidjson::Value& description, const PointInTimeRecovery& pitr,
                                  rapidjson::Document::AllocatorType& alloc);
// The restorable window [earliest, latest] in ms of an enabled table at `now_ms` (see above).
struct RestorableWindow {
  int64_t earliest_ms = 0;
  int64_t latest_ms = 0;
};
RestorableWindow restorable_window(const PointInTimeRecovery& pitr, int64_t now_ms);
// The change history the store keeps for these settings (TableSchema::history_ms): the recovery
// period while enabled, else none.
int64_t history_ms_of(const PointInTimeRecovery& pitr);
void write_continuous_backups_description(model::JsonWriter& out, const PointInTimeRecovery& pitr, int64_t now_ms);

// Checks TableName (required, 1 to 1024 characters: a name or an ARN) and returns it.
std::string validate_continuous_backups_table_name(const rapidjson::Value* table_name, ConstraintErrors& errors);
std::shared_ptr<const store::TableSchema> continuous_backups_table(OperationContext& ctx, store::Session& session,
                                                                   const std::string& name_or_arn, int64_t now);

}  // namespace dynemu::api
