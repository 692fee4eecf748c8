// JsonCodec: DynamoDB JSON <-> AttributeValue / Item (see json_codec.h).
//
// Decoding mirrors DynamoDB's two stages. First the coral service layer deserializes the request:
// a JSON value of the wrong shape anywhere is a SerializationException, reported before any
// validation. Then validation runs in document order and the first problem is a ValidationException.
// So the decoder throws SerializationException at once, but only records the first validation
// problem and throws it after the whole value has been walked.
//
// Message sources (dynalite's validations and tests, which were recorded against DynamoDB, unless
// noted):
//  - shape errors: "Start of structure or map found where not expected.", "Start of list found where
//    not expected", "Expected null" (an AttributeValue that is not an object), "Expected list or
//    null", "Expected map or null", "class java.lang.Boolean can not be converted to an String",
//    "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"
//    (and "... to a Blob", "... to an Boolean"), "'X' can not be converted to an Boolean" (the text
//    upper-cased; TRUE/FALSE/1/0/YES/NO are accepted as booleans).
//  - base64 (Blob): "'v' can not be converted to a Blob: Base64 encoded length is expected a multiple
//    of 4 bytes but found: n", "... Invalid Base64 character: 'c'", "... Invalid last non-pad Base64
//    character dectected" (sic). DynamoDB therefore requires padding; we do too.
//  - JSON null is an absent member (coral drops nulls), so {"S": null} is an empty AttributeValue.
//    Unknown members are ignored likewise ({"a": ""} -> "Supplied AttributeValue is empty, ...").
//  - Nesting: "Nesting Levels have exceeded supported limits: Attributes in the item have nested
//    levels beyond supported limit" when a value sits deeper than level 32 (a top-level attribute
//    value is level 1; AWS accepts 31 map wraps around a scalar and rejects 32, nubo-db/dynoxide#110).
//  - Empty strings and binaries are accepted, also as set members (AWS accepts {"SS": [""]},
//    ministackorg/ministack#1039); key attributes are checked by the API layer.
#include "model/json_codec.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <unordered_set>

#include "model/api_error.h"

