// Backup: on-demand backups, and the one routine that makes a new table from a table image and its
// items (RestoreTableFromBackup, RestoreTableToPointInTime with backup/point_in_time.h, and ImportTable).
//
// Contract:
//  - A backup is a store::BackupRow (store.h) whose `record` is this JSON, written once when the
//    backup is made and never changed:
//      {"BackupName", "BackupSizeBytes", "SourceTableDetails": {...}, "SourceTableFeatureDetails": {...},
//       "TableDescription": <the source table's stored description (table_description.h) at that moment>}
//    SourceTableDetails and SourceTableFeatureDetails are exactly what DescribeBackup shows.
//    make_backup() copies the table's items into the backup in the same write session (a
//    consistent copy); BackupSizeBytes and ItemCount are the table's live counters at that moment.
//  - A backup ARN is <table ARN>/backup/<creation time: 14 digits, ms since epoch, zero-padded>-<8
//    hex digits>, DynamoDB's shape. Backups are ordered (creation time, ARN), the order ListBackups
//    pages in; backup_position_of_arn() reads that position from an ARN, so a page can start after
//    a backup that has been deleted since.
//  - write_backup_description() / write_backup_summary() write DynamoDB's BackupDescription /
//    BackupSummary; the status is AVAILABLE (dynemu's backups are complete when CreateBackup
//    answers) or DELETED (DeleteBackup's answer).
//  - restore_table() materialises a table: from a source TableDescription (as stored) it builds the
//    CreateTable request DynamoDB's restore implies (key schema, attribute definitions, indexes,
//    billing mode and throughput, SSE, table class, the source's on-demand maximums), applies the
//    overrides, and runs it through CreateTable's own validation (validate_create_table) and
//    description (new_table_description), so an override is refused with CreateTable's message.
//    As DynamoDB's restores do, it drops tags, stream settings, TTL settings, point-in-time
//    recovery and deletion protection. The new table carries RestoreSummary. Then it writes every
//    item `items` yields through Session::put_item in the same write session (secondary indexes
//    built, change log fed as for any write), and answers with the new TableDescription.
//    Overridden index lists keep only the attribute definitions their keys still use.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "store/store.h"

namespace dynemu::backup {

// --- backups
std::string new_backup_arn(const std::string& table_arn, int64_t created_ms);
// (creation ms, ARN) of a backup ARN, or nullopt when it is not of the shape above.
std::optional<std::pair<int64_t, std::string>> backup_position_of_arn(const std::string& arn);

// Makes a USER backup of `table` named `name` at `now_ms` in `session` (a write session) and returns it.
store::BackupRow make_backup(api::OperationContext& ctx, store::Session& session, const store::TableSchema& table,
                             const std::string& name, int64_t now_ms);

enum class BackupStatus { Available, Deleted };
void write_backup_details(model::JsonWriter& out, const store::BackupRow& backup, BackupStatus status);
void write_backup_description(model::JsonWriter& out, const store::BackupRow& backup, BackupStatus status);
void write_backup_summary(model::JsonWriter& out, const store::BackupRow& backup);

// --- shared by the backup operations
// A timestamp member (epoch seconds, a JSON number): its Shape, and its value in ms (rounded) or
// nullopt when absent; a string or another type is DynamoDB's SerializationException.
const api::Shape& timestamp_shape();
std::optional<int64_t> timestamp_ms(const rapidjson::Value& request, const char* name);
// BackupArn (required, 37 to 1024 characters) at `path` ("backupArn").
std::string validate_backup_arn(const rapidjson::Value* arn, api::ConstraintErrors& errors);
// The backup with this ARN, or DynamoDB's BackupNotFoundException "Backup not found: <arn>".
store::BackupRow require_backup(store::Session& session, const std::string& arn);

// --- materialising a table
struct RestoreSource {
  const rapidjson::Value* table_description = nullptr;  // the source table's stored description
  std::string source_backup_arn;                         // RestoreSummary.SourceBackupArn ("" for none)
  std::string source_table_arn;                          // RestoreSummary.SourceTableArn
  int64_t restore_time_ms = 0;                           // RestoreSummary.RestoreDateTime
};

// The request members that override the source (RestoreTableFromBackup's and
// RestoreTableToPointInTime's *Override members); each may be null (keep the source's).
struct RestoreOverrides {
  const rapidjson::Value* billing_mode = nullptr;
  const rapidjson::Value* provisioned_throughput = nullptr;
  const rapidjson::Value* on_demand_throughput = nullptr;
  const rapidjson::Value* global_secondary_indexes = nullptr;
  const rapidjson::Value* local_secondary_indexes = nullptr;
  const rapidjson::Value* sse_specification = nullptr;
};

// The override members as a restore request's Shape lists them (after its own members), the
// overrides read from a shape-checked request, and their model constraints (BillingModeOverride's
// enum; the rest are CreateTable's, checked by restore_table()).
std::vector<std::pair<const char*, const api::Shape*>> override_shape_fields();
RestoreOverrides overrides_of(const rapidjson::Value& request);
void check_override_constraints(const rapidjson::Value& request, api::ConstraintErrors& errors);

// Yields the items of the new table, canonical item JSON, one call of `put` each; runs inside the
// restore's write session, so what it reads there is consistent with what is written.
using ItemSource = std::function<void(store::Session& session, const std::function<void(std::string&& item_json)>& put)>;

// CreateTable's own validation (validate_create_table, throwing CreateTable's errors) and
// description (new_table_description) for `create_request`, `decorate` adding to that description;
// then, in one write session, the table and every item `items` yields (secondary indexes built
// once at the end). Throws `exists_error` "Table already exists: <name>" when the table exists, or
// `in_transition_error` (when given) while that table is being created or deleted (a transient
// status of --delay-transient-statuses).
struct NewTable {
  rapidjson::Document description;
  store::TableSchema schema;
  store::TableStats stats;
  std::string status;  // TableStatus at creation
};
NewTable create_table_with_items(api::OperationContext& ctx, const rapidjson::Value& create_request,
                                 const std::function<void(rapidjson::Document& description)>& decorate,
                                 const ItemSource& items, const char* exists_error,
                                 const char* in_transition_error = nullptr);

// Throws DynamoDB's TableAlreadyExistsException when `target_table` exists, TableInUseException
// "A target table with the specified name is either being created or deleted." while it is CREATING
// or DELETING (the exception's documented description; DynamoDB's own message is not). Writes
// {"TableDescription": ...} to `out`.
void restore_table(api::OperationContext& ctx, const std::string& target_table, const RestoreSource& source,
                   const RestoreOverrides& overrides, const ItemSource& items, model::JsonWriter& out);

}  // namespace dynemu::backup
