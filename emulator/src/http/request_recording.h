// Request recording: what the request log learns from a request body and its response body.
//
// Contract: describe_request() fills the table/index/access fields of a RequestRecord from a parsed
// request (any shape; members of the wrong type are ignored, validation is the operation's job).
// count_items_read() reads a successful response body: ScannedCount for Query/Scan, the item found
// by GetItem, the items in BatchGetItem/TransactGetItems responses; 0 for other operations.
#pragma once
#include <string>

#include <rapidjson/document.h>

#include "dynemu/diagnostics.h"

namespace dynemu::http {

void describe_request(const std::string& operation, const rapidjson::Value& request, RequestRecord& record);
int64_t count_items_read(const std::string& operation, const std::string& response_body);

}  // namespace dynemu::http
