// DescribeTimeToLive: the table's TTL status, and its attribute unless TTL is DISABLED (DynamoDB
// does not show the attribute of a disabled TTL). A table being created or deleted cannot be
// described, with DynamoDB's ValidationException.
#include "api/table_description.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DescribeTimeToLiveInput", {{"TableName", &Shape::string()}});
  return s;
}

}  // namespace

void describe_time_to_live(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  const std::string name = validate_table_name_request(request, request_shape());
  const int64_t now = ctx.clock.now_ms();

  store::TimeToLiveSchema ttl;
  {
    auto session = ctx.store.read();
    auto schema = find_visible_table(session, name, now);
    if (!schema) throw_table_not_found(name);
    const std::string status = table_status_now(*schema, now);
    if (status == "CREATING" || status == "DELETING")
      throw model::validation_error("Cannot describe time to live while table is in " + status +
                                    " state: Current table state is " + status);
    ttl = schema->ttl;
  }

  const std::string status = ttl_status(ttl, now);
  out.StartObject();
  out.Key("TimeToLiveDescription");
  out.StartObject();
  out.Key("TimeToLiveStatus");
  out.String(status);
  if (status != "DISABLED") {
    out.Key("AttributeName");
    out.String(ttl.attribute);
  }
  out.EndObject();
  out.EndObject();
}

}  // namespace dynemu::api
