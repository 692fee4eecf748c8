// DescribeContributorInsights: a table's or global secondary index's Contributor Insights settings
// (contributor_insights.h). Validate (JSON types → TableName → IndexName) → the table and index
// (ResourceNotFoundException) → the status now, the rule names while enabled, LastUpdateDateTime
// once ever updated. FailureException is never present: dynemu's rules never fail.
#include "api/continuous_backups.h"
#include "api/contributor_insights.h"
#include "api/table_description.h"
#include "api/table_features.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DescribeContributorInsightsInput",
                                           {{"TableName", &Shape::string()}, {"IndexName", &Shape::string()}});
  return s;
}

}  // namespace

void describe_contributor_insights(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string name_or_arn = validate_continuous_backups_table_name(member(request, "TableName"), errors);
  errors.index_name(member(request, "IndexName"), "indexName", false);
  errors.throw_if_any();
  const std::string index = string_member(request, "IndexName");
  const int64_t now = ctx.clock.now_ms();
  std::shared_ptr<const store::TableSchema> schema;
  ContributorInsightsSetting setting;
  {
    auto session = ctx.store.read();
    schema = named_table(ctx, session, name_or_arn, now);
    check_insights_target(*schema, index);
    setting = stored_contributor_insights(parse_description(*schema), index);
  }
  out.StartObject();
  out.Key("TableName");
  out.String(schema->name);
  if (!index.empty()) {
    out.Key("IndexName");
    out.String(index);
  }
  out.Key("ContributorInsightsRuleList");
  out.StartArray();
  for (const auto& rule : contributor_insights_rule_names(*schema, index, setting)) out.String(rule);
  out.EndArray();
  out.Key("ContributorInsightsStatus");
  out.String(contributor_insights_status(setting, now));
  if (setting.updated_ms) {
    out.Key("LastUpdateDateTime");
    out.Double(epoch_seconds(setting.updated_ms));
    out.Key("ContributorInsightsMode");
    out.String(setting.mode);
  }
  out.EndObject();
}

}  // namespace dynemu::api
