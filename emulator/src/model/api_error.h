// ApiError: a DynamoDB error exactly as the wire shows it.
//
// Contract: anything below the HTTP layer reports a client-visible failure by throwing ApiError.
// The HTTP layer turns it into status + {"__type": type, "message": message} (or "Message" for the
// coral service errors, as DynamoDB does), plus the x-amzn-ErrorType header. Any other exception
// escaping an operation becomes a 500 InternalServerError.
#pragma once
#include <stdexcept>
#include <string>

namespace dynemu::model {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string type, std::string message)
      : std::runtime_error(message), status_(status), type_(std::move(type)), message_(std::move(message)) {}

  int status() const { return status_; }
  // The full __type, e.g. "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException".
  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  // The part after '#', as sent in x-amzn-ErrorType.
  std::string short_type() const {
    auto hash = type_.rfind('#');
    return hash == std::string::npos ? type_ : type_.substr(hash + 1);
  }
  // DynamoDB spells the key "Message" for errors from the coral service layer.
  bool capitalized_message_key() const { return type_.rfind("com.amazon.coral.service#", 0) == 0; }
  // Optional extra JSON members (already serialized, without braces), e.g. "\"Item\":{...}".
  std::string extra_json;

 private:
  int status_;
  std::string type_;
  std::string message_;
};

inline ApiError validation_error(std::string message) {
  return ApiError(400, "com.amazon.coral.validate#ValidationException", std::move(message));
}
inline ApiError serialization_error(std::string message) {
  return ApiError(400, "com.amazon.coral.service#SerializationException", std::move(message));
}
inline ApiError dynamodb_error(std::string name, std::string message, int status = 400) {
  return ApiError(status, "com.amazonaws.dynamodb.v20120810#" + name, std::move(message));
}
inline ApiError resource_not_found(std::string message = "Requested resource not found") {
  return dynamodb_error("ResourceNotFoundException", std::move(message));
}
inline ApiError resource_in_use(std::string message) {
  return dynamodb_error("ResourceInUseException", std::move(message));
}

}  // namespace dynemu::model
