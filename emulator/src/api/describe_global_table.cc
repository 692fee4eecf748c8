// DescribeGlobalTable: a legacy (2017.11.29) global table of this region (global_tables.h).
// Validate (JSON types → GlobalTableName) → the global table (GlobalTableNotFoundException) → its
// GlobalTableDescription.
#include "api/global_tables.h"
#include "api/request_shape.h"

namespace dynemu::api {

void describe_global_table(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  static const Shape& shape = Shape::structure("DescribeGlobalTableInput", {{"GlobalTableName", &Shape::string()}});
  check_shape(request, shape);
  ConstraintErrors errors;
  const std::string name = validate_global_table_name(request, errors);
  errors.throw_if_any();
  const int64_t now = ctx.clock.now_ms();
  GlobalTable global;
  {
    auto session = ctx.store.read();
    global_table_of(session, name, now, global);
  }
  out.StartObject();
  out.Key("GlobalTableDescription");
  write_global_table_description(out, ctx, name, global, now);
  out.EndObject();
}

}  // namespace dynemu::api
