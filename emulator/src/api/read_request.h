// ReadRequest: the request members Query and Scan share, validated and compiled once per request.
//
// Contract:
//  - check_read_constraints() records the model constraints both operations have (Select,
//    Limit >= 1, ConditionalOperator, ReturnConsumedCapacity, AttributesToGet length).
//  - decode_start_key() decodes ExclusiveStartKey, prefixing attribute-value errors with
//    "The provided starting key is invalid: " as DynamoDB does.
//  - ReadExpressions compiles the key condition, filter and projection of the request — legacy
//    (KeyConditions is handled by key_conditions.h; QueryFilter/ScanFilter, AttributesToGet) or
//    expression form — and finish() installs the filter and projection into a PageRequest.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/attribute_selection.h"
#include "api/constraints.h"
#include "api/key_conditions.h"
#include "api/read_pages.h"

namespace dynemu::api {

void check_read_constraints(ConstraintErrors& errors, const rapidjson::Value& request, const std::string& select,
                            const std::string& capacity, const std::string& conditional);
model::Item decode_start_key(const rapidjson::Value& json);

class ReadExpressions {
 public:
  enum class Operation { Query, Scan };
  ReadExpressions(const rapidjson::Value& request, Operation operation);

  bool has_key_condition() const { return key_condition_text_ != nullptr; }
  // The KeyConditionExpression bound to the key schema of the table or index being queried.
  QueryKey key_condition(const store::KeySchema& key);
  bool has_projection_expression() const { return has_projection_expression_; }
  // Top-level attribute names the request asks for (for index projection checks).
  std::vector<std::string> requested_attributes() const { return selection_.names(); }
  void finish(PageRequest& page);

 private:
  const rapidjson::Value* key_condition_text_ = nullptr;
  bool has_projection_expression_ = false;
  AttributeSelection selection_;
};

}  // namespace dynemu::api
