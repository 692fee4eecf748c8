// The recursive-descent parser for all five expression kinds (see expression.h).
//
// Order of checks, as DynamoDB reports them: the size limit, an empty expression, then the whole
// text is parsed and the first syntax error wins ("Syntax error; token: ..."); the operator limit is
// enforced while parsing (DynamoDB reports "operator count: 301" however long the expression is).
// Semantic problems found on the way are collected and the first one of the highest-priority class
// is reported after parsing: reserved words, then undefined #names, then undefined :values, then the
// rest (function use, operand types, redundant parentheses, path depth) in text order; overlapping
// paths are checked last, on the finished actions/paths.
//
// Recursion happens only for parentheses, NOT and function arguments; every level passes
// enter_nesting(), which bounds the depth long before the stack could suffer.
#include "expr/parser_internal.h"

#include <algorithm>

#include "expr/reserved_words.h"
#include "model/api_error.h"

namespace dynemu::expr {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kCondition: return "ConditionExpression";
    case Kind::kFilter: return "FilterExpression";
    case Kind::kKeyCondition: return "KeyConditionExpression";
    case Kind::kProjection: return "ProjectionExpression";
    case Kind::kUpdate: return "UpdateExpression";
  }
  return "Expression";
}

std::string path_to_string(const Path& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.size(); ++i) {
    if (i) out += ", ";
    if (path[i].is_index()) out += "[" + std::to_string(path[i].index) + "]";
    else out += path[i].name;
  }
  return out + "]";
}

std::string short_value_text(const model::AttributeValue& v) {
  std::string body;
  switch (v.type) {
    case model::AttrType::S: body = v.s; break;
    case model::AttrType::N: body = v.n.to_string(); break;
    case model::AttrType::B: body = "<binary>"; break;
    case model::AttrType::BOOL: body = v.boolean ? "true" : "false"; break;
    case model::AttrType::NUL: body = "true"; break;
    default: body = "..."; break;
  }
  return std::string("{") + model::type_name(v.type) + ":" + body + "}";
}

// ---------------------------------------------------------------------------------------------
// Parser basics

Parser::Parser(std::string_view text, ExpressionAttributes& attrs, Kind kind)
    : text_(text), attrs_(attrs), kind_(kind) {
  if (text.size() > kMaxExpressionBytes)
    fail("Expression size has exceeded the maximum allowed size; expression size: " + std::to_string(text.size()));
  tokens_ = tokenize(text);
  if (tokens_.size() == 1) fail("The expression can not be empty;");
}

void Parser::fail(const std::string& reason) const {
  throw model::validation_error(std::string("Invalid ") + kind_name(kind_) + ": " + reason);
}

void Parser::syntax_error() const { fail(syntax_error_text(text_, tokens_, pos_)); }

void Parser::defer(int priority, std::string reason) {
  if (!deferred_ || priority < deferred_->first) deferred_ = std::make_pair(priority, std::move(reason));
}

void Parser::finish() {
  if (peek().kind != TokenKind::kEnd) syntax_error();
  if (deferred_) fail(deferred_->second);
}

bool Parser::accept(TokenKind k) {
  if (peek().kind != k) return false;
  ++pos_;
  return true;
}

void Parser::expect(TokenKind k) {
  if (!accept(k)) syntax_error();
}

bool Parser::accept_keyword(std::string_view kw) {
  if (!is_keyword(peek(), kw)) return false;
  ++pos_;
  return true;
}

void Parser::count_operator() {
  if (++operators_ > kMaxOperators)
    fail("The expression contains too many operators; operator count: " + std::to_string(operators_));
}

void Parser::enter_nesting() {
  // Each nesting level of a valid expression carries an operator, so this only trips on input
  // that DynamoDB rejects anyway (redundant parentheses); it keeps recursion shallow.
  if (++depth_ > kMaxOperators) fail("The expression has redundant parentheses;");
}

// Names that are grammar keywords are syntax errors where an operand belongs.
bool Parser::is_grammar_keyword(const Token& t) const {
  static constexpr std::string_view kKeywords[] = {"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"};
  for (auto kw : kKeywords)
    if (is_keyword(t, kw)) return true;
  return false;
}

bool Parser::at_function_call() const {
  return peek().kind == TokenKind::kName && tokens_[pos_ + 1].kind == TokenKind::kLParen;
}

// ---------------------------------------------------------------------------------------------
// Paths and operands

