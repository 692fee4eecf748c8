// AttributeSelection: which attributes a read returns (GetItem-style reads, batches, Query, Scan).
//
// Contract: built from a request's legacy `AttributesToGet` (validated: DynamoDB's duplicate-name
// message) — or, once the expression engine provides it, a ProjectionExpression. `all()` means the
// whole item; apply() keeps only the selected top-level attributes (absent ones are skipped).
// check_expression_mix() raises DynamoDB's error for mixing legacy and expression parameters.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "model/attribute_value.h"

namespace dynemu::api {

class AttributeSelection {
 public:
  // From an `AttributesToGet` list (nullptr: everything). Throws on duplicate names.
  static AttributeSelection from_attributes_to_get(const rapidjson::Value* list);

  bool all() const { return all_; }
  const std::vector<std::string>& names() const { return names_; }
  model::Item apply(const model::Item& item) const;
  // The selected attributes of stored canonical JSON, as canonical JSON (the text itself when all()).
  std::string apply_json(const std::string& stored_json) const;

 private:
  bool all_ = true;
  std::vector<std::string> names_;
};

// "Can not use both expression and non-expression parameters in the same request: ..." when the
// request has members of both lists; "ExpressionAttributeNames can only be specified when using
// expressions" (and the same for values) when it has placeholders but no expression.
void check_expression_mix(const rapidjson::Value& request, std::initializer_list<const char*> legacy,
                          std::initializer_list<const char*> expressions);

}  // namespace dynemu::api
