// ContributorInsights: CloudWatch Contributor Insights settings of a table and its global secondary
// indexes, shared by UpdateContributorInsights, DescribeContributorInsights and
// ListContributorInsights. dynemu keeps the settings and describes them back; it publishes no
// CloudWatch rules or graphs.
//
// Contract:
//  - The settings live in the table's stored description as "_ContributorInsights":
//    {"<index name, or \"\" for the table>": {"Enabled": bool, "UntilMs": n, "UpdatedMs": n,
//    "Mode": "ACCESSED_AND_THROTTLED_KEYS"|"THROTTLED_KEYS"}}. Absent: DISABLED, never updated.
//  - The status shown is ENABLING / DISABLING until UntilMs (table_features.h), then ENABLED /
//    DISABLED. LastUpdateDateTime is the server clock at the last UpdateContributorInsights.
//  - rule_names(): while enabled (or enabling), the CloudWatch rules DynamoDB names for the target:
//    DynamoDBContributorInsights-{PKC,PKT[,SKC,SKT]}-<table>[-<index>]-<UpdatedMs> (partition-key
//    and, for a target with a sort key, sort-key rules; C: accessed keys, T: throttled keys).
//  - insights_target() checks that IndexName (when given) names a global secondary index of the
//    table: otherwise ResourceNotFoundException "Requested resource not found: Index: <index> not found".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/operation.h"
#include "store/store.h"

namespace dynemu::api {

struct ContributorInsightsSetting {
  bool enabled = false;
  int64_t until_ms = 0;
  int64_t updated_ms = 0;  // 0: never updated
  std::string mode = "ACCESSED_AND_THROTTLED_KEYS";
};

ContributorInsightsSetting stored_contributor_insights(const rapidjson::Value& description, const std::string& index);
void store_contributor_insights(rapidjson::Value& description, const std::string& index,
                                const ContributorInsightsSetting& setting, rapidjson::Document::AllocatorType& alloc);
std::string contributor_insights_status(const ContributorInsightsSetting& setting, int64_t now_ms);
std::vector<std::string> contributor_insights_rule_names(const store::TableSchema& schema, const std::string& index,
                                                         const ContributorInsightsSetting& setting);
void check_insights_target(const store::TableSchema& schema, const std::string& index);

}  // namespace dynemu::api
