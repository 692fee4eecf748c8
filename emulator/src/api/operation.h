// Operations: the DynamoDB API, one function per operation, each in its own file.
//
// Contract: an Operation receives the parsed request body (already checked to be a JSON object)
// and writes its JSON response with `out`. It validates first (throwing model::ApiError with
// DynamoDB's type and message), then executes against the store, then responds. It never writes SQL.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "model/api_error.h"
#include "model/json_codec.h"
#include "clock/clock.h"
#include "store/store.h"

namespace dynemu::api {

// Server-wide settings the operations need.
struct ApiSettings {
  bool delay_transient_statuses = false;
  int64_t transient_delay_ms = 500;
  int64_t max_item_collection_bytes = int64_t{10} * 1024 * 1024 * 1024;  // an LSI item collection's limit
  int64_t stream_shard_rotation_ms = int64_t{14400} * 1000;  // a stream's open shard is succeeded this often
  int list_tags_page_size = 50;  // tags per ListTagsOfResource page (50: a table's every tag)
  // DynamoDB's limit on tables being created, updated or deleted at once (half of it for tables
  // with secondary indexes being created); only reachable with delay_transient_statuses.
  int simultaneous_table_operations = 500;
  std::string s3_dir;  // --s3-dir: the folder standing for S3 (transfer/transfer.h); "" for none
};

struct OperationContext {
  store::Store& store;
  const ApiSettings& settings;
  const clock::Clock& clock;  // the server's one clock: every "now" an operation uses
  std::string region = "us-east-1";  // from the request's SigV4 credential scope
  std::string access_key;
  // The account of the request's namespace (namespaces/namespaces.h): what ARNs carry. Without
  // --isolate account it is the default account whoever asks, as before isolation existed.
  std::string account_id = "000000000000";
};

using Operation = void (*)(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out);

// The operation for a target's operation name (the part after "DynamoDB_20120810."), or nullptr.
Operation find_operation(std::string_view name);
// The DynamoDB Streams operation for the part after "DynamoDBStreams_20120810.", or nullptr.
Operation find_streams_operation(std::string_view name);

// --- the operations
void create_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void list_tables(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void delete_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void update_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void put_item(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void get_item(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void delete_item(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void update_item(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void batch_get_item(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void batch_write_item(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void query(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void scan(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void transact_write_items(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void transact_get_items(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// PartiQL
void execute_statement(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void batch_execute_statement(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void execute_transaction(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// DynamoDB Streams
void list_streams(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_stream(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void get_shard_iterator(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void get_records(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void update_time_to_live(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_time_to_live(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void tag_resource(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void untag_resource(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void list_tags_of_resource(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void update_continuous_backups(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_continuous_backups(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// Account and endpoint information
void describe_limits(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_endpoints(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// Contributor Insights
void update_contributor_insights(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_contributor_insights(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void list_contributor_insights(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// Kinesis Data Streams destinations
void enable_kinesis_streaming_destination(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void disable_kinesis_streaming_destination(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_kinesis_streaming_destination(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void update_kinesis_streaming_destination(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// Resource-based policies
void put_resource_policy(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void get_resource_policy(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void delete_resource_policy(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// Global tables (single region) and replica auto scaling
void create_global_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_global_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void list_global_tables(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void update_global_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_global_table_settings(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void update_global_table_settings(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_table_replica_auto_scaling(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void update_table_replica_auto_scaling(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// On-demand backups (backup/backup.h)
void create_backup(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_backup(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void list_backups(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void delete_backup(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void restore_table_from_backup(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// Point-in-time recovery (backup/point_in_time.h)
void restore_table_to_point_in_time(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
// Export to and import from S3, a local folder (transfer/transfer.h)
void export_table_to_point_in_time(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_export(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void list_exports(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void import_table(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void describe_import(OperationContext&, const rapidjson::Value&, model::JsonWriter&);
void list_imports(OperationContext&, const rapidjson::Value&, model::JsonWriter&);

}  // namespace dynemu::api
