// ExpressionAttributes: a request's #names and :values with use tracking (see expression.h).
#include "expr/expression.h"
#include "model/api_error.h"

namespace dynemu::expr {

ExpressionAttributes::ExpressionAttributes(std::vector<std::pair<std::string, std::string>> names,
                                           std::vector<std::pair<std::string, model::AttributeValue>> values) {
  for (auto& [k, v] : names) names_.push_back(NameEntry{std::move(k), std::move(v), false});
  for (auto& [k, v] : values) values_.push_back(ValueEntry{std::move(k), std::move(v), false});
}

const std::string* ExpressionAttributes::name(std::string_view placeholder) {
  for (auto& e : names_) {
    if (e.key == placeholder) {
      e.used = true;
      return &e.name;
    }
  }
  return nullptr;
}

const model::AttributeValue* ExpressionAttributes::value(std::string_view placeholder) {
  for (auto& e : values_) {
    if (e.key == placeholder) {
      e.used = true;
      return &e.value;
    }
  }
  return nullptr;
}

void ExpressionAttributes::check_all_used() const {
  auto unused = [](const auto& entries) {
    std::string keys;
    for (const auto& e : entries) {
      if (e.used) continue;
      if (!keys.empty()) keys += ", ";
      keys += e.key;
    }
    return keys;
  };
  std::string names = unused(names_);
  if (!names.empty())
    throw model::validation_error("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + names + "}");
  std::string values = unused(values_);
  if (!values.empty())
    throw model::validation_error("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + values +
                                  "}");
}

}  // namespace dynemu::expr
