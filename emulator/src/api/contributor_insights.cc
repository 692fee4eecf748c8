#include "api/contributor_insights.h"

#include "api/constraints.h"
#include "api/table_description.h"
#include "api/table_features.h"

namespace dynemu::api {

ContributorInsightsSetting stored_contributor_insights(const rapidjson::Value& description, const std::string& index) {
  ContributorInsightsSetting setting;
  const rapidjson::Value* all = feature_state(description, "_ContributorInsights");
  if (!all) return setting;
  const rapidjson::Value* entry = feature_state(*all, index.c_str());
  if (!entry) return setting;
  if (const rapidjson::Value* v = member(*entry, "Enabled"); v && v->IsBool()) setting.enabled = v->GetBool();
  setting.until_ms = int64_member(*entry, "UntilMs");
  setting.updated_ms = int64_member(*entry, "UpdatedMs");
  setting.mode = string_member(*entry, "Mode", setting.mode);
  return setting;
}

void store_contributor_insights(rapidjson::Value& description, const std::string& index,
                                const ContributorInsightsSetting& setting, rapidjson::Document::AllocatorType& alloc) {
  if (!feature_state(description, "_ContributorInsights"))
    set_member(description, "_ContributorInsights", rapidjson::Value(rapidjson::kObjectType), alloc);
  rapidjson::Value entry(rapidjson::kObjectType);
  entry.AddMember("Enabled", setting.enabled, alloc);
  entry.AddMember("UntilMs", setting.until_ms, alloc);
  entry.AddMember("UpdatedMs", setting.updated_ms, alloc);
  entry.AddMember("Mode", string_value(setting.mode, alloc), alloc);
  rapidjson::Value& all = description["_ContributorInsights"];
  if (all.HasMember(index.c_str())) all[index.c_str()] = entry;
  else all.AddMember(string_value(index, alloc), entry, alloc);
}

std::string contributor_insights_status(const ContributorInsightsSetting& setting, int64_t now_ms) {
  const bool settling = now_ms < setting.until_ms;
  if (setting.enabled) return settling ? "ENABLING" : "ENABLED";
  return settling ? "DISABLING" : "DISABLED";
}

std::vector<std::string> contributor_insights_rule_names(const store::TableSchema& schema, const std::string& index,
                                                         const ContributorInsightsSetting& setting) {
  std::vector<std::string> names;
  if (!setting.enabled) return names;
  bool sort_key = schema.key.range.has_value();
  if (const store::IndexSchema* ix = index.empty() ? nullptr : schema.find_index(index)) sort_key = ix->key.range.has_value();
  const std::string target = schema.name + (index.empty() ? "" : "-" + index);
  const std::string suffix = "-" + target + "-" + std::to_string(setting.updated_ms);
  std::vector<const char*> kinds = {"PKC", "PKT"};
  if (sort_key) kinds.insert(kinds.end(), {"SKC", "SKT"});
  for (const char* kind : kinds) names.push_back(std::string("DynamoDBContributorInsights-") + kind + suffix);
  return names;
}

void check_insights_target(const store::TableSchema& schema, const std::string& index) {
  if (index.empty()) return;
  const store::IndexSchema* ix = schema.find_index(index);
  if (!ix || !ix->global) throw model::resource_not_found("Requested resource not found: Index: " + index + " not found");
}

}  // namespace dynemu::api
