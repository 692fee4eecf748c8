// StreamRequests: what the DynamoDB Streams operations share — the StreamArn member's checks and
// finding a stream as of now.
//
// Contract:
//  - stream_arn_constraint() adds the StreamArn length constraint (37 to 1024) for `path`;
//    require_well_formed_arn() then throws ValidationException "Invalid StreamArn" for a value that
//    is not a stream ARN.
//  - require_stream() finds the stream, brought up to `now` (shards rotated, old records trimmed),
//    or throws ResourceNotFoundException "Requested resource not found: Stream: <arn> not found".
//    It needs a write session (syncing writes shard rows and trims).
#pragma once
#include <string>

#include "api/constraints.h"
#include "api/operation.h"
#include "store/store.h"
#include "streams/streams.h"

namespace dynemu::api {

void stream_arn_constraint(ConstraintErrors& errors, const rapidjson::Value& request, const char* name,
                           std::string_view path, bool required);
void require_well_formed_arn(const std::string& arn);
store::StreamRow require_stream(OperationContext& ctx, store::Session& session, const std::string& arn, int64_t now);
[[noreturn]] void throw_stream_not_found(const std::string& arn);

}  // namespace dynemu::api
