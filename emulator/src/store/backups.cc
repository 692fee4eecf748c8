// On-demand backups in the store (the contract is in store.h): one row per backup, and a copy of
// the source table's items keyed (backup_id, n), n counting from 1 in the table's key order.
#include "store/statement.h"
#include "store/store.h"

namespace dynemu::store {
namespace {

constexpr const char* kBackupColumns = "id, arn, table_name, created_ms, record";

BackupRow backup_from(Statement& st) {
  BackupRow b;
  b.id = st.column_int64(0);
  b.arn = st.column_text(1);
  b.table_name = st.column_text(2);
  b.created_ms = st.column_int64(3);
  b.record = st.column_text(4);
  return b;
}

}  // namespace

int64_t Session::add_backup(const BackupRow& backup, const TableSchema& source) {
  int64_t id = 0;
  {
    Statement st(store_->statement(
        "INSERT INTO dynemu_backups (arn, table_name, created_ms, record) VALUES (?1, ?2, ?3, ?4)"));
    st.text(1, backup.arn).text(2, backup.table_name).int64(3, backup.created_ms).text(4, backup.record);
    st.step();
    id = sqlite3_last_insert_rowid(store_->db_);
  }
  // One statement copies the whole table (sql_name is the store's own t<N>, never user text). The
  // window's ORDER BY is the table's primary key, which SQLite walks without sorting; a restore
  // reads the items back in that order and so appends to the new table's B-tree.
  Statement copy(store_->statement("INSERT INTO dynemu_backup_items (backup_id, n, item) "
                                   "SELECT ?1, row_number() OVER (ORDER BY h, pk, sk), item FROM " +
                                   source.sql_name));
  copy.int64(1, id);
  copy.step();
  return id;
}

std::vector<BackupRow> Session::backups() {
  Statement st(store_->statement(std::string("SELECT ") + kBackupColumns +
                                 " FROM dynemu_backups ORDER BY created_ms, arn"));
  std::vector<BackupRow> out;
  while (st.step()) out.push_back(backup_from(st));
  return out;
}

std::optional<BackupRow> Session::find_backup(const std::string& arn) {
  Statement st(store_->statement(std::string("SELECT ") + kBackupColumns + " FROM dynemu_backups WHERE arn = ?1"));
  st.text(1, arn);
  if (!st.step()) return std::nullopt;
  return backup_from(st);
}

void Session::delete_backup(int64_t backup_id) {
  {
    Statement st(store_->statement("DELETE FROM dynemu_backup_items WHERE backup_id = ?1"));
    st.int64(1, backup_id);
    st.step();
  }
  Statement st(store_->statement("DELETE FROM dynemu_backups WHERE id = ?1"));
  st.int64(1, backup_id);
  st.step();
}

void Session::read_backup_items(int64_t backup_id, const std::function<bool(std::string&& item_json)>& visit) {
  Statement st(store_->statement("SELECT item FROM dynemu_backup_items WHERE backup_id = ?1 ORDER BY n"));
  st.int64(1, backup_id);
  while (st.step())
    if (!visit(st.column_text(0))) return;
}

void Session::clear_backups() {
  for (const char* sql : {"DELETE FROM dynemu_backup_items", "DELETE FROM dynemu_backups"}) {
    Statement st(store_->statement(sql));
    st.step();
  }
}

}  // namespace dynemu::store
