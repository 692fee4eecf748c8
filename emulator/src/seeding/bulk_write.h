// BulkWrite: the seeders' fast path for loading many items (in process only; not on the wire).
//
// Contract: bulk_write() takes BatchWriteItem's request shape ({"RequestItems": {"T": [{"PutRequest":
// {"Item": ...}} | {"DeleteRequest": {"Key": ...}}, ...]}}) without its 25-request limit, and has the
// effect of the same puts and deletes sent one PutItem/DeleteItem at a time, in order: a key named
// twice ends as its last write says. Every item gets the checks PutItem gives it, with PutItem's
// error types and messages (attribute values, item size, key and index key attributes, item
// collection limits); the first failure throws and nothing of the call is written. All writes of one
// call commit in one store write session. The response is {} (no capacity, no metrics).
//
// The pipeline, per table. A table with a change log (streams, point-in-time recovery) or item
// collections (LSIs) takes its writes in request order, one at a time, after checking them all.
// Otherwise only each key's last write matters, and rows go in primary-key order (many per INSERT
// through Session::put_items(), appending to the B-tree), with an empty table's secondary indexes
// suspended meanwhile and built once at the end (from 1,000 writes):
//  - from 10,000 writes, the key-order pipeline: each write's primary key alone is read first (in
//    parallel parts), which gives the order; then the writes are decoded and checked
//    (checked_write: PutItem's and DeleteItem's own validators) chunk after chunk in that order by
//    helper threads while the calling thread inserts the chunks done. Every write is checked, those
//    a later write of their key overwrites too; after a failure nothing more is inserted, the
//    session is not committed, and the failure of the write first in request order is thrown. A
//    write whose key cannot be read takes the table to the path below (it will be refused there).
//  - else: every write is decoded and checked first (in parallel parts from 10,000 writes, each
//    sorting its rows by key), the parts merged, and each key's last write inserted.
//
// It is reached through http::run_operation() under the name kBulkWriteOperation, which the
// HTTP front end never routes: a client on the wire gets UnknownOperationException, as from DynamoDB.
#pragma once
#include <rapidjson/document.h>

#include "api/operation.h"

namespace dynemu::seeding {

inline constexpr const char* kBulkWriteOperation = "DynemuBulkWrite";

void bulk_write(api::OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out);

}  // namespace dynemu::seeding
