// GetRecords (DynamoDB Streams): the records after an iterator's position in its shard, oldest
// first, at most Limit (1 to 1,000, default 1,000) and 1 MB; NextShardIterator continues from the
// last one returned, and is absent once a closed shard has been read to its end.
#include "api/stream_requests.h"
#include "api/table_description.h"
#include "streams/records.h"

#include <limits>

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("GetRecordsInput",
                                           {{"ShardIterator", &Shape::string()}, {"Limit", &Shape::integer()}});
  return s;
}

constexpr int64_t kMaxLimit = 1000;
constexpr int64_t kMaxBytes = 1024 * 1024;

}  // namespace

void get_records(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string text = string_member(request, "ShardIterator");
  if (!member(request, "ShardIterator"))
    errors.not_null("shardIterator");
  else
    errors.string_length(text, "shardIterator", 1, 2048);
  const std::optional<int64_t> limit_given = long_member(request, "Limit");
  errors.value_range(limit_given, "limit", 1, kMaxLimit);
  errors.throw_if_any();
  const std::optional<streams::Iterator> it = streams::decode_iterator(text);
  if (!it) throw model::validation_error("Invalid ShardIterator");
  const int64_t now = ctx.clock.now_ms();
  if (now - it->issued_ms > streams::kIteratorLifetimeMs)
    throw model::dynamodb_error("ExpiredIteratorException",
                                "Iterator expired. The iterator was created at time " + streams::amz_utc_time(it->issued_ms) +
                                    " while right now it is " + streams::amz_utc_time(now) +
                                    " which is further in the future than the tolerated delay of " +
                                    std::to_string(streams::kIteratorLifetimeMs) + " milliseconds.");
  const int64_t limit = limit_given.value_or(kMaxLimit);

  rapidjson::StringBuffer records_json;
  model::JsonWriter records(records_json);
  records.StartArray();
  int64_t position = it->after_seq;
  bool drained = false;
  {
    auto session = ctx.store.write(now);
    const store::StreamRow stream = require_stream(ctx, session, it->stream_arn, now);
    std::optional<store::ShardRow> shard;
    for (auto& s : session.shards(stream.id))
      if (s.shard_id == it->shard_id) shard = s;
    if (!shard) throw model::resource_not_found("Invalid ShardId in ShardIterator");
    // Records after the position were trimmed: the iterator points before the trim horizon.
    const int64_t shard_last = shard->end_seq < 0 ? std::numeric_limits<int64_t>::max() : shard->end_seq;
    if (std::min(stream.trimmed_seq, shard_last) > std::max(position, shard->start_seq - 1))
      throw model::dynamodb_error("TrimmedDataAccessException", "The data you are trying to access has been trimmed");
    const streams::RecordContext context{ctx.region, stream.arn, stream.view_type};
    int64_t count = 0, bytes = 0;
    session.read_changes(stream.table_id, std::max(position, shard->start_seq - 1), shard->end_seq,
                         [&](store::ChangeRecord&& r) {
                           if (count > 0 && bytes + r.size > kMaxBytes) return false;
                           streams::write_record(records, r, context);
                           position = r.seq;
                           bytes += r.size;
                           return ++count < limit;
                         });
    drained = shard->end_seq >= 0 && position >= shard->end_seq;
    session.commit();
  }
  records.EndArray();

  out.StartObject();
  out.Key("Records");
  out.RawValue(records_json.GetString(), records_json.GetSize(), rapidjson::kArrayType);
  if (!drained) {
    streams::Iterator next = *it;
    next.after_seq = position;
    next.issued_ms = now;
    out.Key("NextShardIterator");
    out.String(streams::encode_iterator(next));
  }
  out.EndObject();
}

}  // namespace dynemu::api
