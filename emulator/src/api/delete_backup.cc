// DeleteBackup: forgets a backup and its items (backup/backup.h). Validate (JSON types → BackupArn)
// → the backup (BackupNotFoundException) → not being restored (BackupInUseException) → delete →
// its BackupDescription with status DELETED.
//
// A restore copies every item within its call, so a backup is "in use" only while a table restored
// from it still shows CREATING under --delay-transient-statuses (DynamoDB's restore takes minutes;
// its BackupInUseException covers a backup being restored). The message is dynemu's wording: the
// API reference gives only the exception's meaning.
#include "api/request_shape.h"
#include "api/table_description.h"
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
    const int64_t now = ctx.clock.now_ms();
    visit_tables_in_transition(session, now, [&](const store::TableSchema& table, const std::string& status) {
      if (status != "CREATING") return;
      const rapidjson::Document d = parse_description(table);
      const rapidjson::Value* summary = member(d, "RestoreSummary");
      if (summary && string_member(*summary, "SourceBackupArn") == arn)
        throw model::dynamodb_error("BackupInUseException",
                                    "Backup " + arn + " is in use: table " + table.name + " is being restored from it");
    });
    session.delete_backup(backup.id);
    session.commit();
  }
  out.StartObject();
  out.Key("BackupDescription");
  backup::write_backup_description(out, backup, backup::BackupStatus::Deleted);
  out.EndObject();
}

}  // namespace dynemu::api
