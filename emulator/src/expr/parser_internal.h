// Parser internals shared by the expression parsers: parser.cc (tokens, paths, errors, projections),
// condition_parser.cc, update_parser.cc and key_condition.cc. Not part of the public contract: use
// expression.h.
//
// Order of checks, as DynamoDB reports them: the size limit, an empty expression, then the whole
// text is parsed and the first syntax error wins ("Syntax error; token: ..."); the operator limit
// is enforced while parsing (DynamoDB reports "operator count: 301" however long the expression is).
// Semantic problems found on the way are deferred, each with its Problem class, and after parsing
// the one of the best-ranked class is reported (ties: the first found). The ranking differs by
// expression kind (see rank() in parser.cc); it follows DynamoDB's observed precedence, e.g. in a
// condition redundant parentheses beat an unknown function, which beats a reserved word, which
// beats an undefined #name; in an update a reserved word comes first and overlapping paths beat
// operand type errors.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expr/expression.h"
#include "expr/tokenizer.h"

namespace dynemu::expr {

std::string lower_ascii(std::string_view s);
bool valid_type_name(const std::string& t);
// Order of two values of the same scalar type (S, N or B): <0, 0, >0.
int compare_scalars(const model::AttributeValue& a, const model::AttributeValue& b);
// "{N:5}" as DynamoDB shows a value inside messages.
std::string short_value_text(const model::AttributeValue& v);

// The element `e` of `v` (a map member or list element), or nullptr when `v` has none. Value is
// model::AttributeValue or const model::AttributeValue.
template <class Value>
Value* child_of(Value* v, const PathElement& e) {
  if (e.is_index()) {
    if (v->type != model::AttrType::L || static_cast<size_t>(e.index) >= v->list.size()) return nullptr;
    return &v->list[static_cast<size_t>(e.index)];
  }
  if (v->type != model::AttrType::M || !v->map) return nullptr;
  auto m = v->map->find(e.name);
  return m == v->map->end() ? nullptr : &m->second;
}

enum class Problem {
  kParens,           // "The expression has redundant parentheses;"
  kUnknownFunction,  // "Invalid function name; function: f"
  kMisusedFunction,  // "The function is not allowed to be used this way in an expression; ..."
  kReserved,         // "Attribute name is a reserved keyword; ..."
  kSection,          // "The \"SET\" section can only be used once in an update expression;"
  kUndefinedName,
  kUndefinedValue,
  kOverlap,          // "Two document paths overlap ..."
  kConflict,         // "Two document paths conflict ..."
  kOperandCount,     // "Incorrect number of operands ..."
  kDistinct,         // "The first operand must be distinct ..."
  kOperand,          // ADD/DELETE operand types
  kFunction,         // function/operator operand types and values (BETWEEN bounds, attribute_type)
  kLimit,            // IN operands, path depth
};

class Parser {
 public:
  struct Parsed {
    Condition cond;
    bool parenthesized = false;  // the condition is exactly one "( ... )" group
  };
  struct Call {
    std::string name;  // as written
    std::vector<Operand> args;
    bool has_function_arg = false;  // an argument other than size() is a function call
  };

  Parser(std::string_view text, ExpressionAttributes& attrs, Kind kind);

  // Grammar shared by all kinds
  Path path();
  Operand value_operand();
  Operand path_or_value();
  std::vector<Path> projection();
  // name '(' arg (',' arg)* ')', each arg read by `argument` (condition or update operands).
  Call function_call(Operand (Parser::*argument)());

  // Conditions (condition_parser.cc)
  Parsed condition();
  Parsed conjunction();
  Parsed chain(std::string_view keyword, Condition::Type type, Parsed (Parser::*next)());
  Parsed negation();
  Parsed group();
  Parsed comparison(Operand left);
  Operand condition_operand();         // '(' operand ')' | operand
  Operand condition_operand_bare();    // size(...) | other call | :value | path
  Condition function_condition(Call& c);
  bool parenthesized_operand_ahead() const;

  // Updates (update_parser.cc)
  UpdateActions update();
  Operand set_value();
  Operand arithmetic();
  Operand update_operand();  // '(' operand ')' | if_not_exists(...) | list_append(...) | :value | path

  // Checks
  void check_distinct(const std::vector<Operand>& operands, const std::string& op);
  void check_arity(const Call& c, size_t n);
  void require_path(const Operand& o, const std::string& function);
  // A value operand of a type not in `allowed` (or a size() where N is not allowed) is a
  // kFunction problem: "Incorrect operand type for operator or function; ...".
  void require_types(const Operand& o, const std::string& op, std::initializer_list<model::AttrType> allowed);
  void check_overlaps(const std::vector<Path>& paths);
  static bool is_condition_function(const std::string& lower);

  // Tokens
  const Token& peek(size_t ahead = 0) const;
  bool accept(TokenKind k);
  void expect(TokenKind k);
  bool accept_keyword(std::string_view kw);
  bool at_function_call() const;
  bool is_grammar_keyword(const Token& t) const;
  bool at_comparator() const;  // = <> < <= > >= BETWEEN IN

  // Errors
  [[noreturn]] void fail(const std::string& reason) const;
  [[noreturn]] void syntax_error() const;
  void defer(Problem problem, std::string reason);
  bool has_deferred() const { return deferred_.has_value(); }
  void count_operator();
  void enter_nesting();
  void leave_nesting() { --depth_; }
  // Requires the end of input, then throws the best-ranked deferred problem, if any.
  void finish();

 private:
  std::string path_name();

  std::string_view text_;
  ExpressionAttributes& attrs_;
  Kind kind_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int operators_ = 0;
  int depth_ = 0;
  std::optional<std::pair<int, std::string>> deferred_;  // (rank, message)
};

}  // namespace dynemu::expr
