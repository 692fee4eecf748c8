// DescribeBackup: a backup's BackupDescription (backup/backup.h). Validate (JSON types → BackupArn)
// → the backup (BackupNotFoundException) → its details, source table and features.
#include "api/request_shape.h"
#include "backup/backup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DescribeBackupInput", {{"BackupArn", &Shape::string()}});
  return s;
}

}  // namespace

void describe_backup(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string arn = backup::validate_backup_arn(member(request, "BackupArn"), errors);
  errors.throw_if_any();
  store::BackupRow backup;
  {
    auto session = ctx.store.read();
    backup = backup::require_backup(session, arn);
  }
  out.StartObject();
  out.Key("BackupDescription");
  backup::write_backup_description(out, backup, backup::BackupStatus::Available);
  out.EndObject();
}

}  // namespace dynemu::api
