// Exports and imports in the store (the contract is in store.h): one row per export or import.
#include "store/statement.h"
#include "store/store.h"

namespace dynemu::store {
namespace {

constexpr const char* kTransferColumns = "kind, arn, table_arn, client_token, created_ms, record";

TransferRow transfer_from(Statement& st) {
  TransferRow t;
  t.kind = static_cast<TransferKind>(st.column_int64(0));
  t.arn = st.column_text(1);
  t.table_arn = st.column_text(2);
  t.client_token = st.column_text(3);
  t.created_ms = st.column_int64(4);
  t.record = st.column_text(5);
  return t;
}

}  // namespace

void Session::put_transfer(const TransferRow& t) {
  Statement st(store_->statement("INSERT OR REPLACE INTO dynemu_transfers (kind, arn, table_arn, client_token, "
                                 "created_ms, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  st.int64(1, static_cast<int64_t>(t.kind)).text(2, t.arn).text(3, t.table_arn).text(4, t.client_token);
  st.int64(5, t.created_ms).text(6, t.record);
  st.step();
}

std::vector<TransferRow> Session::transfers(TransferKind kind) {
  Statement st(store_->statement(std::string("SELECT ") + kTransferColumns +
                                 " FROM dynemu_transfers WHERE kind = ?1 ORDER BY created_ms, arn"));
  st.int64(1, static_cast<int64_t>(kind));
  std::vector<TransferRow> out;
  while (st.step()) out.push_back(transfer_from(st));
  return out;
}

std::optional<TransferRow> Session::find_transfer(TransferKind kind, const std::string& arn) {
  Statement st(store_->statement(std::string("SELECT ") + kTransferColumns +
                                 " FROM dynemu_transfers WHERE arn = ?1 AND kind = ?2"));
  st.text(1, arn).int64(2, static_cast<int64_t>(kind));
  if (!st.step()) return std::nullopt;
  return transfer_from(st);
}

void Session::clear_transfers() {
  Statement st(store_->statement("DELETE FROM dynemu_transfers"));
  st.step();
}

}  // namespace dynemu::store
