// IndexProjection: which attributes a secondary index holds (KEYS_ONLY, INCLUDE, ALL), read from
// the table's stored TableDescription, and DynamoDB's rules for reading through an index.
//
// Contract: projection_of() finds the index's "Projection" in the description (ALL when absent).
// Reads through a KEYS_ONLY/INCLUDE index return only projected attributes: the table key, the
// index key and (INCLUDE) the NonKeyAttributes. reads_all_projected() answers whether a request
// for `names` can be served; missing() lists the names the index does not project.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "model/attribute_value.h"
#include "store/table_schema.h"

namespace dynemu::api {

struct IndexProjection {
  enum class Type { All, KeysOnly, Include };
  Type type = Type::All;
  std::set<std::string> attributes;  // projected names (keys + NonKeyAttributes); unused for All

  bool projects(const std::string& name) const { return type == Type::All || attributes.count(name) > 0; }
  model::Item apply(const model::Item& item) const;
  // The requested names this index does not project, sorted.
  std::vector<std::string> missing(const std::vector<std::string>& names) const;
};

IndexProjection projection_of(const store::TableSchema& schema, const store::IndexSchema& index);

}  // namespace dynemu::api
