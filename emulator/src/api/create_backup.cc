// CreateBackup: an on-demand backup of a table (backup/backup.h). Validate (JSON types → TableName
// and BackupName constraints) → in one write session, the table (a name or an ARN;
// TableNotFoundException while missing or being created) and a consistent copy of its schema and
// items → BackupDetails.
#include <cctype>

#include "api/continuous_backups.h"
#include "api/table_description.h"
#include "backup/backup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("CreateBackupInput",
                                           {{"TableName", &Shape::string()}, {"BackupName", &Shape::string()}});
  return s;
}

bool backup_name_chars_ok(const std::string& name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (!(std::isalnum(c) || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

}  // namespace

void create_backup(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string table = validate_continuous_backups_table_name(member(request, "TableName"), errors);
  const std::string name = string_member(request, "BackupName");
  if (!member(request, "BackupName")) {
    errors.not_null("backupName");
  } else {
    if (!backup_name_chars_ok(name))
      errors.add(quoted(name), "backupName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    errors.string_length(name, "backupName", 3, 255);
  }
  errors.throw_if_any();

  const int64_t now = ctx.clock.now_ms();
  store::BackupRow backup;
  {
    auto session = ctx.store.write(now);
    const auto schema = continuous_backups_table(ctx, session, table, now);
    backup = backup::make_backup(ctx, session, *schema, name, now);
    session.commit();
  }
  out.StartObject();
  out.Key("BackupDetails");
  backup::write_backup_details(out, backup, backup::BackupStatus::Available);
  out.EndObject();
}

}  // namespace dynemu::api
