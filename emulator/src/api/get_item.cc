// GetItem: validate → read one item by its key → respond.
#include "api/capacity.h"
#include "api/constraints.h"
#include "api/expression_params.h"
#include "api/item_keys.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("GetItemInput", {
      {"TableName", &Shape::string()},
      {"Key", &Shape::item()},
      {"AttributesToGet", &Shape::list_of(Shape::string())},
      {"ConsistentRead", &Shape::boolean()},
      {"ReturnConsumedCapacity", &Shape::string()},
      {"ProjectionExpression", &Shape::string()},
      {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
  });
  return s;
}

}  // namespace

void get_item(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  const rapidjson::Value* key_json = member(request, "Key");
  errors.table_name(member(request, "TableName"), "tableName");
  if (!key_json) errors.not_null("key");
  if (const rapidjson::Value* to_get = member(request, "AttributesToGet"); to_get && to_get->Empty())
    errors.add("[]", "attributesToGet", "Member must have length greater than or equal to 1");
  errors.throw_if_any();

  check_expression_usage(request, {"ProjectionExpression"}, {"AttributesToGet"});
  model::Item key = model::decode_item(*key_json);
  expr::ExpressionAttributes attrs = read_expression_attributes(request);
  std::vector<expr::Path> projection;
  if (auto text = expression_member(request, "ProjectionExpression")) projection = expr::parse_projection(*text, attrs);
  else projection = attributes_to_get_paths(request);
  attrs.check_all_used();
  const rapidjson::Value* consistent_json = member(request, "ConsistentRead");
  const bool consistent = consistent_json && consistent_json->GetBool();
  const std::string table_name = string_member(request, "TableName");

  std::optional<store::StoredItem> found;
  {
    auto session = ctx.store.read();
    auto schema = require_active_table(session, table_name, ctx.clock.now_ms());
    auto encoded = key_from_request(*schema, key);
    found = session.get_item(*schema, encoded.pk, encoded.sk);
  }

  out.StartObject();
  size_t size = 0;
  if (found) {
    record_items_read(1);
    out.Key("Item");
    if (projection.empty()) {
      // The stored text is canonical DynamoDB JSON: splice it in without re-encoding.
      out.RawValue(found->json.data(), found->json.size(), rapidjson::kObjectType);
    } else {
      model::encode_item(expr::project(model::item_from_json(found->json), projection), out);
    }
    size = static_cast<size_t>(found->size);
  }
  write_consumed_capacity(out, parse_capacity_detail(capacity), table_name, read_units(size, consistent), true);
  out.EndObject();
}

}  // namespace dynemu::api
