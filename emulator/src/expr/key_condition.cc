// KeyConditionExpression: the shape checks after the shared condition parser, and binding to a key
// schema (see expression.h).
//
// After the shared condition parser, the tree must be an AND of simple conditions on distinct
// top-level attributes. DynamoDB reports these structural problems without the "Invalid
// KeyConditionExpression:" prefix, walking the tree in order and each condition's operands left
// to right.
#include "expr/parser_internal.h"
#include "model/api_error.h"

namespace dynemu::expr {
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
