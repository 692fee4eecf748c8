// libFuzzer target: the expression parser and evaluators on arbitrary text.
//
// Input: the first byte picks the expression kind, the rest is the expression. Names #a..#c and
// values :s :n :l :m :ss :ns :b are defined. A parse either succeeds (then the result is evaluated,
// projected or applied to a fixed item) or throws model::ApiError; anything else — a crash, a
// sanitizer report, another exception, deep recursion — is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include <rapidjson/document.h>

#include "expr/expression.h"
#include "model/api_error.h"
#include "model/json_codec.h"

namespace {

using namespace dynemu;

model::Item decode(const char* json) {
  rapidjson::Document d;
  d.Parse(json);
  return model::decode_item(d);
}

const model::Item& values() {
  static const model::Item v = decode(
      R"({":s":{"S":"x"},":n":{"N":"5"},":l":{"L":[{"N":"1"}]},":m":{"M":{"a":{"S":"b"}}},)"
      R"(":ss":{"SS":["a","b"]},":ns":{"NS":["1","2"]},":b":{"B":"AAE="}})");
  return v;
}

const model::Item& item() {
  static const model::Item i = decode(
      R"({"a":{"N":"1"},"b":{"S":"xyz"},"c":{"L":[{"N":"1"},{"M":{"a":{"SS":["q"]}}}]},)"
      R"("m":{"M":{"a":{"M":{"b":{"N":"9.5"}}}}},"ss":{"SS":["a"]},"ns":{"NS":["3"]}})");
  return i;
}

expr::ExpressionAttributes attributes() {
  std::vector<std::pair<std::string, model::AttributeValue>> v(values().begin(), values().end());
  return expr::ExpressionAttributes({{"#a", "a"}, {"#b", "b"}, {"#c", "c"}}, std::move(v));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  expr::ExpressionAttributes attrs = attributes();
  try {
    switch (data[0] % 5) {
      case 0:
      case 1: {
        expr::Condition c = expr::parse_condition(text, attrs, data[0] % 5 ? expr::Kind::kFilter : expr::Kind::kCondition);
        (void)expr::evaluate(c, item());
        (void)expr::evaluate(c, model::Item{});
        break;
      }
      case 2:
        (void)expr::project(item(), expr::parse_projection(text, attrs));
        break;
      case 3: {
        expr::UpdateActions actions = expr::parse_update(text, attrs);
        try {
          (void)expr::apply_update(item(), actions);
        } catch (const model::ApiError&) {
        }
        (void)expr::apply_update(model::Item{}, actions);
        break;
      }
      case 4: {
        expr::KeyCondition kc = expr::parse_key_condition(text, attrs);
        (void)expr::bind_key_condition(kc, "a", model::AttrType::N, "b", model::AttrType::S);
        break;
      }
    }
    attrs.check_all_used();
  } catch (const model::ApiError& e) {
    if (e.status() != 400) __builtin_trap();
  }
  return 0;
}
