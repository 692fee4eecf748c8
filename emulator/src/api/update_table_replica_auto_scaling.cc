// UpdateTableReplicaAutoScaling: auto scaling settings of a table's replicas (global tables
// 2019.11.21). A single-region table has no replica in another region: ReplicaUpdates naming any
// region is ReplicaNotFoundException "Replica not found in region: <region>" (dynemu's wording),
// and the table's own auto scaling updates (ProvisionedWriteCapacityAutoScalingUpdate,
// GlobalSecondaryIndexUpdates) are accepted and not kept, since dynemu has no Application Auto
// Scaling. Validate (JSON types → TableName) → the table (ResourceNotFoundException; not ACTIVE:
// ResourceInUseException) → the answer DescribeTableReplicaAutoScaling gives.
#include "api/global_tables.h"
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
  auto session = ctx.store.read();
  auto schema = auto_scaling_table(ctx, session, request, now);
  const std::string status = table_status_now(*schema, now);
  if (status != "ACTIVE") throw_table_in_use(schema->name, status);
  if (const rapidjson::Value* replicas = member(request, "ReplicaUpdates"))
    for (const auto& r : replicas->GetArray())
      if (r.IsObject())
        throw model::dynamodb_error("ReplicaNotFoundException",
                                    "Replica not found in region: " + string_member(r, "RegionName"));
  write_table_auto_scaling_description(out, *schema, status);
}

}  // namespace dynemu::api
