// Capacity: DynamoDB's consumed-capacity arithmetic and its response member.
//
// Contract: read units are 4 KB steps of the item size (at least 1), halved for eventually
// consistent reads; write units are 1 KB steps (at least 1). write_consumed_capacity() writes the
// "ConsumedCapacity" member for ReturnConsumedCapacity TOTAL or INDEXES, nothing for NONE.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/json_codec.h"
#include "store/store.h"
#include "store/table_schema.h"

namespace dynemu::api {

enum class CapacityDetail { None, Total, Indexes };

CapacityDetail parse_capacity_detail(const std::string& value);  // value already validated
double read_units(size_t item_size, bool consistent);
double write_units(size_t item_size);

// Writes "ConsumedCapacity": {...} when detail != None. `table_units` is charged to the table;
// index writes are charged per written index when `index_units` > 0 (later issues).
// Capacity recording: the request log records consumed capacity even when the client did not ask
// for it. While a CapacityRecordingScope is alive on a thread, write_consumed_capacity() and
// CapacityTally::write_single()/write_list() on that thread (whatever the detail) add the units they
// charge to its usage; the HTTP layer knows from the operation whether they are read or write units.
// The read operations likewise report the items they read and returned: record_items_read() for
// items read and returned alike (GetItem's item, the items BatchGetItem and TransactGetItems
// return), record_page_items() for a Query/Scan page (ScannedCount, and Count after the filter).
struct RecordedUsage {
  double units = 0;
  int64_t items_read = 0;
  int64_t items_returned = 0;
};

class CapacityRecordingScope {
 public:
  explicit CapacityRecordingScope(RecordedUsage& usage);
  ~CapacityRecordingScope();
  CapacityRecordingScope(const CapacityRecordingScope&) = delete;
  CapacityRecordingScope& operator=(const CapacityRecordingScope&) = delete;

 private:
  RecordedUsage* previous_;
};
// Add to the active scope's usage (no-ops without one).
void record_consumed_units(double units);
void record_items_read(int64_t items);
void record_page_items(int64_t scanned, int64_t returned);

void write_consumed_capacity(model::JsonWriter& out, CapacityDetail detail, const std::string& table_name,
                             double table_units, bool is_read);

// Consumed capacity of one request, summed per table and per index, written in DynamoDB's form:
// {"TableName", "CapacityUnits" (the total), and for INDEXES also "Table": {"CapacityUnits"},
// "GlobalSecondaryIndexes"/"LocalSecondaryIndexes": {name: {"CapacityUnits"}}}. Tables appear in
// the order they were first charged; transactions double their units with scale().
class CapacityTally {
 public:
  void add_table(const std::string& table, double units);
  void add_index(const std::string& table, const std::string& index, bool global, double units);
  void scale(double factor);
  double total(const std::string& table) const;
  // "ConsumedCapacity": {...} for a single-table operation (nothing for None).
  void write_single(model::JsonWriter& out, CapacityDetail detail, const std::string& table) const;
  // "ConsumedCapacity": [{...}, ...] for batches and transactions (nothing for None).
  void write_list(model::JsonWriter& out, CapacityDetail detail) const;

 private:
  struct IndexUnits {
    std::string name;
    bool global = true;
    double units = 0;
  };
  struct TableUnits {
    std::string name;
    double table = 0;
    std::vector<IndexUnits> indexes;
  };
  TableUnits& entry(const std::string& table);
  void write_entry(model::JsonWriter& out, CapacityDetail detail, const TableUnits& t) const;
  std::vector<TableUnits> tables_;
};

// Write units a put or delete costs in each secondary index: an index entry written or removed
// costs its own 1 KB units, and a changed index key costs both the removal and the new entry.
// `old_row` / `new_row` are nullptr when there is no old item / no new item.
void charge_index_writes(CapacityTally& tally, const store::TableSchema& schema, const store::ItemRow* old_row,
                         int64_t old_size, const store::ItemRow* new_row);

// "ConsumedCapacity" of one single-item write (PutItem, UpdateItem, DeleteItem): the table is
// charged for the larger of the old and new item, each secondary index for its entry writes.
// `old` is the item before the write (nullopt: none), `new_row` the row written (nullptr: deleted).
void write_item_write_capacity(model::JsonWriter& out, CapacityDetail detail, const store::TableSchema& schema,
                               const std::optional<store::StoredItem>& old, const store::ItemRow* new_row);

}  // namespace dynemu::api
