// LambdaEvent: stream records in the shape AWS Lambda hands a function subscribed to a DynamoDB
// stream, so a stream handler can be tested against real writes.
//
// Contract: lambda_event_json() turns records as GetRecords returns them into
// {"Records": [...]}: each record keeps eventID, eventName, eventVersion, eventSource, awsRegion and
// dynamodb as they are, gains eventSourceARN (the stream's ARN), and a TTL deletion's userIdentity
// is written as Lambda writes it, {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
// (the Streams API spells it {"Type", "PrincipalId"}). Records that are not JSON objects are skipped.
#pragma once
#include <string>
#include <vector>

namespace dynemu::streams {

std::string lambda_event_json(const std::vector<std::string>& get_records_records, const std::string& stream_arn);

}  // namespace dynemu::streams