namespace dynemu::model {

namespace {

constexpr int kMaxDepth = 32;

const char kEmptyValue[] =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
const char kMultipleTypes[] =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
    "datatypes";
const char kInvalidPrefix[] = "One or more parameter values were invalid: ";
const char kNesting[] =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
    "supported limit";
// As DynamoDB words it (measured against the service: ExtendDB/extenddb#365), with its coral prefix.
const char kAttributeNameTooLarge[] =
    "1 validation error detected: Attribute name is too large, must be less than 65536 bytes";
const char kStartOfMap[] = "Start of structure or map found where not expected.";
const char kStartOfList[] = "Start of list found where not expected";
const char kBigNumberClass[] = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
const char kBooleanClass[] = "class java.lang.Boolean";

// ---------------------------------------------------------------------------------------------
// base64

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Strict standard base64 with padding. On failure returns false and, if `why` is given, DynamoDB's
// reason (the part after "can not be converted to a Blob: ").
bool base64_decode_strict(std::string_view text, std::string* bytes, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  if (text.size() % 4 != 0) {
    return fail("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                std::to_string(text.size()));
  }
  // A character outside the alphabet, or '=' followed by anything but '='.
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool bad = c == '=' ? (i + 1 < text.size() && text[i + 1] != '=') : b64_value(c) < 0;
    if (bad) return fail(std::string("Invalid Base64 character: '") + static_cast<char>(c) + "'");
  }
  size_t pad = 0;
  while (pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  const char kLastNonPad[] = "Invalid last non-pad Base64 character dectected";
  if (pad > 2) return fail(kLastNonPad);
  std::string out;
  out.reserve(text.size() / 4 * 3);
  const size_t data_len = text.size() - pad;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < data_len; ++i) {
    acc = (acc << 6) | static_cast<uint32_t>(b64_value(static_cast<unsigned char>(text[i])));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Leftover bits of the last character must be zero, or the text is not canonical.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return fail(kLastNonPad);
  if (bytes) *bytes = std::move(out);
  return true;
}

// ---------------------------------------------------------------------------------------------
// decoding

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string json_string(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

std::string join_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  out += "]";
  return out;
}

class Decoder {
 public:
  // Throws the first recorded validation problem, if any.
  void finish() {
    if (error_) throw validation_error(*error_);
  }

  Item item(const rapidjson::Value& json, int depth) {
    Item out;
    if (json.IsNull()) return out;
    if (json.IsArray()) throw serialization_error(kStartOfList);
    if (!json.IsObject()) throw serialization_error("Expected map or null");
    for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it) {
      check_name(it->name);
      out[json_string(it->name)] = value(it->value, depth);
    }
    return out;
  }

  AttributeValue value(const rapidjson::Value& json, int depth) {
    AttributeValue result;
    if (json.IsNull()) {
      record(kEmptyValue);
      return result;
    }
    if (json.IsArray()) throw serialization_error(kStartOfList);
    if (!json.IsObject()) throw serialization_error("Expected null");
    if (depth > kMaxDepth) {
      // Stop here: never descend further into hostile input.
      record(kNesting);
      return result;
    }

    // Later duplicates of the same member win, as with any JSON object reader.
    unsigned types_seen = 0;  // one bit per AttrType named
    for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it) {
      const rapidjson::Value& v = it->value;
      if (v.IsNull()) continue;  // an absent member
      const std::string key = json_string(it->name);
      AttributeValue decoded;
      if (key == "S") {
        decoded = AttributeValue::string(expect_string(v, "an String"));
      } else if (key == "N") {
        std::string text = expect_string(v, "an String");
        decoded.type = AttrType::N;
        std::string err;
        if (auto n = Number::parse(text, &err)) decoded.n = std::move(*n);
        else record(err);
      } else if (key == "B") {
        decoded = AttributeValue::binary(expect_blob(v));
      } else if (key == "BOOL") {
        decoded = AttributeValue::boolean_value(expect_boolean(v));
      } else if (key == "NULL") {
        if (!expect_boolean(v)) {
          record(std::string(kInvalidPrefix) + "Null attribute value types must have the value of true");
        }
        decoded = AttributeValue::null();
      } else if (key == "L") {
        expect_list(v);
        decoded.type = AttrType::L;
        decoded.list.reserve(v.Size());
        for (const auto& e : v.GetArray()) decoded.list.push_back(value(e, depth + 1));
      } else if (key == "M") {
        decoded = AttributeValue::map_of(map(v, depth + 1));
      } else if (key == "SS") {
        decoded = string_set(v);
      } else if (key == "NS") {
        decoded = number_set(v);
      } else if (key == "BS") {
        decoded = binary_set(v);
      } else {
        continue;  // not a member of AttributeValue: ignored
      }
      types_seen |= 1u << static_cast<unsigned>(decoded.type);
      result = std::move(decoded);
    }
    if (types_seen == 0) record(kEmptyValue);
    else if ((types_seen & (types_seen - 1)) != 0) record(kMultipleTypes);  // more than one bit
    return result;
  }

 private:
  void record(std::string message) {
    if (!error_) error_ = std::move(message);
  }

  // `article_type` is how coral names the target: "an String".
  static std::string expect_string(const rapidjson::Value& v, const char* article_type) {
    if (v.IsString()) return json_string(v);
    if (v.IsBool()) throw serialization_error(std::string(kBooleanClass) + " can not be converted to " + article_type);
    if (v.IsNumber()) {
      throw serialization_error(std::string(kBigNumberClass) + " can not be converted to " + article_type);
    }
    if (v.IsArray()) throw serialization_error(kStartOfList);
    throw serialization_error(kStartOfMap);
  }

  static std::string expect_blob(const rapidjson::Value& v) {
    std::string text = expect_string(v, "a Blob");
    std::string bytes, why;
    if (!base64_decode_strict(text, &bytes, &why)) {
      throw serialization_error("'" + text + "' can not be converted to a Blob: " + why);
    }
    return bytes;
  }

  static bool expect_boolean(const rapidjson::Value& v) {
    if (v.IsBool()) return v.GetBool();
    if (v.IsString()) {
      const std::string up = upper_ascii(std::string_view(v.GetString(), v.GetStringLength()));
      if (up == "TRUE" || up == "1" || up == "YES") return true;
      if (up == "FALSE" || up == "0" || up == "NO") return false;
      throw serialization_error("'" + up + "' can not be converted to an Boolean");
    }
    if (v.IsNumber()) throw serialization_error(std::string(kBigNumberClass) + " can not be converted to an Boolean");
    if (v.IsArray()) throw serialization_error(kStartOfList);
    throw serialization_error(kStartOfMap);
  }

