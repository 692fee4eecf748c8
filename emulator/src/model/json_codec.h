// JsonCodec: DynamoDB JSON (the wire's {"S":"x"} form) <-> AttributeValue / Item.
//
// Contract:
//  - Decoding validates exactly as DynamoDB does and throws model::ApiError (see model/api_error.h):
//    SerializationException for JSON of the wrong shape (a string where an object belongs, bad base64,
//    BOOL given as a string, ...), ValidationException for semantic problems (no type or two types set,
//    empty sets, duplicate set members, invalid numbers, ...), with DynamoDB's messages.
//  - Encoding writes canonical DynamoDB JSON: numbers in Number::to_string() form, binaries as base64.
#pragma once
#include <set>
#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/writer.h>
#include <rapidjson/stringbuffer.h>

#include "model/attribute_value.h"

namespace dynemu::model {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

AttributeValue decode_attribute_value(const rapidjson::Value& json);
// An item: a JSON object of attribute name -> AttributeValue.
Item decode_item(const rapidjson::Value& json);

// DynamoDB's limit on an attribute name, at the top of an item or as a map key at any depth, and on
// a name given in ExpressionAttributeNames, AttributesToGet, AttributeUpdates, Expected or a legacy
// filter: 65,535 bytes (the documented "64 KB" itself is refused). The decoders above check it; the
// request readers call check_attribute_name_size, which throws DynamoDB's ValidationException.
constexpr size_t kMaxAttributeNameBytes = 65535;
void check_attribute_name_size(std::string_view name);

void encode_attribute_value(const AttributeValue& v, JsonWriter& out);
void encode_item(const Item& item, JsonWriter& out);
std::string item_to_json(const Item& item);  // canonical text, as stored in SQLite's `item` column
Item item_from_json(std::string_view canonical_json);  // parses text written by item_to_json
// item_size() of the attributes of a stored item (text written by item_to_json) that `names` lists,
// the others left undecoded: what a projected index holds of the item.
size_t projected_item_size(std::string_view canonical_json, const std::set<std::string>& names);

std::string base64_encode(std::string_view bytes);
// Returns false when `text` is not valid base64.
bool base64_decode(std::string_view text, std::string* bytes);
// Lower-case hex, two digits a byte (digests, signatures, catalog key bytes).
std::string hex_encode(std::string_view bytes);

}  // namespace dynemu::model
