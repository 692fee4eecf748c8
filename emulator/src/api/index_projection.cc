#include "api/index_projection.h"

#include <rapidjson/document.h>

namespace dynemu::api {

model::Item IndexProjection::apply(const model::Item& item) const {
  if (type == Type::All) return item;
  model::Item out;
  for (const auto& name : attributes) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(it->first, it->second);
  }
  return out;
}

std::vector<std::string> IndexProjection::missing(const std::vector<std::string>& names) const {
  std::set<std::string> out;
  for (const auto& n : names)
    if (!projects(n)) out.insert(n);
  return {out.begin(), out.end()};
}

IndexProjection projection_of(const store::TableSchema& schema, const store::IndexSchema& index) {
  IndexProjection p;
  rapidjson::Document d;
  d.Parse(schema.description.c_str(), schema.description.size());
  if (d.HasParseError() || !d.IsObject()) return p;
  const char* list = index.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
  if (!d.HasMember(list) || !d[list].IsArray()) return p;
  for (const auto& ix : d[list].GetArray()) {
    if (!ix.IsObject() || !ix.HasMember("IndexName") || index.name != ix["IndexName"].GetString()) continue;
    if (!ix.HasMember("Projection") || !ix["Projection"].IsObject()) return p;
    const auto& proj = ix["Projection"];
    const std::string type = proj.HasMember("ProjectionType") && proj["ProjectionType"].IsString()
                                 ? proj["ProjectionType"].GetString()
                                 : "ALL";
    if (type == "ALL") return p;
    p.type = type == "INCLUDE" ? IndexProjection::Type::Include : IndexProjection::Type::KeysOnly;
    p.attributes.insert(schema.key.hash.name);
    if (schema.key.range) p.attributes.insert(schema.key.range->name);
    for (const auto& a : index.key.all_attributes()) p.attributes.insert(a.name);
    if (proj.HasMember("NonKeyAttributes") && proj["NonKeyAttributes"].IsArray())
      for (const auto& a : proj["NonKeyAttributes"].GetArray())
        if (a.IsString()) p.attributes.insert(a.GetString());
    return p;
  }
  return p;
}

}  // namespace dynemu::api
