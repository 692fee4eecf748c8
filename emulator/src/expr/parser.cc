// The parser's shared machinery (see parser_internal.h for the order of checks): tokens, errors and
// their ranking, document paths, values, projections and path overlap checks.
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

namespace {

// Position of `p` in the precedence list of `kind` (lower reports first).
int rank(Kind kind, Problem p) {
  using P = Problem;
  static constexpr P kCondition[] = {P::kParens,        P::kUnknownFunction, P::kMisusedFunction, P::kReserved,
                                     P::kUndefinedName, P::kOperandCount,    P::kDistinct,        P::kFunction,
                                     P::kOperand,       P::kLimit,           P::kSection,         P::kOverlap,
                                     P::kConflict};
  static constexpr P kUpdate[] = {P::kReserved,      P::kUnknownFunction, P::kSection,  P::kUndefinedName,
                                  P::kUndefinedValue, P::kOverlap,        P::kConflict, P::kOperand,
                                  P::kFunction,       P::kParens,         P::kMisusedFunction, P::kDistinct,
                                  P::kLimit};
  static constexpr P kProjection[] = {P::kReserved, P::kUndefinedName, P::kOverlap, P::kConflict, P::kLimit};
  // In conditions DynamoDB reports whichever undefined #name or :value comes first.
  if (kind != Kind::kUpdate && kind != Kind::kProjection && p == P::kUndefinedValue) p = P::kUndefinedName;
  // In updates, operand counts and operand types of functions are one class.
  if (kind == Kind::kUpdate && p == P::kOperandCount) p = P::kFunction;
  auto find = [p](const P* begin, const P* end) {
    for (const P* it = begin; it != end; ++it)
      if (*it == p) return static_cast<int>(it - begin);
    return static_cast<int>(end - begin);
  };
  if (kind == Kind::kUpdate) return find(std::begin(kUpdate), std::end(kUpdate));
  if (kind == Kind::kProjection) return find(std::begin(kProjection), std::end(kProjection));
  return find(std::begin(kCondition), std::end(kCondition));
}

}  // namespace

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

void Parser::defer(Problem problem, std::string reason) {
  const int r = rank(kind_, problem);
  if (!deferred_ || r < deferred_->first) deferred_ = std::make_pair(r, std::move(reason));
}

void Parser::finish() {
  if (peek().kind != TokenKind::kEnd) syntax_error();
  if (deferred_) fail(deferred_->second);
}

const Token& Parser::peek(size_t ahead) const {
  const size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
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
  return peek().kind == TokenKind::kName && !is_grammar_keyword(peek()) && peek(1).kind == TokenKind::kLParen;
}

bool Parser::at_comparator() const {
  switch (peek().kind) {
    case TokenKind::kEq: case TokenKind::kNe: case TokenKind::kLt:
    case TokenKind::kLe: case TokenKind::kGt: case TokenKind::kGe:
      return true;
    default:
      return is_keyword(peek(), "BETWEEN") || is_keyword(peek(), "IN");
  }
}

// ---------------------------------------------------------------------------------------------
// Paths and values

std::string Parser::path_name() {
  const Token& t = peek();
  if (t.kind == TokenKind::kNamePlaceholder) {
    ++pos_;
    const std::string* resolved = attrs_.name(t.text);
    if (!resolved) {
      defer(Problem::kUndefinedName,
            "An expression attribute name used in the document path is not defined; attribute name: " +
                std::string(t.text));
      return std::string(t.text);
    }
    return *resolved;
  }
  if (t.kind != TokenKind::kName || is_grammar_keyword(t)) syntax_error();
  ++pos_;
  if (is_reserved_word(t.text))
    defer(Problem::kReserved, "Attribute name is a reserved keyword; reserved keyword: " + std::string(t.text));
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
    defer(Problem::kLimit,
          "The document path has too many nesting levels; nesting levels: " + std::to_string(p.size()));
  return p;
}

