// DescribeTable: the table's stored description with its live status and counters.
#include "api/table_description.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DescribeTableInput", {{"TableName", &Shape::string()}});
  return s;
}

}  // namespace

void describe_table(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  const std::string name = validate_table_name_request(request, request_shape());
  const int64_t now = ctx.clock.now_ms();

  auto session = ctx.store.read();
  auto schema = find_visible_table(session, name, now);
  if (!schema) throw_table_not_found(name);
  const store::TableStats stats = live_table_stats(session, *schema);
  const rapidjson::Document description = parse_description(*schema);

  out.StartObject();
  out.Key("Table");
  write_table_description(out, description, table_status_now(*schema, now), &stats);
  out.EndObject();
}

}  // namespace dynemu::api
