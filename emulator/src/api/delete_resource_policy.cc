// DeleteResourcePolicy: removes the resource-based policy of a table or its stream
// (resource_policies.h). Validate (JSON types → null ResourceArn, ExpectedRevisionId 1 to 255
// characters → the ARN's form) → the resource (ResourceNotFoundException) → the policy
// (PolicyNotFoundException when there is none, or when ExpectedRevisionId is not its revision) →
// delete, answering the deleted policy's RevisionId.
#include "api/constraints.h"
#include "api/request_shape.h"
#include "api/resource_policies.h"

namespace dynemu::api {

void delete_resource_policy(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  static const Shape& shape = Shape::structure(
      "DeleteResourcePolicyInput", {{"ResourceArn", &Shape::string()}, {"ExpectedRevisionId", &Shape::string()}});
  check_shape(request, shape);
  {
    ConstraintErrors errors;
    if (!member(request, "ResourceArn")) errors.not_null("resourceArn");
    if (member(request, "ExpectedRevisionId"))
      errors.string_length(string_member(request, "ExpectedRevisionId"), "expectedRevisionId", 1, 255);
    errors.throw_if_any();
  }
  const std::string arn = validate_policy_resource_arn(request);
  const rapidjson::Value* expected_member = member(request, "ExpectedRevisionId");
  const std::string expected = string_member(request, "ExpectedRevisionId");
  std::string revision;
  change_resource_policy(ctx, arn, [&](const std::optional<ResourcePolicy>& current, int64_t) {
    if (!current) throw_policy_not_found(arn);
    if (expected_member && current->revision_id != expected) throw_revision_mismatch(arn);
    revision = current->revision_id;
    return std::optional<ResourcePolicy>();
  });
  out.StartObject();
  out.Key("RevisionId");
  out.String(revision);
  out.EndObject();
}

}  // namespace dynemu::api
