// Expression evaluation: condition type semantics, projection, and the update applier.
#include <gtest/gtest.h>

#include <string>

#include "expr/expression.h"
#include "model/api_error.h"
#include "model/json_codec.h"

namespace dynemu::expr {
namespace {

rapidjson::Document parse_json(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  EXPECT_FALSE(d.HasParseError()) << json;
  return d;
}

model::Item item(const std::string& json) { return model::decode_item(parse_json(json)); }
std::string text(const model::Item& i) { return model::item_to_json(i); }

// Values are given as one DynamoDB JSON object {":v": {...}, ...}.
ExpressionAttributes attrs_with(const std::string& values_json) {
  model::Item values = item(values_json);
  std::vector<std::pair<std::string, model::AttributeValue>> v(values.begin(), values.end());
  return ExpressionAttributes({{"#n", "n"}}, std::move(v));
}

const char* kItem = R"({
  "s": {"S": "hello"}, "n": {"N": "10"}, "b": {"B": "AAEC"}, "t": {"BOOL": true}, "z": {"NULL": true},
  "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": ["AAE="]},
  "l": {"L": [{"S": "x"}, {"N": "2"}, {"M": {"deep": {"S": "d"}}}]},
  "m": {"M": {"k": {"S": "v"}, "inr": {"M": {"q": {"N": "1"}}}}}
})";

const char* kValues = R"({
  ":hello": {"S": "hello"}, ":he": {"S": "he"}, ":ell": {"S": "ell"}, ":ten": {"N": "10"}, ":tenf": {"N": "10.000"},
  ":nine": {"N": "9"}, ":eleven": {"N": "11"}, ":tens": {"S": "10"}, ":a": {"S": "a"}, ":x": {"S": "x"},
  ":two": {"N": "2"}, ":twofive": {"N": "2.5"}, ":five": {"N": "5"}, ":three": {"N": "3"},
  ":ssrev": {"SS": ["b", "a"]}, ":typeSS": {"S": "SS"}, ":typeN": {"S": "N"}, ":b01": {"B": "AAE="},
  ":b1": {"B": "AQ=="}, ":hi": {"S": "hi"}, ":true": {"BOOL": true}, ":v": {"S": "v"}, ":one": {"N": "1"},
  ":lx": {"L": [{"S": "x"}]}, ":big": {"S": "z"}, ":empty": {"S": ""}
})";

struct EvalCase {
  std::string condition;
  bool expected;
};

void PrintTo(const EvalCase& c, std::ostream* os) { *os << "\"" << c.condition << "\" is " << std::boolalpha << c.expected; }

class EvalTable : public ::testing::TestWithParam<EvalCase> {};

TEST_P(EvalTable, Evaluates) {
  const EvalCase& c = GetParam();
  ExpressionAttributes a = attrs_with(kValues);
  Condition cond = parse_condition(c.condition, a);
  EXPECT_EQ(evaluate(cond, item(kItem)), c.expected) << c.condition;
}

INSTANTIATE_TEST_SUITE_P(TypeSemantics, EvalTable, ::testing::Values(
    EvalCase{"s = :hello", true},
    EvalCase{"n = :tenf", true},           // numbers compare numerically
    EvalCase{"n = :tens", false},          // different types: false, not an error
    EvalCase{"n <> :tens", true},
    EvalCase{"absent <> :tens", true},
    EvalCase{"absent = :tens", false},
    EvalCase{"n < :eleven", true},
    EvalCase{"n > :nine AND n >= :ten AND n <= :ten", true},
    EvalCase{"s < :tens", false},          // "hello" vs "10": bytewise, 'h' > '1'
    EvalCase{"s > :tens", true},
    EvalCase{"s < :ten", false},           // S vs N: not comparable
    EvalCase{"s > :ten", false},
    EvalCase{"b > :b01", true},            // 00 01 02 vs 00 01: longer is greater
    EvalCase{"b >= :b01", true},
    EvalCase{"b < :b1", true},             // bytes compare unsigned
    EvalCase{"n BETWEEN :nine AND :eleven", true},
    EvalCase{"n BETWEEN :nine AND :nine", false},
    EvalCase{"s BETWEEN :he AND :hi", true},
    EvalCase{"n IN (:nine, :tenf)", true},
    EvalCase{"n IN (:nine, :tens)", false},
    EvalCase{"ss = :ssrev", true},         // sets are unordered
    EvalCase{"attribute_exists(m.inr.q) AND attribute_not_exists(m.inr.r)", true},
    EvalCase{"attribute_exists(l[2].deep) AND attribute_not_exists(l[3])", true},
    EvalCase{"attribute_exists(s.x)", false},
    EvalCase{"attribute_type(ss, :typeSS) AND attribute_type(n, :typeN)", true},
    EvalCase{"attribute_type(s, :typeN)", false},
    EvalCase{"begins_with(s, :he) AND NOT begins_with(s, :ell)", true},
    EvalCase{"begins_with(b, :b01)", true},
    EvalCase{"begins_with(n, :he)", false},
    EvalCase{"contains(s, :ell) AND contains(ss, :a) AND contains(ns, :twofive) AND contains(l, :x)", true},
    EvalCase{"contains(bs, :b01)", true},
    EvalCase{"contains(ss, :x) OR contains(ns, :a) OR contains(n, :one)", false},
    EvalCase{"contains(l, :lx)", false},
    EvalCase{"size(s) = :five AND size(ss) = :two AND size(l) = :three AND size(m) = :two", true},
    EvalCase{"size(b) = :three AND size(ns) = :two", true},
    EvalCase{"size(n) = :two OR size(n) < :two", false},  // numbers have no size
    EvalCase{"size(absent) >= :one", false},
    EvalCase{"m.k = :v AND l[0] = :x AND #n = :ten", true},
    EvalCase{"NOT (s = :hello OR n = :one)", false},
    EvalCase{"(s = :hello OR n = :one) AND t = :true", true}));

