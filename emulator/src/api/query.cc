// Query: validate → key condition to an index range scan on (partition, sort key) → one page with
// DynamoDB's paging rules → respond.
#include "api/capacity.h"
#include "api/constraints.h"
#include "api/key_conditions.h"
#include "api/operation.h"
#include "api/read_pages.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"
#include "api/read_request.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = read_request_shape("QueryInput", "QueryFilter", {
      {"KeyConditions", &Shape::map_of(legacy_condition_shape())},
      {"ScanIndexForward", &Shape::boolean()},
      {"KeyConditionExpression", &Shape::string()},
  });
  return s;
}

}  // namespace

void query(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  ConstraintErrors errors;
  const ReadOptions options = check_read_request(errors, request, request_shape());
  const std::string& select = options.select;
  const std::string& capacity = options.capacity;
  errors.table_name(member(request, "TableName"), "tableName");
  errors.throw_if_any();

  ReadExpressions expressions(request, ReadExpressions::Operation::Query);
  if (!member(request, "KeyConditions") && !expressions.has_key_condition())
    throw model::validation_error(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  const rapidjson::Value* consistent_json = member(request, "ConsistentRead");
  const bool consistent = consistent_json && consistent_json->GetBool();
  const rapidjson::Value* forward_json = member(request, "ScanIndexForward");
  const rapidjson::Value* limit_json = member(request, "Limit");
  const rapidjson::Value* start_json = member(request, "ExclusiveStartKey");
  std::optional<model::Item> start_key;
  if (start_json) start_key = decode_start_key(*start_json);

  auto session = ctx.store.read();
  const int64_t now = ctx.clock.now_ms();
  auto target = resolve_target(require_active_table(session, string_member(request, "TableName"), now),
                               string_member(request, "IndexName"), consistent, now);
  const store::KeySchema& key = target.index ? target.index->key : target.schema->key;
  expressions.check_filter_avoids_key(key);
  store::QuerySpec spec;
  spec.index = target.index;
  spec.forward = !forward_json || forward_json->GetBool();
  QueryKey query_key = member(request, "KeyConditions") ? legacy_key_condition(*member(request, "KeyConditions"), key)
                                                        : expressions.key_condition(key);
  spec.partition = std::move(query_key.partition);
  spec.range = std::move(query_key.range);
  PageRequest page_request;
  page_request.select = resolve_select(target, select, member(request, "AttributesToGet") != nullptr,
                                       expressions.has_projection_expression(), expressions.requested_attributes());
  expressions.finish(page_request);
  if (limit_json) page_request.limit = limit_json->GetInt();
  if (start_key) {
    spec.start_after = start_position(target, *start_key, "The provided starting key is invalid");
    check_query_start(target, *spec.start_after, spec.partition, spec.range, spec.forward);
  }

  PageResult page = read_page(target, page_request, [&](const store::RowVisitor& visit) {
    session.query(*target.schema, spec, visit);
  });
  out.StartObject();
  write_page(out, target, page, page_request.select, parse_capacity_detail(capacity), consistent);
  out.EndObject();
}

}  // namespace dynemu::api
