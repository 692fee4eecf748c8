// WarmThroughput of tables and global secondary indexes (see warm_throughput.h).
#include "api/warm_throughput.h"

#include <algorithm>
#include <limits>

#include "api/table_description.h"
#include "model/api_error.h"

namespace dynemu::api {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
const std::string kInvalid = "One or more parameter values were invalid: ";

int64_t units(const rapidjson::Value* object, const char* name) {
  return object ? long_member(*object, name).value_or(0) : 0;
}

void set_units(rapidjson::Value& warm, int64_t read, int64_t write, Allocator& alloc) {
  set_member(warm, "ReadUnitsPerSecond", rapidjson::Value(read), alloc);
  set_member(warm, "WriteUnitsPerSecond", rapidjson::Value(write), alloc);
}

}  // namespace

const Shape& warm_throughput_shape() {
  static const Shape& s = Shape::structure(
      "WarmThroughput", {{"ReadUnitsPerSecond", &Shape::long_integer()}, {"WriteUnitsPerSecond", &Shape::long_integer()}});
  return s;
}

void check_warm_throughput_constraints(ConstraintErrors& errors, const rapidjson::Value& warm, const std::string& path) {
  for (const char* field : {"ReadUnitsPerSecond", "WriteUnitsPerSecond"})
    if (auto value = long_member(warm, field))
      errors.value_range(value, path + "." + (field[0] == 'R' ? "readUnitsPerSecond" : "writeUnitsPerSecond"), 1,
                         std::numeric_limits<int64_t>::max());
}

void validate_warm_throughput(const rapidjson::Value& warm) {
  // The reference documents no message for an empty WarmThroughput; this wording is dynemu's.
  if (!member(warm, "ReadUnitsPerSecond") && !member(warm, "WriteUnitsPerSecond"))
    throw model::validation_error(kInvalid +
                                  "WarmThroughput must specify ReadUnitsPerSecond, WriteUnitsPerSecond, or both");
}

void add_initial_warm_throughput(rapidjson::Value& owner, const rapidjson::Value* requested, Allocator& alloc) {
  const rapidjson::Value* provisioned = member(owner, "ProvisionedThroughput");
  const int64_t read = std::max({kDefaultWarmReadUnits, units(provisioned, "ReadCapacityUnits"),
                                 units(requested, "ReadUnitsPerSecond")});
  const int64_t write = std::max({kDefaultWarmWriteUnits, units(provisioned, "WriteCapacityUnits"),
                                  units(requested, "WriteUnitsPerSecond")});
  rapidjson::Value warm(rapidjson::kObjectType);
  set_units(warm, read, write, alloc);
  warm.AddMember("Status", "ACTIVE", alloc);  // placeholder: filled in when written out
  set_member(owner, "WarmThroughput", std::move(warm), alloc);
}

void update_warm_throughput(rapidjson::Value& owner, const rapidjson::Value& requested, const std::string& index_name,
                            Allocator& alloc) {
  if (!member(owner, "WarmThroughput")) add_initial_warm_throughput(owner, nullptr, alloc);
  rapidjson::Value& warm = owner["WarmThroughput"];
  const int64_t read = units(&warm, "ReadUnitsPerSecond");
  const int64_t write = units(&warm, "WriteUnitsPerSecond");
  const int64_t new_read = long_member(requested, "ReadUnitsPerSecond").value_or(read);
  const int64_t new_write = long_member(requested, "WriteUnitsPerSecond").value_or(write);
  // "Once increased, warm throughput values can't be decreased." The reference gives no message
  // for trying; this wording is dynemu's, in the style of the provisioned-throughput messages.
  const std::string of = index_name.empty() ? "the table" : "index: " + index_name;
  if (new_read < read)
    throw model::validation_error(kInvalid + "Warm throughput cannot be decreased for " + of +
                                  ". Current ReadUnitsPerSecond: " + std::to_string(read) +
                                  ". Requested ReadUnitsPerSecond: " + std::to_string(new_read));
  if (new_write < write)
    throw model::validation_error(kInvalid + "Warm throughput cannot be decreased for " + of +
                                  ". Current WriteUnitsPerSecond: " + std::to_string(write) +
                                  ". Requested WriteUnitsPerSecond: " + std::to_string(new_write));
  if (new_read == read && new_write == write) return;
  set_units(warm, new_read, new_write, alloc);
  set_member(warm, "_Updating", rapidjson::Value(true), alloc);
}

void follow_provisioned_throughput(rapidjson::Value& owner, Allocator& alloc) {
  rapidjson::Value* warm = owner.IsObject() && owner.HasMember("WarmThroughput") ? &owner["WarmThroughput"] : nullptr;
  const rapidjson::Value* provisioned = member(owner, "ProvisionedThroughput");
  if (!warm || !provisioned) return;
  set_units(*warm, std::max(units(warm, "ReadUnitsPerSecond"), units(provisioned, "ReadCapacityUnits")),
            std::max(units(warm, "WriteUnitsPerSecond"), units(provisioned, "WriteCapacityUnits")), alloc);
}

void clear_warm_throughput_marks(rapidjson::Value& description) {
  auto clear = [](rapidjson::Value& owner) {
    if (owner.IsObject() && owner.HasMember("WarmThroughput") && owner["WarmThroughput"].IsObject())
      owner["WarmThroughput"].RemoveMember("_Updating");
  };
  clear(description);
  if (description.HasMember("GlobalSecondaryIndexes") && description["GlobalSecondaryIndexes"].IsArray())
    for (auto& ix : description["GlobalSecondaryIndexes"].GetArray()) clear(ix);
}

void write_warm_throughput(model::JsonWriter& out, const rapidjson::Value& warm, const std::string& table_status) {
  const bool updating = table_status == "UPDATING" && warm.HasMember("_Updating");
  out.StartObject();
  out.Key("ReadUnitsPerSecond");
  out.Int64(units(&warm, "ReadUnitsPerSecond"));
  out.Key("WriteUnitsPerSecond");
  out.Int64(units(&warm, "WriteUnitsPerSecond"));
  out.Key("Status");
  out.String(updating ? "UPDATING" : "ACTIVE");
  out.EndObject();
}

}  // namespace dynemu::api
