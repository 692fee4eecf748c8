// Condition evaluation and projection (see expression.h).
//
// Type semantics, as DynamoDB documents them:
//  - Comparing values of different types is false, never an error; `<>` is true then (and also
//    when an operand does not exist, as for the legacy NE operator).
//  - `<`, `<=`, `>`, `>=`, BETWEEN apply to S, N and B only: numbers numerically, strings (UTF-8)
//    and binaries bytewise, unsigned.
//  - Sets compare as unordered collections; lists and maps structurally (AttributeValue::operator==).
//  - size(): string length in UTF-8 bytes, binary length, number of elements of a set, list or map;
//    other types have no size (the comparison is then false).
//  - contains(a, v): substring for S, member for SS/NS/BS, element equality for L.
#include <map>

#include "expr/parser_internal.h"

namespace dynemu::expr {
namespace {

using model::AttributeValue;
using model::AttrType;

// The value of an operand: borrowed from the item/expression or computed (size()).
struct Value {
  const AttributeValue* ref = nullptr;
  AttributeValue owned;
  bool is_owned = false;
  const AttributeValue* get() const { return is_owned ? &owned : ref; }
};

Value evaluate_operand(const Operand& o, const model::Item& item) {
  Value v;
  switch (o.type) {
    case Operand::Type::kPath:
      v.ref = resolve_path(item, o.path);
      break;
    case Operand::Type::kValue:
      v.ref = &o.value;
      break;
    case Operand::Type::kSize: {
      if (o.args.empty()) break;
      Value inner = evaluate_operand(o.args[0], item);
      const AttributeValue* a = inner.get();
      if (!a) break;
      size_t n = 0;
      switch (a->type) {
        case AttrType::S: case AttrType::B: n = a->s.size(); break;
        case AttrType::SS: case AttrType::BS: n = a->strings.size(); break;
        case AttrType::NS: n = a->numbers.size(); break;
        case AttrType::L: n = a->list.size(); break;
        case AttrType::M: n = a->map ? a->map->size() : 0; break;
        default: return v;  // no size
      }
      std::string ignored;
      v.owned = AttributeValue::number(*model::Number::parse(std::to_string(n), &ignored));
      v.is_owned = true;
      break;
    }
    default:
      break;  // update-only operands never reach conditions
  }
  return v;
}

bool is_scalar_key_type(AttrType t) { return t == AttrType::S || t == AttrType::N || t == AttrType::B; }

// Ordering comparison; nullopt when the operands are not comparable.
std::optional<int> order(const AttributeValue* a, const AttributeValue* b) {
  if (!a || !b || a->type != b->type || !is_scalar_key_type(a->type)) return std::nullopt;
  return compare_scalars(*a, *b);
}

bool contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type) {
    case AttrType::S:
    case AttrType::B:  // a binary holds a subsequence of its bytes, as a string its substrings
      return needle.type == haystack.type && haystack.s.find(needle.s) != std::string::npos;
    case AttrType::SS:
    case AttrType::BS: {
      const AttrType member = haystack.type == AttrType::SS ? AttrType::S : AttrType::B;
      if (needle.type != member) return false;
      for (const auto& m : haystack.strings)
        if (m == needle.s) return true;
      return false;
    }
    case AttrType::NS:
      if (needle.type != AttrType::N) return false;
      for (const auto& m : haystack.numbers)
        if (m == needle.n) return true;
      return false;
    case AttrType::L:
      for (const auto& e : haystack.list)
        if (e == needle) return true;
      return false;
    default:
      return false;
  }
}

}  // namespace

const model::AttributeValue* resolve_path(const model::Item& item, const Path& path) {
  if (path.empty()) return nullptr;
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const AttributeValue* v = &it->second;
  for (size_t i = 1; i < path.size() && v; ++i) v = child_of(v, path[i]);
  return v;
}

