// The PartiQL parser: recursive descent over tokenize()'s tokens, building the expression
// evaluator's ASTs directly (see partiql.h).
#include <strings.h>

#include <algorithm>

#include "model/api_error.h"
#include "partiql/partiql.h"
#include "partiql/tokenizer.h"

namespace dynemu::partiql {
namespace {

using model::AttributeValue;
using model::AttrType;

const char* const kParameterCount = "Number of parameters in request and statement don't match.";

class Parser {
 public:
  Parser(std::vector<Token> tokens, const std::vector<AttributeValue>& parameters)
      : tokens_(std::move(tokens)), parameters_(parameters) {}

  Statement statement() {
    Statement s;
    if (accept_keyword("SELECT")) {
      select_body(s);
    } else if (accept_keyword("INSERT")) {
      s.type = Statement::Type::kInsert;
      expect_keyword("INTO");
      s.table = name();
      expect_keyword("VALUE");
      if (!peek_punct("{")) unexpected();
      AttributeValue v = value();
      s.item = std::move(*v.map);
    } else if (accept_keyword("UPDATE")) {
      s.type = Statement::Type::kUpdate;
      s.table = name();
      bool any = false;
      for (;;) {
        if (accept_keyword("SET")) {
          do set_clause(s); while (accept_punct(","));
        } else if (accept_keyword("REMOVE")) {
          do {
            expr::UpdateAction a;
            a.type = expr::UpdateAction::Type::kRemove;
            a.path = path();
            s.updates.push_back(std::move(a));
          } while (accept_punct(","));
        } else {
          break;
        }
        any = true;
      }
      if (!any) unexpected();
      expect_keyword("WHERE");
      s.where = condition();
      returning(s);
    } else if (accept_keyword("DELETE")) {
      s.type = Statement::Type::kDelete;
      expect_keyword("FROM");
      s.table = name();
      expect_keyword("WHERE");
      s.where = condition();
      returning(s);
      if (s.returning != Statement::Returning::kNone && s.returning != Statement::Returning::kAllOld)
        throw model::validation_error("Delete statements support only RETURNING ALL OLD *");
    } else if (accept_keyword("EXISTS")) {
      s.type = Statement::Type::kExists;
      expect_punct("(");
      expect_keyword("SELECT");
      select_body(s);
      expect_punct(")");
    } else {
      syntax_error("Expected data manipulation");
    }
    if (peek().type != Token::Type::kEnd) unexpected();
    if (next_parameter_ != parameters_.size()) throw model::validation_error(kParameterCount);
    return s;
  }

 private:
  // --- tokens
  const Token& peek(size_t ahead = 0) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  const Token& advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  static bool is_word(const Token& t, const char* word) {
    return t.type == Token::Type::kIdentifier && strcasecmp(t.text.c_str(), word) == 0;
  }
  bool peek_keyword(const char* word, size_t ahead = 0) const { return is_word(peek(ahead), word); }
  bool accept_keyword(const char* word) {
    if (!peek_keyword(word)) return false;
    advance();
    return true;
  }
  void expect_keyword(const char* word) {
    if (!accept_keyword(word)) unexpected();
  }
  bool peek_punct(const char* p, size_t ahead = 0) const {
    return peek(ahead).type == Token::Type::kPunct && peek(ahead).text == p;
  }
  bool accept_punct(const char* p) {
    if (!peek_punct(p)) return false;
    advance();
    return true;
  }
  void expect_punct(const char* p) {
    if (!accept_punct(p)) unexpected();
  }
  [[noreturn]] void unexpected() const {
    const Token& t = peek();
    if (t.type == Token::Type::kEnd) syntax_error("Unexpected end of statement");
    if (t.type == Token::Type::kIdentifier && is_keyword(t.text)) syntax_error("Unexpected keyword");
    syntax_error("Unexpected term");
  }

  struct Depth {
    explicit Depth(int& d) : d_(d) {
      if (++d_ > kMaxNesting) syntax_error("Statement nesting is too deep");
    }
    ~Depth() { --d_; }
    int& d_;
  };