  void check_name(const rapidjson::Value& name) {
    if (name.GetStringLength() > kMaxAttributeNameBytes) record(kAttributeNameTooLarge);
  }

  static void expect_list(const rapidjson::Value& v) {
    if (v.IsArray()) return;
    if (v.IsObject()) throw serialization_error(kStartOfMap);
    throw serialization_error("Expected list or null");
  }

  Item map(const rapidjson::Value& v, int depth) {
    if (v.IsArray()) throw serialization_error(kStartOfList);
    if (!v.IsObject()) throw serialization_error("Expected map or null");
    Item out;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      check_name(it->name);
      out[json_string(it->name)] = value(it->value, depth);
    }
    return out;
  }

  AttributeValue string_set(const rapidjson::Value& v) {
    expect_list(v);
    AttributeValue out;
    out.type = AttrType::SS;
    bool has_null = false;
    for (const auto& e : v.GetArray()) {
      if (e.IsNull()) {
        has_null = true;
        continue;
      }
      out.strings.push_back(expect_string(e, "an String"));
    }
    if (v.Empty()) {
      record(std::string(kInvalidPrefix) + "An string set  may not be empty");
    } else if (has_null) {
      // Unconfirmed: DynamoDB's message for an SS member that is JSON null (dynalite's wording for
      // a null or empty member).
      record(std::string(kInvalidPrefix) + "An string set may not have a empty string as a member");
    } else {
      std::unordered_set<std::string> seen;
      for (const auto& s : out.strings) {
        if (!seen.insert(s).second) {
          record(std::string(kInvalidPrefix) + "Input collection " + join_list(out.strings) + " contains duplicates.");
          break;
        }
      }
    }
    return out;
  }

  AttributeValue number_set(const rapidjson::Value& v) {
    expect_list(v);
    AttributeValue out;
    out.type = AttrType::NS;
    std::vector<std::optional<std::string>> texts;
    for (const auto& e : v.GetArray()) {
      if (e.IsNull()) texts.emplace_back();
      else texts.emplace_back(expect_string(e, "an String"));
    }
    if (texts.empty()) {
      record(std::string(kInvalidPrefix) + "An number set  may not be empty");
      return out;
    }
    bool ok = true;
    for (const auto& t : texts) {
      std::string err;
      std::optional<Number> n = t ? Number::parse(*t, &err) : std::nullopt;
      if (!t) err = "The parameter cannot be converted to a numeric value";
      if (!n) {
        record(err);
        ok = false;
        break;
      }
      out.numbers.push_back(std::move(*n));
    }
    if (!ok) return out;
    // Canonical text order for stable output; duplicates compare numerically ("1" and "1.0").
    std::vector<std::pair<std::string, Number>> keyed;
    keyed.reserve(out.numbers.size());
    for (auto& n : out.numbers) keyed.emplace_back(n.to_string(), std::move(n));
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out.numbers.clear();
    for (size_t i = 0; i < keyed.size(); ++i) {
      if (i > 0 && keyed[i].first == keyed[i - 1].first) {
        record("Input collection contains duplicates");
        break;
      }
    }
    for (auto& k : keyed) out.numbers.push_back(std::move(k.second));
    return out;
  }

  AttributeValue binary_set(const rapidjson::Value& v) {
    expect_list(v);
    AttributeValue out;
    out.type = AttrType::BS;
    std::vector<std::string> texts;
    bool has_null = false;
    for (const auto& e : v.GetArray()) {
      if (e.IsNull()) {
        has_null = true;
        continue;
      }
      out.strings.push_back(expect_blob(e));
      texts.push_back(json_string(e));
    }
    if (v.Empty()) {
      record(std::string(kInvalidPrefix) + "Binary sets should not be empty");
    } else if (has_null) {
      // dynalite's wording for a null member; unconfirmed against DynamoDB.
      record(std::string(kInvalidPrefix) + "Binary sets may not contain null or empty values");
    } else {
      std::unordered_set<std::string> seen;
      for (const auto& b : out.strings) {
        if (!seen.insert(b).second) {
          record(std::string(kInvalidPrefix) + "Input collection " + join_list(texts) + "of type BS contains duplicates.");
          break;
        }
      }
    }
    return out;
  }

  std::optional<std::string> error_;
};

// ---------------------------------------------------------------------------------------------
// encoding

