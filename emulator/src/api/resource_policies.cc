#include "api/resource_policies.h"

#include "api/constraints.h"
#include "api/table_description.h"
#include "api/table_features.h"
#include "api/tags.h"

namespace dynemu::api {
namespace {

struct PolicyTarget {
  std::string table_arn;     // arn:...:table/<name>
  std::string stream_label;  // "" for the table itself
};

PolicyTarget parse_policy_arn(const std::string& arn) {
  PolicyTarget t;
  t.table_arn = arn;
  const size_t table = arn.find(":table/");
  if (table != std::string::npos) {
    const size_t stream = arn.find("/stream/", table + 7);
    if (stream != std::string::npos) {
      t.table_arn = arn.substr(0, stream);
      t.stream_label = arn.substr(stream + 8);
      if (t.stream_label.empty() || t.stream_label.find('/') != std::string::npos)
        throw model::validation_error("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
    }
  }
  try {
    table_name_of_arn(t.table_arn);
  } catch (const model::ApiError&) {
    throw model::validation_error("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
  }
  return t;
}

// The member of `description` holding the target's policy object (created on demand when `alloc`).
rapidjson::Value* policy_slot(rapidjson::Value& description, const PolicyTarget& t,
                              rapidjson::Document::AllocatorType* alloc) {
  if (t.stream_label.empty()) {
    if (!description.HasMember("_ResourcePolicy")) {
      if (!alloc) return nullptr;
      description.AddMember("_ResourcePolicy", rapidjson::Value(rapidjson::kNullType), *alloc);
    }
    return &description["_ResourcePolicy"];
  }
  if (!description.HasMember("_StreamResourcePolicies")) {
    if (!alloc) return nullptr;
    description.AddMember("_StreamResourcePolicies", rapidjson::Value(rapidjson::kObjectType), *alloc);
  }
  rapidjson::Value& all = description["_StreamResourcePolicies"];
  if (!all.HasMember(t.stream_label.c_str())) {
    if (!alloc) return nullptr;
    all.AddMember(string_value(t.stream_label, *alloc), rapidjson::Value(rapidjson::kNullType), *alloc);
  }
  return &all[t.stream_label.c_str()];
}

std::optional<ResourcePolicy> policy_in(rapidjson::Value& description, const PolicyTarget& t) {
  const rapidjson::Value* slot = policy_slot(description, t, nullptr);
  if (!slot || !slot->IsObject()) return std::nullopt;
  return ResourcePolicy{string_member(*slot, "Policy"), string_member(*slot, "RevisionId")};
}

// The table the ARN names (tags.h's not-found rules), checking a stream ARN's label.
std::shared_ptr<const store::TableSchema> policy_table(OperationContext& ctx, store::Session& session,
                                                       const std::string& arn, const PolicyTarget& t, int64_t now) {
  if (!arn_in_this_account(ctx, t.table_arn)) throw_arn_not_found(arn);
  auto schema = find_visible_table(session, table_name_of_arn(t.table_arn), now);
  if (!schema || table_status_now(*schema, now) == "CREATING") throw_arn_not_found(arn);
  if (!t.stream_label.empty() && string_member(parse_description(*schema), "LatestStreamArn") != arn)
    throw_arn_not_found(arn);
  return schema;
}

}  // namespace

std::string validate_policy_resource_arn(const rapidjson::Value& request) {
  ConstraintErrors errors;
  const rapidjson::Value* arn = member(request, "ResourceArn");
  if (!arn) errors.not_null("resourceArn");
  else errors.string_length(string_member(request, "ResourceArn"), "resourceArn", 1, 1283);
  errors.throw_if_any();
  const std::string resource_arn = string_member(request, "ResourceArn");
  parse_policy_arn(resource_arn);
  return resource_arn;
}

std::optional<ResourcePolicy> read_resource_policy(OperationContext& ctx, const std::string& arn) {
  const PolicyTarget t = parse_policy_arn(arn);
  const int64_t now = ctx.clock.now_ms();
  auto session = ctx.store.read();
  rapidjson::Document description = parse_description(*policy_table(ctx, session, arn, t, now));
  return policy_in(description, t);
}

void change_resource_policy(
    OperationContext& ctx, const std::string& arn,
    const std::function<std::optional<ResourcePolicy>(const std::optional<ResourcePolicy>&, int64_t now)>& change) {
  const PolicyTarget t = parse_policy_arn(arn);
  const int64_t now = ctx.clock.now_ms();
  auto session = ctx.store.write();
  purge_expired_tables(session, now);
  store::TableSchema schema = *policy_table(ctx, session, arn, t, now);
  rapidjson::Document description = parse_description(schema);
  auto& alloc = description.GetAllocator();
  const std::optional<ResourcePolicy> updated = change(policy_in(description, t), now);
  rapidjson::Value* slot = policy_slot(description, t, &alloc);
  if (updated) {
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("Policy", string_value(updated->document, alloc), alloc);
    entry.AddMember("RevisionId", string_value(updated->revision_id, alloc), alloc);
    *slot = entry;
  } else {
    slot->SetNull();
  }
  save_description(session, schema, description);
  session.commit();
}

void throw_policy_not_found(const std::string& arn) {
  throw model::dynamodb_error("PolicyNotFoundException",
                              "Resource-based policy not found for the provided ResourceArn: " + arn);
}

void throw_revision_mismatch(const std::string& arn) {
  throw model::dynamodb_error("PolicyNotFoundException",
                              "The revision ID provided does not match the current revision ID of the resource-based "
                              "policy of ResourceArn: " + arn);
}

}  // namespace dynemu::api
