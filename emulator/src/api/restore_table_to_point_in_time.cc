// RestoreTableToPointInTime: a new table holding the source table's items as they were at a moment
// of its restorable window (backup/point_in_time.h), with the source's current settings and the
// same overrides as RestoreTableFromBackup (backup/backup.h).
// Validate (JSON types → TargetTableName, SourceTableName / SourceTableArn, BillingModeOverride
// constraints → exactly one source, exactly one of RestoreDateTime / UseLatestRestorableTime) →
// the source (TableNotFoundException) → point-in-time recovery enabled
// (PointInTimeRecoveryUnavailableException) → the time within [Earliest, Latest]RestorableDateTime
// (InvalidRestoreTimeException) → restore_table(): the overrides checked as CreateTable checks
// them, TableAlreadyExistsException when the target exists (TableInUseException while it is being
// created or deleted), then the table and its items in one
// write session → the new TableDescription with RestoreSummary.
//
// The messages of the three restore exceptions are the API reference's descriptions of them.
#include <utility>
#include <vector>

#include "api/continuous_backups.h"
#include "api/table_description.h"
#include "backup/backup.h"
#include "backup/point_in_time.h"

namespace dynemu::api {
namespace {

std::vector<std::pair<const char*, const Shape*>> request_fields() {
  std::vector<std::pair<const char*, const Shape*>> fields = {{"SourceTableArn", &Shape::string()},
                                                               {"SourceTableName", &Shape::string()},
                                                               {"TargetTableName", &Shape::string()},
                                                               {"UseLatestRestorableTime", &Shape::boolean()},
                                                               {"RestoreDateTime", &backup::timestamp_shape()}};
  for (const auto& field : backup::override_shape_fields()) fields.push_back(field);
  return fields;
}

const Shape& request_shape() {
  static const Shape& s = Shape::structure("RestoreTableToPointInTimeInput", request_fields());
  return s;
}

}  // namespace

void restore_table_to_point_in_time(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  const std::optional<int64_t> restore_ms = backup::timestamp_ms(request, "RestoreDateTime");
  ConstraintErrors errors;
  errors.table_name(member(request, "TargetTableName"), "targetTableName");
  errors.table_name(member(request, "SourceTableName"), "sourceTableName", false);
  const rapidjson::Value* source_arn = member(request, "SourceTableArn");
  if (source_arn)
    errors.string_length(std::string(source_arn->GetString(), source_arn->GetStringLength()), "sourceTableArn", 1, 1024);
  backup::check_override_constraints(request, errors);
  errors.throw_if_any();

  const rapidjson::Value* source_name = member(request, "SourceTableName");
  if (source_name && source_arn)
    throw model::validation_error("Only one of SourceTableName or SourceTableArn can be specified");
  if (!source_name && !source_arn)
    throw model::validation_error("Either SourceTableName or SourceTableArn must be specified");
  const rapidjson::Value* use_latest_member = member(request, "UseLatestRestorableTime");
  const bool use_latest = use_latest_member && use_latest_member->GetBool();
  if (use_latest && restore_ms)
    throw model::validation_error("Only one of RestoreDateTime or UseLatestRestorableTime can be specified");
  if (!use_latest && !restore_ms)
    throw model::validation_error("Either RestoreDateTime or UseLatestRestorableTime must be specified");

  const std::string source = source_name ? string_member(request, "SourceTableName") : string_member(request, "SourceTableArn");
  const std::string target = string_member(request, "TargetTableName");
  const int64_t now = ctx.clock.now_ms();
  rapidjson::Document source_description;
  int64_t source_id = 0;
  std::string source_table;
  int64_t at_ms = 0;
  {
    auto session = ctx.store.read();
    const auto schema = continuous_backups_table(ctx, session, source, now);
    source_description = parse_description(*schema);
    const PointInTimeRecovery pitr = stored_point_in_time_recovery(source_description);
    if (!pitr.enabled || schema->history_ms <= 0)
      throw model::dynamodb_error("PointInTimeRecoveryUnavailableException",
                                  "Point in time recovery has not yet been enabled for this source table.");
    const RestorableWindow window = restorable_window(pitr, now);
    at_ms = use_latest ? window.latest_ms : *restore_ms;
    if (at_ms < window.earliest_ms || at_ms > window.latest_ms)
      throw model::dynamodb_error(
          "InvalidRestoreTimeException",
          "An invalid restore time was specified. RestoreDateTime must be between EarliestRestorableDateTime and "
          "LatestRestorableDateTime.");
    source_id = schema->id();
    source_table = schema->name;
  }

  backup::RestoreSource restore_source;
  restore_source.table_description = &source_description;
  restore_source.source_table_arn = string_member(source_description, "TableArn");
  restore_source.restore_time_ms = at_ms;
  // The items are read in the restore's own write session, consistent with the writes it follows.
  auto items = [&](store::Session& session, const std::function<void(std::string&&)>& put) {
    const auto schema = session.find_table(source_table);
    if (!schema || schema->id() != source_id)
      throw model::dynamodb_error("TableNotFoundException", "Table not found: " + source);
    backup::items_at(session, *schema, at_ms, put);
  };
  backup::restore_table(ctx, target, restore_source, backup::overrides_of(request), items, out);
}

}  // namespace dynemu::api
