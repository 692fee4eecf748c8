// Opening a file database: deciding what a file is before the store writes a byte to it.
//
// Contract:
//  - A dynemu database carries PRAGMA application_id = kApplicationId and PRAGMA user_version =
//    its file format (kFormatVersion today), stamped in the same transaction that creates the
//    store's own tables.
//  - open_database_file() accepts a missing or empty file (a new database), a stamped file of a
//    format this dynemu reads, and a file an older dynemu wrote before the stamp (application_id
//    0, a dynemu_catalog table, and only tables dynemu makes), which the store then stamps.
//  - It refuses, with std::runtime_error naming the file and the reason, and leaving the file as
//    it was (byte for byte, and no -wal or -shm file left behind): a file that is not SQLite, a
//    corrupt one (PRAGMA quick_check), another program's SQLite database, one written by a newer
//    dynemu, one with a rollback journal beside it, and one another dynemu (or any other program)
//    holds open.
//  - The connection it returns holds the file exclusively (PRAGMA locking_mode=EXCLUSIVE) until it
//    is closed: a second server on the same file, in this process or another, is refused at
//    start instead of sharing it. The WAL index then lives in this process's memory, so there is
//    no -shm file.
#pragma once
#include <cstdint>
#include <string>

struct sqlite3;

namespace dynemu::store {

constexpr int32_t kApplicationId = 0x44594E45;  // "DYNE"
// 2: each table's change log in a table of its own (dynemu_changes_<id>); a format-1 file (one
// dynemu_changes for all) is moved to it when it opens (Store::move_change_log_to_tables).
constexpr int32_t kFormatVersion = 2;

// Throws std::runtime_error (see the contract); the caller owns and closes the connection.
sqlite3* open_database_file(const std::string& path);

// The statements that stamp the current format; run inside the store's creating transaction.
std::string format_stamp_sql();

}  // namespace dynemu::store
