// DeleteTable: refuse protected or busy tables, drop the table (or start its DELETING window),
// respond with the part of its description DynamoDB returns.
#include "api/table_description.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DeleteTableInput", {{"TableName", &Shape::string()}});
  return s;
}

}  // namespace

void delete_table(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  const std::string name = validate_table_name_request(request, request_shape());
  const int64_t now = ctx.clock.now_ms();

  rapidjson::Document description;
  store::TableStats stats;
  {
    auto session = ctx.store.write(now);
    auto schema = require_changeable_table(session, name, now);
    description = parse_description(*schema);
    const rapidjson::Value* protection = member(description, "DeletionProtectionEnabled");
    if (protection && protection->IsBool() && protection->GetBool())
      throw model::validation_error(
          "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection "
          "first.");
    stats = session.stats(*schema);
    streams::close_stream(session, schema->id(), now);  // a deleted table's stream is DISABLED, readable 24 h
    if (ctx.settings.delay_transient_statuses) {
      check_simultaneous_table_operations(session, ctx.settings, now);
      store::TableSchema deleting = *schema;
      deleting.stream_view_type.clear();
      deleting.transient_status = "DELETING";
      deleting.transient_until_ms = now + ctx.settings.transient_delay_ms;
      session.replace_schema(deleting);
    } else {
      session.drop_table(name);
    }
    session.commit();
  }

  // DeleteTable answers with a part of the description only: no key schema, attribute
  // definitions, indexes or creation time (observed of DynamoDB; the API reference's example has
  // the same members).
  out.StartObject();
  out.Key("TableDescription");
  out.StartObject();
  out.Key("TableName");
  out.String(name);
  out.Key("TableStatus");
  out.String("DELETING");
  if (const rapidjson::Value* throughput = member(description, "ProvisionedThroughput")) {
    out.Key("ProvisionedThroughput");
    throughput->Accept(out);
  }
  out.Key("TableSizeBytes");
  out.Int64(stats.size_bytes);
  out.Key("ItemCount");
  out.Int64(stats.item_count);
  for (const char* key : {"TableArn", "TableId", "BillingModeSummary"}) {
    if (const rapidjson::Value* value = member(description, key)) {
      out.Key(key);
      value->Accept(out);
    }
  }
  out.EndObject();
  out.EndObject();
}

}  // namespace dynemu::api
