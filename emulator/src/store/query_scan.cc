// Query and Scan on the SQLite tables: key conditions become range predicates on indexed columns,
// so a page costs the same whatever the table's size.
#include <cstdint>
#include <string>
#include <vector>

#include "model/key_codec.h"
#include "store/statement.h"
#include "store/store.h"

namespace dynemu::store {
namespace {

using model::prefix_successor;

// Builds SQL text from fixed column names and numbered parameters only; values are bound later.
// The SQL text depends only on the shape of the read, so the statement cache stays small.
class SqlBuilder {
 public:
  struct Param {
    bool is_integer = false;
    std::string blob;
    int64_t integer = 0;
  };
  std::string sql;
  std::vector<Param> params;  // ?1..?n in order

  std::string param(std::string value) {
    params.push_back(Param{false, std::move(value), 0});
    return "?" + std::to_string(params.size());
  }
  std::string integer(int64_t value) {
    params.push_back(Param{true, {}, value});
    return "?" + std::to_string(params.size());
  }
};

// Hashes are 63-bit: segment i of n covers [segment_start(i, n), segment_start(i + 1, n)),
// segment_start(i, n) = floor(i * 2^63 / n).
int64_t segment_start(int segment, int total_segments) {
  const unsigned __int128 space = static_cast<unsigned __int128>(1) << 63;
  return static_cast<int64_t>(space * static_cast<unsigned>(segment) / static_cast<unsigned>(total_segments));
}

void add_range(SqlBuilder& b, const std::string& col, const SortKeyRange& range) {
  using K = SortKeyRange::Kind;
  switch (range.kind) {
    case K::Any: return;
    case K::Eq: b.sql += " AND " + col + " = " + b.param(range.low); return;
    case K::Lt: b.sql += " AND " + col + " < " + b.param(range.low); return;
    case K::Le: b.sql += " AND " + col + " <= " + b.param(range.low); return;
    case K::Gt: b.sql += " AND " + col + " > " + b.param(range.low); return;
    case K::Ge: b.sql += " AND " + col + " >= " + b.param(range.low); return;
    case K::Between:
      b.sql += " AND " + col + " BETWEEN " + b.param(range.low) + " AND " + b.param(range.high);
      return;
    case K::Prefix: {
      b.sql += " AND " + col + " >= " + b.param(range.low);
      std::string upper = prefix_successor(range.low);
      if (!upper.empty()) b.sql += " AND " + col + " < " + b.param(upper);
      return;
    }
    case K::Span:
      if (!range.low.empty()) b.sql += " AND " + col + " >= " + b.param(range.low);
      if (!range.high.empty()) b.sql += " AND " + col + " < " + b.param(range.high);
      return;
  }
}

// "(a, b) > (?, ?)" for the columns that order the read, after `start`.
void add_start(SqlBuilder& b, const std::vector<std::string>& cols, const std::vector<std::string>& values,
               bool forward) {
  std::string lhs, rhs;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) lhs += ", ", rhs += ", ";
    lhs += cols[i];
    rhs += b.param(values[i]);
  }
  b.sql += " AND (" + lhs + ") " + (forward ? ">" : "<") + " (" + rhs + ")";
}

std::string order_by(const std::vector<std::string>& cols, bool forward) {
  std::string s = " ORDER BY ";
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) s += ", ";
    s += cols[i] + (forward ? " ASC" : " DESC");
  }
  return s;
}

void run(Statement& st, const SqlBuilder& b, bool index_columns, const RowVisitor& visit) {
  for (size_t i = 0; i < b.params.size(); ++i) {
    const auto& p = b.params[i];
    if (p.is_integer) st.int64(static_cast<int>(i + 1), p.integer); else st.blob(static_cast<int>(i + 1), p.blob);
  }
  while (st.step()) {
    StoredRow row;
    row.json = st.column_text(0);
    row.size = st.column_int64(1);
    row.pk = st.column_text(2);
    row.sk = st.column_text(3);
    if (index_columns) {
      row.index_pk = st.column_text(4);
      row.index_sk = st.column_text(5);
    }
    if (!visit(std::move(row))) break;
  }
}

