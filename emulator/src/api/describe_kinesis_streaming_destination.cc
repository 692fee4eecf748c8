// DescribeKinesisStreamingDestination: a table's Kinesis data stream destinations and their status
// now (kinesis_destinations.h). Validate (JSON types → TableName) → the table
// (ResourceNotFoundException) → the list, in the order first enabled.
#include "api/continuous_backups.h"
#include "api/kinesis_destinations.h"
#include "api/table_description.h"
#include "api/table_features.h"

namespace dynemu::api {

void describe_kinesis_streaming_destination(OperationContext& ctx, const rapidjson::Value& request,
                                            model::JsonWriter& out) {
  static const Shape& shape =
      Shape::structure("DescribeKinesisStreamingDestinationInput", {{"TableName", &Shape::string()}});
  check_shape(request, shape);
  ConstraintErrors errors;
  const std::string name_or_arn = validate_continuous_backups_table_name(member(request, "TableName"), errors);
  errors.throw_if_any();
  const int64_t now = ctx.clock.now_ms();
  std::string table;
  std::vector<KinesisDestination> destinations;
  {
    auto session = ctx.store.read();
    auto schema = named_table(ctx, session, name_or_arn, now);
    table = schema->name;
    destinations = stored_kinesis_destinations(parse_description(*schema));
  }
  out.StartObject();
  out.Key("TableName");
  out.String(table);
  out.Key("KinesisDataStreamDestinations");
  out.StartArray();
  for (const auto& d : destinations) {
    out.StartObject();
    out.Key("StreamArn");
    out.String(d.stream_arn);
    out.Key("DestinationStatus");
    out.String(d.status(now));
    out.Key("ApproximateCreationDateTimePrecision");
    out.String(d.precision);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

}  // namespace dynemu::api
