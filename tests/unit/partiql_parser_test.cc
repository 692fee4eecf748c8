// The PartiQL parser: statements → Statement, table-driven; syntax and parameter errors.
#include <gtest/gtest.h>

#include "model/api_error.h"
#include "model/json_codec.h"
#include "partiql/partiql.h"

namespace dynemu::partiql {
namespace {

using model::AttributeValue;

std::string item_json(const model::Item& item) { return model::item_to_json(item); }

struct ParseCase {
  const char* text;
  Statement::Type type;
  const char* table;
  const char* index;
  size_t projection;       // number of projected paths (0: SELECT *)
  bool where;
  size_t updates;
  Statement::Returning returning;
};

class ParseTable : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseTable, ReadsTheStatement) {
  const ParseCase& c = GetParam();
  const Statement s = parse(c.text, {});
  EXPECT_EQ(s.type, c.type) << c.text;
  EXPECT_EQ(s.table, c.table) << c.text;
  EXPECT_EQ(s.index, c.index) << c.text;
  EXPECT_EQ(s.projection.size(), c.projection) << c.text;
  EXPECT_EQ(s.select_all, c.projection == 0) << c.text;
  EXPECT_EQ(s.where.has_value(), c.where) << c.text;
  EXPECT_EQ(s.updates.size(), c.updates) << c.text;
  EXPECT_EQ(s.returning, c.returning) << c.text;
}

using T = Statement::Type;
using R = Statement::Returning;
INSTANTIATE_TEST_SUITE_P(Statements, ParseTable, ::testing::Values(
    ParseCase{"SELECT * FROM \"Music\"", T::kSelect, "Music", "", 0, false, 0, R::kNone},
    ParseCase{"select * from Music", T::kSelect, "Music", "", 0, false, 0, R::kNone},
    ParseCase{"SELECT a, b.c[0].d, \"e f\" FROM \"Music\".\"ByArtist\" WHERE a = 1", T::kSelect, "Music", "ByArtist",
              3, true, 0, R::kNone},
    ParseCase{"SELECT * FROM T WHERE a = 1 AND (b < 2 OR NOT c >= 3) ORDER BY sk DESC", T::kSelect, "T", "", 0, true,
              0, R::kNone},
    ParseCase{"INSERT INTO \"T\" VALUE {'pk': 'a', 'n': 1}", T::kInsert, "T", "", 0, false, 0, R::kNone},
    ParseCase{"UPDATE \"T\" SET a = 1, b = b + 2 REMOVE c SET d = list_append(d, [1]) WHERE pk = 'x'", T::kUpdate, "T",
              "", 0, true, 4, R::kNone},
    ParseCase{"UPDATE T SET s = set_add(s, <<'a'>>) WHERE pk = 'x' RETURNING MODIFIED NEW *", T::kUpdate, "T", "", 0,
              true, 1, R::kUpdatedNew},
    ParseCase{"UPDATE T REMOVE a.b[2] WHERE pk = 'x' RETURNING ALL OLD *", T::kUpdate, "T", "", 0, true, 1,
              R::kAllOld},
    ParseCase{"UPDATE T SET a = 1 WHERE pk = 'x' RETURNING MODIFIED OLD *", T::kUpdate, "T", "", 0, true, 1,
              R::kUpdatedOld},
    ParseCase{"UPDATE T SET a = 1 WHERE pk = 'x' RETURNING ALL NEW *", T::kUpdate, "T", "", 0, true, 1, R::kAllNew},
    ParseCase{"DELETE FROM \"T\" WHERE pk = 'x' AND sk = 2 RETURNING ALL OLD *", T::kDelete, "T", "", 0, true, 0,
              R::kAllOld},
    ParseCase{"EXISTS(SELECT * FROM \"T\" WHERE pk = 'x' AND n > 3)", T::kExists, "T", "", 0, true, 0, R::kNone},
    ParseCase{"SELECT * FROM T -- a comment\n WHERE a IS NOT MISSING", T::kSelect, "T", "", 0, true, 0, R::kNone}));

TEST(PartiqlParser, LiteralsBecomeAttributeValues) {
  const Statement s = parse(
      "INSERT INTO T VALUE {'s': 'it''s', 'n': -12.50, 'e': 1E3, 't': TRUE, 'f': false, 'z': NULL, "
      "'l': [1, 'a', [2]], 'm': {'k': {'j': 1}}, 'ss': <<'b', 'a'>>, 'ns': <<3, 1>>, 'p': ?}",
      {AttributeValue::binary(std::string("\x01\x02", 2))});
  EXPECT_EQ(item_json(s.item),
            R"({"e":{"N":"1000"},"f":{"BOOL":false},"l":{"L":[{"N":"1"},{"S":"a"},{"L":[{"N":"2"}]}]},)"
            R"("m":{"M":{"k":{"M":{"j":{"N":"1"}}}}},"n":{"N":"-12.5"},"ns":{"NS":["1","3"]},"p":{"B":"AQI="},)"
            R"("s":{"S":"it's"},"ss":{"SS":["b","a"]},"t":{"BOOL":true},"z":{"NULL":true}})");
}

TEST(PartiqlParser, ParametersBindInOrder) {
  const Statement s = parse("SELECT * FROM T WHERE pk = ? AND sk BETWEEN ? AND ?",
                            {AttributeValue::string("p"), AttributeValue::number(*model::Number::parse("1", nullptr)),
                             AttributeValue::number(*model::Number::parse("9", nullptr))});
  ASSERT_TRUE(s.where);
  ASSERT_EQ(s.where->type, expr::Condition::Type::kAnd);
  EXPECT_EQ(s.where->children[0].operands[1].value.s, "p");
  EXPECT_EQ(s.where->children[1].type, expr::Condition::Type::kBetween);
  EXPECT_EQ(s.where->children[1].operands[2].value.n.to_string(), "9");
}

TEST(PartiqlParser, ConditionsEvaluateAsDynamoDBDoes) {
  model::Item item;
  item["a"] = AttributeValue::number(*model::Number::parse("5", nullptr));
  item["s"] = AttributeValue::string("hello");
  item["z"] = AttributeValue::null();
  item["l"] = AttributeValue::list_of({AttributeValue::string("x"), AttributeValue::string("y")});
  struct Case { const char* where; bool expected; };
  const Case cases[] = {
      {"a = 5", true}, {"a <> 5", false}, {"a != 4", true}, {"a < 6", true}, {"a <= 5", true}, {"a > 5", false},
      {"a >= 5", true}, {"a BETWEEN 1 AND 5", true}, {"a NOT BETWEEN 1 AND 5", false}, {"a IN (1, 5)", true},
      {"a IN [1, 2]", false}, {"a NOT IN (1, 2)", true}, {"begins_with(s, 'he')", true},
      {"contains(l, 'y')", true}, {"contains(s, 'zz')", false}, {"attribute_type(s, 'S')", true},
      {"size(s) = 5", true}, {"size(l) > 2", false}, {"q IS MISSING", true}, {"a IS NOT MISSING", true},
      {"z IS NULL", true}, {"q IS NULL", true}, {"a IS NULL", false}, {"a IS NOT NULL", true},
      {"a = 5 AND NOT (s = 'x' OR s = 'y')", true}, {"l[1] = 'y'", true}, {"\"a\" = 5", true},
      {"5 = a", true}};
  for (const auto& c : cases) {
    const Statement s = parse(std::string("SELECT * FROM T WHERE ") + c.where, {});
    EXPECT_EQ(expr::evaluate(*s.where, item), c.expected) << c.where;
  }
}

struct ErrorCase {
  const char* text;
  size_t parameters;
  const char* message;
};

class ParseErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParseErrors, AnswerDynamoDBsValidationException) {
  const ErrorCase& c = GetParam();
  std::vector<AttributeValue> params(c.parameters, AttributeValue::string("v"));
  try {
    parse(c.text, params);
    FAIL() << "parsed: " << c.text;
  } catch (const model::ApiError& e) {
    EXPECT_EQ(e.short_type(), "ValidationException") << c.text;
    EXPECT_EQ(e.message(), c.message) << c.text;
  }
}

constexpr const char* kWellFormed = "Statement wasn't well formed, can't be processed: ";
const std::string kExpected = std::string(kWellFormed) + "Expected data manipulation";
const std::string kKeyword = std::string(kWellFormed) + "Unexpected keyword";
const std::string kEnd = std::string(kWellFormed) + "Unexpected end of statement";
const std::string kTerm = std::string(kWellFormed) + "Unexpected term";
const std::string kString = std::string(kWellFormed) + "Unterminated string literal";
const std::string kCharacter = std::string(kWellFormed) + "Unexpected character";

INSTANTIATE_TEST_SUITE_P(Errors, ParseErrors, ::testing::Values(
    ErrorCase{"SELEC * FROM T", 0, kExpected.c_str()},
    ErrorCase{"", 0, kExpected.c_str()},
    ErrorCase{"CREATE TABLE T", 0, kExpected.c_str()},
    ErrorCase{"SELECT * FROM", 0, kEnd.c_str()},
    ErrorCase{"SELECT * FROM WHERE", 0, kKeyword.c_str()},
    ErrorCase{"SELECT * FROM T WHERE", 0, kEnd.c_str()},
    ErrorCase{"SELECT * FROM T WHERE a =", 0, kEnd.c_str()},
    ErrorCase{"SELECT * FROM T WHERE a = 'x", 0, kString.c_str()},
    ErrorCase{"SELECT * FROM T WHERE a = 1 1", 0, kTerm.c_str()},
    ErrorCase{"SELECT * FROM T WHERE a # 1", 0, kCharacter.c_str()},
    ErrorCase{"INSERT INTO T VALUES {'a': 1}", 0, kKeyword.c_str()},
    ErrorCase{"INSERT INTO T VALUE [1]", 0, kTerm.c_str()},
    ErrorCase{"UPDATE T WHERE pk = 1", 0, kKeyword.c_str()},
    ErrorCase{"DELETE FROM T", 0, kEnd.c_str()},
    ErrorCase{"SELECT * FROM T WHERE pk = ?", 0, "Number of parameters in request and statement don't match."},
    ErrorCase{"SELECT * FROM T WHERE pk = ?", 2, "Number of parameters in request and statement don't match."},
    ErrorCase{"SELECT * FROM T", 1, "Number of parameters in request and statement don't match."},
    ErrorCase{"DELETE FROM T WHERE pk = 1 RETURNING ALL NEW *", 0,
              "Delete statements support only RETURNING ALL OLD *"},
    ErrorCase{"INSERT INTO T VALUE {'s': <<'a', 'a'>>}", 0, "Input collection contains duplicates"},
    ErrorCase{"INSERT INTO T VALUE {'n': 1e999}", 0,
              "Number overflow. Attempting to store a number with magnitude larger than supported range"}));

TEST(PartiqlParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "SELECT * FROM T WHERE " + std::string(5000, '(') + "a = 1" + std::string(5000, ')');
  EXPECT_THROW(parse(deep, {}), model::ApiError);
  std::string deep_list = "INSERT INTO T VALUE {'a': " + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_THROW(parse(deep_list, {}), model::ApiError);
}

}  // namespace
}  // namespace dynemu::partiql
