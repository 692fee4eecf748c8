// ExecuteStatement: one PartiQL statement. A SELECT runs as its plan says (a Query per partition
// key value, or a Scan) with Query's paging rules, continued by NextToken; a write runs as
// PutItem / UpdateItem / DeleteItem do, in one write session.
#include "api/access_recording.h"
#include "api/capacity.h"
#include "api/conditional_write.h"
#include "api/constraints.h"
#include "api/item_collections.h"
#include "api/key_conditions.h"
#include "api/operation.h"
#include "api/partiql_statements.h"
#include "api/read_pages.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"
#include "model/json_codec.h"
#include "model/key_codec.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("ExecuteStatementInput", {
      {"Statement", &Shape::string()},
      {"Parameters", &parameters_shape()},
      {"ConsistentRead", &Shape::boolean()},
      {"NextToken", &Shape::string()},
      {"ReturnConsumedCapacity", &Shape::string()},
      {"Limit", &Shape::integer()},
      {"ReturnValuesOnConditionCheckFailure", &Shape::string()},
  });
  return s;
}

const char* const kInvalidToken = "The provided NextToken is invalid";

// NextToken: base64 of {"p": the partition (index into the plan's partitions), "k": where the
// read stopped in it (a LastEvaluatedKey), absent when the partition is to be read from its start}.
std::string make_token(size_t partition, const std::optional<model::Item>& key) {
  rapidjson::StringBuffer buf;
  model::JsonWriter w(buf);
  w.StartObject();
  w.Key("p");
  w.Uint64(partition);
  if (key) {
    w.Key("k");
    model::encode_item(*key, w);
  }
  w.EndObject();
  return model::base64_encode(std::string_view(buf.GetString(), buf.GetSize()));
}

struct Position {
  size_t partition = 0;
  std::optional<model::Item> key;
};

Position read_token(const std::string& token) {
  std::string json;
  if (!model::base64_decode(token, &json)) throw model::validation_error(kInvalidToken);
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("p") || !d["p"].IsUint64())
    throw model::validation_error(kInvalidToken);
  Position p;
  p.partition = d["p"].GetUint64();
  if (d.HasMember("k")) {
    if (!d["k"].IsObject()) throw model::validation_error(kInvalidToken);
    p.key = model::decode_item(d["k"]);
  }
  return p;
}

store::SortKeyRange range_of(const std::optional<expr::KeyPredicate>& sort) {
  if (!sort) return {};
  using K = expr::KeyPredicate::Op;
  static const char* const kOps[] = {"EQ", "LT", "LE", "GT", "GE", "BETWEEN", "BEGINS_WITH"};
  static_assert(static_cast<int>(K::kBeginsWith) == 6);
  return sort_range_of(kOps[static_cast<int>(sort->op)], sort->values);
}

