// The catalog's form of a table's schema (dynemu_catalog.schema): JSON, so that a schema can grow
// with later features (TTL, streams, tags) and files written before them still read.
//
// Contract: schema_from_json(name, sql_name, schema_to_json(s)) gives back s (name and sql_name are
// the catalog row's own columns). A text that is not such JSON, or holds a bad hex field, throws
// std::runtime_error ("corrupt catalog entry: ...").
#pragma once
#include <string>

#include "store/table_schema.h"

namespace dynemu::store {

std::string schema_to_json(const TableSchema& schema);
TableSchema schema_from_json(const std::string& name, const std::string& sql_name, const std::string& text);

}  // namespace dynemu::store