std::string Parser::path_name() {
  const Token& t = peek();
  if (t.kind == TokenKind::kNamePlaceholder) {
    ++pos_;
    const std::string* resolved = attrs_.name(t.text);
    if (!resolved) {
      defer(kUndefinedName, "An expression attribute name used in the document path is not defined; attribute name: " +
                                std::string(t.text));
      return std::string(t.text);
    }
    return *resolved;
  }
  if (t.kind != TokenKind::kName || is_grammar_keyword(t)) syntax_error();
  ++pos_;
  if (is_reserved_word(t.text))
    defer(kReserved, "Attribute name is a reserved keyword; reserved keyword: " + std::string(t.text));
  return std::string(t.text);
}

Path Parser::path() {
  Path p;
  PathElement first;
  first.name = path_name();
  p.push_back(std::move(first));
  for (;;) {
    if (accept(TokenKind::kDot)) {
      PathElement e;
      e.name = path_name();
      p.push_back(std::move(e));
    } else if (peek().kind == TokenKind::kLBracket) {
      ++pos_;
      const Token& n = peek();
      if (n.kind != TokenKind::kNumber) syntax_error();
      // DynamoDB list indexes are 32-bit; longer digit runs cannot name an element.
      if (n.text.size() > 9) syntax_error();
      PathElement e;
      e.index = std::stoll(std::string(n.text));
      ++pos_;
      expect(TokenKind::kRBracket);
      p.push_back(std::move(e));
    } else {
      break;
    }
  }
  if (p.size() > kMaxPathDepth)
    defer(kOther, "The document path has too many nesting levels; nesting levels: " + std::to_string(p.size()));
  return p;
}

Operand Parser::value_operand() {
  const Token& t = peek();
  Operand o;
  o.type = Operand::Type::kValue;
  ++pos_;
  const model::AttributeValue* v = attrs_.value(t.text);
  if (!v) {
    defer(kUndefinedValue,
          "An expression attribute value used in expression is not defined; attribute value: " + std::string(t.text));
  } else {
    o.value = *v;
  }
  return o;
}

// A function call's name and arguments; arguments are operands (which may be calls themselves).
Parser::Call Parser::call(bool update_context) {
  Call c;
  c.name = std::string(peek().text);
  c.token = pos_;
  pos_ += 2;  // name, '('
  count_operator();
  enter_nesting();
  c.args.push_back(update_context ? update_operand() : operand());
  while (accept(TokenKind::kComma)) c.args.push_back(update_context ? update_operand() : operand());
  expect(TokenKind::kRParen);
  leave_nesting();
  return c;
}

void Parser::check_arity(const Call& c, size_t n) {
  if (c.args.size() != n)
    defer(kOther, "Incorrect number of operands for operator or function; operator or function: " + c.name +
                      ", number of operands: " + std::to_string(c.args.size()));
}

void Parser::require_path(const Operand& o, const std::string& function) {
  if (o.type != Operand::Type::kPath)
    defer(kOther, "Operator or function requires a document path; operator or function: " + function);
}

void Parser::require_value_types(const Operand& o, const std::string& op,
                                 std::initializer_list<model::AttrType> allowed) {
  if (o.type != Operand::Type::kValue || (deferred_ && deferred_->first == kUndefinedValue)) return;
  for (auto t : allowed)
    if (o.value.type == t) return;
  defer(kOther, "Incorrect operand type for operator or function; operator or function: " + op +
                    ", operand type: " + model::type_name(o.value.type));
}

// A condition operand: path | :value | size(operand).
Operand Parser::operand() {
  const Token& t = peek();
  if (t.kind == TokenKind::kValuePlaceholder) return value_operand();
  if (at_function_call() && !is_grammar_keyword(t)) {
    Call c = call(false);
    std::string lower = lower_ascii(c.name);
    if (lower == "size") {
      check_arity(c, 1);
      Operand o;
      o.type = Operand::Type::kSize;
      o.args = std::move(c.args);
      if (!o.args.empty())
        require_value_types(o.args[0], "size", {model::AttrType::S, model::AttrType::B, model::AttrType::SS,
                                                model::AttrType::NS, model::AttrType::BS, model::AttrType::L,
                                                model::AttrType::M});
      return o;
    }
    if (is_condition_function(lower) || lower == "if_not_exists" || lower == "list_append")
      defer(kOther, "The function is not allowed to be used this way in an expression; function: " + c.name);
    else
      defer(kOther, "Invalid function name; function: " + c.name);
    return Operand{};
  }
  Operand o;
  o.type = Operand::Type::kPath;
  o.path = path();
  return o;
}

