// TransactGetItems: validate → read every item under one session (a serializable snapshot) →
// respond with one entry per action, in action order ({} for an item that does not exist).
#include <set>

#include "api/expression_params.h"
#include "api/capacity.h"
#include "api/constraints.h"
#include "api/item_keys.h"
#include "api/operation.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {

constexpr size_t kMaxActions = 100;

const Shape& request_shape() {
  static const Shape& get = Shape::structure("Get", {
      {"TableName", &Shape::string()},
      {"Key", &Shape::item()},
      {"ProjectionExpression", &Shape::string()},
      {"ExpressionAttributeNames", &Shape::map_of(Shape::string())},
  });
  static const Shape& item = Shape::structure("TransactGetItem", {{"Get", &get}});
  static const Shape& s = Shape::structure("TransactGetItemsInput", {
      {"TransactItems", &Shape::list_of(item)},
      {"ReturnConsumedCapacity", &Shape::string()},
  });
  return s;
}

struct GetAction {
  std::string table;
  model::Item key;
  std::vector<expr::Path> projection;  // empty: the whole item
};

}  // namespace

void transact_get_items(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string capacity = string_member(request, "ReturnConsumedCapacity", "NONE");
  const rapidjson::Value* items = member(request, "TransactItems");
  errors.enum_value(capacity, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  if (errors.list_length(items, "transactItems", 1, kMaxActions)) {
    int n = 0;
    for (const auto& ti : items->GetArray()) {
      ++n;
      const std::string path = "transactItems." + std::to_string(n) + ".member.get";
      const rapidjson::Value* get = member(ti, "Get");
      if (!get) {
        errors.not_null(path);
        continue;
      }
      if (!member(*get, "Key")) errors.not_null(path + ".key");
      errors.table_name(member(*get, "TableName"), path + ".tableName");
    }
  }
  errors.throw_if_any();

  std::vector<GetAction> actions;
  for (const auto& ti : items->GetArray()) {
    const rapidjson::Value& get = *member(ti, "Get");
    check_expression_usage(get, {"ProjectionExpression"}, {});
    expr::ExpressionAttributes attrs = read_expression_attributes(get);
    GetAction a{string_member(get, "TableName"), model::decode_item(*member(get, "Key")), {}};
    if (auto text = expression_member(get, "ProjectionExpression")) a.projection = expr::parse_projection(*text, attrs);
    attrs.check_all_used();
    actions.push_back(std::move(a));
  }

  std::vector<std::optional<store::StoredItem>> found;
  CapacityTally tally;
  {
    auto session = ctx.store.read();
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    std::vector<std::shared_ptr<const store::TableSchema>> schemas;
    std::vector<EncodedKey> keys;
    for (const auto& a : actions) {
      schemas.push_back(require_active_table(session, a.table, ctx.clock.now_ms()));
      keys.push_back(key_from_request(*schemas.back(), a.key));
      if (!seen.insert({a.table, keys.back().pk, keys.back().sk}).second)
        throw model::validation_error("Transaction request cannot include multiple operations on one item");
    }
    for (size_t i = 0; i < actions.size(); ++i) {
      found.push_back(session.get_item(*schemas[i], keys[i].pk, keys[i].sk));
      // A transactional read costs twice a strongly consistent one.
      const size_t size = found.back() ? static_cast<size_t>(found.back()->size) : 0;
      tally.add_table(actions[i].table, 2 * read_units(size, true));
    }
  }

  out.StartObject();
  tally.write_list(out, parse_capacity_detail(capacity));
  out.Key("Responses");
  out.StartArray();
  for (size_t i = 0; i < found.size(); ++i) {
    const auto& f = found[i];
    out.StartObject();
    if (f) {
      record_items_read(1);
      out.Key("Item");
      if (actions[i].projection.empty())
        out.RawValue(f->json.data(), f->json.size(), rapidjson::kObjectType);
      else
        model::encode_item(expr::project(model::item_from_json(f->json), actions[i].projection), out);
    }
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
}

}  // namespace dynemu::api
