// ListTagsOfResource: a table's tags, in the order they were first added, a page at a time.
// Validate (JSON types → null ResourceArn → the ARN's form) → the table (not found while it is
// being created; a table being deleted still lists its tags) → the page. A page holds up to
// ApiSettings::list_tags_page_size tags (default 50, DynamoDB's limit per table, so one page
// holds them all); a fuller table ends its page with NextToken, the key of the page's last tag,
// and the next page starts after that key (or from the start if the key was removed meanwhile).
#include "api/table_description.h"
#include "api/tags.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("ListTagsOfResourceInput",
                                           {{"ResourceArn", &Shape::string()}, {"NextToken", &Shape::string()}});
  return s;
}

}  // namespace

void list_tags_of_resource(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  const std::string arn = validate_resource_arn_request(request, request_shape(), nullptr, nullptr);
  const std::string next_token = string_member(request, "NextToken");
  const int64_t now = ctx.clock.now_ms();
  std::vector<Tag> tags;
  {
    auto session = ctx.store.read();
    tags = stored_tags(parse_description(*table_of_arn(ctx, session, arn, now, false)));
  }
  size_t begin = 0;
  if (!next_token.empty())
    for (size_t i = 0; i < tags.size(); ++i)
      if (tags[i].key == next_token) begin = i + 1;
  const size_t page = static_cast<size_t>(std::max(1, ctx.settings.list_tags_page_size));
  const size_t end = std::min(tags.size(), begin + page);

  out.StartObject();
  out.Key("Tags");
  out.StartArray();
  for (size_t i = begin; i < end; ++i) {
    out.StartObject();
    out.Key("Key");
    out.String(tags[i].key);
    out.Key("Value");
    out.String(tags[i].value);
    out.EndObject();
  }
  out.EndArray();
  if (end < tags.size()) {
    out.Key("NextToken");
    out.String(tags[end - 1].key);
  }
  out.EndObject();
}

}  // namespace dynemu::api
