// ListContributorInsights: the Contributor Insights summaries of a table and each of its global
// secondary indexes, or (without TableName) of every table and its global secondary indexes, in
// table-name order, the table before its indexes. Validate (JSON types → TableName → MaxResults at
// most 100) → the page: MaxResults summaries (default 100); NextToken names the last summary shown
// ("<table>/<index>"; a table name holds no '/'), and the next page starts after it.
#include <algorithm>

#include "api/continuous_backups.h"
#include "api/contributor_insights.h"
#include "api/table_description.h"
#include "api/table_features.h"

namespace dynemu::api {
namespace {

constexpr int64_t kMaxResults = 100;

const Shape& request_shape() {
  static const Shape& s = Shape::structure(
      "ListContributorInsightsInput",
      {{"TableName", &Shape::string()}, {"NextToken", &Shape::string()}, {"MaxResults", &Shape::integer()}});
  return s;
}

struct Summary {
  std::string table, index, status, mode;
  std::string token() const { return table + "/" + index; }
};

void summaries_of(const store::TableSchema& schema, int64_t now, std::vector<Summary>& out) {
  const rapidjson::Document description = parse_description(schema);
  std::vector<std::string> targets = {""};
  for (const auto& ix : schema.indexes)
    if (ix.global) targets.push_back(ix.name);
  for (const auto& target : targets) {
    const ContributorInsightsSetting s = stored_contributor_insights(description, target);
    out.push_back({schema.name, target, contributor_insights_status(s, now), s.mode});
  }
}

}  // namespace

void list_contributor_insights(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const rapidjson::Value* table_member = member(request, "TableName");
  std::string name_or_arn;
  if (table_member) name_or_arn = validate_continuous_backups_table_name(table_member, errors);
  const std::optional<int64_t> max_results = long_member(request, "MaxResults");
  errors.value_range(max_results, "maxResults", INT64_MIN, kMaxResults);
  errors.throw_if_any();
  const std::string next_token = string_member(request, "NextToken");
  const int64_t now = ctx.clock.now_ms();
  std::vector<Summary> summaries;
  {
    auto session = ctx.store.read();
    if (table_member) {
      summaries_of(*named_table(ctx, session, name_or_arn, now), now, summaries);
    } else {
      for (const auto& name : session.table_names()) {
        auto schema = find_visible_table(session, name, now);
        if (schema && table_status_now(*schema, now) != "CREATING") summaries_of(*schema, now, summaries);
      }
    }
  }
  size_t begin = 0;
  if (!next_token.empty())
    for (size_t i = 0; i < summaries.size(); ++i)
      if (summaries[i].token() == next_token) begin = i + 1;
  const size_t page = static_cast<size_t>(std::max<int64_t>(1, max_results.value_or(kMaxResults)));
  const size_t end = std::min(summaries.size(), begin + page);

  out.StartObject();
  out.Key("ContributorInsightsSummaries");
  out.StartArray();
  for (size_t i = begin; i < end; ++i) {
    out.StartObject();
    out.Key("TableName");
    out.String(summaries[i].table);
    if (!summaries[i].index.empty()) {
      out.Key("IndexName");
      out.String(summaries[i].index);
    }
    out.Key("ContributorInsightsStatus");
    out.String(summaries[i].status);
    out.Key("ContributorInsightsMode");
    out.String(summaries[i].mode);
    out.EndObject();
  }
  out.EndArray();
  if (end < summaries.size()) {
    out.Key("NextToken");
    out.String(summaries[end - 1].token());
  }
  out.EndObject();
}

}  // namespace dynemu::api
