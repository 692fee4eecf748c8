// ListBackups: the account's backups in creation order (backup/backup.h), filtered by table (a name
// or an ARN; the table need not exist any more), creation time (TimeRangeLowerBound inclusive,
// TimeRangeUpperBound exclusive) and BackupType (USER and ALL list dynemu's backups, which are all
// USER backups; SYSTEM and AWS_BACKUP list none), paged by Limit with LastEvaluatedBackupArn /
// ExclusiveStartBackupArn. A page also holds at most 1 MB of summaries, as DynamoDB's does: the
// summary that would take it past 1 MB (of their JSON text) starts the next page.
// Validate (JSON types → constraints) → read → BackupSummaries.
#include <cmath>
#include <optional>

#include "api/table_description.h"
#include "api/tags.h"
#include "backup/backup.h"

namespace dynemu::api {
namespace {

using backup::timestamp_shape;
using backup::timestamp_ms;

const Shape& request_shape() {
  static const Shape& s = Shape::structure("ListBackupsInput", {{"TableName", &Shape::string()},
                                                               {"Limit", &Shape::integer()},
                                                               {"TimeRangeLowerBound", &timestamp_shape()},
                                                               {"TimeRangeUpperBound", &timestamp_shape()},
                                                               {"ExclusiveStartBackupArn", &Shape::string()},
                                                               {"BackupType", &Shape::string()}});
  return s;
}

}  // namespace

void list_backups(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  const std::optional<int64_t> lower_ms = timestamp_ms(request, "TimeRangeLowerBound");
  const std::optional<int64_t> upper_ms = timestamp_ms(request, "TimeRangeUpperBound");
  ConstraintErrors errors;
  const rapidjson::Value* table_member = member(request, "TableName");
  const std::string table = string_member(request, "TableName");
  if (table_member) errors.string_length(table, "tableName", 1, 1024);
  const std::optional<int64_t> limit = long_member(request, "Limit");
  errors.value_range(limit, "limit", 1, 100);
  const rapidjson::Value* start_member = member(request, "ExclusiveStartBackupArn");
  const std::string start_arn = string_member(request, "ExclusiveStartBackupArn");
  if (start_member) errors.string_length(start_arn, "exclusiveStartBackupArn", 37, 1024);
  const std::string type = string_member(request, "BackupType", "USER");
  errors.enum_value(type, "backupType", {"USER", "SYSTEM", "AWS_BACKUP", "ALL"});
  errors.throw_if_any();
  const std::string table_name = table.rfind("arn:", 0) == 0 ? table_name_of_arn(table) : table;

  std::vector<store::BackupRow> all;
  {
    auto session = ctx.store.read();
    all = session.backups();
  }
  // A page starts after the position the start ARN names, found or (deleted since) read from it.
  std::optional<std::pair<int64_t, std::string>> after;
  if (start_member) {
    for (const auto& b : all)
      if (b.arn == start_arn) after = std::make_pair(b.created_ms, b.arn);
    if (!after) after = backup::backup_position_of_arn(start_arn);
  }
  // The page's summaries, written as they are chosen so the 1 MB bound counts their real size.
  constexpr size_t kMaxPageBytes = 1024 * 1024;
  rapidjson::StringBuffer summaries;
  model::JsonWriter summary_writer(summaries);
  summary_writer.StartArray();
  const std::string* last_arn = nullptr;
  int64_t listed = 0;
  bool more = false;
  const bool user_backups = type == "USER" || type == "ALL";
  for (const auto& b : all) {
    if (!user_backups) break;
    if (table_member && b.table_name != table_name) continue;
    if (lower_ms && b.created_ms < *lower_ms) continue;
    if (upper_ms && b.created_ms >= *upper_ms) continue;
    if (after && std::make_pair(b.created_ms, b.arn) <= *after) continue;
    if (limit && listed == *limit) {
      more = true;
      break;
    }
    const size_t page_bytes = summaries.GetSize();
    backup::write_backup_summary(summary_writer, b);
    if (listed > 0 && summaries.GetSize() > kMaxPageBytes) {
      // Take back the summary that does not fit (and its comma): it opens the next page.
      summaries.Pop(summaries.GetSize() - page_bytes);
      more = true;
      break;
    }
    last_arn = &b.arn;
    ++listed;
  }
  summary_writer.EndArray();

  out.StartObject();
  out.Key("BackupSummaries");
  out.RawValue(summaries.GetString(), summaries.GetSize(), rapidjson::kArrayType);
  if (more) {
    out.Key("LastEvaluatedBackupArn");
    out.String(*last_arn);
  }
  out.EndObject();
}

}  // namespace dynemu::api
