// DescribeStream (DynamoDB Streams): a stream's status, view type, table, key schema and shards
// (oldest first, paged by ExclusiveStartShardId and Limit 1 to 100; ShardFilter CHILD_SHARDS lists
// the children of one shard). Shards rotate on the server clock (streams/streams.h).
#include "api/stream_requests.h"
#include "api/table_description.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure(
      "DescribeStreamInput",
      {{"StreamArn", &Shape::string()},
       {"Limit", &Shape::integer()},
       {"ExclusiveStartShardId", &Shape::string()},
       {"ShardFilter", &Shape::structure("ShardFilter", {{"Type", &Shape::string()}, {"ShardId", &Shape::string()}})}});
  return s;
}

constexpr int64_t kMaxLimit = 100;

void write_shard(model::JsonWriter& out, const store::ShardRow& shard) {
  out.StartObject();
  out.Key("ShardId");
  out.String(shard.shard_id);
  const streams::ShownRange range = streams::shown_range(shard);
  out.Key("SequenceNumberRange");
  out.StartObject();
  out.Key("StartingSequenceNumber");
  out.String(range.starting);
  if (!range.ending.empty()) {
    out.Key("EndingSequenceNumber");
    out.String(range.ending);
  }
  out.EndObject();
  if (!shard.parent_shard_id.empty()) {
    out.Key("ParentShardId");
    out.String(shard.parent_shard_id);
  }
  out.EndObject();
}

}  // namespace

void describe_stream(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  stream_arn_constraint(errors, request, "StreamArn", "streamArn", true);
  const std::optional<int64_t> limit_given = long_member(request, "Limit");
  errors.value_range(limit_given, "limit", 1, kMaxLimit);
  const std::string start = string_member(request, "ExclusiveStartShardId");
  if (member(request, "ExclusiveStartShardId")) errors.string_length(start, "exclusiveStartShardId", 28, 65);
  const rapidjson::Value* filter = member(request, "ShardFilter");
  std::string child_of;
  if (filter) {
    const std::string type = string_member(*filter, "Type");
    if (member(*filter, "Type")) errors.enum_value(type, "shardFilter.type", {"CHILD_SHARDS"});
    child_of = string_member(*filter, "ShardId");
    if (member(*filter, "ShardId")) errors.string_length(child_of, "shardFilter.shardId", 28, 65);
  }
  errors.throw_if_any();
  const std::string arn = string_member(request, "StreamArn");
  require_well_formed_arn(arn);
  const size_t limit = static_cast<size_t>(limit_given.value_or(kMaxLimit));

  const int64_t now = ctx.clock.now_ms();
  store::StreamRow stream;
  std::vector<store::ShardRow> shards;
  {
    auto session = ctx.store.write(now);
    stream = require_stream(ctx, session, arn, now);
    shards = session.shards(stream.id);
    session.commit();
  }

  out.StartObject();
  out.Key("StreamDescription");
  out.StartObject();
  out.Key("StreamArn");
  out.String(stream.arn);
  out.Key("StreamLabel");
  out.String(stream.label);
  out.Key("StreamStatus");
  out.String(streams::stream_status(stream, stream_settings(ctx.settings), now));
  out.Key("StreamViewType");
  out.String(stream.view_type);
  out.Key("CreationRequestDateTime");
  out.Double(epoch_seconds(stream.created_ms));
  out.Key("TableName");
  out.String(stream.table_name);
  out.Key("KeySchema");
  out.RawValue(stream.key_schema.data(), stream.key_schema.size(), rapidjson::kArrayType);
  out.Key("Shards");
  out.StartArray();
  // An ExclusiveStartShardId that names no shard of the stream lists nothing (as DynamoDB does).
  bool started = start.empty();
  size_t written = 0;
  bool more = false;
  std::string last;
  for (const auto& shard : shards) {
    if (!started) {
      started = shard.shard_id == start;
      continue;
    }
    if (filter && shard.parent_shard_id != child_of) continue;
    if (written == limit) {
      more = true;
      break;
    }
    write_shard(out, shard);
    last = shard.shard_id;
    ++written;
  }
  out.EndArray();
  if (more) {
    out.Key("LastEvaluatedShardId");
    out.String(last);
  }
  out.EndObject();
  out.EndObject();
}

}  // namespace dynemu::api
