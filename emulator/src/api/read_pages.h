// ReadPages: what Query and Scan share — the table or index being read, DynamoDB's Select rules,
// ExclusiveStartKey positions, and reading one page with DynamoDB's paging rules.
//
// Contract:
//  - resolve_target() finds the index named by IndexName ("The table does not have the specified
//    index: X"), rejects ConsistentRead on a GSI, and reads the index's projection.
//  - resolve_select() applies DynamoDB's Select / AttributesToGet / ProjectionExpression rules for
//    the target and returns the Select in force (default: ALL_ATTRIBUTES, or SPECIFIC_ATTRIBUTES
//    when attributes were named). A local index whose projection lacks what is asked for reads the
//    table's items instead (DynamoDB fetches them): target.projection widens to ALL and
//    target.fetches_from_table is set.
//  - Capacity (DynamoDB's guide): a page costs its data read in 4 KB units, not per item; a local
//    index read that fetches also pays, per item read, that table item's own read units.
//  - start_position() turns an ExclusiveStartKey into the store's RowPosition (it must hold exactly
//    the table key and, for an index, the index key, with the declared types).
//  - read_page() drives one store read: `Limit` counts items read before the filter, the page stops
//    once 1 MB of items has been read, and a LastEvaluatedKey (table key + index key of the last
//    item read) is set whenever the read stopped early, i.e. more may follow.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/capacity.h"
#include "api/index_projection.h"
#include "model/json_codec.h"
#include "store/store.h"

namespace dynemu::api {

constexpr int64_t kMaxPageBytes = 1024 * 1024;

struct ReadTarget {
  std::shared_ptr<const store::TableSchema> schema;
  const store::IndexSchema* index = nullptr;  // nullptr: the table itself
  IndexProjection projection;                 // ALL for the table
  // A local index read that fetches what the index does not project from the table: `projection`
  // is then ALL and `index_projection` is the index's own, which its entries (and their read
  // units) have.
  bool fetches_from_table = false;
  IndexProjection index_projection;
};

enum class Select { AllAttributes, AllProjected, Specific, Count };

ReadTarget resolve_target(std::shared_ptr<const store::TableSchema> schema, const std::string& index_name,
                          bool consistent, int64_t now_ms);
// `requested` holds the top-level names of AttributesToGet / ProjectionExpression (empty if none).
Select resolve_select(ReadTarget& target, const std::string& select, bool has_attributes_to_get,
                      bool has_projection_expression, const std::vector<std::string>& requested);

store::RowPosition start_position(const ReadTarget& target, const model::Item& start_key,
                                  const std::string& invalid_message);

// Where DynamoDB refuses a well-formed ExclusiveStartKey because the read could not continue from it:
//  - check_query_start(): a key condition that fixes the whole key (sort key `=`) cannot be
//    restarted; the start key must be in the queried partition and satisfy the sort-key condition
//    (and a backward read may not restart at the condition's inclusive lower bound).
//  - check_scan_start(): in a parallel scan the start key must belong to the requested segment.
// `partition` and `range` are the key condition (encoded) on the target's key.
void check_query_start(const ReadTarget& target, const store::RowPosition& start, const std::string& partition,
                       const store::SortKeyRange& range, bool forward);
void check_scan_start(const store::RowPosition& start, int segment, int total_segments);

struct PageRequest {
  Select select = Select::AllAttributes;
  std::optional<int64_t> limit;
  std::function<bool(const model::Item&)> filter;          // empty: every item matches
  std::function<model::Item(const model::Item&)> project;  // empty: the whole (index-projected) item
};

struct PageResult {
  std::vector<std::string> items;  // canonical JSON of each returned item
  int64_t count = 0;
  int64_t scanned = 0;
  int64_t bytes_read = 0;      // what the 1 MB page limit counts
  int64_t index_bytes = 0;     // the data read from the index or table itself, charged in 4 KB units
  int64_t fetched_blocks = 0;  // table fetches of a local index read: each item's 4 KB units
  std::optional<model::Item> last_evaluated_key;
};

// `read` runs the store's query or scan with the visitor it is given.
PageResult read_page(const ReadTarget& target, const PageRequest& request,
                     const std::function<void(const store::RowVisitor&)>& read);

// Writes Items (unless COUNT), Count, ScannedCount, LastEvaluatedKey and ConsumedCapacity.
void write_page(model::JsonWriter& out, const ReadTarget& target, const PageResult& page, Select select,
                CapacityDetail detail, bool consistent);
// The "ConsumedCapacity" member of a read of `bytes_read` bytes (nothing for None; the request log
// records the units either way). write_page() ends with it; ExecuteStatement's SELECT uses it alone.
void write_read_capacity(model::JsonWriter& out, const ReadTarget& target, int64_t bytes_read, CapacityDetail detail,
                         bool consistent, int64_t fetched_blocks = 0);

}  // namespace dynemu::api
