// Request records and injected faults: what a test can observe and provoke on the wire.
//
// Contract: these are plain values shared by the embedding API (dynemu::Server), the admin
// endpoints (/_dynemu/requests, /_dynemu/faults) and the GoogleTest fixtures.
//  - RequestRecord: one DynamoDB request as the server saw it, recorded after it was answered.
//    Capacity is recorded whether or not the client asked for ReturnConsumedCapacity.
//  - Fault: the next `count` calls of `operation` (optionally only those naming `table`) are
//    delayed by `latency_ms` and/or answered with `error` instead of being executed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dynemu {

struct RequestRecord {
  uint64_t sequence = 0;          // 1, 2, ... since the server started (survives clear)
  std::string operation;          // "Query", "PutItem", ...; the raw target when unknown
  std::string table;              // the request's TableName; for batch/transact ops, the first table
  std::vector<std::string> tables;  // every table the request named (batch and transact ops)
  std::string index;              // IndexName, "" for the table itself
  bool key_condition = false;     // a Query with KeyConditionExpression/KeyConditions
  bool scan = false;              // a Scan
  int64_t items_read = 0;         // ScannedCount (Query/Scan), items found (GetItem/BatchGetItem)
  int64_t items_returned = 0;     // Count (Query/Scan, after the filter), items found (the others)
  double read_units = 0;          // consumed read capacity (as DynamoDB would charge it)
  double write_units = 0;         // consumed write capacity
  int status = 200;               // HTTP status answered
  std::string error;              // error code (x-amzn-ErrorType), "" on success
  bool injected = false;          // answered by an injected fault
  double duration_ms = 0;
  std::string region;             // the request's region (its SigV4 credential scope)
  std::string account;            // the account it acted as (README "Isolation")

  // One line such as `Query Users index=ByEmail key-condition items=3 rcu=1.5`.
  std::string describe() const;
};

// Renders records one per line, for failure messages.
std::string describe_requests(const std::vector<RequestRecord>& records);

struct Fault {
  std::string operation;  // "PutItem", or "*" for every operation
  std::string table;      // "" for any table
  int count = 1;          // how many matching calls; < 0 for every call until cleared
  // Error code to answer with: "ProvisionedThroughputExceededException", "ThrottlingException",
  // "InternalServerError", "RequestLimitExceeded", or any other name (a DynamoDB error, HTTP 400,
  // unless `status` says otherwise). "" injects latency only. "TransactionConflict" cancels the
  // transactions and writes touching the item `key` names (see below) as a concurrent transaction would:
  // TransactWriteItems / TransactGetItems with TransactionCanceledException (CancellationReasons
  // "TransactionConflict" for that item, "None" for the others), PutItem / UpdateItem / DeleteItem with
  // TransactionConflictException; other operations never meet it.
  std::string error;
  std::string message;    // "" picks DynamoDB's message for the known codes
  int status = 0;         // 0 picks the code's usual status
  int latency_ms = 0;     // delay before answering (or executing, for latency-only faults)
  // TransactionConflict only: the conflicting item's key as DynamoDB JSON, e.g. {"id":{"S":"a"}}
  // (an item matches when it has each of these attributes with these values); "" for any item.
  std::string key;
};

}  // namespace dynemu
