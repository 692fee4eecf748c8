// UpdateKinesisStreamingDestination: changes the ApproximateCreationDateTimePrecision of an ACTIVE
// destination (kinesis_destinations.h). Validate (shared members, the precision) → the ACTIVE
// table → the destination must be ACTIVE now (else ValidationException, dynemu's wording) →
// UPDATING, then ACTIVE with the new precision.
#include "api/kinesis_destinations.h"
#include "api/table_features.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& config = Shape::structure("UpdateKinesisStreamingConfiguration",
                                                {{"ApproximateCreationDateTimePrecision", &Shape::string()}});
  static const Shape& s = Shape::structure("UpdateKinesisStreamingDestinationInput",
                                           {{"TableName", &Shape::string()},
                                            {"StreamArn", &Shape::string()},
                                            {"UpdateKinesisStreamingConfiguration", &config}});
  return s;
}

}  // namespace

void update_kinesis_streaming_destination(OperationContext& ctx, const rapidjson::Value& request,
                                          model::JsonWriter& out) {
  const KinesisRequest r = validate_kinesis_request(request, request_shape(), "UpdateKinesisStreamingConfiguration");
  const std::optional<std::string> precision = precision_of(request, "UpdateKinesisStreamingConfiguration");
  KinesisDestination result;
  const std::string table = change_kinesis_destination(ctx, r.table, [&](std::vector<KinesisDestination>& list, int64_t now) {
    for (auto& d : list) {
      if (d.stream_arn != r.stream_arn || d.status(now) != "ACTIVE") continue;
      if (precision) d.precision = *precision;
      d.transition = "UPDATING";
      d.until_ms = transition_end(ctx, now);
      result = d;
      return;
    }
    throw model::validation_error("Table is not streaming to the Kinesis data stream: " + r.stream_arn);
  });
  write_kinesis_destination_output(out, table, result, "UpdateKinesisStreamingConfiguration");
}

}  // namespace dynemu::api
