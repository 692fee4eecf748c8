#include "api/read_pages.h"

#include "api/multi_attribute_keys.h"

#include "api/table_description.h"
#include "api/table_lookup.h"

#include "model/api_error.h"
#include "model/key_codec.h"

namespace dynemu::api {

ReadTarget resolve_target(std::shared_ptr<const store::TableSchema> schema, const std::string& index_name,
                          bool consistent, int64_t now_ms) {
  ReadTarget t;
  t.schema = std::move(schema);
  if (index_name.empty()) return t;
  t.index = t.schema->find_index(index_name);
  if (!t.index) throw model::validation_error("The table does not have the specified index: " + index_name);
  if (t.index->global && consistent)
    throw model::validation_error("Consistent reads are not supported on global secondary indexes");
  if (t.index->global && index_backfilling(*t.schema, index_name, now_ms))
    throw model::validation_error("Cannot read from backfilling global secondary index: " + index_name);
  t.projection = projection_of(*t.schema, *t.index);
  return t;
}

Select resolve_select(ReadTarget& target, const std::string& select, bool has_attributes_to_get,
                      bool has_projection_expression, const std::vector<std::string>& requested) {
  if (!select.empty() && select != "SPECIFIC_ATTRIBUTES") {
    const std::string what = select == "COUNT" ? "only the Count" : select;
    if (has_projection_expression)
      throw model::validation_error("Cannot specify the ProjectionExpression when choosing to get " + what);
    if (has_attributes_to_get)
      throw model::validation_error("Cannot specify the AttributesToGet when choosing to get " + what);
  }
  if (select == "SPECIFIC_ATTRIBUTES" && !has_attributes_to_get && !has_projection_expression)
    throw model::validation_error(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
  if (select == "ALL_PROJECTED_ATTRIBUTES" && !target.index)
    throw model::validation_error("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  Select s = Select::AllAttributes;
  if (select == "COUNT") s = Select::Count;
  else if (select == "ALL_PROJECTED_ATTRIBUTES") s = Select::AllProjected;
  else if (select == "SPECIFIC_ATTRIBUTES" || has_attributes_to_get || has_projection_expression) s = Select::Specific;
  else if (select.empty() && target.index) s = Select::AllProjected;  // an index read defaults to its projection
  if (target.index && target.projection.type != IndexProjection::Type::All) {
    // A local index fetches unprojected attributes from the table (at extra cost); a global one cannot.
    if (!target.index->global) {
      const bool fetch = s == Select::AllAttributes || (s == Select::Specific && !target.projection.missing(requested).empty());
      if (fetch) {
        target.index_projection = target.projection;
        target.projection = IndexProjection{};
        target.fetches_from_table = true;
      }
      return s;
    }
    if (s == Select::AllAttributes)
      throw model::validation_error("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                                    "supported for global secondary index " + target.index->name +
                                    " because its projection type is not ALL");
    if (s == Select::Specific) {
      auto missing = target.projection.missing(requested);
      if (!missing.empty()) {
        std::string list;
        for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
        throw model::validation_error("One or more parameter values were invalid: Global secondary index " +
                                      target.index->name + " does not project " + list);
      }
    }
  }
  return s;
}

namespace {

// The attributes that identify a position in the target: the table key, then the index key.
std::vector<store::KeyAttribute> position_attributes(const ReadTarget& target) {
  std::vector<store::KeyAttribute> attrs{target.schema->key.hash};
  if (target.schema->key.range) attrs.push_back(*target.schema->key.range);
  if (target.index) {
    auto add = [&](const store::KeyAttribute& a) {
      for (const auto& x : attrs)
        if (x.name == a.name) return;
      attrs.push_back(a);
    };
    for (const auto& a : target.index->key.all_attributes()) add(a);
  }
  return attrs;
}

}  // namespace

store::RowPosition start_position(const ReadTarget& target, const model::Item& start_key,
                                  const std::string& invalid_message) {
  const auto attrs = position_attributes(target);
  if (start_key.size() != attrs.size()) throw model::validation_error(invalid_message);
  for (const auto& a : attrs) {
    auto it = start_key.find(a.name);
    if (it == start_key.end() || it->second.type != a.type) throw model::validation_error(invalid_message);
  }
  store::RowPosition p;
  const auto& s = *target.schema;
  p.pk = model::encode_key(start_key.at(s.key.hash.name));
  if (s.key.range) p.sk = model::encode_key(start_key.at(s.key.range->name));
  if (target.index) {
    if (target.index->key.multi_attribute()) {
      p.index_pk = key_column(target.index->key.hash_attributes(), start_key);
      p.index_sk = key_column(target.index->key.range_attributes(), start_key);
    } else {
      p.index_pk = model::encode_key(start_key.at(target.index->key.hash.name));
      if (target.index->key.range) p.index_sk = model::encode_key(start_key.at(target.index->key.range->name));
    }
  }
  return p;
}

namespace {

// Whether a read may restart after encoded sort key `sk` under `range`: `sk` must satisfy the
// condition, and a backward read may not restart at the condition's inclusive lower bound
// (DynamoDB refuses `sk >= c` read backward from c; a forward read from c is accepted).
bool sort_key_can_restart(const std::string& sk, const store::SortKeyRange& range, bool forward) {
  using K = store::SortKeyRange::Kind;
  // std::string compares bytes as unsigned char, the order of the key encoding.
  switch (range.kind) {
    case K::Any: return true;
    case K::Eq: return false;  // refused earlier with its own message
    case K::Lt: return sk < range.low;
    case K::Le: return sk <= range.low;
    case K::Gt: return sk > range.low;
    case K::Ge: return forward ? sk >= range.low : sk > range.low;
    case K::Between: return (forward ? sk >= range.low : sk > range.low) && sk <= range.high;
    case K::Prefix:
      return sk.compare(0, range.low.size(), range.low) == 0 && (forward || sk.size() > range.low.size());
    case K::Span: return sk >= range.low && (range.high.empty() || sk < range.high);
  }
  return false;
}

}  // namespace

void check_query_start(const ReadTarget& target, const store::RowPosition& start, const std::string& partition,
                       const store::SortKeyRange& range, bool forward) {
  if (range.kind == store::SortKeyRange::Kind::Eq)
    throw model::validation_error("The query can return at most one row and cannot be restarted");
  const std::string& start_partition = target.index ? start.index_pk : start.pk;
  const std::string& start_sort = target.index ? start.index_sk : start.sk;
  if (range.kind == store::SortKeyRange::Kind::Any) {
    if (start_partition != partition)
      throw model::validation_error(
          "The provided starting key is outside query boundaries based on provided condition");
    return;
  }
  if (start_partition != partition || !sort_key_can_restart(start_sort, range, forward))
    throw model::validation_error("The provided starting key does not match the range key predicate");
}

void check_scan_start(const store::RowPosition& start, int segment, int total_segments) {
  if (total_segments <= 1 || store::scan_segment_of(start.pk, total_segments) == segment) return;
  throw model::validation_error(
      "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct "
      "Segment. TotalSegments: " + std::to_string(total_segments) + " Segment: " + std::to_string(segment));
}

PageResult read_page(const ReadTarget& target, const PageRequest& request,
                     const std::function<void(const store::RowVisitor&)>& read) {
  PageResult page;
  const bool index_trims = target.projection.type != IndexProjection::Type::All;
  // Items are decoded only when something must look inside them.
  const bool decode = request.filter || request.project || index_trims || target.fetches_from_table;
  std::string last_json;
  bool stopped_early = false;
  read([&](store::StoredRow&& row) {
    ++page.scanned;
    std::string json = std::move(row.json);
    int64_t size = row.size;
    std::optional<model::Item> item;
    if (decode) {
      item = model::item_from_json(json);
      if (index_trims) {
        item = target.projection.apply(*item);
        size = static_cast<int64_t>(model::item_size(*item));
      }
    }
    page.bytes_read += size;
    if (target.fetches_from_table) {
      // The index entry is read (its projected size), then the whole item from the table.
      page.index_bytes += static_cast<int64_t>(model::item_size(target.index_projection.apply(*item)));
      page.fetched_blocks += size == 0 ? 1 : (size + 4095) / 4096;
    } else {
      page.index_bytes += size;
    }
    if (!request.filter || request.filter(*item)) {
      ++page.count;
      if (request.select != Select::Count) {
        if (request.project)
          page.items.push_back(model::item_to_json(request.project(*item)));
        else if (index_trims)
          page.items.push_back(model::item_to_json(*item));
        else
          page.items.push_back(json);
      }
    }
    last_json = std::move(json);
    if ((request.limit && page.scanned >= *request.limit) || page.bytes_read >= kMaxPageBytes) {
      stopped_early = true;
      return false;
    }
    return true;
  });
  if (stopped_early) {
    const model::Item last = model::item_from_json(last_json);
    model::Item key;
    for (const auto& a : position_attributes(target)) key.emplace(a.name, last.at(a.name));
    page.last_evaluated_key = std::move(key);
  }
  return page;
}

void write_page(model::JsonWriter& out, const ReadTarget& target, const PageResult& page, Select select,
                CapacityDetail detail, bool consistent) {
  if (select != Select::Count) {
    out.Key("Items");
    out.StartArray();
    for (const auto& json : page.items) out.RawValue(json.data(), json.size(), rapidjson::kObjectType);
    out.EndArray();
  }
  out.Key("Count");
  out.Int64(page.count);
  out.Key("ScannedCount");
  out.Int64(page.scanned);
  record_page_items(page.scanned, page.count);
  if (page.last_evaluated_key) {
    out.Key("LastEvaluatedKey");
    model::encode_item(*page.last_evaluated_key, out);
  }
  write_read_capacity(out, target, page.index_bytes, detail, consistent, page.fetched_blocks);
}

void write_read_capacity(model::JsonWriter& out, const ReadTarget& target, int64_t bytes_read, CapacityDetail detail,
                         bool consistent, int64_t fetched_blocks) {
  // A page is charged for all the data it read, in 4 KB units, not per item.
  const double units = read_units(static_cast<size_t>(bytes_read), consistent);
  const double fetch_units = static_cast<double>(fetched_blocks) * (consistent ? 1.0 : 0.5);
  if (detail == CapacityDetail::None) return record_consumed_units(units + fetch_units);  // the request log's
  CapacityTally tally;
  if (target.index) {
    tally.add_table(target.schema->name, fetch_units);
    tally.add_index(target.schema->name, target.index->name, target.index->global, units);
  } else {
    tally.add_table(target.schema->name, units);
  }
  tally.write_single(out, detail, target.schema->name);
}

}  // namespace dynemu::api