Operand Parser::value_operand() {
  const Token& t = peek();
  if (t.kind != TokenKind::kValuePlaceholder) syntax_error();
  Operand o;
  o.type = Operand::Type::kValue;
  ++pos_;
  const model::AttributeValue* v = attrs_.value(t.text);
  if (!v) {
    defer(Problem::kUndefinedValue,
          "An expression attribute value used in expression is not defined; attribute value: " + std::string(t.text));
    o.type = Operand::Type::kPath;  // an unresolved value: no type checks apply to it
    o.path.push_back(PathElement{std::string(t.text), -1});
  } else {
    o.value = *v;
  }
  return o;
}

Operand Parser::path_or_value() {
  if (peek().kind == TokenKind::kValuePlaceholder) return value_operand();
  Operand o;
  o.type = Operand::Type::kPath;
  o.path = path();
  return o;
}

// ---------------------------------------------------------------------------------------------
// Checks shared by conditions and updates

void Parser::check_arity(const Call& c, size_t n) {
  if (c.args.size() != n)
    defer(Problem::kOperandCount, "Incorrect number of operands for operator or function; operator or function: " +
                                      c.name + ", number of operands: " + std::to_string(c.args.size()));
}

void Parser::require_path(const Operand& o, const std::string& function) {
  if (o.type != Operand::Type::kPath)
    defer(Problem::kFunction, "Operator or function requires a document path; operator or function: " + function);
}

void Parser::require_types(const Operand& o, const std::string& op, std::initializer_list<model::AttrType> allowed) {
  model::AttrType type;
  if (o.type == Operand::Type::kValue) type = o.value.type;
  else if (o.type == Operand::Type::kSize) type = model::AttrType::N;
  else return;  // a path's type is known only at evaluation
  for (auto t : allowed)
    if (type == t) return;
  defer(Problem::kFunction, "Incorrect operand type for operator or function; operator or function: " + op +
                                ", operand type: " + model::type_name(type));
}

// Two-operand operators and functions whose operands are the same path.
void Parser::check_distinct(const std::vector<Operand>& operands, const std::string& op) {
  if (operands.size() != 2 || operands[0].type != Operand::Type::kPath ||
      operands[1].type != Operand::Type::kPath || !(operands[0].path == operands[1].path))
    return;
  defer(Problem::kDistinct,
        "The first operand must be distinct from the remaining operands for this operator or function; operator: " +
            op + ", first operand: " + path_to_string(operands[0].path));
}

bool Parser::is_condition_function(const std::string& lower) {
  return lower == "attribute_exists" || lower == "attribute_not_exists" || lower == "attribute_type" ||
         lower == "begins_with" || lower == "contains";
}

void Parser::check_overlaps(const std::vector<Path>& paths) {
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const Path& a = paths[j];
      const Path& b = paths[i];
      const size_t n = std::min(a.size(), b.size());
      size_t k = 0;
      while (k < n && a[k] == b[k]) ++k;
      const std::string both = "; must remove or rewrite one of these paths; path one: " + path_to_string(a) +
                               ", path two: " + path_to_string(b);
      if (k == n) defer(Problem::kOverlap, "Two document paths overlap with each other" + both);
      else if (a[k].is_index() != b[k].is_index()) defer(Problem::kConflict, "Two document paths conflict with each other" + both);
    }
  }
}

Parser::Call Parser::function_call(Operand (Parser::*argument)()) {
  Call c;
  c.name = std::string(peek().text);
  pos_ += 2;  // name, '('
  count_operator();
  enter_nesting();
  do {
    c.args.push_back((this->*argument)());  // arguments report their own misuse
  } while (accept(TokenKind::kComma));
  expect(TokenKind::kRParen);
  leave_nesting();
  return c;
}

std::vector<Path> Parser::projection() {
  std::vector<Path> paths;
  paths.push_back(path());
  while (accept(TokenKind::kComma)) paths.push_back(path());
  if (peek().kind != TokenKind::kEnd) syntax_error();
  check_overlaps(paths);
  finish();
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
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

std::vector<Path> parse_projection(std::string_view text, ExpressionAttributes& attrs) {
  Parser p(text, attrs, Kind::kProjection);
  return p.projection();
}

}  // namespace dynemu::expr
