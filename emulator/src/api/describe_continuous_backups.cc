// DescribeContinuousBackups: a table's continuous backups and point-in-time recovery settings
// (continuous_backups.h). Validate (JSON types → TableName) → the table (TableNotFoundException
// while missing or being created) → the description, its restorable window from the server clock.
#include "api/continuous_backups.h"
#include "api/table_description.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DescribeContinuousBackupsInput", {{"TableName", &Shape::string()}});
  return s;
}

}  // namespace

void describe_continuous_backups(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string name = validate_continuous_backups_table_name(member(request, "TableName"), errors);
  errors.throw_if_any();
  const int64_t now = ctx.clock.now_ms();
  PointInTimeRecovery pitr;
  {
    auto session = ctx.store.read();
    pitr = stored_point_in_time_recovery(parse_description(*continuous_backups_table(ctx, session, name, now)));
  }
  out.StartObject();
  out.Key("ContinuousBackupsDescription");
  write_continuous_backups_description(out, pitr, now);
  out.EndObject();
}

}  // namespace dynemu::api
