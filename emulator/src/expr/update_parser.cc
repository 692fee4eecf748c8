// UpdateExpression grammar:
//
//   update     := clause+                 each of SET, REMOVE, ADD, DELETE at most once
//   SET        := path '=' set-value (',' ...)*
//   set-value  := '(' value ')' | value
//   value      := operand [('+' | '-') operand]          (arithmetic())
//   operand    := '(' bare ')' | bare                    (at most these parentheses: recursion
//                                                         happens only through function calls)
//   bare       := if_not_exists(path, operand) | list_append(operand, operand) | :value | path
//   REMOVE     := path (',' path)*
//   ADD/DELETE := path :value (',' ...)*
//
// Functions other than if_not_exists and list_append are refused here: a condition function (or
// size) as "not allowed in an update expression", any other name as "Invalid function name". Paths of
// all actions may neither overlap nor conflict.
#include "expr/parser_internal.h"
#include "model/api_error.h"

namespace dynemu::expr {
namespace {

// The type names DynamoDB uses for ADD/DELETE operand errors.
const char* long_type_name(model::AttrType t) {
  switch (t) {
    case model::AttrType::S: return "STRING";
    case model::AttrType::N: return "NUMBER";
    case model::AttrType::B: return "BINARY";
    case model::AttrType::BOOL: return "BOOLEAN";
    case model::AttrType::NUL: return "NULL";
    case model::AttrType::M: return "MAP";
    case model::AttrType::L: return "LIST";
    default: return nullptr;  // sets are valid operands of both ADD and DELETE
  }
}

constexpr std::string_view kClauses[] = {"SET", "REMOVE", "ADD", "DELETE"};

}  // namespace

Operand Parser::update_operand() {
  // One pair of parentheses may wrap an operand; "((:v))" is a syntax error at the second '('.
  if (accept(TokenKind::kLParen)) {
    if (peek().kind == TokenKind::kLParen) syntax_error();
    Operand inner = update_operand();
    expect(TokenKind::kRParen);
    return inner;
  }
  if (!at_function_call()) return path_or_value();
  Call c = function_call(&Parser::update_operand);
  const std::string lower = lower_ascii(c.name);
  Operand o;
  if (lower == "if_not_exists") {
    o.type = Operand::Type::kIfNotExists;
    check_arity(c, 2);
    if (c.args.size() == 2) require_path(c.args[0], c.name);
  } else if (lower == "list_append") {
    o.type = Operand::Type::kListAppend;
    check_arity(c, 2);
    if (c.args.size() == 2)
      for (const auto& a : c.args) require_types(a, c.name, {model::AttrType::L});
  } else {
    // DynamoDB tells its own condition functions (and size) apart from names it does not know.
    const bool condition_function = is_condition_function(lower) || lower == "size";
    defer(Problem::kUnknownFunction, (condition_function ? "The function is not allowed in an update expression; function: "
                                                         : "Invalid function name; function: ") +
                                         c.name);
    o.type = Operand::Type::kValue;
    return o;
  }
  o.args = std::move(c.args);
  return o;
}

Operand Parser::set_value() {
  // One optional pair of parentheses around the whole value: "SET a = (b + :c)".
  if (peek().kind == TokenKind::kLParen) {
    size_t depth = 0, i = 0;
    for (;; ++i) {  // find the matching ')' to tell "(b + :c)" from "(b) + :c"
      const Token& t = peek(i);
      if (t.kind == TokenKind::kEnd) break;
      if (t.kind == TokenKind::kLParen) ++depth;
      if (t.kind == TokenKind::kRParen && --depth == 0) break;
    }
    const TokenKind after = peek(i + 1).kind;
    if (after != TokenKind::kPlus && after != TokenKind::kMinus) {
      ++pos_;
      Operand inner = arithmetic();
      expect(TokenKind::kRParen);
      return inner;
    }
  }
  return arithmetic();
}

Operand Parser::arithmetic() {
  Operand left = update_operand();
  const TokenKind k = peek().kind;
  if (k != TokenKind::kPlus && k != TokenKind::kMinus) return left;
  ++pos_;
  count_operator();
  Operand right = update_operand();
  const char* op = k == TokenKind::kPlus ? "+" : "-";
  require_types(left, op, {model::AttrType::N});
  require_types(right, op, {model::AttrType::N});
  Operand o;
  o.type = k == TokenKind::kPlus ? Operand::Type::kPlus : Operand::Type::kMinus;
  o.args.push_back(std::move(left));
  o.args.push_back(std::move(right));
  return o;
}

UpdateActions Parser::update() {
  bool seen[4] = {false, false, false, false};
  UpdateActions actions;
  do {
    int clause = -1;
    for (int i = 0; i < 4; ++i)
      if (is_keyword(peek(), kClauses[i])) clause = i;
    if (clause < 0) syntax_error();
    ++pos_;
    if (seen[clause])
      defer(Problem::kSection,
            "The \"" + std::string(kClauses[clause]) + "\" section can only be used once in an update expression;");
    seen[clause] = true;
    do {
      UpdateAction a;
      a.type = static_cast<UpdateAction::Type>(clause);
      a.path = path();
      if (a.type == UpdateAction::Type::kSet) {
        expect(TokenKind::kEq);
        a.value = set_value();
      } else if (a.type != UpdateAction::Type::kRemove) {
        a.value = value_operand();
        const char* bad = a.value.type == Operand::Type::kValue ? long_type_name(a.value.value.type) : nullptr;
        if (bad && !(a.type == UpdateAction::Type::kAdd && a.value.value.type == model::AttrType::N))
          defer(Problem::kOperand, std::string("Incorrect operand type for operator or function; operator: ") +
                                       std::string(kClauses[clause]) + ", operand type: " + bad);
      }
      actions.push_back(std::move(a));
    } while (accept(TokenKind::kComma));
  } while (peek().kind != TokenKind::kEnd);
  std::vector<Path> paths;
  paths.reserve(actions.size());
  for (const auto& a : actions) paths.push_back(a.path);
  check_overlaps(paths);
  finish();
  return actions;
}

UpdateActions parse_update(std::string_view text, ExpressionAttributes& attrs) {
  Parser p(text, attrs, Kind::kUpdate);
  return p.update();
}

}  // namespace dynemu::expr
