// GetResourcePolicy: the resource-based policy of a table or its stream and its RevisionId
// (resource_policies.h). Validate (JSON types → null ResourceArn → the ARN's form) → the resource
// (ResourceNotFoundException) → the policy (PolicyNotFoundException when there is none).
#include "api/constraints.h"
#include "api/request_shape.h"
#include "api/resource_policies.h"

namespace dynemu::api {

void get_resource_policy(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  static const Shape& shape = Shape::structure("GetResourcePolicyInput", {{"ResourceArn", &Shape::string()}});
  check_shape(request, shape);
  const std::string arn = validate_policy_resource_arn(request);
  const std::optional<ResourcePolicy> policy = read_resource_policy(ctx, arn);
  if (!policy) throw_policy_not_found(arn);
  out.StartObject();
  out.Key("Policy");
  out.String(policy->document);
  out.Key("RevisionId");
  out.String(policy->revision_id);
  out.EndObject();
}

}  // namespace dynemu::api
