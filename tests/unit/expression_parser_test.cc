// Expression parser: valid inputs of every kind, and invalid inputs with DynamoDB's exact messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expr/expression.h"
#include "model/api_error.h"
#include "model/json_codec.h"

namespace dynemu::expr {
namespace {

model::AttributeValue av(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  return model::decode_attribute_value(d);
}

// Names #n -> n, #a -> a, #k -> key; values :s (S "x"), :n (N 5), :one (N 1), :l (L), :ss (SS),
// :ns (NS), :m (M), :b (BOOL), :t (S "S"), :bad_t (S "Q"), :lo (N 10), :hi (N 1).
ExpressionAttributes attrs() {
  return ExpressionAttributes(
      {{"#n", "n"}, {"#a", "a"}, {"#k", "key"}},
      {{":s", av(R"({"S":"x"})")},
       {":n", av(R"({"N":"5"})")},
       {":one", av(R"({"N":"1"})")},
       {":l", av(R"({"L":[{"N":"1"}]})")},
       {":ss", av(R"({"SS":["a","b"]})")},
       {":ns", av(R"({"NS":["1","2"]})")},
       {":m", av(R"({"M":{"x":{"S":"y"}}})")},
       {":b", av(R"({"BOOL":true})")},
       {":t", av(R"({"S":"S"})")},
       {":bad_t", av(R"({"S":"Q"})")},
       {":lo", av(R"({"N":"10"})")},
       {":hi", av(R"({"N":"1"})")}});
}

std::string error_of(Kind kind, const std::string& text) {
  ExpressionAttributes a = attrs();
  try {
    switch (kind) {
      case Kind::kCondition: case Kind::kFilter: parse_condition(text, a, kind); break;
      case Kind::kProjection: parse_projection(text, a); break;
      case Kind::kUpdate: parse_update(text, a); break;
      case Kind::kKeyCondition: parse_key_condition(text, a); break;
    }
  } catch (const model::ApiError& e) {
    EXPECT_EQ(e.short_type(), "ValidationException");
    return e.message();
  }
  return "";
}

struct Case {
  Kind kind;
  std::string text;
  std::string message;  // "" = valid
};

// How a case reads in failure messages (instead of a byte dump).
void PrintTo(const Case& c, std::ostream* os) {
  static const char* const kinds[] = {"condition", "filter", "key condition", "projection", "update"};
  *os << kinds[static_cast<int>(c.kind)] << " \"" << c.text << "\"";
}

class ParserTable : public ::testing::TestWithParam<Case> {};

TEST_P(ParserTable, MessageMatches) {
  const Case& c = GetParam();
  EXPECT_EQ(error_of(c.kind, c.text), c.message) << c.text;
}

const std::string kC = "Invalid ConditionExpression: ";
const std::string kU = "Invalid UpdateExpression: ";
const std::string kP = "Invalid ProjectionExpression: ";
const std::string kK = "Invalid KeyConditionExpression: ";
const std::string kF = "Invalid FilterExpression: ";

INSTANTIATE_TEST_SUITE_P(Valid, ParserTable, ::testing::Values(
    Case{Kind::kCondition, "a = :s", ""},
    Case{Kind::kCondition, "#n <> :s AND b < :n OR NOT c >= :n", ""},
    Case{Kind::kCondition, "a.b[2].c = :s", ""},
    Case{Kind::kCondition, "#n[0] BETWEEN :hi AND :lo", ""},
    Case{Kind::kCondition, "a IN (:s, :n, :one)", ""},
    Case{Kind::kCondition, "attribute_exists(a) and attribute_not_exists(#n.x)", ""},
    Case{Kind::kCondition, "attribute_type(a, :t)", ""},
    Case{Kind::kCondition, "begins_with(a, :s) OR contains(b, :n)", ""},
    Case{Kind::kCondition, "size(a) > :n", ""},
    Case{Kind::kCondition, "(a = :s)", ""},
    Case{Kind::kCondition, "((a = :s) AND (b = :s))", ""},
    Case{Kind::kCondition, "((a = :s AND b = :s) AND c = :s)", ""},
    Case{Kind::kCondition, "a = :s and b between :hi and :lo", ""},
    Case{Kind::kCondition, "(a) = :s AND (:n) < (b)", ""},
    Case{Kind::kCondition, "NOT (a = :s)", ""},
    Case{Kind::kUpdate, "SET a = (b + :n), c = (:s), d = (b) - (:n), e = ((:n))", ""},
    Case{Kind::kProjection, "a, b.c, #n[1], d[0].e", ""},
    Case{Kind::kProjection, "a[0], a[1]", ""},
    Case{Kind::kProjection, "a.b, a.c", ""},
    Case{Kind::kUpdate, "SET a = :s, b = b + :n, c = if_not_exists(c, :n) - :one", ""},
    Case{Kind::kUpdate, "set l = list_append(l, :l) remove x, y[1] add n :n delete ss :ss", ""},
    Case{Kind::kUpdate, "SET a.b[3] = :s", ""},
    Case{Kind::kKeyCondition, "#k = :s AND begins_with(b, :s)", ""},
    Case{Kind::kKeyCondition, ":s = #k AND b BETWEEN :hi AND :lo", ""}));

INSTANTIATE_TEST_SUITE_P(Syntax, ParserTable, ::testing::Values(
    Case{Kind::kCondition, "", kC + "The expression can not be empty;"},
    Case{Kind::kCondition, "   ", kC + "The expression can not be empty;"},
    Case{Kind::kCondition, "a =", kC + "Syntax error; token: \"<EOF>\", near: \"=\""},
    Case{Kind::kCondition, "a = :s :s", kC + "Syntax error; token: \":s\", near: \":s :s\""},
    Case{Kind::kCondition, "a = :s AND", kC + "Syntax error; token: \"<EOF>\", near: \"AND\""},
    Case{Kind::kCondition, "a == :s", kC + "Syntax error; token: \"=\", near: \"== :s\""},
    Case{Kind::kCondition, "a = # AND", kC + "Syntax error; token: \"#\", near: \"= # AND\""},
    Case{Kind::kCondition, "NOT NOT a = :s", kC + "Syntax error; token: \"NOT\", near: \"NOT NOT a\""},
    Case{Kind::kCondition, "a[x] = :s", kC + "Syntax error; token: \"x\", near: \"[x]\""},
    Case{Kind::kUpdate, "a = :s", kU + "Syntax error; token: \"a\", near: \"a =\""},
    Case{Kind::kUpdate, "SET a = :s + :n + :n", kU + "Syntax error; token: \"+\", near: \":n + :n\""},
    Case{Kind::kUpdate, "ADD a b", kU + "Syntax error; token: \"b\", near: \"a b\""},
    Case{Kind::kUpdate, "SET a = (((:n)))", kU + "Syntax error; token: \"(\", near: \"((:n\""},
    Case{Kind::kProjection, "a,", kP + "Syntax error; token: \"<EOF>\", near: \",\""}));

INSTANTIATE_TEST_SUITE_P(Semantic, ParserTable, ::testing::Values(
    Case{Kind::kCondition, "name = :s", kC + "Attribute name is a reserved keyword; reserved keyword: name"},
    Case{Kind::kCondition, "#x = :zz AND Size = :s",
         kC + "Attribute name is a reserved keyword; reserved keyword: Size"},
    Case{Kind::kCondition, "#x = :zz",
         kC + "An expression attribute name used in the document path is not defined; attribute name: #x"},
    Case{Kind::kCondition, "a = :zz",
         kC + "An expression attribute value used in expression is not defined; attribute value: :zz"},
    Case{Kind::kFilter, "a = :zz",
         kF + "An expression attribute value used in expression is not defined; attribute value: :zz"},
    Case{Kind::kCondition, "foo(a) = :s", kC + "Invalid function name; function: foo"},
    Case{Kind::kCondition, "attribute_exists(a, b)",
         kC + "Incorrect number of operands for operator or function; operator or function: attribute_exists, "
              "number of operands: 2"},
    Case{Kind::kCondition, "attribute_exists(:s)",
         kC + "Operator or function requires a document path; operator or function: attribute_exists"},
    Case{Kind::kCondition, "attribute_type(a, :n)",
         kC + "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"},
    Case{Kind::kCondition, "attribute_type(a, :bad_t)",
         kC + "Invalid attribute type name found; type: Q, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
    Case{Kind::kCondition, "begins_with(a, :n)",
         kC + "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
    Case{Kind::kCondition, "a < :m", ""},  // comparing a map is false at evaluation, not an error
    Case{Kind::kCondition, "size(a)",
         kC + "The function is not allowed to be used this way in an expression; function: size"},
    Case{Kind::kCondition, "attribute_exists(a) = :s",
         kC + "The function is not allowed to be used this way in an expression; function: attribute_exists"},
    Case{Kind::kCondition, "contains(a, size(b)) AND begins_with(a, attribute_type(b, :t))",
         kC + "The function is not allowed to be used this way in an expression; function: attribute_type"},
    Case{Kind::kCondition, "size(a) = :s AND foo(name) = :s", kC + "Invalid function name; function: foo"},
    Case{Kind::kCondition, "name = :zz AND ((a = :s))", kC + "The expression has redundant parentheses;"},
    Case{Kind::kCondition, "#x = :zz", kC + "An expression attribute name used in the document path is not defined; "
                                            "attribute name: #x"},
    Case{Kind::kCondition, "a = :zz AND #x = :s", kC + "An expression attribute value used in expression is not "
                                                       "defined; attribute value: :zz"},
    Case{Kind::kCondition, "((a)) = :s", kC + "The expression has redundant parentheses;"},
    Case{Kind::kCondition, "size(:n) > :n",
         kC + "Incorrect operand type for operator or function; operator or function: size, operand type: N"},
    Case{Kind::kCondition, "a BETWEEN :s AND :n",
         kC + "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: "
              "AttributeValue: {S:x}, upper bound operand: AttributeValue: {N:5}"},
    Case{Kind::kCondition, "a = a",
         kC + "The first operand must be distinct from the remaining operands for this operator or function; "
              "operator: =, first operand: [a]"},
    Case{Kind::kCondition, "contains(#a, a)",
         kC + "The first operand must be distinct from the remaining operands for this operator or function; "
              "operator: contains, first operand: [a]"},
    Case{Kind::kCondition, "a BETWEEN :lo AND :hi",
         kC + "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound "
              "operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:1}"},
    Case{Kind::kCondition, "((a = :s))", kC + "The expression has redundant parentheses;"},
    Case{Kind::kCondition, "((a = :s AND b = :s))", kC + "The expression has redundant parentheses;"},
    Case{Kind::kCondition, "a = if_not_exists(a, :s)", kC + "The function is not allowed in a condition expression; function: if_not_exists"},
    Case{Kind::kUpdate, "SET name = foo(a)", kU + "Attribute name is a reserved keyword; reserved keyword: name"},
    Case{Kind::kUpdate, "SET a = foo(#x)", kU + "Invalid function name; function: foo"},
    Case{Kind::kUpdate, "SET a = :s, a = :n ADD b :s",
         kU + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
              "[a], path two: [a]"},
    Case{Kind::kUpdate, "SET a = list_append(:s, :l, :l)",
         kU + "Incorrect number of operands for operator or function; operator or function: list_append, number of "
              "operands: 3"},
    Case{Kind::kUpdate, "SET a = :s SET b = :s",
         kU + "The \"SET\" section can only be used once in an update expression;"},
    Case{Kind::kUpdate, "SET a = :s, a = :n",
         kU + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
              "[a], path two: [a]"},
    Case{Kind::kUpdate, "SET a.b = :s REMOVE a",
         kU + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
              "[a, b], path two: [a]"},
    Case{Kind::kUpdate, "SET a.b = :s REMOVE a[0]",
         kU + "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: "
              "[a, b], path two: [a, [0]]"},
    Case{Kind::kUpdate, "ADD a :s",
         kU + "Incorrect operand type for operator or function; operator: ADD, operand type: STRING"},
    Case{Kind::kUpdate, "DELETE a :n",
         kU + "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER"},
    Case{Kind::kUpdate, "SET a = :s + :n",
         kU + "Incorrect operand type for operator or function; operator or function: +, operand type: S"},
    Case{Kind::kUpdate, "SET a = list_append(a, :s)",
         kU + "Incorrect operand type for operator or function; operator or function: list_append, operand type: S"},
    Case{Kind::kUpdate, "SET a = size(b)", kU + "The function is not allowed in an update expression; function: size"},
    Case{Kind::kUpdate, "SET a = attribute_exists(b)", kU + "The function is not allowed in an update expression; function: attribute_exists"},
    Case{Kind::kUpdate, "SET a = nosuch(b)", kU + "Invalid function name; function: nosuch"},
    Case{Kind::kCondition, "list_append(a, :s) = :s", kC + "The function is not allowed in a condition expression; function: list_append"},
    Case{Kind::kUpdate, "SET a = if_not_exists(:s, :s)",
         kU + "Operator or function requires a document path; operator or function: if_not_exists"},
    Case{Kind::kUpdate, "SET a = nope(b)", kU + "Invalid function name; function: nope"},
    Case{Kind::kProjection, "a, a.b",
         kP + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
              "[a], path two: [a, b]"},
    Case{Kind::kProjection, "a[0], a.b",
         kP + "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: "
              "[a, [0]], path two: [a, b]"},
    Case{Kind::kKeyCondition, "#k = :s OR b = :s", "Invalid operator used in KeyConditionExpression: OR"},
    Case{Kind::kKeyCondition, "NOT #k = :s", "Invalid operator used in KeyConditionExpression: NOT"},
    Case{Kind::kKeyCondition, "#k <> :s", "Invalid operator used in KeyConditionExpression: <>"},
    Case{Kind::kKeyCondition, "#k IN (:s)", "Invalid operator used in KeyConditionExpression: IN"},
    Case{Kind::kKeyCondition, "attribute_exists(#k)", "Invalid operator used in KeyConditionExpression: attribute_exists"},
    Case{Kind::kKeyCondition, "a.b = :s", "KeyConditionExpressions cannot have conditions on nested attributes"},
    Case{Kind::kKeyCondition, "b[0] > :s", "KeyConditionExpressions cannot have conditions on nested attributes"},
    Case{Kind::kKeyCondition, "b > a.b",
         "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
    Case{Kind::kKeyCondition, "begins_with(a, b)",
         "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
    Case{Kind::kKeyCondition, ":s = :n", "Invalid condition in KeyConditionExpression: No key attribute specified"},
    Case{Kind::kKeyCondition, "a > size(b)", "KeyConditionExpressions cannot contain nested operations"},
    Case{Kind::kKeyCondition, ":n BETWEEN size(b) AND size(a)",
         "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first "
         "operand"},
    Case{Kind::kKeyCondition, "begins_with(:s, b)",
         "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first "
         "operand"},
    Case{Kind::kKeyCondition, "a = :s AND a = :n", "KeyConditionExpressions must only contain one condition per key"},
    Case{Kind::kKeyCondition, "(a > :n and b > :n) and (b > :n and c > :n)",
         "KeyConditionExpressions must only contain one condition per key"},
    Case{Kind::kKeyCondition, "a BETWEEN :n AND :s",
         kK + "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: "
              "AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:x}"},
    Case{Kind::kKeyCondition, "a > 4", kK + "Syntax error; token: \"4\", near: \"> 4\""}));

TEST(ParserLimits, ExpressionSize) {
  std::string text = "a = :s OR " + std::string(4090, ' ');
  EXPECT_EQ(error_of(Kind::kFilter, text),
            kF + "Expression size has exceeded the maximum allowed size; expression size: " +
                std::to_string(text.size()));
}

TEST(ParserLimits, OperatorCountStopsAt301) {
  std::string text = "a < :n";
  for (int i = 0; i < 300; ++i) text += " AND a < :n";  // 601 operators
  text.resize(std::min<size_t>(text.size(), 4096));
  EXPECT_EQ(error_of(Kind::kCondition, text),
            kC + "The expression contains too many operators; operator count: 301");
}

TEST(ParserLimits, DeepNestingIsRejectedWithoutRecursingFar) {
  std::string deep(2000, '(');
  deep += "a = :s";
  deep += std::string(2000, ')');
  EXPECT_EQ(error_of(Kind::kCondition, deep), kC + "The expression has redundant parentheses;");
  std::string nots;
  for (int i = 0; i < 600; ++i) nots += "NOT (";
  nots += "a = :s" + std::string(600, ')');
  EXPECT_EQ(error_of(Kind::kCondition, nots), kC + "The expression contains too many operators; operator count: 301");
}

TEST(ParserLimits, DeepUpdateParenthesesAreASyntaxError) {
  std::string deep = "SET a = " + std::string(4000, '(') + ":n";
  EXPECT_NE(error_of(Kind::kUpdate, deep).find("Syntax error"), std::string::npos);
  std::string calls = "SET a = ";
  for (int i = 0; i < 400; ++i) calls += "f(";  // nested calls: each is an operator
  calls += ":n" + std::string(400, ')');
  EXPECT_EQ(error_of(Kind::kUpdate, calls), kU + "The expression contains too many operators; operator count: 301");
}

TEST(ParserLimits, InOperands) {
  std::string text = "a IN (:s";
  for (int i = 0; i < 100; ++i) text += ",:s";
  text += ")";
  EXPECT_NE(error_of(Kind::kCondition, text), "");
  std::string ok = "a IN (:s";
  for (int i = 0; i < 99; ++i) ok += ",:s";
  EXPECT_EQ(error_of(Kind::kCondition, ok + ")"), "");
}

TEST(ParserLimits, PathDepth) {
  std::string path = "a";
  for (int i = 0; i < 31; ++i) path += ".b";
  EXPECT_EQ(error_of(Kind::kProjection, path), "");
  EXPECT_EQ(error_of(Kind::kProjection, path + ".c"),
            kP + "The document path has too many nesting levels; nesting levels: 33");
}

TEST(ExpressionAttributes, UnusedNamesThenValues) {
  ExpressionAttributes a = attrs();
  parse_condition("#n = :s", a);
  try {
    a.check_all_used();
    FAIL();
  } catch (const model::ApiError& e) {
    EXPECT_EQ(e.message(), "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #k}");
  }
  parse_projection("#a, #k", a);
  try {
    a.check_all_used();
    FAIL();
  } catch (const model::ApiError& e) {
    EXPECT_EQ(e.message(),
              "Value provided in ExpressionAttributeValues unused in expressions: keys: {:n, :one, :l, :ss, :ns, :m, "
              ":b, :t, :bad_t, :lo, :hi}");
  }
}

TEST(ParsedShape, PlaceholdersResolved) {
  ExpressionAttributes a = attrs();
  Condition c = parse_condition("#n.#a[3] = :s", a);
  ASSERT_EQ(c.type, Condition::Type::kEq);
  ASSERT_EQ(c.operands[0].path.size(), 3u);
  EXPECT_EQ(c.operands[0].path[0].name, "n");
  EXPECT_EQ(c.operands[0].path[1].name, "a");
  EXPECT_EQ(c.operands[0].path[2].index, 3);
  EXPECT_EQ(c.operands[1].value.s, "x");
  // AND binds tighter than OR; keywords are case-insensitive.
  Condition d = parse_condition("a = :s or b = :s AnD c = :s", a);
  ASSERT_EQ(d.type, Condition::Type::kOr);
  EXPECT_EQ(d.children[1].type, Condition::Type::kAnd);
}

TEST(KeyCondition, BindAgainstSchema) {
  ExpressionAttributes a = attrs();
  KeyCondition kc = parse_key_condition("#k = :s AND r BETWEEN :hi AND :lo", a);
  BoundKeyCondition b = bind_key_condition(kc, "key", model::AttrType::S, "r", model::AttrType::N);
  EXPECT_EQ(b.partition.s, "x");
  ASSERT_TRUE(b.sort);
  EXPECT_EQ(b.sort->op, KeyPredicate::Op::kBetween);
  ASSERT_EQ(b.sort->values.size(), 2u);

  auto bind_error = [&](const std::string& text, const std::string& range) {
    ExpressionAttributes x = attrs();
    try {
      bind_key_condition(parse_key_condition(text, x), "key", model::AttrType::S, range, model::AttrType::N);
    } catch (const model::ApiError& e) {
      return e.message();
    }
    return std::string();
  };
  EXPECT_EQ(bind_error("r = :n", "r"), "Query condition missed key schema element: key");
  EXPECT_EQ(bind_error("#k < :s", "r"), "Query key condition not supported");
  EXPECT_EQ(bind_error("#k = :n", "r"),
            "One or more parameter values were invalid: Condition parameter type does not match schema type");
  EXPECT_EQ(bind_error("#k = :s AND r = :s", "r"),
            "One or more parameter values were invalid: Condition parameter type does not match schema type");
  EXPECT_EQ(bind_error("#k = :s AND extra = :n", "r"), "Query condition missed key schema element: r");
  EXPECT_EQ(bind_error("#k = :s AND r = :n AND extra = :n", "r"), "Query key condition not supported");
  EXPECT_EQ(bind_error("#k = :s", ""), "");
}

}  // namespace
}  // namespace dynemu::expr
