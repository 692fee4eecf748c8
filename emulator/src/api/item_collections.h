// ItemCollections: a table with local secondary indexes groups items by partition key into item
// collections; DynamoDB limits each to 10 GB and reports their size on request.
//
// Contract: only tables with at least one LSI have item collections. check_collection_limit()
// throws ItemCollectionSizeLimitExceededException when a write would grow a collection past
// `limit` (ApiSettings::max_item_collection_bytes: DynamoDB's 10 GB). collection_metric() measures
// one collection after a write; write_metric() writes one {"ItemCollectionKey",
// "SizeEstimateRangeGB": [low, high]} object (whole-GB bounds around the size).
// write_metrics_by_table() writes the multi-item form (BatchWriteItem, TransactWriteItems):
// "ItemCollectionMetrics": {table: [metric, ...], ...}, nothing when there are none.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/json_codec.h"
#include "store/store.h"

namespace dynemu::api {

bool has_item_collections(const store::TableSchema& schema);

// Whether the stored collection of `encoded_pk`, grown by `growth` bytes, would pass `limit`;
// always false for a table without item collections. (TransactWriteItems sums growth per
// collection across its actions and cancels with a reason instead of throwing.)
bool collection_limit_exceeded(store::Session& session, const store::TableSchema& schema,
                               const std::string& encoded_pk, int64_t growth, int64_t limit);
// `growth`: the bytes the write adds to the collection (new size minus old size; may be negative).
void check_collection_limit(store::Session& session, const store::TableSchema& schema, const std::string& encoded_pk,
                            int64_t growth, int64_t limit);
// The message DynamoDB gives with ItemCollectionSizeLimitExceededException.
extern const char* const kCollectionSizeExceeded;

struct CollectionMetric {
  model::AttributeValue key;  // the partition key value
  int64_t size = 0;
};

CollectionMetric collection_metric(store::Session& session, const store::TableSchema& schema,
                                   const model::AttributeValue& partition_key, const std::string& encoded_pk);
void write_metric(model::JsonWriter& out, const store::TableSchema& schema, const CollectionMetric& metric);

struct TableCollectionMetrics {
  std::shared_ptr<const store::TableSchema> schema;
  std::vector<CollectionMetric> metrics;
};
void write_metrics_by_table(model::JsonWriter& out, const std::vector<TableCollectionMetrics>& tables);

// For single-item writes: the metric to report when ReturnItemCollectionMetrics is SIZE and the
// table has item collections (measured inside the write session, after the write), and the
// "ItemCollectionMetrics" member for it.
std::optional<CollectionMetric> metric_if_asked(store::Session& session, const store::TableSchema& schema,
                                                const std::string& metrics_option, const model::Item& item_or_key,
                                                const std::string& encoded_pk);
void write_item_collection_metrics(model::JsonWriter& out, const store::TableSchema& schema,
                                   const std::optional<CollectionMetric>& metric);

}  // namespace dynemu::api
