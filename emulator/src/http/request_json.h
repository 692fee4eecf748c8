// RequestJson: a request body read as DynamoDB's JSON deserializer reads it (internal to the HTTP layer).
//
// Contract: parse_request_json() parses `body` into `doc` iteratively (hostile nesting cannot overflow
// the stack), validating UTF-8, and throws model::ApiError SerializationException (no message) for
// anything that is not exactly one JSON value: bad syntax, invalid UTF-8, a NUL byte anywhere outside
// a string escape. A member repeated within one object keeps only its last occurrence, in that
// occurrence's place, as Jackson keeps the last value of a repeated member; objects without
// repeats are left untouched.
#pragma once
#include <string>

#include <rapidjson/document.h>

namespace dynemu::http {

void parse_request_json(rapidjson::Document& doc, const std::string& body);

}  // namespace dynemu::http