void write_string(JsonWriter& out, const std::string& s) {
  out.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void write_key(JsonWriter& out, const std::string& s) {
  out.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace

std::string hex_encode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                       (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                       static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out += "==";
  } else if (rest == 2) {
    const uint32_t v = (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                       (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

bool base64_decode(std::string_view text, std::string* bytes) {
  return base64_decode_strict(text, bytes, nullptr);
}

AttributeValue decode_attribute_value(const rapidjson::Value& json) {
  Decoder d;
  AttributeValue v = d.value(json, 1);
  d.finish();
  return v;
}

void check_attribute_name_size(std::string_view name) {
  if (name.size() > kMaxAttributeNameBytes) throw validation_error(kAttributeNameTooLarge);
}

Item decode_item(const rapidjson::Value& json) {
  Decoder d;
  Item item = d.item(json, 1);
  d.finish();
  return item;
}

void encode_attribute_value(const AttributeValue& v, JsonWriter& out) {
  out.StartObject();
  out.Key(type_name(v.type));
  switch (v.type) {
    case AttrType::S:
      write_string(out, v.s);
      break;
    case AttrType::N:
      write_string(out, v.n.to_string());
      break;
    case AttrType::B:
      write_string(out, base64_encode(v.s));
      break;
    case AttrType::BOOL:
      out.Bool(v.boolean);
      break;
    case AttrType::NUL:
      out.Bool(true);
      break;
    case AttrType::M:
      if (v.map) encode_item(*v.map, out);
      else {
        out.StartObject();
        out.EndObject();
      }
      break;
    case AttrType::L:
      out.StartArray();
      for (const auto& e : v.list) encode_attribute_value(e, out);
      out.EndArray();
      break;
    case AttrType::SS:
      out.StartArray();
      for (const auto& s : v.strings) write_string(out, s);
      out.EndArray();
      break;
    case AttrType::NS:
      out.StartArray();
      for (const auto& n : v.numbers) write_string(out, n.to_string());
      out.EndArray();
      break;
    case AttrType::BS:
      out.StartArray();
      for (const auto& b : v.strings) write_string(out, base64_encode(b));
      out.EndArray();
      break;
  }
  out.EndObject();
}

void encode_item(const Item& item, JsonWriter& out) {
  out.StartObject();
  for (const auto& [name, v] : item) {
    write_key(out, name);
    encode_attribute_value(v, out);
  }
  out.EndObject();
}

std::string item_to_json(const Item& item) {
  // Every stored write serialises its item here: one buffer and writer per thread, kept between
  // calls, spare the two allocations (and the buffer's regrowth) a fresh pair costs each time.
  thread_local rapidjson::StringBuffer buf;
  thread_local JsonWriter w(buf);
  buf.Clear();
  w.Reset(buf);
  encode_item(item, w);
  return std::string(buf.GetString(), buf.GetSize());
}

Item item_from_json(std::string_view canonical_json) {
  rapidjson::Document doc;
  // Iterative parsing: no recursion on nesting, whatever the text holds.
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseStopWhenDoneFlag>(canonical_json.data(),
                                                                               canonical_json.size());
  if (doc.HasParseError()) throw std::runtime_error("item_from_json: stored item is not valid JSON");
  return decode_item(doc);
}

size_t projected_item_size(std::string_view canonical_json, const std::set<std::string>& names) {
  // Called once per item of a table (DescribeTable sizing a projected index): parsed in place, in a
  // copy, with the document's nodes in a buffer on the stack, so that most items allocate nothing.
  thread_local std::string text;
  text.assign(canonical_json.data(), canonical_json.size());
  char nodes[8192];
  rapidjson::MemoryPoolAllocator<> allocator(nodes, sizeof nodes);
  rapidjson::Document doc(&allocator);
  doc.ParseInsitu<rapidjson::kParseIterativeFlag | rapidjson::kParseStopWhenDoneFlag>(text.data());
  if (doc.HasParseError() || !doc.IsObject())
    throw std::runtime_error("projected_item_size: stored item is not valid JSON");
  size_t total = 0;
  for (const auto& name : names) {
    // A Value key, not a C string: a name may hold a NUL byte.
    const rapidjson::Value key(rapidjson::StringRef(name.data(), name.size()));
    auto member = doc.FindMember(key);
    if (member != doc.MemberEnd()) total += name.size() + attribute_size(decode_attribute_value(member->value));
  }
  return total;
}

}  // namespace dynemu::model
