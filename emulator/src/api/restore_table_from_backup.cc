// RestoreTableFromBackup: a new table with a backup's schema and items (backup/backup.h).
// Validate (JSON types → TargetTableName, BackupArn and BillingModeOverride constraints) → the
// backup (BackupNotFoundException) → restore_table(): the overrides checked as CreateTable checks
// them, TableAlreadyExistsException when the target exists (TableInUseException while it is being
// created or deleted), then the table and its items in one
// write session → the new TableDescription with RestoreSummary.
#include <utility>
#include <vector>

#include "api/table_description.h"
#include "backup/backup.h"

namespace dynemu::api {
namespace {

std::vector<std::pair<const char*, const Shape*>> request_fields() {
  std::vector<std::pair<const char*, const Shape*>> fields = {{"TargetTableName", &Shape::string()},
                                                               {"BackupArn", &Shape::string()}};
  for (const auto& field : backup::override_shape_fields()) fields.push_back(field);
  return fields;
}

const Shape& request_shape() {
  static const Shape& s = Shape::structure("RestoreTableFromBackupInput", request_fields());
  return s;
}

}  // namespace

void restore_table_from_backup(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  errors.table_name(member(request, "TargetTableName"), "targetTableName");
  const std::string arn = backup::validate_backup_arn(member(request, "BackupArn"), errors);
  backup::check_override_constraints(request, errors);
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
  const backup::RestoreOverrides overrides = backup::overrides_of(request);
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
