// Request recording: what the request log learns from a request body.
//
// Contract: describe_request() fills the table/index/access fields of a RequestRecord from a parsed
// request (any shape; members of the wrong type are ignored, validation is the operation's job).
// Items read and capacity come from the operations themselves (api::CapacityRecordingScope).
#pragma once
#include <string>

#include <rapidjson/document.h>

#include "dynemu/diagnostics.h"

namespace dynemu::http {

void describe_request(const std::string& operation, const rapidjson::Value& request, RequestRecord& record);

}  // namespace dynemu::http
