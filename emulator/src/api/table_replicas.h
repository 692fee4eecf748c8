// TableReplicas: UpdateTable's ReplicaUpdates (global tables version 2019.11.21) in a single-region
// account, and the Replicas/GlobalTableVersion members of the table's description.
//
// dynemu is one region (the request's SigV4 region, see global_tables.h), and nothing is
// replicated. A replica in another region is a record in the table's stored description, so
// infrastructure code that adds a replica and polls DescribeTable until it is ACTIVE works:
//  - Create {RegionName, KMSMasterKeyId, ProvisionedThroughputOverride, OnDemandThroughputOverride,
//    GlobalSecondaryIndexes, TableClassOverride} records the replica: ReplicaStatus CREATING while
//    the table's UPDATING window lasts (-delayTransientStatuses), then ACTIVE. DescribeTable shows
//    GlobalTableVersion "2019.11.21" and Replicas [{RegionName, ReplicaStatus, KMSMasterKeyId,
//    ProvisionedThroughputOverride, OnDemandThroughputOverride, GlobalSecondaryIndexes,
//    ReplicaTableClassSummary}] while the table has a replica; neither member without one.
//  - Update {RegionName, ...} replaces the overrides it names. Delete {RegionName} shows the replica
//    DELETING during the window, then it is gone.
//  - A replica needs the table's stream with NEW_AND_OLD_IMAGES. As DynamoDB does, adding the first
//    replica to a table without a stream enables one with that view type; a stream of another view
//    type is a ValidationException. Disabling the stream of a table with replicas is DynamoDB's
//    "Disabling Stream is not allowed for a Global Table replica." (update_table.cc).
//  - The local region in ReplicaUpdates is DynamoDB's "Cannot add, delete, or update the local region
//    through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required."
//  - A replica that already exists, a replica to update or delete that does not exist, two actions
//    for one region, an update without a Create/Update/Delete, ReplicaUpdates combined with any other
//    change, and a table that is a legacy (2017.11.29) global table: ValidationException. The
//    reference documents these rules without wording; the messages are dynemu's (table_replicas.cc).
//  - DeleteTable deletes the table in this region and, as nothing else exists here, its replica
//    records with it (DynamoDB keeps the other regions' tables; there are none here).
//  - DescribeGlobalTable and the other 2017.11.29 operations do not see 2019.11.21 replicas (as in
//    DynamoDB: a table with GlobalTableVersion 2019.11.21 is not a legacy global table), and
//    CreateGlobalTable refuses a table that has them. DescribeTableReplicaAutoScaling lists them.
//
// Contract: the replicas live in the stored description as "_Replicas": [{RegionName, ...the
// request's members, "_Creating"/"_Deleting" marks}]. clear_replica_marks() settles them before the
// next UpdateTable (UpdateTable refuses to run during the window, so marks are always of the last one).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "store/store.h"

namespace dynemu::api {

const Shape& replica_updates_shape();
// Constraint errors of the ReplicaUpdates list (RegionName required in each action).
void check_replica_update_constraints(ConstraintErrors& errors, const rapidjson::Value& updates);
// The rules that need no table: one action per update, one update per region, not the local region.
void check_replica_update_rules(const OperationContext& ctx, const rapidjson::Value& updates);
// Applies the updates to description `d` (and enables the stream on `schema` when the first
// replica needs it), throwing the table-state errors above. The caller saves the schema.
void apply_replica_updates(OperationContext& ctx, store::Session& session, store::TableSchema& schema,
                           rapidjson::Document& d, const rapidjson::Value& updates, int64_t now);
// Drops replicas whose deletion window has passed and clears CREATING marks.
void clear_replica_marks(rapidjson::Value& description);
// Whether the table has a replica in another region (a 2019.11.21 global table).
bool has_replicas(const rapidjson::Value& description);
// Writes "GlobalTableVersion" and "Replicas" (keys and values) when the table has replicas to show.
void write_replicas(model::JsonWriter& out, const rapidjson::Value& description, const std::string& table_status);
// The replicas' RegionName and ReplicaStatus as Describe/UpdateTableReplicaAutoScaling list them.
struct ReplicaState {
  std::string region;
  std::string status;
};
std::vector<ReplicaState> replica_states(const rapidjson::Value& description, const std::string& table_status);

}  // namespace dynemu::api
