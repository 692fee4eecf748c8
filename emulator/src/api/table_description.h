// TableDescription: the JSON DynamoDB shows for a table, shared by the table operations.
//
// Contract:
//  - TableSchema::description holds the whole TableDescription object as DynamoDB shows it, with
//    placeholder values for the live parts: TableStatus, ItemCount, TableSizeBytes, and each index's
//    IndexStatus, ItemCount, IndexSizeBytes. write_table_description() copies the stored object and
//    fills those in from the status and counters it is given. Members whose name starts with '_'
//    are dynemu's own bookkeeping (e.g. "_Tags": [{"Key","Value"}...]) and are never written out.
//  - A table whose DELETING window has passed is gone: find_visible_table() hides it, and
//    purge_expired_tables() (for write sessions) drops it for good.
//  - The validation helpers here add DynamoDB's constraint messages for the request members that
//    several table operations share (ProvisionedThroughput, StreamSpecification, SSESpecification).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "store/store.h"
#include "streams/streams.h"

namespace dynemu::api {

// --- identifiers and times
std::string table_arn(const OperationContext& ctx, const std::string& table_name);
std::string new_uuid();  // random version-4 UUID, lowercase
// Epoch seconds with millisecond fraction, as DynamoDB sends timestamps (e.g. 1704067200.123).
double epoch_seconds(int64_t ms);
// "2024-01-01T00:00:00.000" (UTC), DynamoDB's stream label format.
std::string stream_label(int64_t ms);

// --- finding tables as the table operations see them
bool table_gone(const store::TableSchema& schema, int64_t now);
std::shared_ptr<const store::TableSchema> find_visible_table(store::Session& session, const std::string& name,
                                                             int64_t now);
// Drops every table whose DELETING window has passed. Needs a write session.
void purge_expired_tables(store::Session& session, int64_t now);
// Before CreateTable, UpdateTable, DeleteTable and the restores start a table operation: with
// delay_transient_statuses, LimitExceededException once settings.simultaneous_table_operations
// tables are CREATING, UPDATING or DELETING ("Only 500 tables can be created, updated, or deleted
// simultaneously"), or, for a new table with secondary indexes, once half as many tables with
// indexes are CREATING. DynamoDB's messages, as its users quote them.
void check_simultaneous_table_operations(store::Session& session, const ApiSettings& settings, int64_t now,
                                         bool creating_with_indexes = false);
[[noreturn]] void throw_table_not_found(const std::string& name);
// The table a table operation (DeleteTable, UpdateTable) is about to change: purges expired tables,
// then throws ResourceNotFoundException when it does not exist and ResourceInUseException while it
// is CREATING, UPDATING or DELETING. Needs a write session.
std::shared_ptr<const store::TableSchema> require_changeable_table(store::Session& session, const std::string& name,
                                                                  int64_t now);
// ResourceInUseException for a table that is being created/updated/deleted.
[[noreturn]] void throw_table_in_use(const std::string& name, const std::string& status);

// --- description JSON
rapidjson::Document parse_description(const store::TableSchema& schema);
std::string serialize_description(const rapidjson::Value& description);
// The table's live counters and, per secondary index, ItemCount and IndexSizeBytes: the items the
// (sparse) index holds and the size of what it projects of them (whole items for ALL; for KEYS_ONLY
// and INCLUDE the projected attributes, as a read through the index returns them). DynamoDB
// refreshes these about every six hours; dynemu shows them as of now, as it does the table's.
store::TableStats live_table_stats(store::Session& session, const store::TableSchema& schema);
// Writes `description` with the live values filled in. `stats` may be null (counters shown as 0).
void write_table_description(model::JsonWriter& out, const rapidjson::Value& description, const std::string& status,
                             const store::TableStats* stats);
// The status to show for a table now (effective_status), and for its global secondary indexes.
std::string table_status_now(const store::TableSchema& schema, int64_t now);
// Calls visit(table, status) for each table whose status now is not ACTIVE (CREATING, UPDATING,
// DELETING): the tables an operation is still under way on.
void visit_tables_in_transition(store::Session& session, int64_t now,
                                const std::function<void(const store::TableSchema&, const std::string&)>& visit);
// Whether the global index `index_name` is still being created and backfilled (IndexStatus
// CREATING): it was added by UpdateTable and the table's UPDATING window has not passed.
bool index_backfilling(const store::TableSchema& schema, const std::string& index_name, int64_t now);

// --- shared request validation
// For requests whose only member is TableName (DescribeTable, DeleteTable): checks the shape and
// the name's constraints, and returns the name.
std::string validate_table_name_request(const rapidjson::Value& request, const Shape& shape);
// Reads a Long member as int64 (values beyond int64 are clamped); nullopt when absent.
std::optional<int64_t> long_member(const rapidjson::Value& object, const char* name);
// Constraint errors of a ProvisionedThroughput struct at `path` ("provisionedThroughput", ...).
void check_throughput_constraints(ConstraintErrors& errors, const rapidjson::Value& throughput,
                                  const std::string& path);
// "Given value N for ReadCapacityUnits is out of bounds" (read checked first, then write).
void check_throughput_bounds(const rapidjson::Value& throughput);
void check_stream_constraints(ConstraintErrors& errors, const rapidjson::Value& spec);
void check_sse_constraints(ConstraintErrors& errors, const rapidjson::Value& spec);
// SSESpecification semantics shared by CreateTable and UpdateTable; returns the SSEDescription to
// store (a JSON object), or a null value when the table uses the default AWS owned key.
void validate_sse(const rapidjson::Value& spec);
void build_sse_description(const OperationContext& ctx, const rapidjson::Value& spec, rapidjson::Value& out,
                           rapidjson::Document::AllocatorType& alloc);
// OnDemandThroughput (maximum request units of an on-demand table): refused on provisioned tables,
// each member at least 1 (UpdateTable also takes -1: "remove the maximum"). `creating` selects
// CreateTable's wording. merge_on_demand_throughput() applies a valid spec to a description.
void validate_on_demand_throughput(const rapidjson::Value& spec, bool provisioned, bool creating);
void merge_on_demand_throughput(rapidjson::Value& description, const rapidjson::Value& spec,
                                rapidjson::Document::AllocatorType& alloc);
// TableClass: DynamoDB's own message for an unknown value.
void validate_table_class(const std::string& table_class);
// JSON editing: sets (replacing or adding) object[name]; a string value copied into `alloc`.
void set_member(rapidjson::Value& object, const char* name, rapidjson::Value value,
                rapidjson::Document::AllocatorType& alloc);
rapidjson::Value string_value(const std::string& s, rapidjson::Document::AllocatorType& alloc);
// Request members as a description echoes them: only the members DynamoDB knows.
// throughput_description(): ProvisionedThroughput with NumberOfDecreasesToday, 0/0 when `requested`
// is null (on-demand tables and their indexes).
rapidjson::Value attribute_definition_description(const rapidjson::Value& definition,
                                                  rapidjson::Document::AllocatorType& alloc);
rapidjson::Value key_schema_description(const rapidjson::Value& key_schema, rapidjson::Document::AllocatorType& alloc);
rapidjson::Value projection_description(const rapidjson::Value& projection, rapidjson::Document::AllocatorType& alloc);
rapidjson::Value throughput_description(const rapidjson::Value* requested, rapidjson::Document::AllocatorType& alloc);
// Writes the stream members (StreamSpecification, LatestStreamLabel, LatestStreamArn) into a description.
void enable_stream(rapidjson::Value& description, rapidjson::Document::AllocatorType& alloc,
                   const std::string& arn_of_table, const std::string& view_type, int64_t now);

// Enables a DynamoDB stream on `schema`'s table (created already, so it has its store id): picks a
// stream label no stream of the table has used, writes the stream members into `description`, sets
// schema.stream_view_type (so the change log starts) and opens the stream. The caller saves the
// schema. disable_table_stream() closes it again; LatestStreamArn/Label stay in the description.
void enable_table_stream(OperationContext& ctx, store::Session& session, store::TableSchema& schema,
                         rapidjson::Document& description, const std::string& view_type, int64_t now);
void disable_table_stream(store::Session& session, store::TableSchema& schema, rapidjson::Document& description,
                          int64_t now);
// The Streams settings of this server (rotation period, transient statuses).
streams::StreamSettings stream_settings(const ApiSettings& settings);

// --- request shapes shared by CreateTable and UpdateTable
const Shape& throughput_shape();
const Shape& key_schema_shape();
const Shape& attribute_definitions_shape();
const Shape& projection_shape();
const Shape& stream_specification_shape();
const Shape& sse_specification_shape();
const Shape& on_demand_throughput_shape();
// CreateTable's index members (also RestoreTableFromBackup's index overrides).
const Shape& local_secondary_index_shape();
const Shape& global_secondary_index_shape();

// --- CreateTable (create_table_validation.cc): request validation in DynamoDB's order, then the
// validated request as the store's schema.
struct CreateTableRequest {
  std::string table_name;
  std::string billing_mode;  // "PROVISIONED" or "PAY_PER_REQUEST"
  bool billing_mode_given = false;
  store::KeySchema key;
  std::vector<store::IndexSchema> indexes;  // LSIs first, then GSIs, slots 1..n
};
CreateTableRequest validate_create_table(const rapidjson::Value& request);
// The 255-byte limit on key attribute names and on the names an index projects (INCLUDE), as
// coral constraint errors: for one index (its KeySchema and Projection, at `path`) and for an
// AttributeDefinitions list. UpdateTable's GSI Create checks them as CreateTable does.
void check_index_attribute_name_lengths(ConstraintErrors& errors, const rapidjson::Value& index, const std::string& path);
void check_attribute_definition_name_lengths(ConstraintErrors& errors, const rapidjson::Value& definitions);
// The stored TableDescription of a new table made from a validated CreateTable request (create_table.cc),
// members in DynamoDB's order. RestoreTableFromBackup builds its new table through the same two steps.
rapidjson::Document new_table_description(const OperationContext& ctx, const rapidjson::Value& request,
                                          const CreateTableRequest& validated, int64_t now);

}  // namespace dynemu::api
