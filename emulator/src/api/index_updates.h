// IndexUpdates: UpdateTable's GlobalSecondaryIndexUpdates — create a GSI on a live table (its
// key columns added and every existing item backfilled in the same SQLite transaction), delete
// one, or change its provisioned throughput.
//
// Contract: apply_index_updates() validates each action against the table (DynamoDB's messages
// for unknown/duplicate indexes, undefined key attributes, the 20-GSI limit and one index
// creation or deletion per request), edits the description `d` and the store, and returns the
// updated schema. A created index shows IndexStatus CREATING (with Backfilling) while the table's
// UPDATING window lasts (-delayTransientStatuses), ACTIVE after; the "_Creating" bookkeeping
// member marks it in the stored description.
#pragma once
#include <cstdint>

#include <rapidjson/document.h>

#include "api/operation.h"
#include "store/store.h"

namespace dynemu::api {

constexpr size_t kMaxGlobalIndexes = 20;

store::TableSchema apply_index_updates(OperationContext& ctx, store::Session& session, const store::TableSchema& schema,
                                       rapidjson::Document& d, const rapidjson::Value& request);

// Clears the CREATING marks of indexes whose creation window has passed (before any new update).
void clear_index_creation_marks(rapidjson::Document& d);

}  // namespace dynemu::api
