// ExportTableToPointInTime: a FULL_EXPORT or INCREMENTAL_EXPORT of a table to S3, a folder of
// --s3-dir (transfer/transfer.h). Validate (JSON types → constraints → the export type's times
// given as it needs) → a ClientToken already used answers with its export (the same request) or
// ExportConflictException → the table (TableNotFoundException) with point-in-time recovery enabled
// (PointInTimeRecoveryUnavailableException) → the export time or window → the files written in
// one read session: a full export from the live table, or for an ExportTime more than a second
// before now from the table as point-in-time recovery rebuilds it for that moment; an incremental
// export from the net change of each key in the window (backup/point_in_time.h) →
// ExportDescription, COMPLETED, or FAILED with S3NoSuchBucket when the bucket does not exist.
#include <algorithm>
#include <cstdint>
#include <optional>

#include "api/continuous_backups.h"
#include "api/table_description.h"
#include "api/transfers.h"
#include "backup/backup.h"
#include "backup/point_in_time.h"
#include "model/json_codec.h"
#include "transfer/transfer.h"

namespace dynemu::api {
namespace {

constexpr int64_t kNowToleranceMs = 1000;  // an ExportTime this close to now is "now"
// An incremental export's window: from 15 minutes to 24 hours (DynamoDB's limits).
constexpr int64_t kShortestWindowMs = int64_t{15} * 60 * 1000;
constexpr int64_t kLongestWindowMs = int64_t{24} * 3600 * 1000;

using backup::timestamp_ms;
using backup::timestamp_shape;

const Shape& request_shape() {
  static const Shape& incremental = Shape::structure(
      "IncrementalExportSpecification",
      {{"ExportFromTime", &timestamp_shape()}, {"ExportToTime", &timestamp_shape()}, {"ExportViewType", &Shape::string()}});
  static const Shape& s = Shape::structure("ExportTableToPointInTimeInput",
                                           {{"TableArn", &Shape::string()},
                                            {"ExportTime", &timestamp_shape()},
                                            {"ClientToken", &Shape::string()},
                                            {"S3Bucket", &Shape::string()},
                                            {"S3BucketOwner", &Shape::string()},
                                            {"S3Prefix", &Shape::string()},
                                            {"S3SseAlgorithm", &Shape::string()},
                                            {"S3SseKmsKeyId", &Shape::string()},
                                            {"ExportFormat", &Shape::string()},
                                            {"ExportType", &Shape::string()},
                                            {"IncrementalExportSpecification", &incremental}});
  return s;
}

using Allocator = rapidjson::Document::AllocatorType;

void add_string(rapidjson::Document& d, const char* name, const std::string& value) {
  d.AddMember(rapidjson::StringRef(name), string_value(value, d.GetAllocator()), d.GetAllocator());
}

// An INCREMENTAL_EXPORT's IncrementalExportSpecification as requested (times still unchecked
// against the table's recovery window).
struct IncrementalWindow {
  int64_t from_ms = 0;
  std::optional<int64_t> to_ms;  // absent: now, "the latest time with data available"
  std::string view_type;
};

// The request-level rules of the export type's times (DynamoDB's ValidationExceptions; where its
// exact wording is not documented, dynemu's close to it).
std::optional<IncrementalWindow> incremental_window(const rapidjson::Value& request, const std::string& type,
                                                    bool has_export_time) {
  if (type != "INCREMENTAL_EXPORT") return std::nullopt;
  if (has_export_time) throw model::validation_error("ExportTime cannot be specified for an INCREMENTAL_EXPORT");
  const rapidjson::Value* spec = member(request, "IncrementalExportSpecification");
  const std::optional<int64_t> from = spec ? timestamp_ms(*spec, "ExportFromTime") : std::nullopt;
  if (!from)
    throw model::validation_error(
        "IncrementalExportSpecification with ExportFromTime is required for an INCREMENTAL_EXPORT");
  IncrementalWindow window;
  window.from_ms = *from;
  window.to_ms = timestamp_ms(*spec, "ExportToTime");
  window.view_type = string_member(*spec, "ExportViewType", "NEW_AND_OLD_IMAGES");
  return window;
}

// The window against the clock and the recovery window [earliest, now].
void check_window(const IncrementalWindow& window, int64_t to_ms, int64_t earliest_ms, int64_t now_ms) {
  if (to_ms > now_ms + kNowToleranceMs)
    throw model::dynamodb_error("InvalidExportTimeException", "ExportToTime cannot be in the future");
  if (window.from_ms >= to_ms)
    throw model::dynamodb_error("InvalidExportTimeException", "ExportFromTime must be earlier than ExportToTime");
  // In unsigned arithmetic: from < to, so the difference fits even for absurd request times.
  const uint64_t duration_ms = static_cast<uint64_t>(to_ms) - static_cast<uint64_t>(window.from_ms);
  if (duration_ms < static_cast<uint64_t>(kShortestWindowMs) || duration_ms > static_cast<uint64_t>(kLongestWindowMs))
    throw model::validation_error(
        "The duration between ExportFromTime and ExportToTime must be at least 15 minutes and at most 24 hours");
  if (window.from_ms < earliest_ms)
    throw model::dynamodb_error("InvalidExportTimeException",
                                "ExportFromTime is before the earliest restorable time of the table");
}

}  // namespace

void export_table_to_point_in_time(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  const std::optional<int64_t> export_time = timestamp_ms(request, "ExportTime");
  ConstraintErrors errors;
  const std::string requested_table = validate_continuous_backups_table_name(member(request, "TableArn"), errors);
  check_s3_bucket(member(request, "S3Bucket"), "s3Bucket", errors);
  check_s3_bucket_owner(member(request, "S3BucketOwner"), "s3BucketOwner", errors);
  check_client_token(member(request, "ClientToken"), errors);
  const std::string prefix = string_member(request, "S3Prefix");
  errors.string_length(prefix, "s3Prefix", 0, 1024);
  const std::string sse = string_member(request, "S3SseAlgorithm", "AES256");
  errors.enum_value(sse, "s3SseAlgorithm", {"AES256", "KMS"});
  const std::string kms_key = string_member(request, "S3SseKmsKeyId");
  if (member(request, "S3SseKmsKeyId")) errors.string_length(kms_key, "s3SseKmsKeyId", 1, 2048);
  const std::string format = string_member(request, "ExportFormat", "DYNAMODB_JSON");
  errors.enum_value(format, "exportFormat", {"DYNAMODB_JSON", "ION"});
  const std::string type = string_member(request, "ExportType", "FULL_EXPORT");
  errors.enum_value(type, "exportType", {"FULL_EXPORT", "INCREMENTAL_EXPORT"});
  if (const rapidjson::Value* spec = member(request, "IncrementalExportSpecification");
      spec && member(*spec, "ExportViewType"))
    errors.enum_value(string_member(*spec, "ExportViewType"), "incrementalExportSpecification.exportViewType",
                      {"NEW_IMAGE", "NEW_AND_OLD_IMAGES"});
  errors.throw_if_any();
  const std::optional<IncrementalWindow> window = incremental_window(request, type, export_time.has_value());
  const std::string bucket = string_member(request, "S3Bucket");
  const std::string token = string_member(request, "ClientToken");

  const int64_t now = ctx.clock.now_ms();
  std::optional<store::Session> reading(ctx.store.read());
  store::Session& session = *reading;
  if (auto earlier = transfer_for_token(session, store::TransferKind::Export, token)) {
    const rapidjson::Document record = parse_record(*earlier);
    const rapidjson::Value* asked = member(record, "_Request");
    if (!asked || !asked->IsString() || asked->GetString() != fingerprint(request))
      throw model::dynamodb_error("ExportConflictException",
                                  "There was a conflict when attempting to export: the ClientToken " + token +
                                      " was used with different parameters");
    out.StartObject();
    out.Key("ExportDescription");
    transfer::write_public_members(out, record);
    out.EndObject();
    return;
  }
  const auto schema = continuous_backups_table(ctx, session, requested_table, now);
  const rapidjson::Document description = parse_description(*schema);
  const PointInTimeRecovery pitr = stored_point_in_time_recovery(description);
  if (!pitr.enabled)
    throw model::dynamodb_error("PointInTimeRecoveryUnavailableException",
                                "Point in time recovery is not enabled for table '" + schema->name + "'");
  const int64_t earliest = std::max(pitr.enabled_ms, now - pitr.recovery_period_days * 86400 * 1000);
  const int64_t window_to = window && window->to_ms ? *window->to_ms : now;
  if (window) check_window(*window, window_to, earliest, now);
  if (export_time) {
    if (*export_time > now + kNowToleranceMs)
      throw model::dynamodb_error("InvalidExportTimeException", "ExportTime cannot be in the future");
    if (*export_time < earliest)
      throw model::dynamodb_error("InvalidExportTimeException",
                                  "ExportTime is before the earliest restorable time of the table");
  }

  transfer::ExportPlan plan;
  plan.s3_bucket = bucket;
  plan.s3_prefix = prefix;
  plan.export_id = transfer::new_transfer_id(now);
  plan.table_arn = table_arn(ctx, schema->name);
  plan.export_arn = plan.table_arn + "/export/" + plan.export_id;
  plan.table_id = string_member(description, "TableId");
  plan.format = format;
  plan.sse_algorithm = sse;
  plan.sse_kms_key_id = kms_key;
  plan.start_ms = now;
  plan.export_time_ms = export_time ? *export_time : now;
  if (window) {
    plan.export_from_ms = window->from_ms;
    plan.export_to_ms = window_to;
    plan.view_type = window->view_type;
  }

  rapidjson::Document record(rapidjson::kObjectType);
  auto& a = record.GetAllocator();
  add_string(record, "ExportArn", plan.export_arn);
  std::string failure_code, failure_message;
  transfer::ExportResult result;
  const auto bucket_dir = transfer::bucket_directory(ctx.settings.s3_dir, bucket);
  if (!bucket_dir) {
    failure_code = transfer::kNoSuchBucketCode;
    failure_message = transfer::no_such_bucket_message(bucket);
  } else if (!transfer::key_segments(transfer::export_folder_key(prefix, plan.export_id))) {
    failure_code = "S3InvalidKey";
    failure_message = "dynemu --s3-dir cannot store the S3 prefix " + prefix + " as a folder: it has a '.' or '..' segment";
  } else {
    plan.bucket_dir = *bucket_dir;
    try {
      if (window) {
        result = transfer::write_incremental_export(plan, now, [&](const auto& put) {
          const auto put_change = [&put](backup::ItemChange&& change) {
            transfer::ExportedChange exported;
            exported.keys = std::move(change.keys);
            exported.old_image = std::move(change.before);
            exported.new_image = std::move(change.after);
            exported.write_time_ms = change.last_change_ms;
            put(exported);
          };
          backup::changes_between(session, *schema, plan.export_from_ms, plan.export_to_ms, put_change);
        });
      } else {
        result = transfer::write_export(plan, now, [&](const auto& put) {
          if (plan.export_time_ms < now - kNowToleranceMs) {
            // An earlier moment: the table as point-in-time recovery rebuilds it (point_in_time.h).
            backup::items_at(session, *schema, plan.export_time_ms, [&put](std::string&& item_json) {
              const int64_t size = static_cast<int64_t>(model::item_size(model::item_from_json(item_json)));
              put(item_json, size);
            });
            return;
          }
          session.scan(*schema, store::ScanSpec{}, [&put](store::StoredRow&& row) {
            put(row.json, row.size);
            return true;
          });
        });
      }
    } catch (const std::runtime_error& e) {
      failure_code = "S3AccessDenied";
      failure_message = e.what();
    }
  }
  add_string(record, "ExportStatus", failure_code.empty() ? "COMPLETED" : "FAILED");
  record.AddMember("StartTime", epoch_seconds(now), a);
  record.AddMember("EndTime", epoch_seconds(now), a);
  if (failure_code.empty()) add_string(record, "ExportManifest", result.manifest_summary_key);
  add_string(record, "TableArn", plan.table_arn);
  add_string(record, "TableId", plan.table_id);
  if (!window) record.AddMember("ExportTime", epoch_seconds(plan.export_time_ms), a);
  if (!token.empty()) add_string(record, "ClientToken", token);
  add_string(record, "S3Bucket", bucket);
  if (member(request, "S3BucketOwner")) add_string(record, "S3BucketOwner", string_member(request, "S3BucketOwner"));
  if (!prefix.empty()) add_string(record, "S3Prefix", prefix);
  add_string(record, "S3SseAlgorithm", sse);
  if (!kms_key.empty()) add_string(record, "S3SseKmsKeyId", kms_key);
  if (!failure_code.empty()) {
    add_string(record, "FailureCode", failure_code);
    add_string(record, "FailureMessage", failure_message);
  }
  add_string(record, "ExportFormat", format);
  if (failure_code.empty()) {
    record.AddMember("BilledSizeBytes", result.billed_size_bytes, a);
    record.AddMember("ItemCount", result.item_count, a);
  }
  add_string(record, "ExportType", type);
  if (window) {
    rapidjson::Value spec(rapidjson::kObjectType);
    spec.AddMember("ExportFromTime", epoch_seconds(plan.export_from_ms), a);
    spec.AddMember("ExportToTime", epoch_seconds(plan.export_to_ms), a);
    spec.AddMember("ExportViewType", string_value(plan.view_type, a), a);
    record.AddMember("IncrementalExportSpecification", spec, a);
  }
  add_string(record, "_Request", fingerprint(request));

  store::TransferRow row;
  row.kind = store::TransferKind::Export;
  row.arn = plan.export_arn;
  row.table_arn = plan.table_arn;
  row.client_token = token;
  row.created_ms = now;
  row.record = serialize_description(record);
  reading.reset();  // the read session ends before the write session takes the database lock
  auto write = ctx.store.write(now);
  write.put_transfer(row);
  write.commit();

  out.StartObject();
  out.Key("ExportDescription");
  transfer::write_public_members(out, record);
  out.EndObject();
}

}  // namespace dynemu::api
