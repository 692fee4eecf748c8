// UpdateExpression and KeyConditionExpression parsing, and ExpressionAttributes (see expression.h).
#include <algorithm>

#include "expr/parser_internal.h"
#include "model/api_error.h"

namespace dynemu::expr {

// ---------------------------------------------------------------------------------------------
// ExpressionAttributes

ExpressionAttributes::ExpressionAttributes(std::vector<std::pair<std::string, std::string>> names,
                                           std::vector<std::pair<std::string, model::AttributeValue>> values) {
  for (auto& [k, v] : names) names_.push_back(NameEntry{std::move(k), std::move(v), false});
  for (auto& [k, v] : values) values_.push_back(ValueEntry{std::move(k), std::move(v), false});
}

const std::string* ExpressionAttributes::name(std::string_view placeholder) {
  for (auto& e : names_) {
    if (e.key == placeholder) {
      e.used = true;
      return &e.name;
    }
  }
  return nullptr;
}

const model::AttributeValue* ExpressionAttributes::value(std::string_view placeholder) {
  for (auto& e : values_) {
    if (e.key == placeholder) {
      e.used = true;
      return &e.value;
    }
  }
  return nullptr;
}

void ExpressionAttributes::check_all_used() const {
  auto unused = [](const auto& entries) {
    std::string keys;
    for (const auto& e : entries) {
      if (e.used) continue;
      if (!keys.empty()) keys += ", ";
      keys += e.key;
    }
    return keys;
  };
  std::string names = unused(names_);
  if (!names.empty())
    throw model::validation_error("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + names + "}");
  std::string values = unused(values_);
  if (!values.empty())
    throw model::validation_error("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + values +
                                  "}");
}

// ---------------------------------------------------------------------------------------------
// UpdateExpression

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
    case model::AttrType::SS: return "STRING_SET";
    case model::AttrType::NS: return "NUMBER_SET";
    case model::AttrType::BS: return "BINARY_SET";
  }
  return "?";
}

}  // namespace

Operand Parser::update_operand() {
  const Token& t = peek();
  if (t.kind == TokenKind::kValuePlaceholder) return value_operand();
  if (at_function_call() && !is_grammar_keyword(t)) {
    Call c = call(true);
    const std::string lower = lower_ascii(c.name);
    Operand o;
    if (lower == "if_not_exists") {
      o.type = Operand::Type::kIfNotExists;
      check_arity(c, 2);
      if (!c.args.empty()) require_path(c.args[0], c.name);
    } else if (lower == "list_append") {
      o.type = Operand::Type::kListAppend;
      check_arity(c, 2);
      for (const auto& a : c.args) require_value_types(a, c.name, {model::AttrType::L});
    } else if (is_condition_function(lower) || lower == "size") {
      defer(kOther, "The function is not allowed in an update expression; function: " + c.name);
    } else {
      defer(kOther, "Invalid function name; function: " + c.name);
    }
    o.args = std::move(c.args);
    return o;
  }
  Operand o;
  o.type = Operand::Type::kPath;
  o.path = path();
  return o;
}

Operand Parser::set_value() {
  Operand left = update_operand();
  const TokenKind k = peek().kind;
  if (k != TokenKind::kPlus && k != TokenKind::kMinus) return left;
  ++pos_;
  count_operator();
  Operand right = update_operand();
  const char* op = k == TokenKind::kPlus ? "+" : "-";
  require_value_types(left, op, {model::AttrType::N});
  require_value_types(right, op, {model::AttrType::N});
  Operand o;
  o.type = k == TokenKind::kPlus ? Operand::Type::kPlus : Operand::Type::kMinus;
  o.args.push_back(std::move(left));
  o.args.push_back(std::move(right));
  return o;
}

UpdateActions parse_update(std::string_view text, ExpressionAttributes& attrs) {
  Parser p(text, attrs, Kind::kUpdate);
  static constexpr std::string_view kClauses[] = {"SET", "REMOVE", "ADD", "DELETE"};
  bool seen[4] = {false, false, false, false};
  UpdateActions actions;
  do {
    int clause = -1;
    for (int i = 0; i < 4; ++i)
      if (is_keyword(p.peek(), kClauses[i])) clause = i;
    if (clause < 0) p.syntax_error();
    p.accept(TokenKind::kName);
    if (seen[clause])
      p.defer(Parser::kOther, "The \"" + std::string(kClauses[clause]) +
                                  "\" section can only be used once in an update expression;");
    seen[clause] = true;
    do {
      UpdateAction a;
      a.type = static_cast<UpdateAction::Type>(clause);
      a.path = p.path();
      if (a.type == UpdateAction::Type::kSet) {
        p.expect(TokenKind::kEq);
        p.count_operator();
        a.value = p.set_value();
      } else if (a.type != UpdateAction::Type::kRemove) {
        if (p.peek().kind != TokenKind::kValuePlaceholder) p.syntax_error();
        a.value = p.value_operand();
        const model::AttrType t = a.value.value.type;
        const bool is_set = t == model::AttrType::SS || t == model::AttrType::NS || t == model::AttrType::BS;
        const bool ok = is_set || (a.type == UpdateAction::Type::kAdd && t == model::AttrType::N);
        if (!ok && !p.has_deferred())
          p.defer(Parser::kOther, std::string("Incorrect operand type for operator or function; operator: ") +
                                      std::string(kClauses[clause]) + ", operand type: " + long_type_name(t));
      }
      actions.push_back(std::move(a));
    } while (p.accept(TokenKind::kComma));
  } while (p.peek().kind != TokenKind::kEnd);
  p.finish();
  std::vector<Path> paths;
  paths.reserve(actions.size());
  for (const auto& a : actions) paths.push_back(a.path);
  p.check_overlaps(paths);
  return actions;
}

