// The catalog's JSON form of a table schema (see schema_json.h).
#include "store/schema_json.h"

#include <stdexcept>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "model/json_codec.h"

namespace dynemu::store {
namespace {

std::string from_hex(const std::string& hex) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw std::runtime_error("corrupt catalog entry: bad hex digit");
  };
  if (hex.size() % 2) throw std::runtime_error("corrupt catalog entry: odd hex length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) out += static_cast<char>(value(hex[i]) * 16 + value(hex[i + 1]));
  return out;
}

model::AttrType key_type(const std::string& t) {
  if (t == "N") return model::AttrType::N;
  if (t == "B") return model::AttrType::B;
  return model::AttrType::S;
}

KeySchema key_from_json(const rapidjson::Value& v) {
  KeySchema k;
  k.hash = {v["hash"].GetString(), key_type(v["hashType"].GetString())};
  if (v.HasMember("range")) k.range = KeyAttribute{v["range"].GetString(), key_type(v["rangeType"].GetString())};
  auto more = [&v](const char* name, std::vector<KeyAttribute>& attrs) {
    if (!v.HasMember(name) || !v[name].IsArray()) return;
    for (const auto& a : v[name].GetArray())
      attrs.push_back(KeyAttribute{a["name"].GetString(), key_type(a["type"].GetString())});
  };
  more("moreHash", k.more_hash);
  more("moreRange", k.more_range);
  return k;
}

}  // namespace

// Why a catalog in JSON: schema evolves with later features (TTL, streams, tags) without migrations.
std::string schema_to_json(const TableSchema& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto key = [&w](const KeySchema& k) {
    w.StartObject();
    w.Key("hash"); w.String(k.hash.name); w.Key("hashType"); w.String(model::type_name(k.hash.type));
    if (k.range) {
      w.Key("range"); w.String(k.range->name); w.Key("rangeType"); w.String(model::type_name(k.range->type));
    }
    // Multi-attribute GSI keys only, so other entries keep their earlier shape.
    auto more = [&w](const char* name, const std::vector<KeyAttribute>& attrs) {
      if (attrs.empty()) return;
      w.Key(name); w.StartArray();
      for (const auto& a : attrs) {
        w.StartObject();
        w.Key("name"); w.String(a.name); w.Key("type"); w.String(model::type_name(a.type));
        w.EndObject();
      }
      w.EndArray();
    };
    more("moreHash", k.more_hash);
    more("moreRange", k.more_range);
    w.EndObject();
  };
  w.StartObject();
  w.Key("key"); key(s.key);
  w.Key("indexes"); w.StartArray();
  for (const auto& ix : s.indexes) {
    w.StartObject();
    w.Key("name"); w.String(ix.name);
    w.Key("global"); w.Bool(ix.global);
    w.Key("slot"); w.Int(ix.slot);
    w.Key("key"); key(ix.key);
    w.EndObject();
  }
  w.EndArray();
  w.Key("description"); w.String(s.description);
  w.Key("createdMs"); w.Int64(s.created_ms);
  w.Key("transientStatus"); w.String(s.transient_status);
  w.Key("transientUntilMs"); w.Int64(s.transient_until_ms);
  if (!s.stream_view_type.empty()) {
    w.Key("streamViewType"); w.String(s.stream_view_type);
  }
  if (s.history_ms > 0) {
    w.Key("historyMs"); w.Int64(s.history_ms);
  }
  // Written only once TTL was configured, so other tables' entries keep their earlier shape; entries
  // without it (older files) read as "TTL never enabled".
  const TimeToLiveSchema& t = s.ttl;
  if (!t.attribute.empty() || t.column) {
    w.Key("ttl"); w.StartObject();
    w.Key("attribute"); w.String(t.attribute);
    w.Key("enabled"); w.Bool(t.enabled);
    w.Key("transientUntilMs"); w.Int64(t.transient_until_ms);
    w.Key("modifiedMs"); w.Int64(t.modified_ms);
    w.Key("column"); w.Bool(t.column);
    w.Key("backfillPending"); w.Bool(t.backfill_pending);
    w.Key("backfillStarted"); w.Bool(t.backfill_started);
    // Encoded keys are bytes, not text: hex keeps the catalog valid UTF-8.
    w.Key("backfillAfterPk"); w.String(model::hex_encode(t.backfill_after_pk));
    w.Key("backfillAfterSk"); w.String(model::hex_encode(t.backfill_after_sk));
    w.EndObject();
  }
  w.EndObject();
  return buf.GetString();
}

TableSchema schema_from_json(const std::string& name, const std::string& sql_name, const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError() || !d.IsObject()) throw std::runtime_error("corrupt catalog entry for table " + name);
  TableSchema s;
  s.name = name;
  s.sql_name = sql_name;
  s.key = key_from_json(d["key"]);
  for (const auto& ix : d["indexes"].GetArray()) {
    IndexSchema i;
    i.name = ix["name"].GetString();
    i.global = ix["global"].GetBool();
    i.slot = ix["slot"].GetInt();
    i.key = key_from_json(ix["key"]);
    s.indexes.push_back(std::move(i));
  }
  s.description = d["description"].GetString();
  s.created_ms = d["createdMs"].GetInt64();
  s.transient_status = d["transientStatus"].GetString();
  s.transient_until_ms = d["transientUntilMs"].GetInt64();
  // Written by dynemu versions with streams; earlier catalogs have no streams.
  if (d.HasMember("streamViewType") && d["streamViewType"].IsString()) s.stream_view_type = d["streamViewType"].GetString();
  // Written only while point-in-time recovery is enabled.
  if (d.HasMember("historyMs") && d["historyMs"].IsInt64()) s.history_ms = d["historyMs"].GetInt64();
  if (d.HasMember("ttl") && d["ttl"].IsObject()) {
    const auto& t = d["ttl"];
    s.ttl.attribute = t["attribute"].GetString();
    s.ttl.enabled = t["enabled"].GetBool();
    s.ttl.transient_until_ms = t["transientUntilMs"].GetInt64();
    s.ttl.modified_ms = t["modifiedMs"].GetInt64();
    s.ttl.column = t["column"].GetBool();
    s.ttl.backfill_pending = t["backfillPending"].GetBool();
    s.ttl.backfill_started = t["backfillStarted"].GetBool();
    s.ttl.backfill_after_pk = from_hex(t["backfillAfterPk"].GetString());
    s.ttl.backfill_after_sk = from_hex(t["backfillAfterSk"].GetString());
  }
  return s;
}

}  // namespace dynemu::store
