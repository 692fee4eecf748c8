// Expressions: DynamoDB's expression language — one parser for all five kinds, and its evaluators.
//
// How an operation uses this (api/expression_params.h reads the request members for you):
//   1. Build one ExpressionAttributes from the request's ExpressionAttributeNames/Values. It is
//      shared by every expression of the request and records which placeholders were used.
//   2. Parse each expression present, in DynamoDB's order for that operation:
//        parse_condition(text, attrs, Kind::kCondition | kFilter)  -> Condition
//        parse_projection(text, attrs)                             -> std::vector<Path>
//        parse_update(text, attrs)                                 -> UpdateActions
//        parse_key_condition(text, attrs)                          -> KeyCondition
//      Each throws model::ApiError (ValidationException, "Invalid <Kind>: <reason>") with
//      DynamoDB's message: syntax errors, reserved words, undefined #names/:values, bad function
//      use, operand types known from values, overlapping paths, limits.
//   3. Call attrs.check_all_used(): "Value provided in ExpressionAttributeNames unused in
//      expressions: keys: {#a}" (names first, then values).
//   4. Evaluate against items: evaluate(cond, item) -> bool (a missing item is an empty Item);
//      project(item, paths) -> Item; apply_update(item, actions) -> UpdateResult (throws DynamoDB's
//      runtime ValidationExceptions, e.g. "The provided expression refers to an attribute that does
//      not exist in the item"); bind_key_condition(kc, hash, range) checks a key condition against
//      the key schema and returns the partition value and sort-key condition for store::SortKeyRange.
//
// Limits enforced before anything can recurse deeply: expression text at most 4 KB, at most 300
// operators/functions, IN with at most 100 operands, document paths at most 32 levels. Parsing and
// evaluation recurse only on parenthesis/NOT nesting, which the operator limit bounds.
// All ASTs hold resolved names and values: nothing downstream sees a placeholder.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/attribute_value.h"

namespace dynemu::expr {

// Which request member an expression came from; it prefixes error messages ("Invalid <name>: ...").
enum class Kind { kCondition, kFilter, kKeyCondition, kProjection, kUpdate };
const char* kind_name(Kind kind);  // "ConditionExpression", "FilterExpression", ...

constexpr size_t kMaxExpressionBytes = 4096;
constexpr int kMaxOperators = 300;
constexpr size_t kMaxInOperands = 100;
constexpr size_t kMaxPathDepth = 32;

// ExpressionAttributeNames/Values of one request, with use tracking across all its expressions.
// Entries keep the request's order (used for the "unused" messages).
class ExpressionAttributes {
 public:
  ExpressionAttributes() = default;
  ExpressionAttributes(std::vector<std::pair<std::string, std::string>> names,
                       std::vector<std::pair<std::string, model::AttributeValue>> values);

  bool has_names() const { return !names_.empty(); }
  bool has_values() const { return !values_.empty(); }
  // Resolve a placeholder ("#n" / ":v") and mark it used; nullptr when undefined.
  const std::string* name(std::string_view placeholder);
  const model::AttributeValue* value(std::string_view placeholder);
  // Throws DynamoDB's "unused in expressions" ValidationException (names checked before values).
  void check_all_used() const;

