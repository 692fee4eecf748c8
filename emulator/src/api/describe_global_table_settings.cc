// DescribeGlobalTableSettings: the replica settings of a legacy (2017.11.29) global table
// (global_tables.h): its one replica, in this region, with the table's billing mode and, when
// provisioned, its capacity and its global secondary indexes' capacity. Validate (JSON types →
// GlobalTableName) → the global table (GlobalTableNotFoundException) → the settings.
#include "api/global_tables.h"
#include "api/request_shape.h"

namespace dynemu::api {

void describe_global_table_settings(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  static const Shape& shape =
      Shape::structure("DescribeGlobalTableSettingsInput", {{"GlobalTableName", &Shape::string()}});
  check_shape(request, shape);
  ConstraintErrors errors;
  const std::string name = validate_global_table_name(request, errors);
  errors.throw_if_any();
  const int64_t now = ctx.clock.now_ms();
  GlobalTable global;
  auto session = ctx.store.read();
  auto schema = global_table_of(session, name, now, global);
  out.StartObject();
  write_global_table_settings(out, *schema, global, now);
  out.EndObject();
}

}  // namespace dynemu::api