std::string select_columns(const std::string& table, const IndexSchema* index) {
  std::string cols = "SELECT item, size, pk, sk";
  if (index) {
    auto n = std::to_string(index->slot);
    cols += ", i" + n + "_pk, i" + n + "_sk";
  }
  return cols + " FROM " + table + " WHERE 1";
}

}  // namespace

void Session::query(const TableSchema& schema, const QuerySpec& spec, const RowVisitor& visit) {
  SqlBuilder b;
  b.sql = select_columns(schema.sql_name, spec.index);
  std::vector<std::string> order;
  std::vector<std::string> start;
  std::string sort_col;
  if (!spec.index) {
    // The partition's hash leads the primary key (h, pk, sk): the query is one range of it.
    b.sql += " AND h = " + b.integer(ItemRow::hash_of(spec.partition)) + " AND pk = " + b.param(spec.partition);
    sort_col = "sk";
    order = {"sk"};
    if (spec.start_after) start = {spec.start_after->sk};
  } else {
    auto n = std::to_string(spec.index->slot);
    sort_col = "i" + n + "_sk";
    if (spec.index->global) {
      // Items sharing a GSI key are ordered by the table key: stable across pages.
      b.sql += " AND i" + n + "_pk = " + b.param(spec.partition);
      order = {sort_col, "pk", "sk"};
      if (spec.start_after) start = {spec.start_after->index_sk, spec.start_after->pk, spec.start_after->sk};
    } else {
      b.sql += " AND pk = " + b.param(spec.partition) + " AND " + sort_col + " IS NOT NULL";
      order = {sort_col, "sk"};
      if (spec.start_after) start = {spec.start_after->index_sk, spec.start_after->sk};
    }
  }
  add_range(b, sort_col, spec.range);
  if (spec.start_after) add_start(b, order, start, spec.forward);
  b.sql += order_by(order, spec.forward);
  Statement st(store_->statement(b.sql));
  run(st, b, spec.index != nullptr, visit);
}

int scan_segment_of(const std::string& encoded_pk, int total_segments) {
  // h lies in segment i exactly when i = floor(h * n / 2^63) (see segment_start()).
  const unsigned __int128 h = static_cast<uint64_t>(ItemRow::hash_of(encoded_pk));
  return static_cast<int>((h * static_cast<unsigned>(total_segments)) >> 63);
}

void Session::scan(const TableSchema& schema, const ScanSpec& spec, const RowVisitor& visit) {
  SqlBuilder b;
  b.sql = select_columns(schema.sql_name, spec.index);
  if (spec.total_segments > 1) {
    b.sql += " AND h >= " + b.integer(segment_start(spec.segment, spec.total_segments));
    if (spec.segment + 1 < spec.total_segments)
      b.sql += " AND h < " + b.integer(segment_start(spec.segment + 1, spec.total_segments));
  }
  std::vector<std::string> order;
  std::vector<std::string> start;
  if (!spec.index) {
    order = {"h", "pk", "sk"};
  } else {
    auto n = std::to_string(spec.index->slot);
    b.sql += " AND " + spec.index->presence_column() + " IS NOT NULL";
    order = {"i" + n + "_pk", "i" + n + "_sk", "pk", "sk"};
  }
  if (spec.start_after) {
    if (!spec.index) {
      // The start position's hash comes from its key, so paging works even if that item is gone.
      b.sql += " AND (h, pk, sk) > (" + b.integer(ItemRow::hash_of(spec.start_after->pk)) + ", " +
               b.param(spec.start_after->pk) + ", " + b.param(spec.start_after->sk) + ")";
    } else {
      add_start(b, order,
                {spec.start_after->index_pk, spec.start_after->index_sk, spec.start_after->pk, spec.start_after->sk},
                true);
    }
  }
  b.sql += order_by(order, true);
  Statement st(store_->statement(b.sql));
  run(st, b, spec.index != nullptr, visit);
}

}  // namespace dynemu::store
