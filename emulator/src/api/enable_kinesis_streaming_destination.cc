// EnableKinesisStreamingDestination: starts (in dynemu: records) streaming a table's changes to a
// Kinesis data stream (kinesis_destinations.h). Validate (shared members, the precision
// MILLISECOND|MICROSECOND) → the ACTIVE table → refuse a stream the table already streams to
// (ResourceInUseException, dynemu's wording) → add or re-enable it, answering ENABLING.
#include "api/kinesis_destinations.h"
#include "api/table_features.h"

namespace dynemu::api {
void enable_kinesis_streaming_destination(OperationContext& ctx, const rapidjson::Value& request,
                                          model::JsonWriter& out) {
  const KinesisRequest r = validate_kinesis_request(request, kinesis_streaming_destination_input_shape(), "EnableKinesisStreamingConfiguration");
  const std::string precision = precision_of(request, "EnableKinesisStreamingConfiguration").value_or("MILLISECOND");
  KinesisDestination result;
  const std::string table = change_kinesis_destination(ctx, r.table, [&](std::vector<KinesisDestination>& list, int64_t now) {
    KinesisDestination* existing = nullptr;
    for (auto& d : list)
      if (d.stream_arn == r.stream_arn) existing = &d;
    if (existing && existing->target == "ACTIVE")
      throw model::resource_in_use("Table is already streaming to the Kinesis data stream: " + r.stream_arn);
    if (!existing) existing = &list.emplace_back();
    existing->stream_arn = r.stream_arn;
    existing->target = "ACTIVE";
    existing->transition = "ENABLING";
    existing->until_ms = transition_end(ctx, now);
    existing->precision = precision;
    result = *existing;
  });
  write_kinesis_destination_output(out, table, result, "EnableKinesisStreamingConfiguration");
}

}  // namespace dynemu::api
