// PutResourcePolicy: attaches a resource-based policy to a table or its stream (resource_policies.h).
// Validate (JSON types → null ResourceArn and Policy, ExpectedRevisionId 1 to 255 characters → the
// ARN's form → the document at most 20 KB, whitespace counted, and a JSON object) → the resource →
// ExpectedRevisionId (the current revision, or NO_POLICY while there is none; otherwise
// PolicyNotFoundException) → save, answering the RevisionId. The same document again keeps its
// revision. ConfirmRemoveSelfResourceAccess is accepted and has no effect: dynemu enforces no policy.
//
// The 20 KB and JSON errors are ValidationExceptions in dynemu's words (the reference states the
// limit, not the message): "Resource-based policy document exceeds the maximum size of 20 KB" and
// "Resource-based policy document is not valid JSON".
#include <algorithm>

#include "api/constraints.h"
#include "api/request_shape.h"
#include "api/resource_policies.h"

namespace dynemu::api {
namespace {

constexpr size_t kMaxPolicyBytes = 20 * 1024;

const Shape& request_shape() {
  static const Shape& s = Shape::structure("PutResourcePolicyInput",
                                           {{"ResourceArn", &Shape::string()},
                                            {"Policy", &Shape::string()},
                                            {"ExpectedRevisionId", &Shape::string()},
                                            {"ConfirmRemoveSelfResourceAccess", &Shape::boolean()}});
  return s;
}

}  // namespace

void put_resource_policy(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  {
    ConstraintErrors errors;
    if (!member(request, "ResourceArn")) errors.not_null("resourceArn");
    if (!member(request, "Policy")) errors.not_null("policy");
    if (member(request, "ExpectedRevisionId"))
      errors.string_length(string_member(request, "ExpectedRevisionId"), "expectedRevisionId", 1, 255);
    errors.throw_if_any();
  }
  const std::string arn = validate_policy_resource_arn(request);
  const std::string document = string_member(request, "Policy");
  if (document.size() > kMaxPolicyBytes)
    throw model::validation_error("Resource-based policy document exceeds the maximum size of 20 KB");
  rapidjson::Document parsed;
  parsed.Parse(document.c_str(), document.size());
  if (parsed.HasParseError() || !parsed.IsObject())
    throw model::validation_error("Resource-based policy document is not valid JSON");
  const rapidjson::Value* expected_member = member(request, "ExpectedRevisionId");
  const std::string expected = string_member(request, "ExpectedRevisionId");

  std::string revision;
  change_resource_policy(ctx, arn, [&](const std::optional<ResourcePolicy>& current, int64_t now) {
    if (expected_member) {
      if (expected == "NO_POLICY" ? current.has_value() : (!current || current->revision_id != expected))
        throw_revision_mismatch(arn);
    }
    if (current && current->document == document) {
      revision = current->revision_id;
      return current;
    }
    int64_t next = now;
    if (current) next = std::max(next, static_cast<int64_t>(std::stoll(current->revision_id.empty() ? "0" : current->revision_id)) + 1);
    revision = std::to_string(next);
    return std::optional<ResourcePolicy>(ResourcePolicy{document, revision});
  });
  out.StartObject();
  out.Key("RevisionId");
  out.String(revision);
  out.EndObject();
}

}  // namespace dynemu::api
