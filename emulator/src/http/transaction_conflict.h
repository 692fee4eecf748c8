// Transaction conflicts on demand: the fault error "TransactionConflict" (internal to the HTTP layer).
//
// Contract: a serializing emulator never sees two transactions touch one item at once, so retry
// logic around conflicts is tested by injecting them. A TransactionConflict fault applies to the
// writes and transactions that touch an item of its table (any table when it names none) whose key
// contains every attribute of the fault's key (any item when it has no key):
//  - TransactWriteItems and TransactGetItems are cancelled with TransactionCanceledException, one
//    CancellationReason per action in order: Code "TransactionConflict" and Message "Transaction
//    is ongoing for the item" for the conflicting action (every matching action when the fault names
//    a key, the first matching one otherwise), Code "None" for the others;
//  - PutItem, UpdateItem and DeleteItem fail with TransactionConflictException.
// Other operations (reads, batches, PartiQL) never meet such a fault, and a fault whose key is not
// a JSON object matches nothing.
#pragma once
#include <string>

#include <rapidjson/document.h>

#include "dynemu/diagnostics.h"

namespace dynemu::http {

constexpr const char* kTransactionConflictFault = "TransactionConflict";

bool is_transaction_conflict(const Fault& fault);
// Whether the request (of operation `operation`) touches an item the fault names.
bool conflict_applies(const Fault& fault, const std::string& operation, const rapidjson::Value& request);
// Throws the conflict's model::ApiError for a request conflict_applies() accepted.
[[noreturn]] void throw_transaction_conflict(const Fault& fault, const std::string& operation,
                                             const rapidjson::Value& request);

}  // namespace dynemu::http
