// Constraints: DynamoDB's model-level validation ("N validation errors detected: ...").
//
// Contract: operations record every violated constraint of the request in one ConstraintErrors,
// in DynamoDB's order, then call throw_if_any(), which raises a single ValidationException joining
// them as DynamoDB does. Semantic checks ("One or more parameter values were invalid: ...") come
// after and throw directly.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace dynemu::api {

class ConstraintErrors {
 public:
  // Adds "Value <shown> at '<path>' failed to satisfy constraint: <constraint>".
  void add(std::string_view shown_value, std::string_view path, std::string_view constraint);
  void not_null(std::string_view path) { add("null", path, "Member must not be null"); }
  // For a string member: length bounds and, when `pattern` is non-empty, a regex described by it.
  void string_length(const std::string& value, std::string_view path, size_t min, size_t max);
  // For a required list member (TransactItems, Keys): present, and its length within [min, max],
  // the list shown as quoted compact JSON. Returns whether both held.
  bool list_length(const rapidjson::Value* list, std::string_view path, size_t min, size_t max);
  void table_name(const rapidjson::Value* value, std::string_view path, bool required = true);
  void index_name(const rapidjson::Value* value, std::string_view path, bool required = true);
  // For a map keyed by table names (RequestItems): one "Map keys must satisfy constraint: [...]"
  // error when any key is not a valid table name.
  void table_name_keys(const rapidjson::Value& map, std::string_view path);
  // For the required RequestItems map of the batch operations: present, not empty, and keyed by
  // valid table names. Returns whether it is present and not empty (so its entries can be checked).
  bool request_items(const rapidjson::Value* map, std::string_view path);
  // For a map of lists (BatchWriteItem's RequestItems): one "Map value must satisfy constraint"
  // error when any list's length is outside [min, max].
  void map_value_lengths(const rapidjson::Value& map, std::string_view path, size_t min, size_t max);
  // For a list of strings (NonKeyAttributes): one "Member must satisfy constraint" error when any
  // member's length is outside [min, max] (coral's wording for a list member, as for map keys).
  void list_member_lengths(const rapidjson::Value& list, std::string_view path, size_t min, size_t max);
  // For an integer member (Limit): within [min, max] when present.
  void value_range(const std::optional<int64_t>& value, std::string_view path, int64_t min, int64_t max);
  void enum_value(const std::string& value, std::string_view path, std::initializer_list<const char*> allowed);

  bool empty() const { return errors_.empty(); }
  void throw_if_any() const;  // throws model::ApiError ValidationException

 private:
  std::vector<std::string> errors_;
};

// DynamoDB quotes string values in constraint messages: 'value'.
std::string quoted(std::string_view value);

// A request value as constraint messages show it (compact JSON).
std::string shown_json(const rapidjson::Value& value);

// Member lookup that treats JSON null as absent (as DynamoDB does).
const rapidjson::Value* member(const rapidjson::Value& object, const char* name);
std::string string_member(const rapidjson::Value& object, const char* name, const std::string& fallback = "");

}  // namespace dynemu::api
