// UpdateContinuousBackups: enables or disables point-in-time recovery on a table and answers with
// the ContinuousBackupsDescription (continuous_backups.h). Validate (JSON types → null members and
// RecoveryPeriodInDays in [1, 35] → a period given while disabling is refused) → the table
// (TableNotFoundException while missing or being created) → save.
//
// DynamoDB's behaviour: enabling without a period sets 35 days; enabling an enabled table keeps
// its enabling time and sets the period given (or 35); disabling forgets the period. While enabled
// the store keeps the table's change history for the period (backup/point_in_time.h), from which
// RestoreTableToPointInTime rebuilds the table; disabling drops it.
#include "api/continuous_backups.h"
#include "api/table_description.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& spec = Shape::structure(
      "PointInTimeRecoverySpecification",
      {{"PointInTimeRecoveryEnabled", &Shape::boolean()}, {"RecoveryPeriodInDays", &Shape::integer()}});
  static const Shape& s = Shape::structure(
      "UpdateContinuousBackupsInput", {{"TableName", &Shape::string()}, {"PointInTimeRecoverySpecification", &spec}});
  return s;
}

}  // namespace

void update_continuous_backups(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string name = validate_continuous_backups_table_name(member(request, "TableName"), errors);
  const rapidjson::Value* spec = member(request, "PointInTimeRecoverySpecification");
  std::optional<int64_t> period;
  bool enabled = false;
  if (!spec) {
    errors.not_null("pointInTimeRecoverySpecification");
  } else {
    const rapidjson::Value* enabled_member = member(*spec, "PointInTimeRecoveryEnabled");
    if (!enabled_member) errors.not_null("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
    else enabled = enabled_member->GetBool();
    period = long_member(*spec, "RecoveryPeriodInDays");
    errors.value_range(period, "pointInTimeRecoverySpecification.recoveryPeriodInDays", 1, 35);
  }
  errors.throw_if_any();
  if (!enabled && period)
    throw model::validation_error("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.");

  const int64_t now = ctx.clock.now_ms();
  PointInTimeRecovery pitr;
  {
    auto session = ctx.store.write();
    purge_expired_tables(session, now);
    store::TableSchema schema = *continuous_backups_table(ctx, session, name, now);
    rapidjson::Document description = parse_description(schema);
    pitr = stored_point_in_time_recovery(description);
    if (enabled) {
      if (!pitr.enabled) pitr.enabled_ms = now;
      pitr.enabled = true;
      pitr.recovery_period_days = period.value_or(kDefaultRecoveryPeriodDays);
    } else {
      pitr = PointInTimeRecovery{};
    }
    store_point_in_time_recovery(description, pitr, description.GetAllocator());
    schema.description = serialize_description(description);
    const bool was_kept = schema.history_ms > 0;
    schema.history_ms = history_ms_of(pitr);
    session.replace_schema(schema);
    if (was_kept && schema.history_ms == 0) session.drop_history(schema, now);
    // A shorter period takes effect now, not at the next write.
    if (schema.history_ms > 0) session.prune_history(schema, now);
    session.commit();
  }
  out.StartObject();
  out.Key("ContinuousBackupsDescription");
  write_continuous_backups_description(out, pitr, now);
  out.EndObject();
}

}  // namespace dynemu::api
