// TableLookup: finding a table by name as the item operations see it.
//
// Contract: effective_status() is the status DescribeTable shows now (a transient CREATING,
// UPDATING or DELETING window from -delayTransientStatuses, else ACTIVE). require_active_table()
// returns the schema of a table that item operations may use, or throws DynamoDB's
// ResourceNotFoundException ("Requested resource not found") — as DynamoDB does for a table that
// does not exist or is still being created or deleted.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "store/store.h"

namespace dynemu::api {

std::string effective_status(const store::TableSchema& schema, int64_t now);
// The TimeToLiveStatus DescribeTimeToLive shows now: ENABLING / DISABLING during the window that
// UpdateTimeToLive opened under -delayTransientStatuses, else ENABLED or DISABLED. The sweeper
// deletes only while it is ENABLED.
std::string ttl_status(const store::TimeToLiveSchema& ttl, int64_t now_ms);
std::shared_ptr<const store::TableSchema> require_active_table(store::Session& session, const std::string& name,
                                                               int64_t now_ms);

}  // namespace dynemu::api
