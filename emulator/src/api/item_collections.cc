#include "api/item_collections.h"

#include "model/api_error.h"

namespace dynemu::api {

bool has_item_collections(const store::TableSchema& schema) {
  for (const auto& ix : schema.indexes)
    if (!ix.global) return true;
  return false;
}

const char* const kCollectionSizeExceeded = "Collection size exceeded.";

bool collection_limit_exceeded(store::Session& session, const store::TableSchema& schema,
                               const std::string& encoded_pk, int64_t growth, int64_t limit) {
  return has_item_collections(schema) && session.collection_size(schema, encoded_pk) + growth > limit;
}

void check_collection_limit(store::Session& session, const store::TableSchema& schema, const std::string& encoded_pk,
                            int64_t growth, int64_t limit) {
  if (growth > 0 && collection_limit_exceeded(session, schema, encoded_pk, growth, limit))
    throw model::dynamodb_error("ItemCollectionSizeLimitExceededException", kCollectionSizeExceeded);
}

CollectionMetric collection_metric(store::Session& session, const store::TableSchema& schema,
                                   const model::AttributeValue& partition_key, const std::string& encoded_pk) {
  return CollectionMetric{partition_key, session.collection_size(schema, encoded_pk)};
}

void write_metric(model::JsonWriter& out, const store::TableSchema& schema, const CollectionMetric& metric) {
  constexpr double kGB = 1024.0 * 1024.0 * 1024.0;
  const double low = static_cast<double>(static_cast<int64_t>(static_cast<double>(metric.size) / kGB));
  out.StartObject();
  out.Key("ItemCollectionKey");
  out.StartObject();
  out.Key(schema.key.hash.name.data(), static_cast<rapidjson::SizeType>(schema.key.hash.name.size()));
  model::encode_attribute_value(metric.key, out);
  out.EndObject();
  out.Key("SizeEstimateRangeGB");
  out.StartArray();
  out.Double(low);
  out.Double(low + 1);
  out.EndArray();
  out.EndObject();
}

void write_metrics_by_table(model::JsonWriter& out, const std::vector<TableCollectionMetrics>& tables) {
  if (tables.empty()) return;
  out.Key("ItemCollectionMetrics");
  out.StartObject();
  for (const auto& t : tables) {
    out.Key(t.schema->name.data(), static_cast<rapidjson::SizeType>(t.schema->name.size()));
    out.StartArray();
    for (const auto& m : t.metrics) write_metric(out, *t.schema, m);
    out.EndArray();
  }
  out.EndObject();
}

std::optional<CollectionMetric> metric_if_asked(store::Session& session, const store::TableSchema& schema,
                                                const std::string& metrics_option, const model::Item& item_or_key,
                                                const std::string& encoded_pk) {
  if (metrics_option != "SIZE" || !has_item_collections(schema)) return std::nullopt;
  return collection_metric(session, schema, item_or_key.at(schema.key.hash.name), encoded_pk);
}

void write_item_collection_metrics(model::JsonWriter& out, const store::TableSchema& schema,
                                   const std::optional<CollectionMetric>& metric) {
  if (!metric) return;
  out.Key("ItemCollectionMetrics");
  write_metric(out, schema, *metric);
}

}  // namespace dynemu::api
