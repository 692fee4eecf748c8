// The PartiQL planner: which store read a SELECT becomes, and the key a write names (partiql.h).
#include "model/api_error.h"
#include "partiql/partiql.h"

namespace dynemu::partiql {
namespace {

using expr::Condition;
using expr::Operand;

// The top-level conjuncts of a WHERE (one condition unless it is an AND).
std::vector<const Condition*> conjuncts(const Condition& where) {
  std::vector<const Condition*> out;
  if (where.type == Condition::Type::kAnd) {
    for (const auto& c : where.children) {
      auto inner = conjuncts(c);
      out.insert(out.end(), inner.begin(), inner.end());
    }
  } else {
    out.push_back(&where);
  }
  return out;
}

bool is_attribute(const Operand& o, const std::string& name) {
  return o.type == Operand::Type::kPath && o.path.size() == 1 && !o.path[0].is_index() && o.path[0].name == name;
}
bool is_value(const Operand& o) { return o.type == Operand::Type::kValue; }

// `name = value` (either side), returning the value.
const model::AttributeValue* equality_on(const Condition& c, const std::string& name) {
  if (c.type != Condition::Type::kEq) return nullptr;
  if (is_attribute(c.operands[0], name) && is_value(c.operands[1])) return &c.operands[1].value;
  if (is_attribute(c.operands[1], name) && is_value(c.operands[0])) return &c.operands[0].value;
  return nullptr;
}

// A sort-key predicate the store can read as a range (`value op name` is turned around).
std::optional<expr::KeyPredicate> sort_predicate(const Condition& c, const std::string& name, model::AttrType type) {
  using K = expr::KeyPredicate::Op;
  expr::KeyPredicate p;
  p.attribute = name;
  auto typed = [&](const Operand& o) { return is_value(o) && o.value.type == type; };
  switch (c.type) {
    case Condition::Type::kEq: case Condition::Type::kLt: case Condition::Type::kLe:
    case Condition::Type::kGt: case Condition::Type::kGe: {
      static const K kOps[] = {K::kEq, K::kEq, K::kLt, K::kLe, K::kGt, K::kGe};  // by Type order kEq, kNe, ...
      static const K kSwapped[] = {K::kEq, K::kEq, K::kGt, K::kGe, K::kLt, K::kLe};
      const int i = static_cast<int>(c.type);
      if (is_attribute(c.operands[0], name) && typed(c.operands[1])) {
        p.op = kOps[i];
        p.values.push_back(c.operands[1].value);
      } else if (is_attribute(c.operands[1], name) && typed(c.operands[0])) {
        p.op = kSwapped[i];
        p.values.push_back(c.operands[0].value);
      } else {
        return std::nullopt;
      }
      return p;
    }
    case Condition::Type::kBetween:
      if (!is_attribute(c.operands[0], name) || !typed(c.operands[1]) || !typed(c.operands[2])) return std::nullopt;
      // An empty range (low > high) stays a filter: it reads the partition and matches nothing.
      p.op = K::kBetween;
      p.values = {c.operands[1].value, c.operands[2].value};
      return p;
    case Condition::Type::kBeginsWith:
      if (type == model::AttrType::N || !is_attribute(c.operands[0], name) || !typed(c.operands[1])) return std::nullopt;
      p.op = K::kBeginsWith;
      p.values.push_back(c.operands[1].value);
      return p;
    default:
      return std::nullopt;
  }
}

}  // namespace

ReadPlan plan_select(const Statement& statement, const KeyNames& key) {
  ReadPlan plan;
  std::vector<const Condition*> remaining;
  if (statement.where) remaining = conjuncts(*statement.where);
  // The partition key: an equality, or an IN of values.
  for (size_t i = 0; i < remaining.size() && plan.scan; ++i) {
    const Condition& c = *remaining[i];
    if (const auto* v = equality_on(c, key.hash)) {
      plan.scan = false;
      if (v->type == key.hash_type) plan.partitions.push_back(*v);  // another type matches no item
    } else if (c.type == Condition::Type::kIn && is_attribute(c.operands[0], key.hash)) {
      bool all_values = true;
      for (size_t k = 1; k < c.operands.size(); ++k) all_values = all_values && is_value(c.operands[k]);
      if (!all_values) continue;
      plan.scan = false;
      for (size_t k = 1; k < c.operands.size(); ++k) {
        const auto& v = c.operands[k].value;
        if (v.type != key.hash_type) continue;
        bool seen = false;
        for (const auto& p : plan.partitions) seen = seen || p == v;
        if (!seen) plan.partitions.push_back(v);
      }
    } else {
      continue;
    }
    remaining.erase(remaining.begin() + static_cast<std::ptrdiff_t>(i));
  }
  if (!plan.scan && !key.range.empty()) {
    for (size_t i = 0; i < remaining.size(); ++i) {
      if (auto p = sort_predicate(*remaining[i], key.range, key.range_type)) {
        plan.sort = std::move(p);
        remaining.erase(remaining.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
  }
  if (statement.order_by) {
    const auto& o = *statement.order_by;
    if (plan.scan)
      throw model::validation_error("Must have WHERE clause in the statement when using ORDER BY clause.");
    if (key.range.empty() || o.size() != 1 || o[0].is_index() || o[0].name != key.range)
      throw model::validation_error("ORDER BY is supported only on the sort key of the table or index queried: " +
                                    (key.range.empty() ? std::string("there is none") : key.range));
    plan.forward = !statement.descending;
  }
  if (remaining.size() == 1) {
    plan.filter = *remaining[0];
  } else if (!remaining.empty()) {
    Condition all;
    all.type = Condition::Type::kAnd;
    for (const auto* c : remaining) all.children.push_back(*c);
    plan.filter = std::move(all);
  }
  return plan;
}

model::Item plan_key(const Statement& statement, const KeyNames& key) {
  static const char* const kMissingKey = "Where clause does not contain a mandatory equality on all key attributes";
  if (!statement.where) throw model::validation_error(kMissingKey);
  const model::AttributeValue* hash = nullptr;
  const model::AttributeValue* range = nullptr;
  for (const auto* c : conjuncts(*statement.where)) {
    if (!hash) hash = equality_on(*c, key.hash);
    if (!range && !key.range.empty()) range = equality_on(*c, key.range);
  }
  if (!hash || (!key.range.empty() && !range)) throw model::validation_error(kMissingKey);
  model::Item out;
  out.emplace(key.hash, *hash);
  if (range) out.emplace(key.range, *range);
  return out;
}

}  // namespace dynemu::partiql