bool Parser::is_condition_function(const std::string& lower) {
  return lower == "attribute_exists" || lower == "attribute_not_exists" || lower == "attribute_type" ||
         lower == "begins_with" || lower == "contains";
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Conditions

Parser::Parsed Parser::condition() {
  Parsed left = conjunction();
  while (is_keyword(peek(), "OR")) {
    ++pos_;
    count_operator();
    Parsed right = conjunction();
    Condition c;
    c.type = Condition::Type::kOr;
    c.children.push_back(std::move(left.cond));
    c.children.push_back(std::move(right.cond));
    left = Parsed{std::move(c), false};
  }
  return left;
}

Parser::Parsed Parser::conjunction() {
  Parsed left = negation();
  while (is_keyword(peek(), "AND")) {
    ++pos_;
    count_operator();
    Parsed right = negation();
    Condition c;
    c.type = Condition::Type::kAnd;
    c.children.push_back(std::move(left.cond));
    c.children.push_back(std::move(right.cond));
    left = Parsed{std::move(c), false};
  }
  return left;
}

Parser::Parsed Parser::negation() {
  if (!is_keyword(peek(), "NOT")) return primary();
  ++pos_;
  count_operator();
  enter_nesting();
  Parsed inner = negation();
  leave_nesting();
  Condition c;
  c.type = Condition::Type::kNot;
  c.children.push_back(std::move(inner.cond));
  return Parsed{std::move(c), false};
}

Parser::Parsed Parser::primary() {
  if (accept(TokenKind::kLParen)) {
    enter_nesting();
    Parsed inner = condition();
    expect(TokenKind::kRParen);
    leave_nesting();
    // "((a = :v))": a group whose only content is another group.
    if (inner.parenthesized) defer(kOther, "The expression has redundant parentheses;");
    inner.parenthesized = true;
    return inner;
  }
  // A condition function: attribute_exists(...), begins_with(...), ...
  if (at_function_call() && is_condition_function(lower_ascii(peek().text))) {
    Call c = call(false);
    return Parsed{function_condition(c), false};
  }
  // Anything else starts with an operand (unknown functions are reported by operand()).
  Operand left = operand();
  Condition c;
  const Token& op = peek();
  switch (op.kind) {
    case TokenKind::kEq: c.type = Condition::Type::kEq; break;
    case TokenKind::kNe: c.type = Condition::Type::kNe; break;
    case TokenKind::kLt: c.type = Condition::Type::kLt; break;
    case TokenKind::kLe: c.type = Condition::Type::kLe; break;
    case TokenKind::kGt: c.type = Condition::Type::kGt; break;
    case TokenKind::kGe: c.type = Condition::Type::kGe; break;
    default:
      if (is_keyword(op, "BETWEEN")) {
        c.type = Condition::Type::kBetween;
      } else if (is_keyword(op, "IN")) {
        c.type = Condition::Type::kIn;
      } else {
        syntax_error();  // e.g. `size(a)` alone is not a condition
      }
  }
  ++pos_;
  count_operator();
  c.operands.push_back(std::move(left));
  const std::string op_text = c.type == Condition::Type::kBetween ? "BETWEEN"
                              : c.type == Condition::Type::kIn    ? "IN"
                                                                  : std::string(op.text);
  if (c.type == Condition::Type::kBetween) {
    c.operands.push_back(operand());
    if (!accept_keyword("AND")) syntax_error();
    c.operands.push_back(operand());
  } else if (c.type == Condition::Type::kIn) {
    expect(TokenKind::kLParen);
    c.operands.push_back(operand());
    while (accept(TokenKind::kComma)) c.operands.push_back(operand());
    expect(TokenKind::kRParen);
    if (c.operands.size() - 1 > kMaxInOperands)
      defer(kOther, "Too many operands for the IN operator; number of operands: " +
                        std::to_string(c.operands.size() - 1) + ", maximum: " + std::to_string(kMaxInOperands));
  } else {
    c.operands.push_back(operand());
  }
  check_comparison(c, op_text);
  return Parsed{std::move(c), false};
}

void Parser::check_distinct(const Condition& c, const std::string& op) {
  const Operand& first = c.operands[0];
  if (first.type != Operand::Type::kPath) return;
  for (size_t i = 1; i < c.operands.size(); ++i) {
    if (c.operands[i].type == Operand::Type::kPath && c.operands[i].path == first.path) {
      defer(kOther, "The first operand must be distinct from the remaining operands for this operator or function; "
                    "operator: " + op + ", first operand: " + path_to_string(first.path));
      return;
    }
  }
}

void Parser::check_comparison(const Condition& c, const std::string& op) {
  using T = Condition::Type;
  check_distinct(c, op);
  if (c.type == T::kLt || c.type == T::kLe || c.type == T::kGt || c.type == T::kGe || c.type == T::kBetween) {
    for (const auto& o : c.operands)
      require_value_types(o, op, {model::AttrType::S, model::AttrType::N, model::AttrType::B});
  }
  if (c.type == T::kBetween && c.operands[1].type == Operand::Type::kValue &&
      c.operands[2].type == Operand::Type::kValue && !deferred_) {
    const auto& lo = c.operands[1].value;
    const auto& hi = c.operands[2].value;
    if (lo.type != hi.type)
      defer(kOther, "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: "
                    "AttributeValue: " + short_value_text(lo) + ", upper bound operand: AttributeValue: " +
                    short_value_text(hi));
    else if (compare_scalars(lo, hi) > 0)
      defer(kOther, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                    "lower bound operand: AttributeValue: " + short_value_text(lo) +
                    ", upper bound operand: AttributeValue: " + short_value_text(hi));
  }
}

Condition Parser::function_condition(Call& c) {
  const std::string name = lower_ascii(c.name);
  Condition out;
  if (name == "attribute_exists" || name == "attribute_not_exists") {
    out.type = name == "attribute_exists" ? Condition::Type::kExists : Condition::Type::kNotExists;
    check_arity(c, 1);
    if (!c.args.empty()) require_path(c.args[0], c.name);
  } else if (name == "attribute_type") {
    out.type = Condition::Type::kAttributeType;
    check_arity(c, 2);
    if (c.args.size() == 2) {
      require_path(c.args[0], c.name);
      require_value_types(c.args[1], c.name, {model::AttrType::S});
      const Operand& t = c.args[1];
      if (t.type == Operand::Type::kValue && t.value.type == model::AttrType::S && !valid_type_name(t.value.s))
        defer(kOther, "Invalid attribute type name found; type: " + t.value.s +
                          ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
    }
  } else {
    out.type = name == "begins_with" ? Condition::Type::kBeginsWith : Condition::Type::kContains;
    check_arity(c, 2);
    if (c.args.size() == 2) {
      if (name == "begins_with") {
        require_value_types(c.args[0], c.name, {model::AttrType::S, model::AttrType::B});
        require_value_types(c.args[1], c.name, {model::AttrType::S, model::AttrType::B});
      }
      Condition probe;
      probe.operands = c.args;
      check_distinct(probe, c.name);
    }
  }
  out.operands = std::move(c.args);
  return out;
}

bool valid_type_name(const std::string& t) {
  static constexpr std::string_view kTypes[] = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"};
  return std::find(std::begin(kTypes), std::end(kTypes), t) != std::end(kTypes);
}

int compare_scalars(const model::AttributeValue& a, const model::AttributeValue& b) {
  if (a.type == model::AttrType::N) return a.n.compare(b.n);
  // S and B compare as unsigned bytes (UTF-8 bytes for S).
  const int c = a.s.compare(b.s);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Entry points

Condition parse_condition(std::string_view text, ExpressionAttributes& attrs, Kind kind) {
  Parser p(text, attrs, kind);
  Parser::Parsed result = p.condition();
  p.finish();
  return std::move(result.cond);
}

std::vector<Path> parse_projection(std::string_view text, ExpressionAttributes& attrs) {
  Parser p(text, attrs, Kind::kProjection);
  std::vector<Path> paths;
  paths.push_back(p.path());
  while (p.accept(TokenKind::kComma)) paths.push_back(p.path());
  p.finish();
  p.check_overlaps(paths);
  return paths;
}

void Parser::check_overlaps(const std::vector<Path>& paths) const {
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const Path& a = paths[j];
      const Path& b = paths[i];
      const size_t n = std::min(a.size(), b.size());
      size_t k = 0;
      while (k < n && a[k] == b[k]) ++k;
      if (k == n)
        fail("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: " +
             path_to_string(a) + ", path two: " + path_to_string(b));
      if (a[k].is_index() != b[k].is_index())
        fail("Two document paths conflict with each other; must remove or rewrite one of these paths; path one: " +
             path_to_string(a) + ", path two: " + path_to_string(b));
    }
  }
}

}  // namespace dynemu::expr
