#include "api/request_shape.h"

#include <deque>
#include <mutex>

#include "model/api_error.h"

namespace dynemu::api {
namespace {

constexpr const char* kModelPackage = "com.amazonaws.dynamodb.v20120810.";
// Deeper than DynamoDB's 32-level document limit: past it, the attribute decoder reports the
// nesting error, and this walk must not recurse without bound on hostile input.
constexpr int kMaxCheckedDepth = 40;

// Shapes are created once per process and never freed; a deque keeps their addresses stable.
Shape& new_shape() {
  static std::mutex mutex;
  static std::deque<Shape> shapes;
  std::lock_guard<std::mutex> lock(mutex);
  return shapes.emplace_back();
}

const char* java_type(Shape::Kind k) {
  switch (k) {
    case Shape::Kind::String: return "String";
    case Shape::Kind::Boolean: return "Boolean";
    case Shape::Kind::Integer: return "Integer";
    case Shape::Kind::Long: return "Long";
    default: return "Object";
  }
}

// The token name Jackson reports for a JSON scalar.
const char* token_name(const rapidjson::Value& v) {
  if (v.IsTrue()) return "TRUE_VALUE";
  if (v.IsFalse()) return "FALSE_VALUE";
  if (v.IsString()) return "STRING_VALUE";
  if (v.IsNumber()) return v.IsDouble() ? "DECIMAL_VALUE" : "NUMBER_VALUE";
  return "VALUE";
}

[[noreturn]] void fail(const std::string& message) { throw model::serialization_error(message); }

bool valid_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

void check_base64(const rapidjson::Value& v) {
  std::string_view s(v.GetString(), v.GetStringLength());
  if (s.size() % 4 != 0)
    fail("Base64 encoded length is expected a multiple of 4 bytes but found: " + std::to_string(s.size()));
  size_t end = s.size();
  int pad = 0;
  while (end > 0 && s[end - 1] == '=' && pad < 2) --end, ++pad;
  for (size_t i = 0; i < end; ++i)
    if (!valid_base64_char(s[i])) fail("Invalid Base64 character dectected");
  if (pad > 0 && end > 0) {
    // The last data character may only carry bits that fit: its unused low bits must be zero.
    char last = s[end - 1];
    int value = last >= 'A' && last <= 'Z' ? last - 'A'
              : last >= 'a' && last <= 'z' ? last - 'a' + 26
              : last >= '0' && last <= '9' ? last - '0' + 52
              : last == '+' ? 62 : 63;
    int unused_bits_mask = pad == 1 ? 0x3 : 0xF;
    if (value & unused_bits_mask) fail("Invalid last non-pad Base64 character dectected");
  } else if (pad > 0) {
    fail("Invalid last non-pad Base64 character dectected");
  }
}

void check(const rapidjson::Value& v, const Shape& shape, bool as_field, int depth) {
  if (v.IsNull() || depth > kMaxCheckedDepth) return;
  using K = Shape::Kind;
  switch (shape.kind) {
    case K::Any:
      return;
    case K::String:
    case K::Boolean:
    case K::Integer:
    case K::Long: {
      const char* type = java_type(shape.kind);
      if (v.IsObject()) fail("Start of structure or map found where not expected");
      if (v.IsArray()) fail(std::string("Unrecognized collection type class java.lang.") + type);
      bool ok = shape.kind == K::String    ? v.IsString()
                : shape.kind == K::Boolean ? v.IsBool()
                                           : v.IsNumber() && !v.IsDouble();
      if (ok) return;
      if (shape.kind == K::Boolean && v.IsString()) fail("Unexpected token received from parser");
      fail(std::string(token_name(v)) + " cannot be converted to " + type);
    }
    case K::Blob:
      if (v.IsObject()) fail("Start of structure or map found where not expected");
      if (v.IsArray()) fail("Unrecognized collection type class java.nio.ByteBuffer");
      if (!v.IsString()) fail("only base-64-encoded strings are convertible to bytes");
      check_base64(v);
      return;
    case K::List:
      if (v.IsObject()) fail("Start of structure or map found where not expected");
      if (!v.IsArray()) fail("Unexpected field type");
      for (const auto& e : v.GetArray()) check(e, *shape.element, false, depth + 1);
      return;
    case K::Map:
      if (v.IsArray())
        fail("Unrecognized collection type java.util.Map<java.lang.String, " + std::string(kModelPackage) +
             shape.element->struct_name + ">");
      if (!v.IsObject()) fail("Unexpected field type");
      for (const auto& m : v.GetObject()) check(m.value, *shape.element, false, depth + 1);
      return;
    case K::Struct:
      if (v.IsArray()) fail("Unrecognized collection type class " + std::string(kModelPackage) + shape.struct_name);
      if (!v.IsObject()) fail(as_field ? "Unexpected field type" : "Unexpected value type in payload");
      for (const auto& [name, field] : shape.fields) {
        auto it = v.FindMember(name.c_str());
        if (it != v.MemberEnd()) check(it->value, *field, true, depth + 1);
      }
      return;
  }
}

Shape& scalar(Shape::Kind k) {
  Shape& s = new_shape();
  s.kind = k;
  return s;
}

}  // namespace

const Shape& Shape::string() { static const Shape& s = scalar(Kind::String); return s; }
const Shape& Shape::boolean() { static const Shape& s = scalar(Kind::Boolean); return s; }
const Shape& Shape::integer() { static const Shape& s = scalar(Kind::Integer); return s; }
const Shape& Shape::long_integer() { static const Shape& s = scalar(Kind::Long); return s; }
const Shape& Shape::blob() { static const Shape& s = scalar(Kind::Blob); return s; }

const Shape& Shape::list_of(const Shape& element) {
  Shape& s = new_shape();
  s.kind = Kind::List;
  s.element = &element;
  return s;
}

const Shape& Shape::map_of(const Shape& value) {
  Shape& s = new_shape();
  s.kind = Kind::Map;
  s.element = &value;
  return s;
}

const Shape& Shape::structure(std::string name, std::initializer_list<std::pair<const char*, const Shape*>> fields) {
  return structure(std::move(name), std::vector<std::pair<const char*, const Shape*>>(fields));
}

const Shape& Shape::structure(std::string name, const std::vector<std::pair<const char*, const Shape*>>& fields) {
  Shape& s = new_shape();
  s.kind = Kind::Struct;
  s.struct_name = std::move(name);
  for (const auto& [n, f] : fields) s.fields.emplace_back(n, f);
  return s;
}

const Shape& Shape::attribute_value() {
  // Recursive: M and L contain AttributeValues, so the struct is created first and filled after.
  static const Shape& av = [] () -> const Shape& {
    Shape& s = new_shape();
    s.kind = Kind::Struct;
    s.struct_name = "AttributeValue";
    const Shape& strings = list_of(string());
    s.fields = {{"S", &string()},   {"N", &string()},        {"B", &blob()},
                {"BOOL", &boolean()}, {"NULL", &boolean()},  {"SS", &strings},
                {"NS", &strings},     {"BS", &list_of(blob())}, {"M", &map_of(s)},
                {"L", &list_of(s)}};
    return s;
  }();
  return av;
}

const Shape& Shape::item() {
  static const Shape& s = map_of(attribute_value());
  return s;
}

void check_shape(const rapidjson::Value& request, const Shape& shape) { check(request, shape, true, 0); }

const Shape& batch_write_request_shape() {
  static const Shape& put = Shape::structure("PutRequest", {{"Item", &Shape::item()}});
  static const Shape& del = Shape::structure("DeleteRequest", {{"Key", &Shape::item()}});
  static const Shape& s = Shape::structure("WriteRequest", {{"PutRequest", &put}, {"DeleteRequest", &del}});
  return s;
}

}  // namespace dynemu::api
