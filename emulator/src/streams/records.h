// Records: one change-log row as a DynamoDB Streams record.
//
// Contract: write_record() is the one writer of a stream record's JSON, what GetRecords returns: eventID, eventName, eventVersion "1.1", eventSource
// "aws:dynamodb", awsRegion, dynamodb {ApproximateCreationDateTime (epoch seconds), Keys,
// NewImage/OldImage as the view type keeps them, SequenceNumber, SizeBytes, StreamViewType}, and for
// changes the TTL service made, userIdentity {"Type": "Service", "PrincipalId":
// "dynamodb.amazonaws.com"}. eventID is derived from the stream and the sequence number, so the
// same record always shows the same id. (The shape a Lambda handler receives is made from these
// records by streams/lambda_event.h, the one place that knows it.)
#pragma once
#include <string>

#include "model/json_codec.h"
#include "store/store.h"

namespace dynemu::streams {

struct RecordContext {
  std::string region;
  std::string stream_arn;
  std::string view_type;
};

void write_record(model::JsonWriter& out, const store::ChangeRecord& record, const RecordContext& context);

}  // namespace dynemu::streams
