// GlobalTables: global tables version 2017.11.29 (legacy) in a single-region account, shared by
// CreateGlobalTable, DescribeGlobalTable, ListGlobalTables, UpdateGlobalTable,
// DescribeGlobalTableSettings and UpdateGlobalTableSettings.
//
// dynemu is one region: the region of the request's SigV4 credential scope. A legacy global table
// is a replication group of same-named tables, one per region, each created beforehand by
// CreateTable in its region. Here only the request's region can hold that table, so:
//  - A replication group (CreateGlobalTable's ReplicationGroup, UpdateGlobalTable's Create) naming
//    any other region gets the answer DynamoDB gives when that region has no such table:
//    TableNotFoundException "Table not found: Table: '<name>' not found in region: '<region>'."
//    The same answer for the request's own region when the table does not exist there.
//  - So a global table of dynemu has exactly one replica, in its own region. Nothing is replicated.
//  - The local table must have a stream with NEW_AND_OLD_IMAGES and hold no items, as DynamoDB
//    requires; otherwise ValidationException (dynemu's wording, the reference lists the rule only).
//
// Contract:
//  - The global table lives in its table's stored description as "_GlobalTable":
//    {"CreationMs", "UntilMs", "Regions": [...]} (UntilMs: CREATING shown until then, see
//    table_features.h); DeleteTable drops it with the table. A missing one is
//    GlobalTableNotFoundException "Global table not found" (dynemu's wording).
//  - write_global_table_description() writes GlobalTableDescription: ReplicationGroup
//    [{RegionName, ReplicaStatus ACTIVE}], GlobalTableArn arn:aws:dynamodb::<account>:global-table/<name>,
//    CreationDateTime, GlobalTableStatus (CREATING, then ACTIVE), GlobalTableName.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/operation.h"
#include "store/store.h"

namespace dynemu::api {

struct GlobalTable {
  int64_t creation_ms = 0;
  int64_t until_ms = 0;
  std::vector<std::string> regions;
};

std::optional<GlobalTable> stored_global_table(const rapidjson::Value& description);
void store_global_table(rapidjson::Value& description, const std::optional<GlobalTable>& global,
                        rapidjson::Document::AllocatorType& alloc);

// GlobalTableName: required, a table name.
std::string validate_global_table_name(const rapidjson::Value& request, ConstraintErrors& errors);
// The table of the global table `name` and its state, or GlobalTableNotFoundException.
std::shared_ptr<const store::TableSchema> global_table_of(store::Session& session, const std::string& name,
                                                          int64_t now, GlobalTable& global);
[[noreturn]] void throw_global_table_not_found();
[[noreturn]] void throw_table_not_in_region(const std::string& name, const std::string& region);

void write_global_table_description(model::JsonWriter& out, const OperationContext& ctx, const std::string& name,
                                    const GlobalTable& global, int64_t now);
// GlobalTableName and ReplicaSettings, the shape DescribeGlobalTableSettings and
// UpdateGlobalTableSettings answer with (the members of the enclosing object).
// TableAutoScalingDescription (Describe- and UpdateTableReplicaAutoScaling), as the whole answer
// object: the table's replicas in other regions (version 2019.11.21, table_replicas.h) with their
// status and the auto scaling settings kept for them (replica_auto_scaling.h; dynemu scales
// nothing); an empty list for a table without.
void write_table_auto_scaling_description(model::JsonWriter& out, const store::TableSchema& schema,
                                          const std::string& status);
// The table Describe- and UpdateTableReplicaAutoScaling name: TableName (a name or ARN, 1 to 1024
// characters) checked after the JSON types, then the table (ResourceNotFoundException).
std::shared_ptr<const store::TableSchema> auto_scaling_table(OperationContext& ctx, store::Session& session,
                                                             const rapidjson::Value& request, int64_t now);
void write_global_table_settings(model::JsonWriter& out, const store::TableSchema& schema, const GlobalTable& global,
                                 int64_t now);

}  // namespace dynemu::api
