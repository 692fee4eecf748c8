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
// The pipeline, per table: decode and check every write (checked_write: PutItem's and DeleteItem's
// own validators, in parallel parts from 10,000 writes, each part sorting its rows by primary
// key); merge the parts and keep each key's last write; insert the rows in key order through
// Session::put_items() (many rows per INSERT, appending to the B-tree), with an empty table's
// secondary indexes suspended meanwhile and built once at the end (from 1,000 writes). A table
// with a change log (streams, point-in-time recovery) or item collections (LSIs) takes its
// writes in request order, one at a time.
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
