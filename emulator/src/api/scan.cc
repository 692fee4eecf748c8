// Scan: validate → walk the table (or index) in its stable scan order, one segment of a parallel
// scan if asked → one page with DynamoDB's paging rules → respond.
#include "api/capacity.h"
#include "api/constraints.h"
#include "api/operation.h"
#include "api/read_pages.h"
#include "api/read_request.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

constexpr int kMaxTotalSegments = 1000000;

const Shape& request_shape() {
  static const Shape& s = read_request_shape("ScanInput", "ScanFilter", {
      {"TotalSegments", &Shape::integer()},
      {"Segment", &Shape::integer()},
  });
  return s;
}

}  // namespace

void scan(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  ConstraintErrors errors;
  const ReadOptions options = check_read_request(errors, request, request_shape());
  const std::string& select = options.select;
  const std::string& capacity = options.capacity;
  const rapidjson::Value* segment_json = member(request, "Segment");
  const rapidjson::Value* total_json = member(request, "TotalSegments");
  if (segment_json && segment_json->GetInt() < 0)
    errors.add(quoted(std::to_string(segment_json->GetInt())), "segment",
               "Member must have value greater than or equal to 0");
  if (segment_json && segment_json->GetInt() > kMaxTotalSegments - 1)
    errors.add(quoted(std::to_string(segment_json->GetInt())), "segment",
               "Member must have value less than or equal to 999999");
  if (total_json && total_json->GetInt() < 1)
    errors.add(quoted(std::to_string(total_json->GetInt())), "totalSegments",
               "Member must have value greater than or equal to 1");
  if (total_json && total_json->GetInt() > kMaxTotalSegments)
    errors.add(quoted(std::to_string(total_json->GetInt())), "totalSegments",
               "Member must have value less than or equal to 1000000");
  errors.table_name(member(request, "TableName"), "tableName");
  errors.throw_if_any();

  ReadExpressions expressions(request, ReadExpressions::Operation::Scan);
  const rapidjson::Value* start_json = member(request, "ExclusiveStartKey");
  std::optional<model::Item> start_key;
  if (start_json) start_key = decode_start_key(*start_json);
  if (segment_json && !total_json)
    throw model::validation_error(
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
  if (total_json && !segment_json)
    throw model::validation_error(
        "The Segment parameter is required but was not present in the request when parameter TotalSegments is "
        "present");
  store::ScanSpec spec;
  if (segment_json) {
    spec.segment = segment_json->GetInt();
    spec.total_segments = total_json->GetInt();
    if (spec.segment >= spec.total_segments)
      throw model::validation_error("The Segment parameter is zero-based and must be less than parameter "
                                    "TotalSegments: Segment: " + std::to_string(spec.segment) +
                                    " is out of bounds for TotalSegments: " + std::to_string(spec.total_segments));
  }
  const rapidjson::Value* consistent_json = member(request, "ConsistentRead");
  const bool consistent = consistent_json && consistent_json->GetBool();
  const rapidjson::Value* limit_json = member(request, "Limit");

  auto session = ctx.store.read();
  const int64_t now = ctx.clock.now_ms();
  auto target = resolve_target(require_active_table(session, string_member(request, "TableName"), now),
                               string_member(request, "IndexName"), consistent, now);
  spec.index = target.index;
  PageRequest page_request;
  page_request.select = resolve_select(target, select, member(request, "AttributesToGet") != nullptr,
                                       expressions.has_projection_expression(), expressions.requested_attributes());
  expressions.finish(page_request);
  if (limit_json) page_request.limit = limit_json->GetInt();
  if (start_key)
    spec.start_after = start_position(target, *start_key,
                                      target.index ? "The provided starting key is invalid"
                                                   : "The provided starting key is invalid: The provided key element "
                                                     "does not match the schema");
  if (spec.start_after) check_scan_start(*spec.start_after, spec.segment, spec.total_segments);

  PageResult page = read_page(target, page_request, [&](const store::RowVisitor& visit) {
    session.scan(*target.schema, spec, visit);
  });
  out.StartObject();
  write_page(out, target, page, page_request.select, parse_capacity_detail(capacity), consistent);
  out.EndObject();
}

}  // namespace dynemu::api
