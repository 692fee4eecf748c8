// Capacity: DynamoDB's consumed-capacity arithmetic and its response member.
//
// Contract: read units are 4 KB steps of the item size (at least 1), halved for eventually
// consistent reads; write units are 1 KB steps (at least 1). write_consumed_capacity() writes the
// "ConsumedCapacity" member for ReturnConsumedCapacity TOTAL or INDEXES, nothing for NONE.
#pragma once
#include <string>

#include "model/json_codec.h"
#include "store/table_schema.h"

namespace dynemu::api {

enum class CapacityDetail { None, Total, Indexes };

CapacityDetail parse_capacity_detail(const std::string& value);  // value already validated
double read_units(size_t item_size, bool consistent);
double write_units(size_t item_size);

// Writes "ConsumedCapacity": {...} when detail != None. `table_units` is charged to the table;
// index writes are charged per written index when `index_units` > 0 (later issues).
void write_consumed_capacity(model::JsonWriter& out, CapacityDetail detail, const std::string& table_name,
                             double table_units, bool is_read);

}  // namespace dynemu::api
