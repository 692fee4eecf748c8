// Applying update actions to an item (see expression.h).
//
// DynamoDB semantics:
//  - Every right-hand side reads the item as it was before the update (SET a = b, b = a swaps).
//  - SET on a list index past the end appends; REMOVE of a missing path is a no-op; REMOVE of list
//    elements uses the original indexes (applied from the highest index down).
//  - A path whose parent does not exist (or is not a map/list) cannot be written: "The document path
//    provided in the update expression is invalid for update".
//  - ADD creates a missing attribute; adds numbers exactly or unions sets of the same type. DELETE
//    removes set members; a set left empty is removed with its attribute.
//  - Arithmetic is exact (model::Number); overflow and 38-digit precision get Number's messages.
#include <algorithm>

#include "expr/parser_internal.h"
#include "model/api_error.h"

namespace dynemu::expr {
namespace {

using model::AttributeValue;
using model::AttrType;

const char kMissing[] = "The provided expression refers to an attribute that does not exist in the item";
const char kWrongType[] = "An operand in the update expression has an incorrect data type";
const char kInvalidPath[] = "The document path provided in the update expression is invalid for update";

[[noreturn]] void fail(const char* message) { throw model::validation_error(message); }

AttributeValue compute(const Operand& o, const model::Item& item) {
  switch (o.type) {
    case Operand::Type::kValue:
      return o.value;
    case Operand::Type::kPath: {
      const AttributeValue* v = resolve_path(item, o.path);
      if (!v) fail(kMissing);
      return *v;
    }
    case Operand::Type::kIfNotExists: {
      const AttributeValue* v = resolve_path(item, o.args[0].path);
      return v ? *v : compute(o.args[1], item);
    }
    case Operand::Type::kListAppend: {
      AttributeValue a = compute(o.args[0], item);
      AttributeValue b = compute(o.args[1], item);
      if (a.type != AttrType::L || b.type != AttrType::L) fail(kWrongType);
      for (auto& e : b.list) a.list.push_back(std::move(e));
      return a;
    }
    case Operand::Type::kPlus:
    case Operand::Type::kMinus: {
      AttributeValue a = compute(o.args[0], item);
      AttributeValue b = compute(o.args[1], item);
      if (a.type != AttrType::N || b.type != AttrType::N) fail(kWrongType);
      std::string error;
      auto r = o.type == Operand::Type::kPlus ? model::Number::add(a.n, b.n, &error)
                                              : model::Number::subtract(a.n, b.n, &error);
      if (!r) throw model::validation_error(error);
      return AttributeValue::number(std::move(*r));
    }
    case Operand::Type::kSize:
      break;
  }
  fail(kWrongType);
}

// The container holding the last element of `path`, made private to `item` (maps are shared
// between copies of an AttributeValue, so every map on the way is copied before it is written).
// Returns nullptr when an intermediate element is missing or of the wrong type.
AttributeValue* writable_parent(model::Item& item, const Path& path) {
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  AttributeValue* v = &it->second;
  for (size_t i = 1;; ++i) {
    if (v->type == AttrType::M && v->map) v->map = std::make_shared<model::Item>(*v->map);
    if (i + 1 >= path.size()) return v;  // path[i] is the last element: v is its parent
    v = child_of(v, path[i]);
    if (!v) return nullptr;
  }
}

void set_at(model::Item& item, const Path& path, AttributeValue value) {
  if (path.size() == 1) {
    item[path[0].name] = std::move(value);
    return;
  }
  AttributeValue* parent = writable_parent(item, path);
  const PathElement& last = path.back();
  if (!parent) fail(kInvalidPath);
  if (last.is_index()) {
    if (parent->type != AttrType::L) fail(kInvalidPath);
    const size_t i = static_cast<size_t>(last.index);
    if (i < parent->list.size()) parent->list[i] = std::move(value);
    else parent->list.push_back(std::move(value));
  } else {
    if (parent->type != AttrType::M || !parent->map) fail(kInvalidPath);
    (*parent->map)[last.name] = std::move(value);
  }
}

void remove_at(model::Item& item, const Path& path) {
  if (path.size() == 1) {
    item.erase(path[0].name);
    return;
  }
  AttributeValue* parent = writable_parent(item, path);
  if (!parent) return;
  const PathElement& last = path.back();
  if (last.is_index()) {
    if (parent->type == AttrType::L && static_cast<size_t>(last.index) < parent->list.size())
      parent->list.erase(parent->list.begin() + last.index);
  } else if (parent->type == AttrType::M && parent->map) {
    parent->map->erase(last.name);
  }
}

// Order for removals: at the first differing element, higher list indexes first, so earlier
// removals never shift the elements later ones name.
bool remove_before(const Path& a, const Path& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t k = 0; k < n; ++k) {
    if (a[k] == b[k]) continue;
    if (a[k].is_index() && b[k].is_index()) return a[k].index > b[k].index;
    if (a[k].is_index() != b[k].is_index()) return !a[k].is_index();
    return a[k].name < b[k].name;
  }
  return a.size() < b.size();
}

void sort_numbers(std::vector<model::Number>& numbers) {
  std::sort(numbers.begin(), numbers.end(),
            [](const model::Number& x, const model::Number& y) { return x.to_string() < y.to_string(); });
}

AttributeValue add_values(const AttributeValue* existing, const AttributeValue& operand) {
  if (!existing) return operand;
  if (existing->type != operand.type) fail(kWrongType);
  AttributeValue out = *existing;
  switch (operand.type) {
    case AttrType::N: {
      std::string error;
      auto r = model::Number::add(existing->n, operand.n, &error);
      if (!r) throw model::validation_error(error);
      out.n = std::move(*r);
      return out;
    }
    case AttrType::SS:
    case AttrType::BS:
      for (const auto& m : operand.strings)
        if (std::find(out.strings.begin(), out.strings.end(), m) == out.strings.end()) out.strings.push_back(m);
      return out;
    case AttrType::NS:
      for (const auto& m : operand.numbers)
        if (std::find(out.numbers.begin(), out.numbers.end(), m) == out.numbers.end()) out.numbers.push_back(m);
      sort_numbers(out.numbers);
      return out;
    default:
      fail(kWrongType);
  }
}

// nullopt: the set became empty (the attribute goes away).
std::optional<AttributeValue> delete_values(const AttributeValue& existing, const AttributeValue& operand) {
  if (existing.type != operand.type) fail(kWrongType);
  AttributeValue out = existing;
  if (operand.type == AttrType::NS) {
    out.numbers.erase(std::remove_if(out.numbers.begin(), out.numbers.end(),
                                     [&](const model::Number& n) {
                                       return std::find(operand.numbers.begin(), operand.numbers.end(), n) !=
                                              operand.numbers.end();
                                     }),
                      out.numbers.end());
    if (out.numbers.empty()) return std::nullopt;
  } else {
    out.strings.erase(std::remove_if(out.strings.begin(), out.strings.end(),
                                     [&](const std::string& s) {
                                       return std::find(operand.strings.begin(), operand.strings.end(), s) !=
                                              operand.strings.end();
                                     }),
                      out.strings.end());
    if (out.strings.empty()) return std::nullopt;
  }
  return out;
}

}  // namespace

