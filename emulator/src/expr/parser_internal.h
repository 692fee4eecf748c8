// Parser internals shared by parser.cc (conditions, projections) and update_parser.cc (update and
// key-condition expressions). Not part of the public contract: use expression.h.
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

class Parser {
 public:
  // Priorities of deferred (semantic) errors: lower wins; ties go to the first found.
  static constexpr int kReserved = 0, kUndefinedName = 1, kUndefinedValue = 2, kOther = 3;

  struct Parsed {
    Condition cond;
    bool parenthesized = false;  // the condition is exactly one "( ... )" group
  };
  struct Call {
    std::string name;  // as written
    size_t token = 0;
    std::vector<Operand> args;
  };

  Parser(std::string_view text, ExpressionAttributes& attrs, Kind kind);

  // Grammar
  Parsed condition();
  Parsed conjunction();
  Parsed negation();
  Parsed primary();
  Operand operand();
  Operand update_operand();  // path | :value | if_not_exists(...) | list_append(...)
  Operand set_value();       // update_operand [(+|-) update_operand]
  Path path();
  Operand value_operand();
  Call call(bool update_context);
  Condition function_condition(Call& c);

  // Checks
  void check_comparison(const Condition& c, const std::string& op);
  void check_distinct(const Condition& c, const std::string& op);
  void check_arity(const Call& c, size_t n);
  void require_path(const Operand& o, const std::string& function);
  void require_value_types(const Operand& o, const std::string& op, std::initializer_list<model::AttrType> allowed);
  void check_overlaps(const std::vector<Path>& paths) const;
  static bool is_condition_function(const std::string& lower);

  // Tokens
  const Token& peek() const { return tokens_[pos_]; }
  bool accept(TokenKind k);
  void expect(TokenKind k);
  bool accept_keyword(std::string_view kw);
  bool at_function_call() const;
  bool is_grammar_keyword(const Token& t) const;
  size_t position() const { return pos_; }

  // Errors
  [[noreturn]] void fail(const std::string& reason) const;
  [[noreturn]] void syntax_error() const;
  void defer(int priority, std::string reason);
  bool has_deferred() const { return deferred_.has_value(); }
  void count_operator();
  void enter_nesting();
  void leave_nesting() { --depth_; }
  // Requires the end of input, then throws the highest-priority deferred error, if any.
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
  std::optional<std::pair<int, std::string>> deferred_;
};

}  // namespace dynemu::expr
