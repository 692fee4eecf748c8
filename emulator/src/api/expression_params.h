// ExpressionParams: the expression members of item requests, read and validated in DynamoDB's order,
// and the legacy (non-expression) parameters translated into the same ASTs.
//
// Contract, for an operation's semantic validation (after ConstraintErrors::throw_if_any()):
//   1. check_expression_usage(request, {"UpdateExpression", "ConditionExpression"},
//                             {"AttributeUpdates", "Expected", "ConditionalOperator"})
//      -> "Can not use both expression and non-expression parameters in the same request: ...",
//         "ExpressionAttributeNames can only be specified when using expressions",
//         "ExpressionAttributeValues can only be specified when using expressions: X and Y are null".
//      Names are the wire member names, in the order DynamoDB lists them in its messages.
//   2. read_expression_attributes(request) -> expr::ExpressionAttributes
//      -> "ExpressionAttributeNames must not be empty", "... contains invalid key: Syntax error; key: \"k\"",
//         "ExpressionAttributeValues contains invalid value: <reason> for key :k", ...
//   3. expr::parse_*() for each expression present, then attrs.check_all_used().
// Legacy forms become the same ASTs, so one evaluator serves both:
//   expected_condition(request)       Expected + ConditionalOperator   -> expr::Condition (kTrue if absent)
//   legacy_conditions(request, "QueryFilter" / "ScanFilter")   the same for Query's and Scan's filters
//   attribute_updates_actions(request) AttributeUpdates                -> expr::UpdateActions
//   attributes_to_get_paths(request)   AttributesToGet                 -> projection paths
// Each throws model::ApiError with DynamoDB's message for malformed legacy input.
#pragma once
#include <initializer_list>
#include <optional>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/request_shape.h"
#include "expr/expression.h"

namespace dynemu::api {

// Request shapes of the legacy members: Map<String, ExpectedAttributeValue> and
// Map<String, AttributeValueUpdate>.
const Shape& expected_shape();
const Shape& attribute_updates_shape();

// Enum constraints of the legacy members (Expected.*.ComparisonOperator, AttributeUpdates.*.Action,
// ConditionalOperator) and ReturnValuesOnConditionCheckFailure, in DynamoDB's wording.
void add_expression_constraints(ConstraintErrors& errors, const rapidjson::Value& request);

void check_expression_usage(const rapidjson::Value& request, std::initializer_list<const char*> expressions,
                            std::initializer_list<const char*> legacy);
expr::ExpressionAttributes read_expression_attributes(const rapidjson::Value& request);
// The member's string, or nullopt when absent.
std::optional<std::string> expression_member(const rapidjson::Value& request, const char* name);

expr::Condition expected_condition(const rapidjson::Value& request);
// Any legacy condition map — Expected, QueryFilter, ScanFilter — joined by ConditionalOperator.
expr::Condition legacy_conditions(const rapidjson::Value& request, const char* map_name);
expr::UpdateActions attribute_updates_actions(const rapidjson::Value& request);
std::vector<expr::Path> attributes_to_get_paths(const rapidjson::Value& request);

}  // namespace dynemu::api