bool evaluate(const Condition& c, const model::Item& item) {
  using T = Condition::Type;
  switch (c.type) {
    case T::kTrue: return true;
    case T::kAnd:
      for (const auto& child : c.children)
        if (!evaluate(child, item)) return false;
      return true;
    case T::kOr:
      for (const auto& child : c.children)
        if (evaluate(child, item)) return true;
      return false;
    case T::kNot: return !evaluate(c.children[0], item);
    // attribute_exists() takes only a path; PartiQL's IS [NOT] MISSING also takes a literal or a
    // function (`5 IS NOT MISSING`), which is missing when it has no value.
    case T::kExists:
    case T::kNotExists: {
      const Operand& o = c.operands[0];
      const bool present = o.type == Operand::Type::kPath ? resolve_path(item, o.path) != nullptr
                                                          : evaluate_operand(o, item).get() != nullptr;
      return present == (c.type == T::kExists);
    }
    default: break;
  }
  Value a = evaluate_operand(c.operands[0], item);
  const AttributeValue* av = a.get();
  switch (c.type) {
    case T::kEq: {
      Value b = evaluate_operand(c.operands[1], item);
      return av && b.get() && *av == *b.get();
    }
    case T::kNe: {
      Value b = evaluate_operand(c.operands[1], item);
      return !av || !b.get() || *av != *b.get();
    }
    case T::kLt: case T::kLe: case T::kGt: case T::kGe: {
      Value b = evaluate_operand(c.operands[1], item);
      auto cmp = order(av, b.get());
      if (!cmp) return false;
      return c.type == T::kLt ? *cmp < 0 : c.type == T::kLe ? *cmp <= 0 : c.type == T::kGt ? *cmp > 0 : *cmp >= 0;
    }
    case T::kBetween: {
      Value lo = evaluate_operand(c.operands[1], item);
      Value hi = evaluate_operand(c.operands[2], item);
      auto l = order(av, lo.get());
      auto h = order(av, hi.get());
      return l && h && *l >= 0 && *h <= 0;
    }
    case T::kIn: {
      if (!av) return false;
      for (size_t i = 1; i < c.operands.size(); ++i) {
        Value b = evaluate_operand(c.operands[i], item);
        if (b.get() && *av == *b.get()) return true;
      }
      return false;
    }
    case T::kAttributeType: {
      Value t = evaluate_operand(c.operands[1], item);
      return av && t.get() && t.get()->type == AttrType::S && t.get()->s == model::type_name(av->type);
    }
    case T::kBeginsWith: {
      Value p = evaluate_operand(c.operands[1], item);
      const AttributeValue* pv = p.get();
      if (!av || !pv || av->type != pv->type || (av->type != AttrType::S && av->type != AttrType::B)) return false;
      return av->s.compare(0, pv->s.size(), pv->s) == 0 && av->s.size() >= pv->s.size();
    }
    case T::kContains: {
      Value n = evaluate_operand(c.operands[1], item);
      return av && n.get() && contains(*av, *n.get());
    }
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Projection: the requested paths form a tree, materialized from the item in one walk so that
// several elements of one list come out in index order and sibling map keys merge.

namespace {

struct ProjectionNode {
  bool whole = false;
  std::map<std::string, ProjectionNode> names;
  std::map<int64_t, ProjectionNode> indexes;
};

// Returns false when nothing of `node` exists in `source`.
bool materialize(const AttributeValue& source, const ProjectionNode& node, AttributeValue& out) {
  if (node.whole) {
    out = source;
    return true;
  }
  if (!node.names.empty() && source.type == AttrType::M && source.map) {
    model::Item m;
    for (const auto& [name, child] : node.names) {
      auto it = source.map->find(name);
      AttributeValue v;
      if (it != source.map->end() && materialize(it->second, child, v)) m.emplace(name, std::move(v));
    }
    if (m.empty()) return false;
    out = AttributeValue::map_of(std::move(m));
    return true;
  }
  if (!node.indexes.empty() && source.type == AttrType::L) {
    std::vector<AttributeValue> l;
    for (const auto& [index, child] : node.indexes) {
      if (static_cast<size_t>(index) >= source.list.size()) break;
      AttributeValue v;
      if (materialize(source.list[static_cast<size_t>(index)], child, v)) l.push_back(std::move(v));
    }
    if (l.empty()) return false;
    out = AttributeValue::list_of(std::move(l));
    return true;
  }
  return false;
}

}  // namespace

model::Item project(const model::Item& item, const std::vector<Path>& paths) {
  if (paths.empty()) return item;
  std::map<std::string, ProjectionNode> roots;
  for (const auto& path : paths) {
    ProjectionNode* node = &roots[path[0].name];
    for (size_t i = 1; i < path.size(); ++i)
      node = path[i].is_index() ? &node->indexes[path[i].index] : &node->names[path[i].name];
    node->whole = true;
  }
  model::Item out;
  for (const auto& [name, node] : roots) {
    auto it = item.find(name);
    AttributeValue v;
    if (it != item.end() && materialize(it->second, node, v)) out.emplace(name, std::move(v));
  }
  return out;
}

}  // namespace dynemu::expr