  // --- names and paths
  bool at_name() const {
    const Token& t = peek();
    return t.type == Token::Type::kQuotedIdentifier || (t.type == Token::Type::kIdentifier && !is_keyword(t.text));
  }
  std::string name() {
    if (!at_name()) unexpected();
    return advance().text;
  }
  // FROM "Table" or "Table"."Index"
  void source(Statement& s) {
    s.table = name();
    if (accept_punct(".")) s.index = name();
  }
  expr::Path path() {
    expr::Path p;
    p.push_back(expr::PathElement{name(), -1});
    for (;;) {
      if (accept_punct(".")) {
        p.push_back(expr::PathElement{name(), -1});
      } else if (accept_punct("[")) {
        const Token& t = peek();
        if (t.type != Token::Type::kNumber || t.text.find_first_not_of("0123456789") != std::string::npos ||
            t.text.size() > 9)
          unexpected();
        p.push_back(expr::PathElement{"", std::stoll(advance().text)});
        expect_punct("]");
      } else {
        break;
      }
      if (p.size() > expr::kMaxPathDepth) throw model::validation_error("Document path nesting is too deep");
    }
    return p;
  }

  // --- SELECT
  void select_body(Statement& s) {
    if (accept_punct("*")) {
      s.select_all = true;
    } else {
      s.select_all = false;
      do s.projection.push_back(path()); while (accept_punct(","));
    }
    expect_keyword("FROM");
    source(s);
    if (accept_keyword("WHERE")) s.where = condition();
    if (accept_keyword("ORDER")) {
      expect_keyword("BY");
      s.order_by = path();
      if (accept_keyword("DESC")) s.descending = true;
      else accept_keyword("ASC");
    }
  }

  void returning(Statement& s) {
    if (!accept_keyword("RETURNING")) return;
    bool all = false;
    if (accept_keyword("ALL")) all = true;
    else expect_keyword("MODIFIED");
    bool old_image = false;
    if (accept_keyword("OLD")) old_image = true;
    else expect_keyword("NEW");
    expect_punct("*");
    using R = Statement::Returning;
    s.returning = old_image ? (all ? R::kAllOld : R::kUpdatedOld) : (all ? R::kAllNew : R::kUpdatedNew);
  }

  // --- UPDATE's SET
  void set_clause(Statement& s) {
    expr::UpdateAction a;
    a.path = path();
    expect_punct("=");
    for (const char* fn : {"set_add", "set_delete"}) {
      if (peek_keyword(fn) && peek_punct("(", 1)) {
        advance();
        advance();
        (void)update_operand();  // the set itself (the target path)
        expect_punct(",");
        a.type = fn[4] == 'a' ? expr::UpdateAction::Type::kAdd : expr::UpdateAction::Type::kDelete;
        a.value.type = expr::Operand::Type::kValue;
        a.value.value = value();
        expect_punct(")");
        s.updates.push_back(std::move(a));
        return;
      }
    }
    a.type = expr::UpdateAction::Type::kSet;
    a.value = update_value();
    s.updates.push_back(std::move(a));
  }
  expr::Operand update_value() {
    expr::Operand left = update_operand();
    while (peek_punct("+") || peek_punct("-")) {
      expr::Operand op;
      op.type = advance().text == "+" ? expr::Operand::Type::kPlus : expr::Operand::Type::kMinus;
      op.args.push_back(std::move(left));
      op.args.push_back(update_operand());
      left = std::move(op);
    }
    return left;
  }
  expr::Operand update_operand() {
    Depth depth(depth_);
    for (const char* fn : {"list_append", "if_not_exists"}) {
      if (peek_keyword(fn) && peek_punct("(", 1)) {
        advance();
        advance();
        expr::Operand op;
        op.type = fn[0] == 'l' ? expr::Operand::Type::kListAppend : expr::Operand::Type::kIfNotExists;
        op.args.push_back(update_value());
        expect_punct(",");
        op.args.push_back(update_value());
        expect_punct(")");
        return op;
      }
    }
    return operand();
  }

