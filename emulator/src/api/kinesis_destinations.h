// KinesisDestinations: a table's Kinesis Data Streams destinations, shared by Enable-, Disable-,
// Describe- and UpdateKinesisStreamingDestination. dynemu keeps each destination's settings and
// status; it delivers no records (there is no Kinesis here).
//
// Contract:
//  - The destinations live in the table's stored description as "_KinesisDestinations":
//    [{"StreamArn", "Target": "ACTIVE"|"DISABLED", "Transition": "ENABLING"|"DISABLING"|"UPDATING",
//    "UntilMs", "Precision": "MILLISECOND"|"MICROSECOND"}...] in the order first enabled; a
//    disabled destination stays listed (DISABLED), as DynamoDB lists it.
//  - The status shown is Transition until UntilMs (table_features.h), then Target.
//  - validate_kinesis_request() checks the shared members in DynamoDB's order: JSON types, then
//    TableName (a name or ARN, 1 to 1024 characters) and StreamArn (37 to 1024) constraint errors,
//    then the StreamArn's form arn:aws:kinesis:<region>:<12-digit account>:stream/<name>
//    (ValidationException "Invalid StreamArn: <arn>", dynemu's wording: the reference gives none).
//  - change_kinesis_destination() runs one write: the table (ResourceNotFoundException; a table
//    that is not ACTIVE is ResourceInUseException), then change(destinations) (which may throw),
//    then saves; it returns the table's name.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/operation.h"
#include "api/request_shape.h"

namespace dynemu::api {

struct KinesisDestination {
  std::string stream_arn;
  std::string target = "ACTIVE";
  std::string transition = "ENABLING";
  int64_t until_ms = 0;
  std::string precision = "MILLISECOND";
  std::string status(int64_t now_ms) const { return now_ms < until_ms ? transition : target; }
};

std::vector<KinesisDestination> stored_kinesis_destinations(const rapidjson::Value& description);

struct KinesisRequest {
  std::string table;  // name or ARN
  std::string stream_arn;
};
// KinesisStreamingDestinationInput: the request of Enable- and DisableKinesisStreamingDestination.
const Shape& kinesis_streaming_destination_input_shape();
KinesisRequest validate_kinesis_request(const rapidjson::Value& request, const Shape& shape,
                                        const char* configuration_member);
// The ApproximateCreationDateTimePrecision of `configuration` (nullopt when absent), checked.
std::optional<std::string> precision_of(const rapidjson::Value& request, const char* configuration_member);

std::string change_kinesis_destination(OperationContext& ctx, const std::string& table,
                                       const std::function<void(std::vector<KinesisDestination>&, int64_t)>& change);
// The answer of Enable/Disable/UpdateKinesisStreamingDestination.
void write_kinesis_destination_output(model::JsonWriter& out, const std::string& table,
                                      const KinesisDestination& destination, const char* configuration_member);

}  // namespace dynemu::api
