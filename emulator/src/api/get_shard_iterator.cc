// GetShardIterator (DynamoDB Streams): an iterator into one shard — TRIM_HORIZON (the oldest
// record kept), LATEST (after the newest), AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER (a record's
// SequenceNumber, within the shard). It expires 15 minutes after it is issued.
#include "api/stream_requests.h"
#include "api/table_description.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("GetShardIteratorInput", {{"StreamArn", &Shape::string()},
                                                                     {"ShardId", &Shape::string()},
                                                                     {"ShardIteratorType", &Shape::string()},
                                                                     {"SequenceNumber", &Shape::string()}});
  return s;
}

struct IteratorRequest {
  std::string arn, shard_id, type, sequence_number;
  bool has_sequence_number = false;
};

IteratorRequest validate(const rapidjson::Value& request) {
  check_shape(request, request_shape());
  IteratorRequest r;
  r.arn = string_member(request, "StreamArn");
  r.shard_id = string_member(request, "ShardId");
  r.type = string_member(request, "ShardIteratorType");
  r.has_sequence_number = member(request, "SequenceNumber") != nullptr;
  r.sequence_number = string_member(request, "SequenceNumber");
  ConstraintErrors errors;
  stream_arn_constraint(errors, request, "StreamArn", "streamArn", true);
  if (!member(request, "ShardIteratorType"))
    errors.not_null("shardIteratorType");
  else
    errors.enum_value(r.type, "shardIteratorType", {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"});
  if (!member(request, "ShardId"))
    errors.not_null("shardId");
  else
    errors.string_length(r.shard_id, "shardId", 28, 65);
  if (r.has_sequence_number) errors.string_length(r.sequence_number, "sequenceNumber", 21, 40);
  errors.throw_if_any();
  require_well_formed_arn(r.arn);
  const bool positional = r.type == "AT_SEQUENCE_NUMBER" || r.type == "AFTER_SEQUENCE_NUMBER";
  // Unconfirmed wording: DynamoDB Streams answers these with a ValidationException; the text
  // follows Kinesis's GetShardIterator message for the same mistake.
  if (positional && !r.has_sequence_number)
    throw model::validation_error("Must specify a SequenceNumber with ShardIteratorType " + r.type);
  if (!positional && r.has_sequence_number)
    throw model::validation_error("Must not specify a SequenceNumber with ShardIteratorType " + r.type);
  return r;
}

}  // namespace

void get_shard_iterator(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  const IteratorRequest r = validate(request);
  const int64_t now = ctx.clock.now_ms();
  streams::Iterator it;
  {
    auto session = ctx.store.write(now);
    const store::StreamRow stream = require_stream(ctx, session, r.arn, now);
    std::optional<store::ShardRow> shard;
    for (auto& s : session.shards(stream.id))
      if (s.shard_id == r.shard_id) shard = s;
    if (!shard)
      throw model::resource_not_found("Requested resource not found: Shard: " + r.shard_id + " in Stream: " + r.arn +
                                      " not found");
    const bool closed = shard->end_seq >= 0;
    if (r.type == "TRIM_HORIZON") {
      it.after_seq = std::max(shard->start_seq - 1, stream.trimmed_seq);
      if (closed) it.after_seq = std::min(it.after_seq, std::max(shard->end_seq, shard->start_seq - 1));
    } else if (r.type == "LATEST") {
      it.after_seq = closed ? std::max(shard->end_seq, shard->start_seq - 1) : session.last_change_seq();
    } else {
      const std::optional<int64_t> seq = streams::parse_sequence_number(r.sequence_number);
      const int64_t last = closed ? std::max(shard->end_seq, shard->start_seq) : session.last_change_seq();
      if (!seq || *seq < shard->start_seq || *seq > std::max(last, shard->start_seq))
        throw model::validation_error("Invalid SequenceNumber " + r.sequence_number + " for shard " + r.shard_id);
      if (*seq <= stream.trimmed_seq) throw model::dynamodb_error("TrimmedDataAccessException", "The data you are trying to access has been trimmed");
      it.after_seq = r.type == "AT_SEQUENCE_NUMBER" ? *seq - 1 : *seq;
    }
    session.commit();
  }
  it.stream_arn = r.arn;
  it.shard_id = r.shard_id;
  it.issued_ms = now;

  out.StartObject();
  out.Key("ShardIterator");
  out.String(streams::encode_iterator(it));
  out.EndObject();
}

}  // namespace dynemu::api