  // --- conditions
  expr::Condition condition() {
    Depth depth(depth_);
    expr::Condition left = conjunction();
    if (!peek_keyword("OR")) return left;
    expr::Condition c;
    c.type = expr::Condition::Type::kOr;
    c.children.push_back(std::move(left));
    while (accept_keyword("OR")) c.children.push_back(conjunction());
    return c;
  }
  expr::Condition conjunction() {
    expr::Condition left = negation();
    if (!peek_keyword("AND")) return left;
    expr::Condition c;
    c.type = expr::Condition::Type::kAnd;
    c.children.push_back(std::move(left));
    while (accept_keyword("AND")) c.children.push_back(negation());
    return c;
  }
  expr::Condition negation() {
    Depth depth(depth_);
    if (accept_keyword("NOT")) return negate(negation());
    return predicate();
  }
  static expr::Condition negate(expr::Condition inner) {
    expr::Condition c;
    c.type = expr::Condition::Type::kNot;
    c.children.push_back(std::move(inner));
    return c;
  }
  expr::Condition predicate() {
    if (accept_punct("(")) {
      expr::Condition c = condition();
      expect_punct(")");
      return c;
    }
    static const std::pair<const char*, expr::Condition::Type> kFunctions[] = {
        {"begins_with", expr::Condition::Type::kBeginsWith},
        {"contains", expr::Condition::Type::kContains},
        {"attribute_type", expr::Condition::Type::kAttributeType},
    };
    for (const auto& [fn, type] : kFunctions) {
      if (peek_keyword(fn) && peek_punct("(", 1)) {
        advance();
        advance();
        expr::Condition c;
        c.type = type;
        c.operands.push_back(operand());
        expect_punct(",");
        c.operands.push_back(operand());
        expect_punct(")");
        return c;
      }
    }
    expr::Condition c;
    c.operands.push_back(operand());
    static const std::pair<const char*, expr::Condition::Type> kComparisons[] = {
        {"=", expr::Condition::Type::kEq}, {"<>", expr::Condition::Type::kNe}, {"!=", expr::Condition::Type::kNe},
        {"<", expr::Condition::Type::kLt}, {"<=", expr::Condition::Type::kLe}, {">", expr::Condition::Type::kGt},
        {">=", expr::Condition::Type::kGe},
    };
    for (const auto& [op, type] : kComparisons) {
      if (accept_punct(op)) {
        c.type = type;
        c.operands.push_back(operand());
        return c;
      }
    }
    if (accept_keyword("IS")) {
      const bool negated = accept_keyword("NOT");
      if (accept_keyword("MISSING")) {
        c.type = negated ? expr::Condition::Type::kExists : expr::Condition::Type::kNotExists;
        return c;
      }
      expect_keyword("NULL");
      // PartiQL: a NULL value or a missing attribute IS NULL.
      expr::Condition is_null;
      is_null.type = expr::Condition::Type::kOr;
      expr::Condition null_type;
      null_type.type = expr::Condition::Type::kAttributeType;
      null_type.operands.push_back(c.operands[0]);
      null_type.operands.push_back(value_operand(AttributeValue::string("NULL")));
      expr::Condition missing;
      missing.type = expr::Condition::Type::kNotExists;
      missing.operands.push_back(std::move(c.operands[0]));
      is_null.children.push_back(std::move(null_type));
      is_null.children.push_back(std::move(missing));
      return negated ? negate(std::move(is_null)) : is_null;
    }
    const bool negated = accept_keyword("NOT");
    if (accept_keyword("BETWEEN")) {
      c.type = expr::Condition::Type::kBetween;
      c.operands.push_back(operand());
      expect_keyword("AND");
      c.operands.push_back(operand());
      return negated ? negate(std::move(c)) : c;
    }
    if (accept_keyword("IN")) {
      c.type = expr::Condition::Type::kIn;
      const char* close = accept_punct("[") ? "]" : (expect_punct("("), ")");
      do c.operands.push_back(operand()); while (accept_punct(","));
      expect_punct(close);
      if (c.operands.size() - 1 > expr::kMaxInOperands)
        throw model::validation_error("The IN operator accepts at most 100 operands");
      return negated ? negate(std::move(c)) : c;
    }
    unexpected();
  }
  static expr::Operand value_operand(AttributeValue v) {
    expr::Operand o;
    o.type = expr::Operand::Type::kValue;
    o.value = std::move(v);
    return o;
  }
  expr::Operand operand() {
    if (peek_keyword("size") && peek_punct("(", 1)) {
      advance();
      advance();
      expr::Operand o;
      o.type = expr::Operand::Type::kSize;
      expr::Operand p;
      p.path = path();
      o.args.push_back(std::move(p));
      expect_punct(")");
      return o;
    }
    if (at_name()) {
      expr::Operand o;
      o.path = path();
      return o;
    }
    return value_operand(value());
  }

