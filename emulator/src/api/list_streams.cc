// ListStreams (DynamoDB Streams): the streams of every table, or of one (TableName), in ARN order,
// paged by ExclusiveStartStreamArn and Limit (1 to 100, default 100). Streams disabled more than
// 24 hours ago are gone.
#include "api/stream_requests.h"
#include "api/table_description.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("ListStreamsInput", {{"TableName", &Shape::string()},
                                                                {"Limit", &Shape::integer()},
                                                                {"ExclusiveStartStreamArn", &Shape::string()}});
  return s;
}

constexpr int64_t kMaxLimit = 100;

}  // namespace

void list_streams(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  errors.table_name(member(request, "TableName"), "tableName", false);
  const std::optional<int64_t> limit_given = long_member(request, "Limit");
  errors.value_range(limit_given, "limit", 1, kMaxLimit);
  stream_arn_constraint(errors, request, "ExclusiveStartStreamArn", "exclusiveStartStreamArn", false);
  errors.throw_if_any();
  const std::string table = string_member(request, "TableName");
  const std::string start = string_member(request, "ExclusiveStartStreamArn");
  if (!start.empty()) require_well_formed_arn(start);
  const size_t limit = static_cast<size_t>(limit_given.value_or(kMaxLimit));

  const int64_t now = ctx.clock.now_ms();
  std::vector<store::StreamRow> shown;
  bool more = false;
  {
    auto session = ctx.store.write(now);
    for (auto& stream : session.streams()) {  // ARN order
      if (!table.empty() && stream.table_name != table) continue;
      if (!start.empty() && stream.arn <= start) continue;
      if (!streams::sync_stream(session, stream, stream_settings(ctx.settings), now)) continue;
      if (shown.size() == limit) {
        more = true;
        break;
      }
      shown.push_back(std::move(stream));
    }
    session.commit();
  }

  out.StartObject();
  out.Key("Streams");
  out.StartArray();
  for (const auto& s : shown) {
    out.StartObject();
    out.Key("StreamArn");
    out.String(s.arn);
    out.Key("TableName");
    out.String(s.table_name);
    out.Key("StreamLabel");
    out.String(s.label);
    out.EndObject();
  }
  out.EndArray();
  if (more) {
    out.Key("LastEvaluatedStreamArn");
    out.String(shown.back().arn);
  }
  out.EndObject();
}

}  // namespace dynemu::api
