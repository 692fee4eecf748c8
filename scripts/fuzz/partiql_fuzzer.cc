// libFuzzer target: the PartiQL tokenizer, parser and planner on arbitrary statement text.
//
// Input: the statement text. Three parameters are bound (S, N, L), so `?` markers are exercised;
// most inputs then fail the count check, which is fine — it runs after the whole parse. A parse
// either succeeds (then the statement is planned against a composite key, its WHERE evaluated and
// its updates applied to a fixed item) or throws model::ApiError with status 400; anything else —
// a crash, a sanitizer report, another exception, deep recursion — is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include <rapidjson/document.h>

#include "expr/expression.h"
#include "model/api_error.h"
#include "model/json_codec.h"
#include "partiql/partiql.h"

namespace {

using namespace dynemu;

const model::Item& item() {
  static const model::Item i = [] {
    rapidjson::Document d;
    d.Parse(R"({"pk":{"S":"a"},"sk":{"N":"1"},"n":{"N":"5"},"l":{"L":[{"N":"1"},{"M":{"a":{"SS":["q"]}}}]},)"
            R"("m":{"M":{"a":{"M":{"b":{"N":"9.5"}}}}},"ss":{"SS":["a"]},"z":{"NULL":true}})");
    return model::decode_item(d);
  }();
  return i;
}

const std::vector<model::AttributeValue>& parameters() {
  static const std::vector<model::AttributeValue> p = {
      model::AttributeValue::string("a"), model::AttributeValue::number(*model::Number::parse("1", nullptr)),
      model::AttributeValue::list_of({model::AttributeValue::boolean_value(true)})};
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > partiql::kMaxStatementLength) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (size_t count : {size_t{0}, parameters().size()}) {
    try {
      const std::vector<model::AttributeValue> params(parameters().begin(), parameters().begin() + count);
      const partiql::Statement s = partiql::parse(text, params);
      partiql::KeyNames key;
      key.hash = "pk";
      key.range = "sk";
      key.range_type = model::AttrType::N;
      if (s.type == partiql::Statement::Type::kSelect) (void)partiql::plan_select(s, key);
      if (s.where) {
        (void)expr::evaluate(*s.where, item());
        (void)expr::evaluate(*s.where, model::Item{});
      }
      if (s.is_write() && s.type != partiql::Statement::Type::kInsert) (void)partiql::plan_key(s, key);
      if (!s.updates.empty()) (void)expr::apply_update(item(), s.updates);
      if (!s.projection.empty()) (void)expr::project(item(), s.projection);
    } catch (const model::ApiError& e) {
      if (e.status() != 400) __builtin_trap();
    }
  }
  return 0;
}