  // --- values
  AttributeValue value() {
    Depth depth(depth_);
    const Token& t = peek();
    switch (t.type) {
      case Token::Type::kString: return AttributeValue::string(advance().text);
      case Token::Type::kNumber: return number(advance().text);
      case Token::Type::kParameter: {
        advance();
        if (next_parameter_ >= parameters_.size()) {
          ++next_parameter_;
          return AttributeValue::null();
        }
        return parameters_[next_parameter_++];
      }
      case Token::Type::kIdentifier:
        if (accept_keyword("TRUE")) return AttributeValue::boolean_value(true);
        if (accept_keyword("FALSE")) return AttributeValue::boolean_value(false);
        if (accept_keyword("NULL")) return AttributeValue::null();
        unexpected();
      case Token::Type::kPunct: break;
      default: unexpected();
    }
    if (accept_punct("-")) {
      if (peek().type != Token::Type::kNumber) unexpected();
      return number("-" + advance().text);
    }
    if (accept_punct("[")) {
      std::vector<AttributeValue> list;
      if (!accept_punct("]")) {
        do list.push_back(value()); while (accept_punct(","));
        expect_punct("]");
      }
      return AttributeValue::list_of(std::move(list));
    }
    if (accept_punct("{")) {
      model::Item map;
      if (!accept_punct("}")) {
        do {
          const Token& key = peek();
          if (key.type != Token::Type::kString && key.type != Token::Type::kQuotedIdentifier) unexpected();
          std::string k = advance().text;
          expect_punct(":");
          map[std::move(k)] = value();
        } while (accept_punct(","));
        expect_punct("}");
      }
      return AttributeValue::map_of(std::move(map));
    }
    if (accept_punct("<<")) {
      std::vector<AttributeValue> members;
      if (!accept_punct(">>")) {
        do members.push_back(value()); while (accept_punct(","));
        expect_punct(">>");
      }
      return set_of(members);
    }
    unexpected();
  }
  static AttributeValue number(const std::string& text) {
    std::string error;
    auto n = model::Number::parse(text, &error);
    if (!n) throw model::validation_error(error);
    return AttributeValue::number(std::move(*n));
  }
  static AttributeValue set_of(const std::vector<AttributeValue>& members) {
    if (members.empty()) throw model::validation_error("One or more parameter values were invalid: An set may not be empty");
    AttributeValue set;
    const AttrType type = members[0].type;
    if (type == AttrType::S) set.type = AttrType::SS;
    else if (type == AttrType::N) set.type = AttrType::NS;
    else if (type == AttrType::B) set.type = AttrType::BS;
    else throw model::validation_error("Unsupported set element type: sets hold strings, numbers or binaries");
    for (const auto& m : members) {
      if (m.type != type) throw model::validation_error("Unsupported set element type: a set holds members of one type");
      if (type == AttrType::N) {
        for (const auto& existing : set.numbers)
          if (AttributeValue::number(existing) == m) throw model::validation_error("Input collection contains duplicates");
        set.numbers.push_back(m.n);
      } else {
        for (const auto& existing : set.strings)
          if (existing == m.s) throw model::validation_error("Input collection contains duplicates");
        set.strings.push_back(m.s);
      }
    }
    if (type == AttrType::N)  // NS members are kept in canonical text order (see attribute_value.h)
      std::sort(set.numbers.begin(), set.numbers.end(),
                [](const model::Number& x, const model::Number& y) { return x.to_string() < y.to_string(); });
    return set;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  const std::vector<AttributeValue>& parameters_;
  size_t next_parameter_ = 0;
};

}  // namespace

const char* returning_name(Statement::Returning r) {
  switch (r) {
    case Statement::Returning::kNone: return "NONE";
    case Statement::Returning::kAllOld: return "ALL_OLD";
    case Statement::Returning::kUpdatedOld: return "UPDATED_OLD";
    case Statement::Returning::kAllNew: return "ALL_NEW";
    case Statement::Returning::kUpdatedNew: return "UPDATED_NEW";
  }
  return "NONE";
}

Statement parse(std::string_view text, const std::vector<AttributeValue>& parameters) {
  Parser parser(tokenize(text), parameters);
  return parser.statement();
}

}  // namespace dynemu::partiql
