// UpdateTableReplicaAutoScaling: auto scaling settings of a table's replicas (global tables
// 2019.11.21). dynemu has no Application Auto Scaling: the settings are kept as they are given
// (replica_auto_scaling.h) and DescribeTableReplicaAutoScaling shows them. ReplicaUpdates naming a
// region without a replica recorded by UpdateTable's ReplicaUpdates is ReplicaNotFoundException
// "Replica not found in region: <region>" (dynemu's wording). Validate (JSON types → TableName) →
// the table (ResourceNotFoundException; not ACTIVE: ResourceInUseException) → keep the settings →
// the answer DescribeTableReplicaAutoScaling gives.
#include "api/global_tables.h"
#include "api/replica_auto_scaling.h"
#include "api/table_description.h"

namespace dynemu::api {

namespace {

const Shape& request_shape() {
  static const Shape& any = *new Shape();
  static const Shape& replica = Shape::structure(
      "ReplicaAutoScalingUpdate", {{"RegionName", &Shape::string()}, {"ReplicaGlobalSecondaryIndexUpdates", &any},
                                   {"ReplicaProvisionedReadCapacityAutoScalingUpdate", &any}});
  static const Shape& s = Shape::structure(
      "UpdateTableReplicaAutoScalingInput",
      {{"TableName", &Shape::string()}, {"GlobalSecondaryIndexUpdates", &any},
       {"ProvisionedWriteCapacityAutoScalingUpdate", &any}, {"ReplicaUpdates", &Shape::list_of(replica)}});
  return s;
}

}  // namespace

void update_table_replica_auto_scaling(OperationContext& ctx, const rapidjson::Value& request,
                                       model::JsonWriter& out) {
  check_shape(request, request_shape());
  const int64_t now = ctx.clock.now_ms();
  auto session = ctx.store.write(now);
  auto schema = auto_scaling_table(ctx, session, request, now);
  const std::string status = table_status_now(*schema, now);
  if (status != "ACTIVE") throw_table_in_use(schema->name, status);
  rapidjson::Document d = parse_description(*schema);
  apply_replica_auto_scaling_updates(d, *schema, request);
  store::TableSchema updated = *schema;
  updated.description = serialize_description(d);
  session.replace_schema(updated);
  session.commit();
  write_table_auto_scaling_description(out, updated, status);
}

}  // namespace dynemu::api
