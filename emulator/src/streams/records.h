// Records: one change-log row as a DynamoDB Streams record.
//
// Contract: write_record() is the one writer of a stream record's JSON. With RecordStyle::StreamsApi
// it writes what GetRecords returns: eventID, eventName, eventVersion "1.1", eventSource
// "aws:dynamodb", awsRegion, dynamodb {ApproximateCreationDateTime (epoch seconds), Keys,
// NewImage/OldImage as the view type keeps them, SequenceNumber, SizeBytes, StreamViewType}, and for
// changes the TTL service made, userIdentity {"Type": "Service", "PrincipalId":
// "dynamodb.amazonaws.com"}. RecordStyle::LambdaEvent writes the shape a Lambda handler receives
// instead: the same members plus eventSourceARN, with userIdentity's keys in camelCase
// ({"type", "principalId"}). eventID is derived from the stream and the sequence number, so the
// same record always shows the same id.
#pragma once
#include <string>

#include "model/json_codec.h"
#include "store/store.h"

namespace dynemu::streams {

enum class RecordStyle { StreamsApi, LambdaEvent };

struct RecordContext {
  std::string region;
  std::string stream_arn;
  std::string view_type;
};

void write_record(model::JsonWriter& out, const store::ChangeRecord& record, const RecordContext& context,
                  RecordStyle style = RecordStyle::StreamsApi);

}  // namespace dynemu::streams
