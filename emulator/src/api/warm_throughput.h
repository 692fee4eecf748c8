// WarmThroughput: the read and write units per second a table or global secondary index can take
// at once, shared by CreateTable (table and GlobalSecondaryIndexes[]), UpdateTable (table and
// GlobalSecondaryIndexUpdates Create/Update) and the descriptions they and DescribeTable write.
//
// What the developer guide says, and dynemu follows:
//  - Every table and GSI has a warm throughput. A new on-demand table starts at 12,000 read and
//    4,000 write units per second ("Warm throughput for an on-demand table"); dynemu starts every
//    new table and GSI there, or at its provisioned throughput when that is higher ("as you increase
//    the provisioned throughput beyond these values, the warm throughput will automatically adjust").
//    A requested WarmThroughput lower than that starting point leaves the starting point: a table
//    already sustains it.
//  - "Once increased, warm throughput values can't be decreased": UpdateTable asking for less than
//    the current value is a ValidationException. The reference gives no wording for it; the message
//    is dynemu's (see warm_throughput.cc). Asking for the current value changes nothing.
//  - Raising it is asynchronous: Status UPDATING, then ACTIVE. dynemu shows UPDATING while the
//    table's UPDATING window lasts (-delayTransientStatuses), ACTIVE otherwise.
//
// Contract: the stored description holds "WarmThroughput" {ReadUnitsPerSecond, WriteUnitsPerSecond,
// Status (placeholder)} on the table and on each GSI; "_Updating" marks one raised by the latest
// UpdateTable. write_warm_throughput() writes one with its live Status.
#pragma once
#include <cstdint>
#include <string>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/operation.h"
#include "api/request_shape.h"

namespace dynemu::api {

constexpr int64_t kDefaultWarmReadUnits = 12000;
constexpr int64_t kDefaultWarmWriteUnits = 4000;

const Shape& warm_throughput_shape();
// Constraint errors of a requested WarmThroughput at `path` ("warmThroughput", ...): each member
// given is at least 1 (the range TableWarmThroughputDescription documents).
void check_warm_throughput_constraints(ConstraintErrors& errors, const rapidjson::Value& warm, const std::string& path);
// The semantic rule of a requested WarmThroughput: it names at least one of its two members.
void validate_warm_throughput(const rapidjson::Value& warm);

// Adds "WarmThroughput" to a new table or GSI description `owner`, from its ProvisionedThroughput
// description (0/0 when on demand) and the requested WarmThroughput (may be null).
void add_initial_warm_throughput(rapidjson::Value& owner, const rapidjson::Value* requested,
                                 rapidjson::Document::AllocatorType& alloc);
// UpdateTable's WarmThroughput for `owner` (the table, or the GSI `index_name`; "" for the table).
void update_warm_throughput(rapidjson::Value& owner, const rapidjson::Value& requested, const std::string& index_name,
                            rapidjson::Document::AllocatorType& alloc);
// Provisioned throughput raised above the warm throughput carries it along (no UPDATING window).
void follow_provisioned_throughput(rapidjson::Value& owner, rapidjson::Document::AllocatorType& alloc);
// Clears the "_Updating" marks of the table and its GSIs (before a new update).
void clear_warm_throughput_marks(rapidjson::Value& description);
// Writes a stored WarmThroughput object with its Status for a table now in `table_status`.
void write_warm_throughput(model::JsonWriter& out, const rapidjson::Value& warm, const std::string& table_status);

}  // namespace dynemu::api