// ---------------------------------------------------------------------------------------------

std::string projected(const std::string& projection) {
  ExpressionAttributes a = attrs_with("{}");
  return text(project(item(kItem), parse_projection(projection, a)));
}

TEST(Projection, NestedPathsAndListIndexes) {
  EXPECT_EQ(projected("s"), R"({"s":{"S":"hello"}})");
  EXPECT_EQ(projected("m.k, m.inr.q"), R"({"m":{"M":{"inr":{"M":{"q":{"N":"1"}}},"k":{"S":"v"}}}})");
  EXPECT_EQ(projected("l[2].deep, l[0]"), R"({"l":{"L":[{"S":"x"},{"M":{"deep":{"S":"d"}}}]}})");
  EXPECT_EQ(projected("l[7], absent, s.x, m.nope"), "{}");
  EXPECT_EQ(projected("#n"), R"({"n":{"N":"10"}})");
}

// ---------------------------------------------------------------------------------------------

std::string updated(const std::string& start, const std::string& expression, const std::string& values = kValues) {
  ExpressionAttributes a = attrs_with(values);
  UpdateActions actions = parse_update(expression, a);
  return text(apply_update(item(start), actions).item);
}

std::string update_error(const std::string& start, const std::string& expression,
                         const std::string& values = kValues) {
  try {
    updated(start, expression, values);
  } catch (const model::ApiError& e) {
    return e.message();
  }
  return "";
}

TEST(UpdateApply, SetArithmeticAndFunctions) {
  EXPECT_EQ(updated(R"({"n":{"N":"10"}})", "SET n = n + :twofive"), R"({"n":{"N":"12.5"}})");
  EXPECT_EQ(updated(R"({"n":{"N":"10"}})", "SET n = n - :eleven"), R"({"n":{"N":"-1"}})");
  EXPECT_EQ(updated("{}", "SET c = if_not_exists(c, :one) + :one"), R"({"c":{"N":"2"}})");
  EXPECT_EQ(updated(R"({"c":{"N":"5"}})", "SET c = if_not_exists(c, :one)"), R"({"c":{"N":"5"}})");
  EXPECT_EQ(updated(R"({"l":{"L":[{"S":"a"}]}})", "SET l = list_append(l, :lx)"),
            R"({"l":{"L":[{"S":"a"},{"S":"x"}]}})");
  EXPECT_EQ(updated(R"({"l":{"L":[{"S":"a"}]}})", "SET l = list_append(:lx, l)"),
            R"({"l":{"L":[{"S":"x"},{"S":"a"}]}})");
  // Right-hand sides read the original item: a swap works.
  EXPECT_EQ(updated(R"({"a":{"S":"1"},"b":{"S":"2"}})", "SET a = b, b = a"), R"({"a":{"S":"2"},"b":{"S":"1"}})");
}

