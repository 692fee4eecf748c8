// ListTables: table names in ascending byte order, paged by ExclusiveStartTableName and Limit.
#include "api/table_description.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure(
      "ListTablesInput", {{"ExclusiveStartTableName", &Shape::string()}, {"Limit", &Shape::integer()}});
  return s;
}

constexpr int64_t kMaxLimit = 100;

}  // namespace

void list_tables(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  errors.table_name(member(request, "ExclusiveStartTableName"), "exclusiveStartTableName", false);
  const std::optional<int64_t> limit_given = long_member(request, "Limit");
  errors.value_range(limit_given, "limit", 1, kMaxLimit);
  errors.throw_if_any();
  const std::string start = string_member(request, "ExclusiveStartTableName");
  const size_t limit = static_cast<size_t>(limit_given.value_or(kMaxLimit));

  std::vector<std::string> names;
  bool more = false;
  {
    const int64_t now = ctx.clock.now_ms();
    auto session = ctx.store.read();
    for (const auto& name : session.table_names()) {  // sorted
      if (!start.empty() && name <= start) continue;
      if (!find_visible_table(session, name, now)) continue;
      if (names.size() == limit) {
        more = true;
        break;
      }
      names.push_back(name);
    }
  }

  out.StartObject();
  out.Key("TableNames");
  out.StartArray();
  for (const auto& n : names) out.String(n);
  out.EndArray();
  if (more) {
    out.Key("LastEvaluatedTableName");
    out.String(names.back());
  }
  out.EndObject();
}

}  // namespace dynemu::api
