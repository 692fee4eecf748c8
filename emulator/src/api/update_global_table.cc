// UpdateGlobalTable: adds or removes replicas of a legacy (2017.11.29) global table
// (global_tables.h). Validate (JSON types → GlobalTableName, ReplicaUpdates not null) → the global
// table (GlobalTableNotFoundException) → each update in order: Create in another region has no
// table there (TableNotFoundException), Create of a present replica is ReplicaAlreadyExistsException,
// Delete of an absent one ReplicaNotFoundException (dynemu's wording for both) → save. Deleting
// this region's replica leaves no replica: the table is no longer a global table.
#include <algorithm>

#include "api/global_tables.h"
#include "api/request_shape.h"
#include "api/table_description.h"
#include "api/table_features.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& region = Shape::structure("CreateReplicaAction", {{"RegionName", &Shape::string()}});
  static const Shape& update = Shape::structure("ReplicaUpdate", {{"Create", &region}, {"Delete", &region}});
  static const Shape& s = Shape::structure(
      "UpdateGlobalTableInput", {{"GlobalTableName", &Shape::string()}, {"ReplicaUpdates", &Shape::list_of(update)}});
  return s;
}

}  // namespace

void update_global_table(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string name = validate_global_table_name(request, errors);
  const rapidjson::Value* updates = member(request, "ReplicaUpdates");
  if (!updates) errors.not_null("replicaUpdates");
  errors.throw_if_any();
  const int64_t now = ctx.clock.now_ms();
  GlobalTable global;
  {
    auto session = ctx.store.write();
    purge_expired_tables(session, now);
    store::TableSchema schema = *global_table_of(session, name, now, global);
    for (const auto& update : updates->GetArray()) {
      if (!update.IsObject()) continue;
      if (const rapidjson::Value* create = member(update, "Create")) {
        const std::string region = string_member(*create, "RegionName");
        if (region != ctx.region) throw_table_not_in_region(name, region);
        if (std::find(global.regions.begin(), global.regions.end(), region) != global.regions.end())
          throw model::dynamodb_error("ReplicaAlreadyExistsException", "Replica already exists in region: " + region);
        global.regions.push_back(region);
      }
      if (const rapidjson::Value* remove = member(update, "Delete")) {
        const std::string region = string_member(*remove, "RegionName");
        auto it = std::find(global.regions.begin(), global.regions.end(), region);
        if (it == global.regions.end())
          throw model::dynamodb_error("ReplicaNotFoundException", "Replica not found in region: " + region);
        global.regions.erase(it);
      }
    }
    rapidjson::Document description = parse_description(schema);
    store_global_table(description, global.regions.empty() ? std::nullopt : std::optional<GlobalTable>(global),
                       description.GetAllocator());
    save_description(session, schema, description);
    session.commit();
  }
  out.StartObject();
  out.Key("GlobalTableDescription");
  write_global_table_description(out, ctx, name, global, now);
  out.EndObject();
}

}  // namespace dynemu::api
