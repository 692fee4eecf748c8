// ReadRequest: the request members Query and Scan share, validated and compiled once per request.
//
// Contract:
//  - read_request_shape() is the JSON shape of QueryInput / ScanInput: the members both have, the
//    legacy filter member, and the operation's own members.
//  - check_read_request() checks the request against that shape, then records the model
//    constraints both operations have (Select, Limit >= 1, ConditionalOperator,
//    ReturnConsumedCapacity, AttributesToGet length) and returns the options it read.
//  - decode_start_key() decodes ExclusiveStartKey, prefixing attribute-value errors with
//    "The provided starting key is invalid: " as DynamoDB does.
//  - ReadExpressions compiles the key condition, filter and projection of the request with the
//    expression engine, in DynamoDB's order: legacy/expression mixing, ExpressionAttributeNames/
//    Values, KeyConditionExpression, FilterExpression, ProjectionExpression, then unused
//    placeholders. The legacy forms (QueryFilter/ScanFilter + ConditionalOperator, AttributesToGet)
//    become the same ASTs, so one evaluator serves both. finish() installs the filter and the
//    projection into a PageRequest; key_condition() binds the key condition to the key schema of
//    the table or index being read (legacy KeyConditions are handled by key_conditions.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/key_conditions.h"
#include "api/read_pages.h"
#include "api/request_shape.h"
#include "expr/expression.h"

namespace dynemu::api {

const Shape& read_request_shape(const char* input_name, const char* legacy_filter_member,
                                std::initializer_list<std::pair<const char*, const Shape*>> own_members);

struct ReadOptions {
  std::string select;       // "" when absent
  std::string capacity;     // ReturnConsumedCapacity, default NONE
  std::string conditional;  // ConditionalOperator, "" when absent
};
ReadOptions check_read_request(ConstraintErrors& errors, const rapidjson::Value& request, const Shape& shape);
model::Item decode_start_key(const rapidjson::Value& json);

class ReadExpressions {
 public:
  enum class Operation { Query, Scan };
  ReadExpressions(const rapidjson::Value& request, Operation operation);

  bool has_key_condition() const { return key_condition_.has_value(); }
  QueryKey key_condition(const store::KeySchema& key) const;
  bool has_projection_expression() const { return has_projection_expression_; }
  // Top-level attribute names the request asks for (for index projection checks).
  std::vector<std::string> requested_attributes() const;
  void finish(PageRequest& page) const;
  // A Query may not filter on the key it queries (the table's, or the index's): DynamoDB's
  // "Filter Expression can only contain non-primary key attributes: Primary key attribute: k"
  // (QueryFilter for the legacy form).
  void check_filter_avoids_key(const store::KeySchema& key) const;

 private:
  std::string filter_source_;
  std::optional<expr::KeyCondition> key_condition_;
  std::optional<expr::Condition> filter_;
  std::vector<expr::Path> projection_;
  bool has_projection_expression_ = false;
};

// The JSON shape of one legacy KeyConditions / QueryFilter / ScanFilter entry.
const Shape& legacy_condition_shape();

}  // namespace dynemu::api
