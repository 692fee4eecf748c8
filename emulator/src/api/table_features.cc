#include "api/table_features.h"

#include "api/constraints.h"
#include "api/table_description.h"
#include "api/tags.h"

namespace dynemu::api {

std::string table_name_of_request(const OperationContext& ctx, const std::string& name_or_arn) {
  if (name_or_arn.rfind("arn:", 0) != 0) return name_or_arn;
  // A malformed ARN and a foreign one are both a table this endpoint does not have.
  const std::string prefix = "arn:aws:dynamodb:" + ctx.region + ":" + ctx.account_id + ":table/";
  if (name_or_arn.rfind(prefix, 0) != 0 || name_or_arn.size() == prefix.size() ||
      name_or_arn.find('/', prefix.size()) != std::string::npos)
    throw_table_not_found(name_or_arn);
  return name_or_arn.substr(prefix.size());
}

std::shared_ptr<const store::TableSchema> named_table(OperationContext& ctx, store::Session& session,
                                                      const std::string& name_or_arn, int64_t now) {
  const std::string name = table_name_of_request(ctx, name_or_arn);
  auto schema = find_visible_table(session, name, now);
  if (!schema || table_status_now(*schema, now) == "CREATING") throw_table_not_found(name);
  return schema;
}

int64_t transition_end(const OperationContext& ctx, int64_t now) {
  return ctx.settings.delay_transient_statuses ? now + ctx.settings.transient_delay_ms : 0;
}

void save_description(store::Session& session, store::TableSchema schema, const rapidjson::Value& description) {
  schema.description = serialize_description(description);
  session.replace_schema(schema);
}

const rapidjson::Value* feature_state(const rapidjson::Value& description, const char* name) {
  const rapidjson::Value* v = member(description, name);
  return v && v->IsObject() ? v : nullptr;
}

int64_t int64_member(const rapidjson::Value& object, const char* name, int64_t fallback) {
  const rapidjson::Value* v = member(object, name);
  return v && v->IsInt64() ? v->GetInt64() : fallback;
}

}  // namespace dynemu::api
