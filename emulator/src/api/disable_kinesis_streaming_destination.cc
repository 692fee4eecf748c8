// DisableKinesisStreamingDestination: stops streaming a table's changes to a Kinesis data stream
// (kinesis_destinations.h). Validate (shared members) → the ACTIVE table → the stream must be one
// the table streams to (else ValidationException, dynemu's wording) → DISABLING, then DISABLED;
// the destination stays listed.
#include "api/kinesis_destinations.h"
#include "api/table_features.h"

namespace dynemu::api {
void disable_kinesis_streaming_destination(OperationContext& ctx, const rapidjson::Value& request,
                                           model::JsonWriter& out) {
  const KinesisRequest r = validate_kinesis_request(request, kinesis_streaming_destination_input_shape(), "EnableKinesisStreamingConfiguration");
  KinesisDestination result;
  const std::string table = change_kinesis_destination(ctx, r.table, [&](std::vector<KinesisDestination>& list, int64_t now) {
    for (auto& d : list) {
      if (d.stream_arn != r.stream_arn || d.target != "ACTIVE") continue;
      d.target = "DISABLED";
      d.transition = "DISABLING";
      d.until_ms = transition_end(ctx, now);
      result = d;
      return;
    }
    throw model::validation_error("Table is not streaming to the Kinesis data stream: " + r.stream_arn);
  });
  write_kinesis_destination_output(out, table, result, "EnableKinesisStreamingConfiguration");
}

}  // namespace dynemu::api
