// CreateGlobalTable (global tables 2017.11.29) in a single-region account (global_tables.h).
// Validate (JSON types → GlobalTableName, ReplicationGroup not null) → the local table
// (TableNotFoundException in this region; ResourceInUseException while it is busy) → already a
// global table (GlobalTableAlreadyExistsException) → every region of the group: another region has
// no table here (TableNotFoundException), and the group must include this region → the table's
// stream is NEW_AND_OLD_IMAGES and the table is empty (ValidationException) → save, answering
// GlobalTableDescription (CREATING under -delayTransientStatuses, else ACTIVE).
#include <algorithm>

#include "api/global_tables.h"
#include "api/request_shape.h"
#include "api/table_description.h"
#include "api/table_features.h"
#include "api/table_replicas.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& replica = Shape::structure("Replica", {{"RegionName", &Shape::string()}});
  static const Shape& s = Shape::structure(
      "CreateGlobalTableInput",
      {{"GlobalTableName", &Shape::string()}, {"ReplicationGroup", &Shape::list_of(replica)}});
  return s;
}

}  // namespace

void create_global_table(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string name = validate_global_table_name(request, errors);
  const rapidjson::Value* group = member(request, "ReplicationGroup");
  if (!group) errors.not_null("replicationGroup");
  errors.throw_if_any();
  std::vector<std::string> regions;
  for (const auto& replica : group->GetArray())
    if (replica.IsObject()) regions.push_back(string_member(replica, "RegionName"));

  const int64_t now = ctx.clock.now_ms();
  GlobalTable global;
  {
    auto session = ctx.store.write();
    purge_expired_tables(session, now);
    auto found = find_visible_table(session, name, now);
    if (!found || table_status_now(*found, now) == "CREATING") throw_table_not_in_region(name, ctx.region);
    const std::string status = table_status_now(*found, now);
    if (status != "ACTIVE") throw_table_in_use(name, status);
    store::TableSchema schema = *found;
    rapidjson::Document description = parse_description(schema);
    if (stored_global_table(description))
      throw model::dynamodb_error("GlobalTableAlreadyExistsException", "Global table already exists: " + name);
    // dynemu's wording: a table with version 2019.11.21 replicas (table_replicas.h) cannot also be
    // a legacy global table; the reference states the two versions apart without a message.
    if (has_replicas(description))
      throw model::validation_error("One or more parameter values were invalid: Table: '" + name +
                                    "' already has replicas of global tables version 2019.11.21");
    for (const auto& region : regions)
      if (region != ctx.region) throw_table_not_in_region(name, region);
    if (std::find(regions.begin(), regions.end(), ctx.region) == regions.end())
      throw model::validation_error("One or more parameter values were invalid: ReplicationGroup must include the "
                                    "region of the request: " + ctx.region);
    if (schema.stream_view_type != "NEW_AND_OLD_IMAGES")
      throw model::validation_error("One or more parameter values were invalid: Table: '" + name + "' in region: '" +
                                    ctx.region + "' must have DynamoDB Streams enabled with StreamViewType "
                                    "NEW_AND_OLD_IMAGES");
    if (session.stats(schema).item_count > 0)
      throw model::validation_error("One or more parameter values were invalid: Table: '" + name + "' in region: '" +
                                    ctx.region + "' is not empty");
    global.creation_ms = now;
    global.until_ms = transition_end(ctx, now);
    global.regions = {ctx.region};
    store_global_table(description, global, description.GetAllocator());
    save_description(session, schema, description);
    session.commit();
  }
  out.StartObject();
  out.Key("GlobalTableDescription");
  write_global_table_description(out, ctx, name, global, now);
  out.EndObject();
}

}  // namespace dynemu::api
