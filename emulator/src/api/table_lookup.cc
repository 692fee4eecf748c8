#include "api/table_lookup.h"

#include "model/api_error.h"

namespace dynemu::api {

std::string effective_status(const store::TableSchema& schema, int64_t now) {
  if (!schema.transient_status.empty() && now < schema.transient_until_ms) return schema.transient_status;
  return "ACTIVE";
}

std::string ttl_status(const store::TimeToLiveSchema& ttl, int64_t now_ms) {
  const bool transient = now_ms < ttl.transient_until_ms;
  if (ttl.enabled) return transient ? "ENABLING" : "ENABLED";
  return transient && !ttl.attribute.empty() ? "DISABLING" : "DISABLED";
}

std::shared_ptr<const store::TableSchema> require_active_table(store::Session& session, const std::string& name,
                                                               int64_t now_ms) {
  auto schema = session.find_table(name);
  // A table being deleted is gone for item operations at once, whatever DescribeTable still shows.
  if (!schema || schema->transient_status == "DELETING") throw model::resource_not_found();
  auto status = effective_status(*schema, now_ms);
  if (status == "CREATING" || status == "DELETING") throw model::resource_not_found();
  return schema;
}

}  // namespace dynemu::api
