#include "api/stream_requests.h"

#include "api/table_description.h"

namespace dynemu::api {

void stream_arn_constraint(ConstraintErrors& errors, const rapidjson::Value& request, const char* name,
                           std::string_view path, bool required) {
  const rapidjson::Value* v = member(request, name);
  if (!v) {
    if (required) errors.not_null(path);
    return;
  }
  errors.string_length(std::string(v->GetString(), v->GetStringLength()), path, 37, 1024);
}

void require_well_formed_arn(const std::string& arn) {
  if (!streams::well_formed_stream_arn(arn)) throw model::validation_error("Invalid StreamArn");
}

void throw_stream_not_found(const std::string& arn) {
  throw model::resource_not_found("Requested resource not found: Stream: " + arn + " not found");
}

store::StreamRow require_stream(OperationContext& ctx, store::Session& session, const std::string& arn, int64_t now) {
  auto stream = session.find_stream(arn);
  if (!stream || !streams::sync_stream(session, *stream, stream_settings(ctx.settings), now))
    throw_stream_not_found(arn);
  return *stream;
}

}  // namespace dynemu::api
