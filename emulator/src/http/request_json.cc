#include "http/request_json.h"

#include <cstring>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/api_error.h"

namespace dynemu::http {
namespace {

std::string_view name_of(const rapidjson::Value::Member& m) {
  return std::string_view(m.name.GetString(), m.name.GetStringLength());
}

// Whether some member name occurs twice. Small objects (nearly all of them) compare pairwise.
bool has_repeated_member(const rapidjson::Value& object) {
  const rapidjson::SizeType n = object.MemberCount();
  if (n < 2) return false;
  auto begin = object.MemberBegin();
  if (n <= 16) {
    for (rapidjson::SizeType i = 1; i < n; ++i)
      for (rapidjson::SizeType j = 0; j < i; ++j)
        if (name_of(begin[i]) == name_of(begin[j])) return true;
    return false;
  }
  std::unordered_set<std::string_view> seen;
  seen.reserve(n);
  for (auto it = begin; it != object.MemberEnd(); ++it)
    if (!seen.insert(name_of(*it)).second) return true;
  return false;
}

// Erases every occurrence of a repeated member but its last.
void keep_last_occurrences(rapidjson::Value& object) {
  std::unordered_set<std::string_view> later;
  std::vector<rapidjson::SizeType> earlier;  // indexes to erase, highest first
  for (rapidjson::SizeType i = object.MemberCount(); i-- > 0;)
    if (!later.insert(name_of(object.MemberBegin()[i])).second) earlier.push_back(i);
  // Erasing from the highest index down keeps the remaining indexes valid.
  for (rapidjson::SizeType i : earlier) object.EraseMember(object.MemberBegin() + i);
}

void resolve_repeated_members(rapidjson::Value& root) {
  std::vector<rapidjson::Value*> pending{&root};  // an explicit stack: depth is the client's choice
  while (!pending.empty()) {
    rapidjson::Value* v = pending.back();
    pending.pop_back();
    if (v->IsObject()) {
      if (has_repeated_member(*v)) keep_last_occurrences(*v);
      for (auto& m : v->GetObject())
        if (m.value.IsObject() || m.value.IsArray()) pending.push_back(&m.value);
    } else if (v->IsArray()) {
      for (auto& e : v->GetArray())
        if (e.IsObject() || e.IsArray()) pending.push_back(&e);
    }
  }
}

}  // namespace

void parse_request_json(rapidjson::Document& doc, const std::string& body) {
  // RapidJSON reads a NUL byte as the end of the text, so "{}\0junk" would pass as "{}". A raw NUL
  // is never valid JSON (inside a string it must be escaped), so any NUL byte refuses the body.
  if (std::memchr(body.data(), '\0', body.size()) != nullptr) throw model::serialization_error("");
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  if (doc.HasParseError()) throw model::serialization_error("");
  resolve_repeated_members(doc);
}

}  // namespace dynemu::http
