// Condition grammar (ConditionExpression, FilterExpression, and KeyConditionExpression before its
// shape checks):
//
//   condition   := conjunction (OR conjunction)*
//   conjunction := negation (AND negation)*
//   negation    := NOT group | group                  ("NOT NOT a" is a syntax error, as in DynamoDB)
//   group       := '(' condition ')' | comparison | function-call
//   comparison  := operand (comparator operand | BETWEEN operand AND operand | IN '(' operand, ... ')')
//   operand     := '(' '(' bare ')' ')' (redundant) | '(' bare ')' | bare
//   bare        := function-call | :value | path
//
// A group that opens with '(' is an operand when its matching ')' is followed by a comparator.
// Functions: attribute_exists, attribute_not_exists, attribute_type, begins_with, contains are
// conditions; size is an operand; any other function used where an operand belongs is "not allowed
// to be used this way", an unknown name is "Invalid function name".
#include "expr/parser_internal.h"

namespace dynemu::expr {
namespace {

Condition::Type comparator_type(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEq: return Condition::Type::kEq;
    case TokenKind::kNe: return Condition::Type::kNe;
    case TokenKind::kLt: return Condition::Type::kLt;
    case TokenKind::kLe: return Condition::Type::kLe;
    case TokenKind::kGt: return Condition::Type::kGt;
    case TokenKind::kGe: return Condition::Type::kGe;
    default: return is_keyword(t, "BETWEEN") ? Condition::Type::kBetween : Condition::Type::kIn;
  }
}

// A stand-in operand for a function that cannot be an operand (its problem is already deferred).
Operand placeholder() {
  Operand o;
  o.type = Operand::Type::kValue;
  return o;
}

}  // namespace

Parser::Parsed Parser::condition() { return chain("OR", Condition::Type::kOr, &Parser::conjunction); }

Parser::Parsed Parser::conjunction() { return chain("AND", Condition::Type::kAnd, &Parser::negation); }

// operand (keyword operand)*, built left-deep: "a AND b AND c" is ((a AND b) AND c).
Parser::Parsed Parser::chain(std::string_view keyword, Condition::Type type, Parsed (Parser::*next)()) {
  Parsed left = (this->*next)();
  while (is_keyword(peek(), keyword)) {
    ++pos_;
    count_operator();
    Parsed right = (this->*next)();
    Condition c;
    c.type = type;
    c.children.push_back(std::move(left.cond));
    c.children.push_back(std::move(right.cond));
    left = Parsed{std::move(c), false};
  }
  return left;
}

Parser::Parsed Parser::negation() {
  if (!is_keyword(peek(), "NOT")) return group();
  ++pos_;
  count_operator();
  Parsed inner = group();
  Condition c;
  c.type = Condition::Type::kNot;
  c.children.push_back(std::move(inner.cond));
  return Parsed{std::move(c), false};
}

bool Parser::parenthesized_operand_ahead() const {
  int depth = 0;
  for (size_t i = 0;; ++i) {
    const Token& t = peek(i);
    if (t.kind == TokenKind::kEnd) return false;
    if (t.kind == TokenKind::kLParen) ++depth;
    if (t.kind == TokenKind::kRParen && --depth == 0) {
      const Token& next = peek(i + 1);
      switch (next.kind) {
        case TokenKind::kEq: case TokenKind::kNe: case TokenKind::kLt:
        case TokenKind::kLe: case TokenKind::kGt: case TokenKind::kGe:
          return true;
        default:
          return is_keyword(next, "BETWEEN") || is_keyword(next, "IN");
      }
    }
  }
}

Parser::Parsed Parser::group() {
  if (peek().kind == TokenKind::kLParen && !parenthesized_operand_ahead()) {
    ++pos_;
    enter_nesting();
    Parsed inner = condition();
    expect(TokenKind::kRParen);
    leave_nesting();
    // "((a = :v))": a group whose only content is another group.
    if (inner.parenthesized) defer(Problem::kParens, "The expression has redundant parentheses;");
    inner.parenthesized = true;
    return inner;
  }
  if (at_function_call()) {
    const size_t start = pos_;
    const std::string lower = lower_ascii(peek().text);
    if (is_condition_function(lower)) {
      Call c = function_call(&Parser::condition_operand);
      if (!at_comparator()) return Parsed{function_condition(c), false};
      // A condition function used as an operand: "attribute_exists(a) = :v".
      defer(Problem::kMisusedFunction,
            "The function is not allowed to be used this way in an expression; function: " + c.name);
      return comparison(placeholder());
    }
    Operand left = condition_operand_bare();
    if (!at_comparator() && left.type == Operand::Type::kSize) {
      defer(Problem::kMisusedFunction, "The function is not allowed to be used this way in an expression; function: " +
                                           std::string(tokens_[start].text));
      return Parsed{Condition{}, false};
    }
    if (!at_comparator()) return Parsed{Condition{}, false};  // an unknown function alone: already deferred
    return comparison(std::move(left));
  }
  return comparison(condition_operand());
}

