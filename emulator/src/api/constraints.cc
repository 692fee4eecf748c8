#include "api/constraints.h"

#include <cctype>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "model/api_error.h"

namespace dynemu::api {

std::string quoted(std::string_view value) { return "'" + std::string(value) + "'"; }

void ConstraintErrors::add(std::string_view shown_value, std::string_view path, std::string_view constraint) {
  std::string e = "Value ";
  e += shown_value;
  e += " at '";
  e += path;
  e += "' failed to satisfy constraint: ";
  e += constraint;
  errors_.push_back(std::move(e));
}

void ConstraintErrors::string_length(const std::string& value, std::string_view path, size_t min, size_t max) {
  if (value.size() < min)
    add(quoted(value), path, "Member must have length greater than or equal to " + std::to_string(min));
  if (value.size() > max)
    add(quoted(value), path, "Member must have length less than or equal to " + std::to_string(max));
}

void ConstraintErrors::value_range(const std::optional<int64_t>& value, std::string_view path, int64_t min,
                                   int64_t max) {
  if (value && *value < min)
    add(quoted(std::to_string(*value)), path, "Member must have value greater than or equal to " + std::to_string(min));
  if (value && *value > max)
    add(quoted(std::to_string(*value)), path, "Member must have value less than or equal to " + std::to_string(max));
}

bool ConstraintErrors::list_length(const rapidjson::Value* list, std::string_view path, size_t min, size_t max) {
  if (!list) {
    not_null(path);
    return false;
  }
  const size_t n = list->Size();
  if (n >= min && n <= max) return true;
  add(quoted(shown_json(*list)), path,
      n < min ? "Member must have length greater than or equal to " + std::to_string(min)
              : "Member must have length less than or equal to " + std::to_string(max));
  return false;
}

static bool name_chars_ok(const std::string& s) {
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

void ConstraintErrors::table_name(const rapidjson::Value* value, std::string_view path, bool required) {
  if (!value) {
    if (required) not_null(path);
    return;
  }
  std::string s(value->GetString(), value->GetStringLength());
  // Table names: 3 to 255 of [a-zA-Z0-9_.-]. (ARNs in TableName are not supported by dynemu yet.)
  if (!name_chars_ok(s)) add(quoted(s), path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  string_length(s, path, 3, 255);
}

void ConstraintErrors::index_name(const rapidjson::Value* value, std::string_view path, bool required) {
  // Index names follow the table names' rules.
  table_name(value, path, required);
}

bool ConstraintErrors::request_items(const rapidjson::Value* map, std::string_view path) {
  if (!map) {
    not_null(path);
    return false;
  }
  if (map->MemberCount() == 0) {
    add("'{}'", path, "Member must have length greater than or equal to 1");
    return false;
  }
  table_name_keys(*map, path);
  return true;
}

void ConstraintErrors::table_name_keys(const rapidjson::Value& map, std::string_view path) {
  for (auto it = map.MemberBegin(); it != map.MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    if (name.size() < 3 || name.size() > 255 || !name_chars_ok(name)) {
      add(quoted(shown_json(map)), path,
          "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have "
          "length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]");
      return;
    }
  }
}

void ConstraintErrors::map_value_lengths(const rapidjson::Value& map, std::string_view path, size_t min, size_t max) {
  for (auto it = map.MemberBegin(); it != map.MemberEnd(); ++it) {
    if (!it->value.IsArray()) continue;
    if (it->value.Size() < min || it->value.Size() > max) {
      add(quoted(shown_json(map)), path,
          "Map value must satisfy constraint: [Member must have length less than or equal to " + std::to_string(max) +
              ", Member must have length greater than or equal to " + std::to_string(min) + "]");
      return;
    }
  }
}

void ConstraintErrors::list_member_lengths(const rapidjson::Value& list, std::string_view path, size_t min,
                                           size_t max) {
  if (!list.IsArray()) return;
  for (const auto& e : list.GetArray()) {
    if (!e.IsString()) continue;
    if (e.GetStringLength() < min || e.GetStringLength() > max) {
      add(quoted(shown_json(list)), path,
          "Member must satisfy constraint: [Member must have length less than or equal to " + std::to_string(max) +
              ", Member must have length greater than or equal to " + std::to_string(min) + "]");
      return;
    }
  }
}

void ConstraintErrors::enum_value(const std::string& value, std::string_view path,
                                  std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (value == a) return;
  std::string set = "[";
  bool first = true;
  for (const char* a : allowed) {
    if (!first) set += ", ";
    set += a;
    first = false;
  }
  set += "]";
  add(quoted(value), path, "Member must satisfy enum value set: " + set);
}

void ConstraintErrors::throw_if_any() const {
  if (errors_.empty()) return;
  std::string msg = std::to_string(errors_.size()) + (errors_.size() == 1 ? " validation error" : " validation errors") +
                    " detected: ";
  for (size_t i = 0; i < errors_.size(); ++i) {
    if (i) msg += "; ";
    msg += errors_[i];
  }
  throw model::validation_error(msg);
}

std::string shown_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::string string_member(const rapidjson::Value& object, const char* name, const std::string& fallback) {
  const rapidjson::Value* v = member(object, name);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : fallback;
}

}  // namespace dynemu::api
