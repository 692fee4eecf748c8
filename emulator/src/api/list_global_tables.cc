// ListGlobalTables: the legacy (2017.11.29) global tables of this region in name order
// (global_tables.h). Validate (JSON types → ExclusiveStartGlobalTableName a table name, Limit at
// least 1) → RegionName, when given, must be this region to list anything (other regions hold no
// tables here) → a page of Limit tables (default 100) after ExclusiveStartGlobalTableName, with
// LastEvaluatedGlobalTableName when more follow.
#include "api/global_tables.h"
#include "api/request_shape.h"
#include "api/table_description.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("ListGlobalTablesInput", {{"ExclusiveStartGlobalTableName", &Shape::string()},
                                                                      {"Limit", &Shape::integer()},
                                                                      {"RegionName", &Shape::string()}});
  return s;
}

}  // namespace

void list_global_tables(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  errors.table_name(member(request, "ExclusiveStartGlobalTableName"), "exclusiveStartGlobalTableName", false);
  const std::optional<int64_t> limit = long_member(request, "Limit");
  errors.value_range(limit, "limit", 1, INT64_MAX);
  errors.throw_if_any();
  const std::string start = string_member(request, "ExclusiveStartGlobalTableName");
  const rapidjson::Value* region = member(request, "RegionName");
  const bool this_region = !region || string_member(request, "RegionName") == ctx.region;
  const size_t page = static_cast<size_t>(limit.value_or(100));
  const int64_t now = ctx.clock.now_ms();

  std::vector<std::pair<std::string, GlobalTable>> found;
  bool more = false;
  if (this_region) {
    auto session = ctx.store.read();
    for (const auto& name : session.table_names()) {
      if (!start.empty() && name <= start) continue;
      auto schema = find_visible_table(session, name, now);
      if (!schema) continue;
      std::optional<GlobalTable> global = stored_global_table(parse_description(*schema));
      if (!global) continue;
      if (found.size() == page) {
        more = true;
        break;
      }
      found.emplace_back(name, *global);
    }
  }
  out.StartObject();
  out.Key("GlobalTables");
  out.StartArray();
  for (const auto& [name, global] : found) {
    out.StartObject();
    out.Key("GlobalTableName");
    out.String(name);
    out.Key("ReplicationGroup");
    out.StartArray();
    for (const auto& r : global.regions) {
      out.StartObject();
      out.Key("RegionName");
      out.String(r);
      out.EndObject();
    }
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  if (more) {
    out.Key("LastEvaluatedGlobalTableName");
    out.String(found.back().first);
  }
  out.EndObject();
}

}  // namespace dynemu::api