Parser::Parsed Parser::comparison(Operand left) {
  if (!at_comparator()) syntax_error();
  Condition c;
  c.type = comparator_type(peek());
  const std::string op = c.type == Condition::Type::kBetween ? "BETWEEN"
                         : c.type == Condition::Type::kIn    ? "IN"
                                                             : std::string(peek().text);
  ++pos_;
  count_operator();
  c.operands.push_back(std::move(left));
  if (c.type == Condition::Type::kBetween) {
    c.operands.push_back(condition_operand());
    if (!accept_keyword("AND")) syntax_error();
    c.operands.push_back(condition_operand());
    const Operand& lo = c.operands[1];
    const Operand& hi = c.operands[2];
    if (lo.type == Operand::Type::kValue && hi.type == Operand::Type::kValue) {
      const std::string bounds = "lower bound operand: AttributeValue: " + short_value_text(lo.value) +
                                 ", upper bound operand: AttributeValue: " + short_value_text(hi.value);
      if (lo.value.type != hi.value.type)
        defer(Problem::kFunction,
              "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
      else if ((lo.value.type == model::AttrType::S || lo.value.type == model::AttrType::N ||
                lo.value.type == model::AttrType::B) && compare_scalars(lo.value, hi.value) > 0)
        defer(Problem::kFunction,
              "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + bounds);
    }
  } else if (c.type == Condition::Type::kIn) {
    expect(TokenKind::kLParen);
    c.operands.push_back(condition_operand());
    while (accept(TokenKind::kComma)) c.operands.push_back(condition_operand());
    expect(TokenKind::kRParen);
    if (c.operands.size() - 1 > kMaxInOperands)
      defer(Problem::kLimit, "The IN operator is provided with too many operands; number of operands: " +
                                 std::to_string(c.operands.size() - 1));
  } else {
    c.operands.push_back(condition_operand());
    check_distinct(c.operands, op);
  }
  return Parsed{std::move(c), false};
}

Operand Parser::condition_operand() {
  if (peek().kind != TokenKind::kLParen) return condition_operand_bare();
  ++pos_;
  const bool doubled = accept(TokenKind::kLParen);
  Operand o = condition_operand_bare();
  if (doubled) {
    expect(TokenKind::kRParen);
    defer(Problem::kParens, "The expression has redundant parentheses;");
  }
  expect(TokenKind::kRParen);
  return o;
}

Operand Parser::condition_operand_bare() {
  if (!at_function_call()) return path_or_value();
  Call c = function_call(&Parser::condition_operand);
  const std::string lower = lower_ascii(c.name);
  if (lower != "size") {
    if (lower == "if_not_exists" || lower == "list_append")
      defer(Problem::kUnknownFunction, "The function is not allowed in a condition expression; function: " + c.name);
    else if (!is_condition_function(lower))
      defer(Problem::kUnknownFunction, "Invalid function name; function: " + c.name);
    defer(Problem::kMisusedFunction,
          "The function is not allowed to be used this way in an expression; function: " + c.name);
    return placeholder();
  }
  check_arity(c, 1);
  Operand o;
  o.type = Operand::Type::kSize;
  o.args = std::move(c.args);
  if (!o.args.empty())
    require_types(o.args[0], "size", {model::AttrType::S, model::AttrType::B, model::AttrType::SS,
                                      model::AttrType::NS, model::AttrType::BS, model::AttrType::L,
                                      model::AttrType::M});
  return o;
}



Condition Parser::function_condition(Call& c) {
  const std::string name = lower_ascii(c.name);
  Condition out;
  const size_t arity = name == "attribute_exists" || name == "attribute_not_exists" ? 1 : 2;
  check_arity(c, arity);
  if (c.args.size() == arity) {
    check_distinct(c.args, c.name);
    if (arity == 1) {
      require_path(c.args[0], c.name);
    } else if (name == "begins_with") {
      for (const auto& a : c.args) require_types(a, c.name, {model::AttrType::S, model::AttrType::B});
    } else if (name == "attribute_type") {
      const Operand& t = c.args[1];
      if (t.type == Operand::Type::kPath)
        defer(Problem::kFunction, "Incorrect operand type for operator or function; operator or function: " + c.name +
                                      ", operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
      require_types(t, c.name, {model::AttrType::S});
      if (t.type == Operand::Type::kValue && t.value.type == model::AttrType::S && !valid_type_name(t.value.s))
        defer(Problem::kFunction, "Invalid attribute type name found; type: " + t.value.s +
                                      ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }
  }
  using T = Condition::Type;
  out.type = name == "attribute_exists"       ? T::kExists
             : name == "attribute_not_exists" ? T::kNotExists
             : name == "attribute_type"       ? T::kAttributeType
             : name == "begins_with"          ? T::kBeginsWith
                                              : T::kContains;
  out.operands = std::move(c.args);
  return out;
}

Condition parse_condition(std::string_view text, ExpressionAttributes& attrs, Kind kind) {
  Parser p(text, attrs, kind);
  Parser::Parsed result = p.condition();
  p.finish();
  return std::move(result.cond);
}

}  // namespace dynemu::expr
