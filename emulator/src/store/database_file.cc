#include "store/database_file.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace dynemu::store {
namespace {

namespace fs = std::filesystem;

std::runtime_error refused(const std::string& path, const std::string& why) {
  return std::runtime_error("refusing database " + path + ": " + why + " (the file was left as it was)");
}

// The tables dynemu makes: its own (dynemu_*) and one per DynamoDB table (t<N>).
bool dynemu_table_name(const std::string& name) {
  if (name.rfind("dynemu_", 0) == 0) return true;
  if (name.size() < 2 || name[0] != 't') return false;
  for (size_t i = 1; i < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9') return false;
  return true;
}

// Why SQLite could not read the file, in words a user can act on.
std::string read_failure(sqlite3* db, int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "it is in use by another dynemu (or another program has it open); two servers on one file "
             "would each believe they own it: stop the other one, or give this one its own --db";
    case SQLITE_NOTADB:
      return "it is not an SQLite database; give --db a new path or a dynemu database";
    case SQLITE_CORRUPT:
      return std::string("it is corrupt (") + sqlite3_errmsg(db) + ")";
    default:
      return std::string("SQLite cannot read it: ") + sqlite3_errmsg(db);
  }
}

// Runs a statement that reads from the file; returns its rows' first columns as text. Throws
// refused() when SQLite cannot read the file.
std::vector<std::string> read_rows(sqlite3* db, const std::string& path, const char* sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  std::vector<std::string> rows;
  while (rc == SQLITE_OK || rc == SQLITE_ROW) {
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      rows.emplace_back(text ? text : "");
    }
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw refused(path, read_failure(db, rc));
  return rows;
}

int64_t read_int(sqlite3* db, const std::string& path, const char* sql) {
  auto rows = read_rows(db, path, sql);
  return rows.empty() ? 0 : std::stoll(rows[0]);
}

// Decides whether the store may use the file (see the contract); reads only.
void inspect(sqlite3* db, const std::string& path) {
  // The first read takes the exclusive lock (locking_mode is EXCLUSIVE) or fails on another's.
  const int64_t application_id = read_int(db, path, "PRAGMA application_id");
  const int64_t format = read_int(db, path, "PRAGMA user_version");
  const auto tables = read_rows(
      db, path, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
  if (application_id == kApplicationId) {
    if (format > kFormatVersion)
      throw refused(path, "it was written by a newer dynemu (file format " + std::to_string(format) +
                              "; this dynemu reads formats up to " + std::to_string(kFormatVersion) +
                              "): use that dynemu or a newer one");
  } else if (application_id != 0) {
    char id[16];
    std::snprintf(id, sizeof id, "0x%08llx", static_cast<unsigned long long>(application_id & 0xffffffff));
    throw refused(path, std::string("it is another program's SQLite database (application_id ") + id +
                            "), not dynemu's");
  } else if (!tables.empty()) {
    // No stamp: a new database, or one an older dynemu wrote, or someone else's.
    bool has_catalog = false;
    for (const auto& name : tables) {
      if (!dynemu_table_name(name))
        throw refused(path, "it is another program's SQLite database (it holds table '" + name +
                                "', which dynemu does not make), not dynemu's");
      has_catalog = has_catalog || name == "dynemu_catalog";
    }
    if (!has_catalog) throw refused(path, "it is another program's SQLite database (it has no dynemu_catalog), not dynemu's");
  }
  // quick_check reads every page (O(size), not integrity_check's O(size log size)): a damaged
  // file is refused at start rather than failing requests later.
  const auto problems = read_rows(db, path, "PRAGMA quick_check(5)");
  if (problems.empty() || problems[0] != "ok") {
    std::string detail;
    for (const auto& p : problems) detail += (detail.empty() ? "" : "; ") + p;
    throw refused(path, "it is corrupt (PRAGMA quick_check: " + detail + ")");
  }
}

}  // namespace

std::string format_stamp_sql() {
  return "PRAGMA application_id=" + std::to_string(kApplicationId) +
         "; PRAGMA user_version=" + std::to_string(kFormatVersion);
}

sqlite3* open_database_file(const std::string& path) {
  std::error_code ec;
  const bool existed = fs::exists(path, ec);
  // A hot rollback journal would be played back into the file by the first read: that is another
  // program's unfinished write (dynemu's files are in WAL mode and never have one).
  if (existed && fs::exists(path + "-journal", ec))
    throw refused(path, "a rollback journal lies beside it (" + path +
                            "-journal): it is another program's SQLite database, or one still being written");
  const bool wal_existed = fs::exists(path + "-wal", ec);

  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open database " + path + ": " + msg);
  }
  // Until the file is known to be dynemu's, closing must not checkpoint someone else's WAL into it.
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  try {
    if (sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open database " + path + ": " + sqlite3_errmsg(db));
    inspect(db, path);
  } catch (...) {
    sqlite3_close(db);
    // Reading a WAL-mode file opens (creates) its -wal; an empty one this open created goes again.
    const std::string wal = path + "-wal";
    if (!wal_existed && fs::exists(wal, ec) && fs::file_size(wal, ec) == 0) fs::remove(wal, ec);
    throw;
  }
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
  return db;
}

}  // namespace dynemu::store
