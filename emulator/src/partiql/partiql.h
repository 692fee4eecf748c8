// PartiQL: DynamoDB's dialect of PartiQL — tokenizer, parser → Statement, planner → ReadPlan/KeyPlan.
//
// Contract:
//  - parse(text, parameters) reads one statement: SELECT, INSERT, UPDATE, DELETE, or (for
//    ExecuteTransaction) EXISTS(SELECT ...). `?` markers are bound, in order, from `parameters`;
//    their count must match ("Number of parameters in request and statement don't match.").
//    Every value in the result is resolved: conditions are expr::Condition, updates are
//    expr::UpdateActions, so the expression evaluator (expr/) evaluates and applies them.
//    Errors are model::ApiError ValidationExceptions: syntax errors read "Statement wasn't well
//    formed, can't be processed: <reason>". Parsing recurses only on nesting (parentheses, NOT,
//    literals), bounded by kMaxNesting; the text is bounded by the request's 8192-character limit.
//  - plan_select() decides how a SELECT reads a table or index, as DynamoDB does: an equality or IN
//    on the partition key is a Query over that partition (one per IN value), with a sort-key
//    predicate (=, <, <=, >, >=, BETWEEN, begins_with) as the range; everything else is a Scan. The
//    conjuncts the key range expresses exactly are dropped from the filter, so a plain key lookup
//    reads stored items without decoding them.
//  - plan_key() finds the full primary key a write (or a batch/transaction SELECT) names with
//    equalities: "Where clause does not contain a mandatory equality on all key attributes".
//  Nothing here touches the store: the operations in api/ run a plan through the store calls the
//  other operations use.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expression.h"
#include "model/attribute_value.h"

namespace dynemu::partiql {

constexpr size_t kMaxStatementLength = 8192;
constexpr int kMaxNesting = 100;

struct Statement {
  enum class Type { kSelect, kInsert, kUpdate, kDelete, kExists };
  // RETURNING ALL OLD * / MODIFIED OLD * / ALL NEW * / MODIFIED NEW *, as ReturnValues names them.
  enum class Returning { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
  Type type = Type::kSelect;
  std::string table;
  std::string index;  // SELECT FROM "T"."I"; empty for the table

  // SELECT (and EXISTS' inner SELECT)
  bool select_all = true;              // SELECT *
  std::vector<expr::Path> projection;  // SELECT a, b.c[0]
  std::optional<expr::Condition> where;
  std::optional<expr::Path> order_by;  // ORDER BY path [ASC|DESC]
  bool descending = false;

  model::Item item;               // INSERT's VALUE {...}
  expr::UpdateActions updates;    // UPDATE's SET / REMOVE clauses, in order
  Returning returning = Returning::kNone;

  bool is_write() const { return type == Type::kInsert || type == Type::kUpdate || type == Type::kDelete; }
};

// The ReturnValues name of a RETURNING clause ("NONE", "ALL_OLD", "UPDATED_OLD", ...).
const char* returning_name(Statement::Returning r);

Statement parse(std::string_view text, const std::vector<model::AttributeValue>& parameters);

// The key schema a plan is made against (a table's or an index's).
struct KeyNames {
  std::string hash;
  model::AttrType hash_type = model::AttrType::S;
  std::string range;  // empty: no sort key
  model::AttrType range_type = model::AttrType::S;
};

struct ReadPlan {
  bool scan = true;
  std::vector<model::AttributeValue> partitions;  // Query: the partition key values, in order
  std::optional<expr::KeyPredicate> sort;         // Query: the sort-key range
  std::optional<expr::Condition> filter;          // what remains of WHERE (nullopt: nothing)
  bool forward = true;                            // ORDER BY ... DESC reads backward
};

// Throws ValidationException for ORDER BY on something other than the sort key of a Query.
ReadPlan plan_select(const Statement& statement, const KeyNames& key);

// The values of the key attributes a WHERE fixes with `=` (table key): hash, then range if any.
// Throws "Where clause does not contain a mandatory equality on all key attributes".
model::Item plan_key(const Statement& statement, const KeyNames& key);

}  // namespace dynemu::partiql
