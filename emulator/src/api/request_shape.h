// RequestShape: the JSON types of a request, checked before any validation.
//
// Contract: check_shape() walks a request against its declared Shape and throws DynamoDB's
// SerializationException (with the message DynamoDB's Java deserializer produces, e.g.
// "NUMBER_VALUE cannot be converted to String") for the first value of the wrong JSON type.
// Unknown members and nulls are accepted, as DynamoDB does. Shapes are static, built once.
#pragma once
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

namespace dynemu::api {

struct Shape {
  enum class Kind { String, Boolean, Integer, Long, Blob, List, Map, Struct, Any };
  Kind kind = Kind::Any;
  std::string struct_name;            // Struct: DynamoDB's model class name, e.g. "KeySchemaElement"
  const Shape* element = nullptr;     // List element / Map value
  std::vector<std::pair<std::string, const Shape*>> fields;  // Struct members

  static const Shape& string();
  static const Shape& boolean();
  static const Shape& integer();
  static const Shape& long_integer();
  static const Shape& blob();
  static const Shape& attribute_value();  // DynamoDB's AttributeValue union, recursively
  static const Shape& item();             // Map<String, AttributeValue>
  // Shapes built by the helpers below live for the program's lifetime.
  static const Shape& list_of(const Shape& element);
  static const Shape& map_of(const Shape& value);
  static const Shape& structure(std::string name, std::initializer_list<std::pair<const char*, const Shape*>> fields);
  static const Shape& structure(std::string name, const std::vector<std::pair<const char*, const Shape*>>& fields);
};

// BatchWriteItem's WriteRequest: {"PutRequest": {"Item": ...}} or {"DeleteRequest": {"Key": ...}}.
const Shape& batch_write_request_shape();

// Throws model::ApiError (SerializationException) for the first mistyped value.
void check_shape(const rapidjson::Value& request, const Shape& shape);

}  // namespace dynemu::api
