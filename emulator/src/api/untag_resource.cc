// UntagResource: removes tags by key from a table addressed by its ARN. Validate (JSON types →
// null members → the ARN's form → at least one key, at most 50 → each key's form, tags.h) → the
// table (as TagResource finds it) → save. A key the table does not have is no error. The answer
// is an empty object.
#include <algorithm>

#include "api/constraints.h"
#include "api/tags.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure(
      "UntagResourceInput", {{"ResourceArn", &Shape::string()}, {"TagKeys", &Shape::list_of(Shape::string())}});
  return s;
}

}  // namespace

void untag_resource(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  const std::string arn = validate_resource_arn_request(request, request_shape(), "TagKeys", "tagKeys");
  const rapidjson::Value& keys = *member(request, "TagKeys");
  if (keys.Empty()) throw model::validation_error("Atleast one Tag Key needs to be provided as Input.");
  check_tag_count(keys.Size());
  std::vector<std::string> removed;
  for (const auto& key : keys.GetArray()) {
    validate_tag_key(key.IsNull() ? nullptr : &key);
    removed.emplace_back(key.GetString(), key.GetStringLength());
  }
  change_tags(ctx, arn, [&removed](std::vector<Tag> tags) {
    tags.erase(std::remove_if(tags.begin(), tags.end(),
                              [&](const Tag& t) {
                                return std::find(removed.begin(), removed.end(), t.key) != removed.end();
                              }),
               tags.end());
    return tags;
  });
  out.StartObject();
  out.EndObject();
}

}  // namespace dynemu::api
