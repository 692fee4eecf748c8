// RestoreTableFromBackup: a new table with a backup's schema and items (backup/backup.h).
// Validate (JSON types → TargetTableName, BackupArn and BillingModeOverride constraints) → the
// backup (BackupNotFoundException) → restore_table(): the overrides checked as CreateTable checks
// them, TableAlreadyExistsException when the target exists, then the table and its items in one
// write session → the new TableDescription with RestoreSummary.
#include "api/table_description.h"
#include "backup/backup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure(
      "RestoreTableFromBackupInput",
      {{"TargetTableName", &Shape::string()},
       {"BackupArn", &Shape::string()},
       {"BillingModeOverride", &Shape::string()},
       {"GlobalSecondaryIndexOverride", &Shape::list_of(global_secondary_index_shape())},
       {"LocalSecondaryIndexOverride", &Shape::list_of(local_secondary_index_shape())},
       {"ProvisionedThroughputOverride", &throughput_shape()},
       {"OnDemandThroughputOverride", &on_demand_throughput_shape()},
       {"SSESpecificationOverride", &sse_specification_shape()}});
  return s;
}

}  // namespace

void restore_table_from_backup(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  errors.table_name(member(request, "TargetTableName"), "targetTableName");
  const std::string arn = backup::validate_backup_arn(member(request, "BackupArn"), errors);
  if (const rapidjson::Value* billing = member(request, "BillingModeOverride"))
    errors.enum_value(std::string(billing->GetString(), billing->GetStringLength()), "billingModeOverride",
                      {"PROVISIONED", "PAY_PER_REQUEST"});
  errors.throw_if_any();
  const std::string target = string_member(request, "TargetTableName");

  store::BackupRow found;
  {
    auto session = ctx.store.read();
    found = backup::require_backup(session, arn);
  }
  rapidjson::Document record;
  record.Parse(found.record.c_str(), found.record.size());
  const rapidjson::Value* source_table = record.IsObject() ? member(record, "TableDescription") : nullptr;
  const rapidjson::Value* details = record.IsObject() ? member(record, "SourceTableDetails") : nullptr;
  if (!source_table || !details) throw model::dynamodb_error("InternalServerError", "Internal server error", 500);

  backup::RestoreSource source;
  source.table_description = source_table;
  source.source_backup_arn = arn;
  source.source_table_arn = string_member(*details, "TableArn");
  source.restore_time_ms = found.created_ms;
  backup::RestoreOverrides overrides;
  overrides.billing_mode = member(request, "BillingModeOverride");
  overrides.provisioned_throughput = member(request, "ProvisionedThroughputOverride");
  overrides.on_demand_throughput = member(request, "OnDemandThroughputOverride");
  overrides.global_secondary_indexes = member(request, "GlobalSecondaryIndexOverride");
  overrides.local_secondary_indexes = member(request, "LocalSecondaryIndexOverride");
  overrides.sse_specification = member(request, "SSESpecificationOverride");
  // The items are read in the restore's own write session: a DeleteBackup in between is seen.
  auto items = [&arn](store::Session& session, const std::function<void(std::string&&)>& put) {
    const store::BackupRow backup = backup::require_backup(session, arn);
    session.read_backup_items(backup.id, [&put](std::string&& item_json) {
      put(std::move(item_json));
      return true;
    });
  };
  backup::restore_table(ctx, target, source, overrides, items, out);
}

}  // namespace dynemu::api
