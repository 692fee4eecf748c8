#include "api/capacity.h"

#include <algorithm>
#include <optional>

#include "api/index_projection.h"
#include "model/attribute_value.h"
#include "model/json_codec.h"

namespace dynemu::api {
namespace {
thread_local RecordedUsage* recorded_usage = nullptr;
}  // namespace

CapacityRecordingScope::CapacityRecordingScope(RecordedUsage& usage) : previous_(recorded_usage) {
  recorded_usage = &usage;
}
CapacityRecordingScope::~CapacityRecordingScope() { recorded_usage = previous_; }

void record_consumed_units(double units) {
  if (recorded_usage) recorded_usage->units += units;
}

void record_items_read(int64_t items) { record_page_items(items, items); }

void record_page_items(int64_t scanned, int64_t returned) {
  if (!recorded_usage) return;
  recorded_usage->items_read += scanned;
  recorded_usage->items_returned += returned;
}

CapacityDetail parse_capacity_detail(const std::string& value) {
  if (value == "TOTAL") return CapacityDetail::Total;
  if (value == "INDEXES") return CapacityDetail::Indexes;
  return CapacityDetail::None;
}

double read_units(size_t item_size, bool consistent) {
  double units = item_size == 0 ? 1 : static_cast<double>((item_size + 4095) / 4096);
  return consistent ? units : units / 2;
}

double write_units(size_t item_size) {
  return item_size == 0 ? 1 : static_cast<double>((item_size + 1023) / 1024);
}

void write_consumed_capacity(model::JsonWriter& out, CapacityDetail detail, const std::string& table_name,
                             double table_units, bool /*is_read*/) {
  record_consumed_units(table_units);
  if (detail == CapacityDetail::None) return;
  out.Key("ConsumedCapacity");
  out.StartObject();
  out.Key("TableName");
  out.String(table_name);
  out.Key("CapacityUnits");
  out.Double(table_units);
  if (detail == CapacityDetail::Indexes) {
    out.Key("Table");
    out.StartObject();
    out.Key("CapacityUnits");
    out.Double(table_units);
    out.EndObject();
  }
  out.EndObject();
}

CapacityTally::TableUnits& CapacityTally::entry(const std::string& table) {
  for (auto& t : tables_)
    if (t.name == table) return t;
  tables_.push_back(TableUnits{table, 0, {}});
  return tables_.back();
}

void CapacityTally::add_table(const std::string& table, double units) { entry(table).table += units; }

void CapacityTally::add_index(const std::string& table, const std::string& index, bool global, double units) {
  auto& t = entry(table);
  for (auto& ix : t.indexes)
    if (ix.name == index) {
      ix.units += units;
      return;
    }
  t.indexes.push_back(IndexUnits{index, global, units});
}

void CapacityTally::scale(double factor) {
  for (auto& t : tables_) {
    t.table *= factor;
    for (auto& ix : t.indexes) ix.units *= factor;
  }
}

double CapacityTally::total(const std::string& table) const {
  for (const auto& t : tables_)
    if (t.name == table) {
      double sum = t.table;
      for (const auto& ix : t.indexes) sum += ix.units;
      return sum;
    }
  return 0;
}

void CapacityTally::write_entry(model::JsonWriter& out, CapacityDetail detail, const TableUnits& t) const {
  out.StartObject();
  out.Key("TableName");
  out.String(t.name);
  out.Key("CapacityUnits");
  out.Double(total(t.name));
  if (detail == CapacityDetail::Indexes) {
    out.Key("Table");
    out.StartObject();
    out.Key("CapacityUnits");
    out.Double(t.table);
    out.EndObject();
    for (bool global : {true, false}) {
      bool any = false;
      for (const auto& ix : t.indexes) {
        if (ix.global != global) continue;
        if (!any) {
          out.Key(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
          out.StartObject();
          any = true;
        }
        out.Key(ix.name.data(), static_cast<rapidjson::SizeType>(ix.name.size()));
        out.StartObject();
        out.Key("CapacityUnits");
        out.Double(ix.units);
        out.EndObject();
      }
      if (any) out.EndObject();
    }
  }
  out.EndObject();
}

void CapacityTally::write_single(model::JsonWriter& out, CapacityDetail detail, const std::string& table) const {
  record_consumed_units(total(table));
  if (detail == CapacityDetail::None) return;
  out.Key("ConsumedCapacity");
  for (const auto& t : tables_)
    if (t.name == table) return write_entry(out, detail, t);
  write_entry(out, detail, TableUnits{table, 0, {}});
}

void CapacityTally::write_list(model::JsonWriter& out, CapacityDetail detail) const {
  for (const auto& t : tables_) record_consumed_units(total(t.name));
  if (detail == CapacityDetail::None) return;
  out.Key("ConsumedCapacity");
  out.StartArray();
  for (const auto& t : tables_) write_entry(out, detail, t);
  out.EndArray();
}

namespace {

// The projections of a table's indexes, in schema order. Parsed once per thread for each
// description seen last: writes to one table come in runs, and parsing the description on every
// write would cost more than the charge it serves.
const std::vector<IndexProjection>& index_projections(const store::TableSchema& schema) {
  thread_local std::string description;
  thread_local std::vector<IndexProjection> projections;
  if (projections.size() != schema.indexes.size() || description != schema.description) {
    projections.clear();
    for (const auto& ix : schema.indexes) projections.push_back(projection_of(schema, ix));
    description = schema.description;
  }
  return projections;
}

// An index entry as the index holds it: its canonical JSON and DynamoDB size.
struct IndexEntry {
  std::string json;
  int64_t size = 0;
};

IndexEntry entry_of(const IndexProjection& projection, const store::ItemRow& row) {
  if (projection.type == IndexProjection::Type::All) return {row.json, row.size};
  const model::Item entry = projection.apply(model::item_from_json(row.json));
  return {model::item_to_json(entry), static_cast<int64_t>(model::item_size(entry))};
}

}  // namespace

void charge_index_writes(CapacityTally& tally, const store::TableSchema& schema, const store::ItemRow* old_row,
                         int64_t old_size, const store::ItemRow* new_row) {
  for (size_t i = 0; i < schema.indexes.size(); ++i) {
    const auto& ix = schema.indexes[i];
    const bool in_old = old_row && i < old_row->index_pk.size() && old_row->index_pk[i];
    const bool in_new = new_row && i < new_row->index_pk.size() && new_row->index_pk[i];
    if (!in_old && !in_new) continue;
    const IndexProjection& projection = index_projections(schema)[i];
    // DynamoDB's guide: an index entry costs 1 KB units of its own (projected) size; a changed
    // index key costs the removal and the new entry; a write that changes nothing the index
    // projects costs the index nothing.
    std::optional<IndexEntry> before, after;
    if (in_old) {
      before = entry_of(projection, *old_row);
      if (projection.type == IndexProjection::Type::All && old_size > 0) before->size = old_size;
    }
    if (in_new) after = entry_of(projection, *new_row);
    const bool key_changed =
        in_old && in_new && (*old_row->index_pk[i] != *new_row->index_pk[i] || *old_row->index_sk[i] != *new_row->index_sk[i]);
    if (in_old && in_new && !key_changed && before->json == after->json) continue;
    double units = 0;
    if (in_new) units += write_units(static_cast<size_t>(after->size));
    if (in_old && (!in_new || key_changed)) units += write_units(static_cast<size_t>(before->size));
    tally.add_index(schema.name, ix.name, ix.global, units);
  }
}

void write_item_write_capacity(model::JsonWriter& out, CapacityDetail detail, const store::TableSchema& schema,
                               const std::optional<store::StoredItem>& old, const store::ItemRow* new_row) {
  // Computed even for NONE: the request log records what every request consumed.
  size_t charged = new_row ? static_cast<size_t>(new_row->size) : 0;
  if (old) charged = std::max(charged, static_cast<size_t>(old->size));
  CapacityTally tally;
  tally.add_table(schema.name, write_units(charged));
  if (!schema.indexes.empty()) {
    std::optional<store::ItemRow> old_row;
    if (old) old_row = store::ItemRow::from_item(schema, model::item_from_json(old->json));
    charge_index_writes(tally, schema, old_row ? &*old_row : nullptr, old ? old->size : 0, new_row);
  }
  tally.write_single(out, detail, schema.name);
}

}  // namespace dynemu::api