TEST(UpdateApply, NestedSetRemoveAndListIndexes) {
  const std::string start = R"({"m":{"M":{"k":{"S":"v"}}},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]}})";
  EXPECT_EQ(updated(start, "SET m.added = :x"),
            R"({"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]},"m":{"M":{"added":{"S":"x"},"k":{"S":"v"}}}})");
  EXPECT_EQ(updated(start, "SET l[1] = :x, l[9] = :a"),
            R"({"l":{"L":[{"S":"a"},{"S":"x"},{"S":"c"},{"S":"a"}]},"m":{"M":{"k":{"S":"v"}}}})");
  EXPECT_EQ(updated(start, "REMOVE l[0], l[2], m.k, absent, m.nope"), R"({"l":{"L":[{"S":"b"}]},"m":{"M":{}}})");
  EXPECT_EQ(update_error(start, "SET nope.x = :x"),
            "The document path provided in the update expression is invalid for update");
  EXPECT_EQ(update_error(start, "SET l.x = :x"),
            "The document path provided in the update expression is invalid for update");
  EXPECT_EQ(update_error(start, "SET a = absent"),
            "The provided expression refers to an attribute that does not exist in the item");
}

TEST(UpdateApply, SharedMapsAreNotMutatedThroughCopies) {
  model::Item original = item(R"({"m":{"M":{"k":{"S":"v"}}}})");
  ExpressionAttributes a = attrs_with(kValues);
  UpdateResult r = apply_update(original, parse_update("SET m.k = :x", a));
  EXPECT_EQ(text(original), R"({"m":{"M":{"k":{"S":"v"}}}})");
  EXPECT_EQ(text(r.item), R"({"m":{"M":{"k":{"S":"x"}}}})");
  ASSERT_EQ(r.paths.size(), 1u);
  EXPECT_EQ(path_to_string(r.paths[0]), "[m, k]");
}

TEST(UpdateApply, AddAndDelete) {
  EXPECT_EQ(updated("{}", "ADD n :five, ss :ssrev"), R"({"n":{"N":"5"},"ss":{"SS":["b","a"]}})");
  EXPECT_EQ(updated(R"({"n":{"N":"1.5"}})", "ADD n :five"), R"({"n":{"N":"6.5"}})");
  EXPECT_EQ(updated(R"({"s":{"SS":["a","c"]}})", "ADD s :ssrev"), R"({"s":{"SS":["a","c","b"]}})");
  EXPECT_EQ(updated(R"({"s":{"NS":["3"]}})", "ADD s :ns", R"({":ns":{"NS":["1","3"]}})"), R"({"s":{"NS":["1","3"]}})");
  EXPECT_EQ(updated(R"({"s":{"SS":["a","b","c"]}})", "DELETE s :ssrev"), R"({"s":{"SS":["c"]}})");
  EXPECT_EQ(updated(R"({"s":{"SS":["a","b"]},"k":{"S":"x"}})", "DELETE s :ssrev"), R"({"k":{"S":"x"}})");
  EXPECT_EQ(updated(R"({"k":{"S":"x"}})", "DELETE s :ssrev"), R"({"k":{"S":"x"}})");
  EXPECT_EQ(update_error(R"({"n":{"S":"x"}})", "ADD n :five"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(update_error(R"({"s":{"NS":["1"]}})", "DELETE s :ssrev"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(update_error(R"({"n":{"S":"x"}})", "SET n = n + :one"),
            "An operand in the update expression has an incorrect data type");
}

TEST(UpdateApply, NumberOverflowAndPrecision) {
  const std::string values = R"({":max":{"N":"9.9999999999999999999999999999999999999E+125"},
      ":tiny":{"N":"1E-130"}, ":one":{"N":"1"}, ":d38":{"N":"12345678901234567890123456789012345678"}})";
  EXPECT_EQ(update_error(R"({"n":{"N":"9.9999999999999999999999999999999999999E+125"}})", "SET n = n + :max", values),
            "Number overflow. Attempting to store a number with magnitude larger than supported range");
  EXPECT_EQ(update_error(R"({"n":{"N":"1E-130"}})", "SET n = n - :tiny", values), "");
  EXPECT_EQ(update_error(R"({"n":{"N":"12345678901234567890123456789012345678"}})", "ADD n :tiny", values),
            "Attempting to store more than 38 significant digits in a Number");
  EXPECT_EQ(updated(R"({"n":{"N":"12345678901234567890123456789012345678"}})", "ADD n :one", values),
            R"({"n":{"N":"12345678901234567890123456789012345679"}})");
}

}  // namespace
}  // namespace dynemu::expr
