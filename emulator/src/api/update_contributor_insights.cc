// UpdateContributorInsights: turns Contributor Insights on or off for a table or one of its global
// secondary indexes (contributor_insights.h). Validate (JSON types → TableName, a name or ARN of 1
// to 1024 characters → IndexName → ContributorInsightsAction ENABLE|DISABLE → ContributorInsightsMode)
// → the table and index (ResourceNotFoundException) → save, answering the status the change
// starts in (ENABLING / DISABLING, settled at once unless -delayTransientStatuses).
#include "api/continuous_backups.h"
#include "api/contributor_insights.h"
#include "api/table_description.h"
#include "api/table_features.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("UpdateContributorInsightsInput",
                                           {{"TableName", &Shape::string()},
                                            {"IndexName", &Shape::string()},
                                            {"ContributorInsightsAction", &Shape::string()},
                                            {"ContributorInsightsMode", &Shape::string()}});
  return s;
}

}  // namespace

void update_contributor_insights(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string name_or_arn = validate_continuous_backups_table_name(member(request, "TableName"), errors);
  errors.index_name(member(request, "IndexName"), "indexName", false);
  const rapidjson::Value* action_member = member(request, "ContributorInsightsAction");
  const std::string action = string_member(request, "ContributorInsightsAction");
  if (!action_member) errors.not_null("contributorInsightsAction");
  else errors.enum_value(action, "contributorInsightsAction", {"ENABLE", "DISABLE"});
  const rapidjson::Value* mode_member = member(request, "ContributorInsightsMode");
  if (mode_member)
    errors.enum_value(string_member(request, "ContributorInsightsMode"), "contributorInsightsMode",
                      {"ACCESSED_AND_THROTTLED_KEYS", "THROTTLED_KEYS"});
  errors.throw_if_any();
  const std::string index = string_member(request, "IndexName");

  const int64_t now = ctx.clock.now_ms();
  std::string table_name;
  ContributorInsightsSetting setting;
  {
    auto session = ctx.store.write();
    purge_expired_tables(session, now);
    store::TableSchema schema = *named_table(ctx, session, name_or_arn, now);
    check_insights_target(schema, index);
    table_name = schema.name;
    rapidjson::Document description = parse_description(schema);
    setting = stored_contributor_insights(description, index);
    setting.enabled = action == "ENABLE";
    setting.until_ms = transition_end(ctx, now);
    setting.updated_ms = now;
    if (mode_member) setting.mode = string_member(request, "ContributorInsightsMode");
    store_contributor_insights(description, index, setting, description.GetAllocator());
    save_description(session, schema, description);
    session.commit();
  }
  out.StartObject();
  out.Key("TableName");
  out.String(table_name);
  if (!index.empty()) {
    out.Key("IndexName");
    out.String(index);
  }
  out.Key("ContributorInsightsStatus");
  out.String(setting.enabled ? "ENABLING" : "DISABLING");
  out.Key("ContributorInsightsMode");
  out.String(setting.mode);
  out.EndObject();
}

}  // namespace dynemu::api
