// TagResource: adds tags to a table addressed by its ARN. Validate (JSON types → null members →
// the ARN's form → at least one tag → every tag, all or nothing, tags.h) → the table (not found
// while it is being created, in use while it is being deleted) → at most 50 tags after the
// change → save. A key the table already has takes the new value. The answer is an empty object.
#include "api/constraints.h"
#include "api/tags.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& tag = Shape::structure("Tag", {{"Key", &Shape::string()}, {"Value", &Shape::string()}});
  static const Shape& s =
      Shape::structure("TagResourceInput", {{"ResourceArn", &Shape::string()}, {"Tags", &Shape::list_of(tag)}});
  return s;
}

}  // namespace

void tag_resource(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  const std::string arn = validate_resource_arn_request(request, request_shape(), "Tags", "tags");
  const rapidjson::Value& requested = *member(request, "Tags");
  if (requested.Empty()) throw model::validation_error("Atleast one Tag needs to be provided as Input.");
  const std::vector<Tag> added = validate_tags(requested);
  change_tags(ctx, arn, [&added](std::vector<Tag> tags) {
    tags = with_tags(std::move(tags), added);
    check_tag_count(tags.size());
    return tags;
  });
  out.StartObject();
  out.EndObject();
}

}  // namespace dynemu::api