// ---------------------------------------------------------------------------------------------
// KeyConditionExpression
//
// After the shared condition parser, the tree must be an AND of simple conditions on distinct
// top-level attributes. DynamoDB reports these structural problems without the "Invalid
// KeyConditionExpression:" prefix, walking the tree in order and each condition's operands left
// to right.

namespace {

[[noreturn]] void key_fail(const std::string& reason) { throw model::validation_error(reason); }

const char* operator_text(Condition::Type t) {
  using T = Condition::Type;
  switch (t) {
    case T::kOr: return "OR";
    case T::kNot: return "NOT";
    case T::kNe: return "<>";
    case T::kIn: return "IN";
    case T::kExists: return "attribute_exists";
    case T::kNotExists: return "attribute_not_exists";
    case T::kAttributeType: return "attribute_type";
    case T::kContains: return "contains";
    default: return nullptr;
  }
}

KeyPredicate::Op flipped(KeyPredicate::Op op) {
  using O = KeyPredicate::Op;
  switch (op) {
    case O::kLt: return O::kGt;
    case O::kLe: return O::kGe;
    case O::kGt: return O::kLt;
    case O::kGe: return O::kLe;
    default: return op;
  }
}

KeyPredicate::Op key_op(Condition::Type t) {
  using T = Condition::Type;
  using O = KeyPredicate::Op;
  switch (t) {
    case T::kEq: return O::kEq;
    case T::kLt: return O::kLt;
    case T::kLe: return O::kLe;
    case T::kGt: return O::kGt;
    case T::kGe: return O::kGe;
    case T::kBetween: return O::kBetween;
    default: return O::kBeginsWith;
  }
}

void collect(const Condition& c, std::vector<KeyPredicate>& out) {
  using T = Condition::Type;
  if (const char* bad = operator_text(c.type))
    key_fail(std::string("Invalid operator used in KeyConditionExpression: ") + bad);
  if (c.type == T::kAnd) {
    for (const auto& child : c.children) collect(child, out);
    return;
  }
  if ((c.type == T::kBetween || c.type == T::kBeginsWith) && c.operands[0].type != Operand::Type::kPath)
    key_fail(std::string("Invalid condition in KeyConditionExpression: ") +
             (c.type == T::kBetween ? "BETWEEN" : "begins_with") +
             " operator must have the key attribute as its first operand");
  KeyPredicate p;
  p.op = key_op(c.type);
  size_t attribute_at = 0;
  bool found = false;
  for (size_t i = 0; i < c.operands.size(); ++i) {
    const Operand& o = c.operands[i];
    if (o.type == Operand::Type::kSize) key_fail("KeyConditionExpressions cannot contain nested operations");
    if (o.type != Operand::Type::kPath) continue;
    if (found) key_fail("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
    if (o.path.size() != 1) key_fail("KeyConditionExpressions cannot have conditions on nested attributes");
    p.attribute = o.path[0].name;
    attribute_at = i;
    found = true;
  }
  if (!found) key_fail("Invalid condition in KeyConditionExpression: No key attribute specified");
  for (const auto& earlier : out)
    if (earlier.attribute == p.attribute) key_fail("KeyConditionExpressions must only contain one condition per key");
  // ":v < a" is "a > :v".
  if (attribute_at != 0) p.op = flipped(p.op);
  for (size_t i = 0; i < c.operands.size(); ++i)
    if (i != attribute_at) p.values.push_back(c.operands[i].value);
  out.push_back(std::move(p));
}

}  // namespace

KeyCondition parse_key_condition(std::string_view text, ExpressionAttributes& attrs) {
  Condition c = parse_condition(text, attrs, Kind::kKeyCondition);
  KeyCondition kc;
  collect(c, kc.predicates);
  return kc;
}

BoundKeyCondition bind_key_condition(const KeyCondition& kc, const std::string& hash_name, model::AttrType hash_type,
                                     const std::string& range_name, model::AttrType range_type) {
  const KeyPredicate* hash = nullptr;
  const KeyPredicate* range = nullptr;
  const KeyPredicate* other = nullptr;
  for (const auto& p : kc.predicates) {
    if (p.attribute == hash_name) hash = &p;
    else if (!range_name.empty() && p.attribute == range_name) range = &p;
    else other = &p;
  }
  if (!hash) throw model::validation_error("Query condition missed key schema element: " + hash_name);
  if (other) {
    if (!range_name.empty() && !range)
      throw model::validation_error("Query condition missed key schema element: " + range_name);
    throw model::validation_error("Query key condition not supported");
  }
  if (hash->op != KeyPredicate::Op::kEq) throw model::validation_error("Query key condition not supported");
  const char* kMismatch = "One or more parameter values were invalid: Condition parameter type does not match schema type";
  if (hash->values[0].type != hash_type) throw model::validation_error(kMismatch);
  BoundKeyCondition out;
  out.partition = hash->values[0];
  if (range) {
    for (const auto& v : range->values)
      if (v.type != range_type) throw model::validation_error(kMismatch);
    out.sort = *range;
  }
  return out;
}

}  // namespace dynemu::expr
