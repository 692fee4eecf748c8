// DescribeTableReplicaAutoScaling: the auto scaling settings of a table's replicas (global tables
// 2019.11.21). A single-region account's table has only the replica records UpdateTable's
// ReplicaUpdates gave it (table_replicas.h), so its TableAutoScalingDescription lists TableName,
// TableStatus and those replicas (RegionName, ReplicaStatus), without auto scaling settings. Validate
// (JSON types → TableName, a name or ARN) → the table (ResourceNotFoundException) → the description.
#include "api/global_tables.h"
#include "api/table_description.h"

namespace dynemu::api {

void describe_table_replica_auto_scaling(OperationContext& ctx, const rapidjson::Value& request,
                                         model::JsonWriter& out) {
  static const Shape& shape =
      Shape::structure("DescribeTableReplicaAutoScalingInput", {{"TableName", &Shape::string()}});
  check_shape(request, shape);
  const int64_t now = ctx.clock.now_ms();
  auto session = ctx.store.read();
  auto schema = auto_scaling_table(ctx, session, request, now);
  write_table_auto_scaling_description(out, *schema, table_status_now(*schema, now));
}

}  // namespace dynemu::api
