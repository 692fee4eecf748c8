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
// CapacityTally: the request log records consumed capacity even when the client did not ask for it.
// While a CapacityTallyScope is alive on a thread, write_consumed_capacity() (whatever the detail)
// and tally_capacity() on that thread add their units to its tally.
struct CapacityTally {
  double read_units = 0;
  double write_units = 0;
};
class CapacityTallyScope {
 public:
  explicit CapacityTallyScope(CapacityTally& tally);
  ~CapacityTallyScope();
  CapacityTallyScope(const CapacityTallyScope&) = delete;
  CapacityTallyScope& operator=(const CapacityTallyScope&) = delete;

 private:
  CapacityTally* previous_;
};
// For operations that write their ConsumedCapacity member without write_consumed_capacity().
void tally_capacity(double units, bool is_read);

void write_consumed_capacity(model::JsonWriter& out, CapacityDetail detail, const std::string& table_name,
                             double table_units, bool is_read);

}  // namespace dynemu::api