 private:
  struct NameEntry { std::string key, name; bool used = false; };
  struct ValueEntry { std::string key; model::AttributeValue value; bool used = false; };
  std::vector<NameEntry> names_;
  std::vector<ValueEntry> values_;
};

// --- document paths
struct PathElement {
  std::string name;  // map key (or the top-level attribute), when index < 0
  int64_t index = -1;  // list index, when >= 0
  bool is_index() const { return index >= 0; }
  bool operator==(const PathElement& o) const { return index == o.index && name == o.name; }
};
using Path = std::vector<PathElement>;  // never empty; element 0 is a name
// DynamoDB's rendering in messages: [a, b, [2]]
std::string path_to_string(const Path& path);

// --- operands (values an expression computes)
struct Operand {
  enum class Type { kPath, kValue, kSize, kIfNotExists, kListAppend, kPlus, kMinus };
  Type type = Type::kPath;
  Path path;                    // kPath
  model::AttributeValue value;  // kValue (resolved :placeholder)
  std::vector<Operand> args;    // kSize(1), kIfNotExists(2), kListAppend(2), kPlus/kMinus(2)
};

// --- conditions (ConditionExpression, FilterExpression, and legacy Expected/QueryFilter/ScanFilter)
struct Condition {
  enum class Type {
    kEq, kNe, kLt, kLe, kGt, kGe,  // operands[0] op operands[1]
    kBetween,                      // operands[0] BETWEEN operands[1] AND operands[2]
    kIn,                           // operands[0] IN (operands[1..])
    kAnd, kOr, kNot,               // children
    kExists, kNotExists,           // attribute_exists(operands[0]) / attribute_not_exists
    kAttributeType,                // attribute_type(operands[0], operands[1])
    kBeginsWith, kContains,        // function(operands[0], operands[1])
    kTrue,                         // always true (an empty legacy Expected map)
  };
  Type type = Type::kTrue;
  std::vector<Operand> operands;
  std::vector<Condition> children;
};

// --- update actions
struct UpdateAction {
  enum class Type { kSet, kRemove, kAdd, kDelete };
  Type type = Type::kSet;
  Path path;
  Operand value;  // kSet: any value operand; kAdd/kDelete: a kValue operand; kRemove: unused
};
using UpdateActions = std::vector<UpdateAction>;

struct UpdateResult {
  model::Item item;         // the item after the update
  std::vector<Path> paths;  // the paths the actions wrote, for UPDATED_OLD / UPDATED_NEW projections
};

// --- key conditions (Query): partition key equality and at most one sort-key condition.
// parse_key_condition() checks the shape (only AND of =, <, <=, >, >=, BETWEEN, begins_with, each
// on one distinct top-level attribute against values); bind_key_condition() checks it against the
// schema. Structural messages carry no "Invalid KeyConditionExpression:" prefix, as DynamoDB's.
struct KeyPredicate {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  std::string attribute;                    // a top-level attribute name (resolved)
  Op op = Op::kEq;
  std::vector<model::AttributeValue> values;  // 1 value, or 2 for kBetween
};
struct KeyCondition {
  std::vector<KeyPredicate> predicates;  // in expression order, on distinct attributes
};
struct BoundKeyCondition {
  model::AttributeValue partition;          // the hash key value
  std::optional<KeyPredicate> sort;         // condition on the range key, if any
};

// --- parsing (each throws model::ApiError ValidationException with DynamoDB's message)
Condition parse_condition(std::string_view text, ExpressionAttributes& attrs, Kind kind = Kind::kCondition);
std::vector<Path> parse_projection(std::string_view text, ExpressionAttributes& attrs);
UpdateActions parse_update(std::string_view text, ExpressionAttributes& attrs);
KeyCondition parse_key_condition(std::string_view text, ExpressionAttributes& attrs);

// Checks a parsed key condition against a key schema (range_name empty when there is no sort key)
// and its types: "Query condition missed key schema element: id", "Query key condition not
// supported", "One or more parameter values were invalid: Condition parameter type does not match
// schema type", ... Issue 4's Query turns the result into store::SortKeyRange with model::encode_key.
BoundKeyCondition bind_key_condition(const KeyCondition& kc, const std::string& hash_name, model::AttrType hash_type,
                                     const std::string& range_name, model::AttrType range_type);

// --- evaluation
bool evaluate(const Condition& cond, const model::Item& item);
// The attributes at `paths` (nested maps and list elements kept in their structure); paths that do
// not resolve are skipped. An empty path list returns the item unchanged.
model::Item project(const model::Item& item, const std::vector<Path>& paths);
// Applies every action to a copy of `item` (all right-hand sides read the original item).
UpdateResult apply_update(const model::Item& item, const UpdateActions& actions);
// True when every action takes something away (REMOVE, DELETE). DynamoDB writes nothing for such
// an update of an item that does not exist: there is nothing to take from, and no item is created.
bool only_takes_away(const UpdateActions& actions);
// The value at `path`, or nullptr.
const model::AttributeValue* resolve_path(const model::Item& item, const Path& path);

}  // namespace dynemu::expr
