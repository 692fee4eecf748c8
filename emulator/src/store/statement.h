// Statement: one use of a cached prepared SQLite statement (internal to the store).
//
// Contract: binds values by position (never by splicing text), steps, reads columns; resets and
// clears its bindings when it goes out of scope so the cached statement can be reused.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dynemu::store {

class Statement {
 public:
  explicit Statement(sqlite3_stmt* st) : st_(st) {}
  ~Statement() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  Statement& blob(int i, const std::string& v) {
    sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& text(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& int64(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Statement& null(int i) {
    sqlite3_bind_null(st_, i);
    return *this;
  }
  bool step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(sqlite3_db_handle(st_)));
  }
  std::string column_text(int i) {
    auto p = reinterpret_cast<const char*>(sqlite3_column_blob(st_, i));
    return p ? std::string(p, sqlite3_column_bytes(st_, i)) : std::string();
  }
  // The column's bytes in place, valid until the next step() or the statement's end.
  std::string_view column_view(int i) {
    auto p = reinterpret_cast<const char*>(sqlite3_column_blob(st_, i));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(st_, i))) : std::string_view();
  }
  int64_t column_int64(int i) { return sqlite3_column_int64(st_, i); }
  sqlite3_stmt* raw() const { return st_; }

 private:
  sqlite3_stmt* st_;
};

}  // namespace dynemu::store