bool only_takes_away(const UpdateActions& actions) {
  if (actions.empty()) return false;  // an empty update still creates the item with its key
  for (const auto& a : actions)
    if (a.type != UpdateAction::Type::kRemove && a.type != UpdateAction::Type::kDelete) return false;
  return true;
}

UpdateResult apply_update(const model::Item& item, const UpdateActions& actions) {
  UpdateResult result;
  // Right-hand sides first, all against the original item.
  std::vector<std::pair<const UpdateAction*, AttributeValue>> sets;
  for (const auto& a : actions)
    if (a.type == UpdateAction::Type::kSet) sets.emplace_back(&a, compute(a.value, item));

  result.item = item;
  for (auto& [action, value] : sets) set_at(result.item, action->path, std::move(value));

  std::vector<const Path*> removals;
  for (const auto& a : actions)
    if (a.type == UpdateAction::Type::kRemove) removals.push_back(&a.path);
  std::sort(removals.begin(), removals.end(), [](const Path* x, const Path* y) { return remove_before(*x, *y); });
  for (const Path* p : removals) remove_at(result.item, *p);

  for (const auto& a : actions) {
    if (a.type == UpdateAction::Type::kAdd) {
      set_at(result.item, a.path, add_values(resolve_path(result.item, a.path), a.value.value));
    } else if (a.type == UpdateAction::Type::kDelete) {
      const AttributeValue* existing = resolve_path(result.item, a.path);
      if (!existing) continue;
      auto remaining = delete_values(*existing, a.value.value);
      if (remaining) set_at(result.item, a.path, std::move(*remaining));
      else remove_at(result.item, a.path);
    }
  }
  for (const auto& a : actions) result.paths.push_back(a.path);
  return result;
}

}  // namespace dynemu::expr
