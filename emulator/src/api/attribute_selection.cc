#include "api/attribute_selection.h"

#include <set>

#include "api/constraints.h"
#include "model/api_error.h"
#include "model/json_codec.h"

namespace dynemu::api {

AttributeSelection AttributeSelection::from_attributes_to_get(const rapidjson::Value* list) {
  AttributeSelection s;
  if (!list) return s;
  s.all_ = false;
  std::set<std::string> seen;
  for (const auto& v : list->GetArray()) {
    std::string name(v.GetString(), v.GetStringLength());
    if (!seen.insert(name).second)
      throw model::validation_error("One or more parameter values were invalid: Duplicate value in attribute name: " +
                                    name);
    s.names_.push_back(std::move(name));
  }
  return s;
}

model::Item AttributeSelection::apply(const model::Item& item) const {
  if (all_) return item;
  model::Item out;
  for (const auto& name : names_) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(it->first, it->second);
  }
  return out;
}

std::string AttributeSelection::apply_json(const std::string& stored_json) const {
  if (all_) return stored_json;
  return model::item_to_json(apply(model::item_from_json(stored_json)));
}

namespace {

std::string braces(const std::vector<std::string>& names) {
  std::string s = "{";
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s + "}";
}

}  // namespace

void check_expression_mix(const rapidjson::Value& request, std::initializer_list<const char*> legacy,
                          std::initializer_list<const char*> expressions) {
  std::vector<std::string> legacy_present, expression_present;
  for (const char* name : legacy)
    if (member(request, name)) legacy_present.push_back(name);
  for (const char* name : expressions)
    if (member(request, name)) expression_present.push_back(name);
  if (!legacy_present.empty() && !expression_present.empty())
    throw model::validation_error(
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: " +
        braces(legacy_present) + " Expression parameters: " + braces(expression_present));
  if (expression_present.empty()) {
    if (member(request, "ExpressionAttributeNames"))
      throw model::validation_error("ExpressionAttributeNames can only be specified when using expressions");
    if (member(request, "ExpressionAttributeValues"))
      throw model::validation_error("ExpressionAttributeValues can only be specified when using expressions");
  }
}

}  // namespace dynemu::api
