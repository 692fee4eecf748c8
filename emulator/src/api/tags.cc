// Tags: the rules of tags.h. Character classes follow DynamoDB's pattern for tags, letters and
// digits of any script (\p{L}, \p{N}), white space (\p{Z}) and + - = . _ : / @, as the service
// answers (accented, Cyrillic and CJK letters accepted; emoji, commas, % and quotes refused).
#include "api/tags.h"

#include <clocale>
#include <cwctype>
#include <locale.h>
#include <set>

#include "api/constraints.h"
#include "api/table_description.h"
#include "model/api_error.h"

namespace dynemu::api {
namespace {

// glibc's C.UTF-8 classifies every Unicode letter and digit; the "C" locale knows ASCII only.
locale_t unicode_ctype() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

bool separator(char32_t c) {  // \p{Z}: the space separators, line and paragraph separators
  return c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

bool allowed(char32_t c) {
  if (c < 0x80) {
    const char a = static_cast<char>(c);
    return (a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9') || a == ' ' || a == '+' ||
           a == '-' || a == '=' || a == '.' || a == '_' || a == ':' || a == '/' || a == '@';
  }
  if (separator(c)) return true;
  locale_t loc = unicode_ctype();
  return loc != static_cast<locale_t>(nullptr) && iswalnum_l(static_cast<wint_t>(c), loc);
}

// The number of characters of `s` when it is valid UTF-8 made of allowed characters, else -1.
long allowed_length(const std::string& s) {
  long count = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return -1;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < n; ++k) {
      const unsigned char cont = static_cast<unsigned char>(s[i + k]);
      if ((cont >> 6) != 2) return -1;
      c = (c << 6) | (cont & 0x3F);
    }
    if (!allowed(c)) return -1;
    i += n;
    ++count;
  }
  return count;
}

std::string text_of(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

}  // namespace

void validate_tag_key(const rapidjson::Value* key) {
  if (!key) throw model::validation_error("The Tag Key provided is invalid, Key: null");
  const std::string k = text_of(*key);
  const long length = allowed_length(k);
  if (length < 1 || length > 128) throw model::validation_error("The Tag Key provided is invalid, Key: " + k);
}

std::vector<Tag> validate_tags(const rapidjson::Value& tags) {
  std::vector<Tag> out;
  for (const auto& tag : tags.GetArray()) {
    if (!tag.IsObject()) throw model::validation_error("The Tag Key provided is invalid, Key: null");
    validate_tag_key(member(tag, "Key"));
    const std::string key = string_member(tag, "Key");
    if (key.rfind("aws:", 0) == 0) throw model::validation_error("Tag Key cannot be prefixed with aws:, Key: " + key);
    const rapidjson::Value* value = member(tag, "Value");
    if (!value) throw model::validation_error("The Tag Value provided is invalid, Value: null");
    const std::string v = text_of(*value);
    const long length = allowed_length(v);
    if (length < 0 || length > 256) throw model::validation_error("The Tag Value provided is invalid, Value: " + v);
    out.push_back({key, v});
  }
  std::set<std::string> seen;
  for (const auto& t : out)
    if (!seen.insert(t.key).second)
      throw model::validation_error("Duplicate Tag Keys provided as input: Duplicate Tag Key found " + t.key);
  return out;
}

void check_tag_count(size_t count) {
  if (count > kMaxTagsPerTable)
    throw model::validation_error("Number of Tags exceed the current limit for the provided ResourceArn");
}

std::vector<Tag> stored_tags(const rapidjson::Value& description) {
  std::vector<Tag> out;
  if (const rapidjson::Value* tags = member(description, "_Tags"); tags && tags->IsArray())
    for (const auto& t : tags->GetArray()) out.push_back({string_member(t, "Key"), string_member(t, "Value")});
  return out;
}

void store_tags(rapidjson::Value& description, const std::vector<Tag>& tags, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& t : tags) {
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("Key", rapidjson::Value(t.key.c_str(), static_cast<rapidjson::SizeType>(t.key.size()), a), a);
    entry.AddMember("Value", rapidjson::Value(t.value.c_str(), static_cast<rapidjson::SizeType>(t.value.size()), a), a);
    list.PushBack(entry, a);
  }
  if (description.HasMember("_Tags")) description["_Tags"] = list;
  else description.AddMember("_Tags", list, a);
}

std::vector<Tag> with_tags(std::vector<Tag> tags, const std::vector<Tag>& added) {
  for (const auto& t : added) {
    bool replaced = false;
    for (auto& existing : tags)
      if (existing.key == t.key) {
        existing.value = t.value;
        replaced = true;
      }
    if (!replaced) tags.push_back(t);
  }
  return tags;
}

std::string table_name_of_arn(const std::string& arn) {
  // arn:aws:dynamodb:<region>:<account digits>:table/<name of 3 or more characters, no '/'>
  auto invalid = [&arn]() { return model::validation_error("Invalid TableArn: Invalid ResourceArn provided as input " + arn); };
  const std::string prefix = "arn:aws:dynamodb:";
  if (arn.rfind(prefix, 0) != 0) throw invalid();
  const size_t table = arn.rfind(":table/");
  if (table == std::string::npos || table < prefix.size()) throw invalid();
  const size_t account_start = arn.rfind(':', table - 1);
  if (account_start == std::string::npos || account_start < prefix.size()) throw invalid();
  if (account_start == prefix.size()) throw invalid();  // empty region
  const std::string account = arn.substr(account_start + 1, table - account_start - 1);
  if (account.empty()) throw invalid();
  for (char c : account)
    if (c < '0' || c > '9') throw invalid();
  const std::string name = arn.substr(table + 7);
  if (name.size() < 3 || name.find('/') != std::string::npos) throw invalid();
  return name;
}

void throw_arn_not_found(const std::string& arn) {
  // "ResourcArn" is how DynamoDB spells it in this message.
  throw model::resource_not_found("Requested resource not found: ResourcArn: " + arn + " not found");
}

bool arn_in_this_account(const OperationContext& ctx, const std::string& arn) {
  return arn.rfind("arn:aws:dynamodb:" + ctx.region + ":" + ctx.account_id + ":table/", 0) == 0;
}

std::string validate_resource_arn_request(const rapidjson::Value& request, const Shape& shape,
                                          const char* list_member, const char* list_path) {
  check_shape(request, shape);
  ConstraintErrors errors;
  const rapidjson::Value* arn = member(request, "ResourceArn");
  if (!arn) errors.not_null("resourceArn");
  else errors.string_length(text_of(*arn), "resourceArn", 1, 1283);
  if (list_member && !member(request, list_member)) errors.not_null(list_path);
  errors.throw_if_any();
  const std::string resource_arn = text_of(*arn);
  table_name_of_arn(resource_arn);
  return resource_arn;
}

std::shared_ptr<const store::TableSchema> table_of_arn(OperationContext& ctx, store::Session& session,
                                                       const std::string& arn, int64_t now, bool changing) {
  const std::string name = table_name_of_arn(arn);
  if (!arn_in_this_account(ctx, arn)) throw_arn_not_found(arn);
  auto schema = find_visible_table(session, name, now);
  if (!schema) throw_arn_not_found(arn);
  const std::string status = table_status_now(*schema, now);
  if (status == "CREATING") throw_arn_not_found(arn);
  if (changing && status == "DELETING") throw_table_in_use(name, status);
  return schema;
}

void change_tags(OperationContext& ctx, const std::string& arn,
                 const std::function<std::vector<Tag>(std::vector<Tag>)>& change) {
  const int64_t now = ctx.clock.now_ms();
  auto session = ctx.store.write();
  purge_expired_tables(session, now);
  store::TableSchema schema = *table_of_arn(ctx, session, arn, now, true);
  rapidjson::Document description = parse_description(schema);
  store_tags(description, change(stored_tags(description)), description.GetAllocator());
  schema.description = serialize_description(description);
  session.replace_schema(schema);
  session.commit();
}

}  // namespace dynemu::api