void select(OperationContext& ctx, const partiql::Statement& statement, const rapidjson::Value& request,
            CapacityDetail detail, model::JsonWriter& out) {
  const rapidjson::Value* consistent_json = member(request, "ConsistentRead");
  const bool consistent = consistent_json && consistent_json->GetBool();
  const rapidjson::Value* limit_json = member(request, "Limit");
  const std::string token = string_member(request, "NextToken");

  auto session = ctx.store.read();
  const int64_t now = ctx.clock.now_ms();
  ReadTarget target = resolve_target(require_active_table(session, statement.table, now), statement.index,
                                     consistent, now);
  const store::KeySchema& key = target.index ? target.index->key : target.schema->key;
  // A multi-attribute index key is read as a scan of the index with the whole WHERE as its filter
  // (the planner knows single-attribute keys only): correct results, not a keyed read.
  partiql::ReadPlan plan = partiql::plan_select(statement, key.multi_attribute() ? partiql::KeyNames{} : key_names(key));
  record_access(target.schema->name, statement.index, plan.scan ? Access::kScan : Access::kQuery);

  std::vector<std::string> requested;
  for (const auto& p : statement.projection) requested.push_back(p[0].name);
  PageRequest page_request;
  page_request.select = resolve_select(target, "", false, !statement.select_all, requested);
  if (plan.filter) {
    const expr::Condition filter = *plan.filter;
    page_request.filter = [filter](const model::Item& item) { return expr::evaluate(filter, item); };
  }
  if (!statement.select_all) {
    const auto paths = statement.projection;
    page_request.project = [paths](const model::Item& item) { return expr::project(item, paths); };
  }
  Position position;
  if (!token.empty()) position = read_token(token);
  const size_t reads = plan.scan ? 1 : plan.partitions.size();
  if (position.partition > reads || (position.partition == reads && reads > 0))
    throw model::validation_error(kInvalidToken);

  PageResult total;
  std::optional<Position> next;
  const store::SortKeyRange range = range_of(plan.sort);
  for (size_t i = position.partition; i < reads; ++i) {
    PageRequest part = page_request;
    if (limit_json) part.limit = limit_json->GetInt() - total.scanned;
    std::optional<store::RowPosition> start;
    if (i == position.partition && position.key)
      start = start_position(target, *position.key, "The provided starting key is invalid");
    PageResult page;
    if (plan.scan) {
      store::ScanSpec spec;
      spec.index = target.index;
      spec.start_after = start;
      page = read_page(target, part, [&](const store::RowVisitor& v) { session.scan(*target.schema, spec, v); });
    } else {
      store::QuerySpec spec;
      spec.index = target.index;
      spec.partition = model::encode_key(plan.partitions[i]);
      spec.range = range;
      spec.forward = plan.forward;
      spec.start_after = start;
      if (start) check_query_start(target, *start, spec.partition, spec.range, spec.forward);
      page = read_page(target, part, [&](const store::RowVisitor& v) { session.query(*target.schema, spec, v); });
    }
    for (auto& item : page.items) total.items.push_back(std::move(item));
    total.count += page.count;
    total.scanned += page.scanned;
    total.bytes_read += page.bytes_read;
    total.index_bytes += page.index_bytes;
    total.fetched_blocks += page.fetched_blocks;
    if (page.last_evaluated_key) {
      next = Position{i, page.last_evaluated_key};
      break;
    }
    const bool limit_reached = limit_json && total.scanned >= limit_json->GetInt();
    if ((limit_reached || total.bytes_read >= kMaxPageBytes) && i + 1 < reads) {
      next = Position{i + 1, std::nullopt};
      break;
    }
  }

  out.Key("Items");
  out.StartArray();
  for (const auto& json : total.items) out.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  out.EndArray();
  record_items_read(total.scanned);
  if (next) {
    out.Key("NextToken");
    out.String(make_token(next->partition, next->key));
    if (next->key) {
      out.Key("LastEvaluatedKey");
      model::encode_item(*next->key, out);
    }
  }
  write_read_capacity(out, target, total.index_bytes, detail, consistent, total.fetched_blocks);
}

void write(OperationContext& ctx, const partiql::Statement& statement, bool return_item_on_failure,
           CapacityDetail detail, model::JsonWriter& out) {
  auto session = ctx.store.write(ctx.clock.now_ms());
  const PreparedWrite w = prepare_write(session, statement, return_item_on_failure, ctx.clock.now_ms());
  if (w.new_row)
    check_collection_limit(session, *w.schema, w.key.pk, w.new_row->size - (w.old ? w.old->size : 0),
                           ctx.settings.max_item_collection_bytes);
  apply_write(session, w);
  session.commit();
  out.Key("Items");
  out.StartArray();
  if (auto item = returned_item(statement, w)) model::encode_item(*item, out);
  out.EndArray();
  write_item_write_capacity(out, detail, *w.schema, w.old, w.new_row ? &*w.new_row : nullptr);
}

}  // namespace

void execute_statement(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  const std::string on_failure = string_member(request, "ReturnValuesOnConditionCheckFailure", "NONE");
  check_statement_members(errors, request, "");
  if (const rapidjson::Value* token = member(request, "NextToken"))
    errors.string_length(std::string(token->GetString(), token->GetStringLength()), "nextToken", 1, 32768);
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  if (const rapidjson::Value* limit = member(request, "Limit"))
    errors.value_range(limit->GetInt64(), "limit", 1, INT32_MAX);
  errors.enum_value(on_failure, "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
  errors.throw_if_any();

  const partiql::Statement statement = read_statement(*member(request, "Statement"), member(request, "Parameters"));
  const CapacityDetail detail = parse_capacity_detail(capacity);
  out.StartObject();
  if (statement.type == partiql::Statement::Type::kSelect) {
    select(ctx, statement, request, detail, out);
  } else if (statement.is_write()) {
    if (member(request, "NextToken") || member(request, "Limit"))
      throw model::validation_error("Limit and NextToken are supported only for SELECT statements");
    write(ctx, statement, on_failure == "ALL_OLD", detail, out);
  } else {
    throw model::validation_error("EXISTS is supported only in ExecuteTransaction");
  }
  out.EndObject();
}

}  // namespace dynemu::api
