// ResourcePolicies: resource-based policies of tables and their streams, shared by
// PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy. dynemu keeps the document and its
// revision and gives them back; it does not evaluate the policy (no request is ever denied by it).
//
// Contract:
//  - A table's policy lives in its stored description as "_ResourcePolicy": {"Policy", "RevisionId"};
//    its stream's as "_StreamResourcePolicies": {"<stream label>": {"Policy", "RevisionId"}}.
//    DeleteTable drops them with the table.
//  - RevisionId: the server clock in epoch milliseconds when the document last changed (a later
//    one for each change, so revisions only grow); putting the same document again keeps it, as
//    DynamoDB's PutResourcePolicy is idempotent.
//  - policy_target() reads ResourceArn: arn:aws:dynamodb:<region>:<account>:table/<name>, optionally
//    followed by /stream/<label> (anything else: tags.h's "Invalid TableArn: Invalid ResourceArn
//    provided as input <arn>"), and finds the table (and, for a stream, that the label is the
//    table's latest stream), else ResourceNotFoundException as for tags (tags.h throw_arn_not_found).
//  - Missing policies and revision mismatches are PolicyNotFoundException, with dynemu's wording
//    (the reference gives the type, not the message):
//    "Resource-based policy not found for the provided ResourceArn: <arn>" and
//    "The revision ID provided does not match the current revision ID of the resource-based policy
//    of ResourceArn: <arn>" (ExpectedRevisionId NO_POLICY while a policy exists included).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <rapidjson/document.h>

#include "api/operation.h"

namespace dynemu::api {

struct ResourcePolicy {
  std::string document;
  std::string revision_id;
};

// The ARN of a request's ResourceArn, its constraints checked (required, 1 to 1283 characters).
std::string validate_policy_resource_arn(const rapidjson::Value& request);
// The resource's current policy (nullopt: none), read in one read session.
std::optional<ResourcePolicy> read_resource_policy(OperationContext& ctx, const std::string& arn);
// Runs `change` with the current policy in one write session and stores what it returns (nullopt:
// delete the policy).
void change_resource_policy(
    OperationContext& ctx, const std::string& arn,
    const std::function<std::optional<ResourcePolicy>(const std::optional<ResourcePolicy>&, int64_t now)>& change);

[[noreturn]] void throw_policy_not_found(const std::string& arn);
[[noreturn]] void throw_revision_mismatch(const std::string& arn);

}  // namespace dynemu::api
