// ReplicaAutoScaling: the auto scaling settings UpdateTableReplicaAutoScaling keeps for a table's
// replicas (global tables 2019.11.21, table_replicas.h) and DescribeTableReplicaAutoScaling shows.
//
// dynemu scales nothing (there is no Application Auto Scaling here); it keeps what it is told so
// infrastructure code that sets auto scaling and reads it back works:
//  - ReplicaUpdates [{RegionName, ReplicaProvisionedReadCapacityAutoScalingUpdate,
//    ReplicaGlobalSecondaryIndexUpdates [{IndexName, ProvisionedReadCapacityAutoScalingUpdate}]}]
//    keep the replica's read settings and its indexes' read settings. A region without a replica
//    (or whose replica is being deleted) is ReplicaNotFoundException "Replica not found in region:
//    <region>"; an index the table does not have is ValidationException (both dynemu's wording).
//  - ProvisionedWriteCapacityAutoScalingUpdate and GlobalSecondaryIndexUpdates [{IndexName,
//    ProvisionedWriteCapacityAutoScalingUpdate}] are the table's write settings, which every replica
//    shares (DynamoDB replicates writes to all of them): each replica shows them.
//  - An AutoScalingSettingsUpdate {MinimumUnits, MaximumUnits, AutoScalingDisabled,
//    AutoScalingRoleArn, ScalingPolicyUpdate {PolicyName, TargetTrackingScalingPolicyConfiguration}}
//    merges into the kept AutoScalingSettingsDescription: the members it names replace theirs, and a
//    ScalingPolicyUpdate replaces ScalingPolicies with that one policy.
//
// Contract: the read settings live on the stored replica as "_AutoScaling": {"Read": description,
// "Indexes": {name: description}}, the write settings on the table's description as
// "_WriteAutoScaling" of the same form; UpdateTable's ReplicaUpdates keep both.
#pragma once
#include <rapidjson/document.h>

#include "model/json_codec.h"
#include "store/store.h"

namespace dynemu::api {

// Applies the request's updates to description `d` of `schema`, throwing the errors above.
void apply_replica_auto_scaling_updates(rapidjson::Document& d, const store::TableSchema& schema,
                                        const rapidjson::Value& request);

// The members of a ReplicaAutoScalingDescription after RegionName: GlobalSecondaryIndexes (the
// indexes with kept settings), ReplicaProvisionedRead/WriteCapacityAutoScalingSettings when kept.
void write_replica_auto_scaling_settings(model::JsonWriter& out, const rapidjson::Value& description,
                                         const rapidjson::Value& replica);

}  // namespace dynemu::api
