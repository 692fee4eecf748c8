#include "api/capacity.h"

namespace dynemu::api {
namespace {
thread_local CapacityTally* active_tally = nullptr;
}  // namespace

CapacityTallyScope::CapacityTallyScope(CapacityTally& tally) : previous_(active_tally) { active_tally = &tally; }
CapacityTallyScope::~CapacityTallyScope() { active_tally = previous_; }

void tally_capacity(double units, bool is_read) {
  if (!active_tally) return;
  (is_read ? active_tally->read_units : active_tally->write_units) += units;
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
                             double table_units, bool is_read) {
  tally_capacity(table_units, is_read);
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

}  // namespace dynemu::api
