// TableFeatures: what the table-level feature operations share (Contributor Insights, Kinesis
// streaming destinations, resource-based policies, global tables and replica auto scaling): the
// table a request names by name or ARN, a feature's asynchronous status, and saving a feature's
// state into the table's stored description.
//
// Contract:
//  - A feature's state lives in the table's stored description under a "_"-prefixed member
//    (dynemu's bookkeeping, never written out), so a file database keeps it across a restart and
//    DeleteTable drops it with the table.
//  - named_table() finds the table a request names by TableName: a name, or a table ARN of this
//    account and region. A missing table (or one still being created, or a foreign ARN) is
//    DynamoDB's ResourceNotFoundException "Requested resource not found: Table: <name> not found".
//  - AsyncStatus: a feature switched on or off shows its transitional status (ENABLING, DISABLING)
//    until `until_ms`, then its settled one, as TTL and table statuses do: the window is
//    ApiSettings::transient_delay_ms under -delayTransientStatuses, otherwise none (settled at once).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include <rapidjson/document.h>

#include "api/operation.h"
#include "store/store.h"

namespace dynemu::api {

// The table name in `name_or_arn` (a table ARN's name part, or the name itself), throwing the
// not-found error above for an ARN of another account or region.
std::string table_name_of_request(const OperationContext& ctx, const std::string& name_or_arn);
std::shared_ptr<const store::TableSchema> named_table(OperationContext& ctx, store::Session& session,
                                                      const std::string& name_or_arn, int64_t now);

// When a transition begun now settles.
int64_t transition_end(const OperationContext& ctx, int64_t now);

// Saves `description` as `schema`'s stored description (in the caller's write session).
void save_description(store::Session& session, store::TableSchema schema, const rapidjson::Value& description);

// The member `name` of the stored description as an object (nullptr when absent or not an object).
const rapidjson::Value* feature_state(const rapidjson::Value& description, const char* name);
int64_t int64_member(const rapidjson::Value& object, const char* name, int64_t fallback = 0);

}  // namespace dynemu::api
