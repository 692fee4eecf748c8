// DeleteBackup: forgets a backup and its items (backup/backup.h). Validate (JSON types → BackupArn)
// → the backup (BackupNotFoundException) → delete → its BackupDescription with status DELETED.
#include "api/request_shape.h"
#include "backup/backup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DeleteBackupInput", {{"BackupArn", &Shape::string()}});
  return s;
}

}  // namespace

void delete_backup(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string arn = backup::validate_backup_arn(member(request, "BackupArn"), errors);
  errors.throw_if_any();
  store::BackupRow backup;
  {
    auto session = ctx.store.write(ctx.clock.now_ms());
    backup = backup::require_backup(session, arn);
    session.delete_backup(backup.id);
    session.commit();
  }
  out.StartObject();
  out.Key("BackupDescription");
  backup::write_backup_description(out, backup, backup::BackupStatus::Deleted);
  out.EndObject();
}

}  // namespace dynemu::api
