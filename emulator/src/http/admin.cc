#include "http/admin.h"

#include <optional>
#include <stdexcept>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "http/transaction_conflict.h"

namespace dynemu::http {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void reply(httplib::Response& res, const rapidjson::StringBuffer& buf, int status = 200) {
  res.status = status;
  res.set_content(std::string(buf.GetString(), buf.GetSize()), "application/json");
}

void reply_error(httplib::Response& res, const std::string& message) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("error");
  w.String(message);
  w.EndObject();
  reply(res, buf, 400);
}

void write_record(Writer& w, const RequestRecord& r) {
  w.StartObject();
  w.Key("sequence"); w.Uint64(r.sequence);
  w.Key("operation"); w.String(r.operation);
  w.Key("table"); w.String(r.table);
  w.Key("tables"); w.StartArray();
  for (const auto& t : r.tables) w.String(t);
  w.EndArray();
  w.Key("index"); w.String(r.index);
  w.Key("keyCondition"); w.Bool(r.key_condition);
  w.Key("scan"); w.Bool(r.scan);
  w.Key("itemsRead"); w.Int64(r.items_read);
  w.Key("itemsReturned"); w.Int64(r.items_returned);
  w.Key("readUnits"); w.Double(r.read_units);
  w.Key("writeUnits"); w.Double(r.write_units);
  w.Key("status"); w.Int(r.status);
  w.Key("error"); w.String(r.error);
  w.Key("injected"); w.Bool(r.injected);
  w.Key("durationMs"); w.Double(r.duration_ms);
  w.Key("region"); w.String(r.region);
  w.Key("account"); w.String(r.account);
  w.EndObject();
}

void write_fault(Writer& w, const Fault& f) {
  w.StartObject();
  w.Key("operation"); w.String(f.operation);
  w.Key("table"); w.String(f.table);
  w.Key("count"); w.Int(f.count);
  w.Key("error"); w.String(f.error);
  w.Key("message"); w.String(f.message);
  w.Key("status"); w.Int(f.status);
  w.Key("latencyMs"); w.Int(f.latency_ms);
  if (!f.key.empty()) {
    w.Key("key");
    w.RawValue(f.key.data(), f.key.size(), rapidjson::kObjectType);
  }
  w.EndObject();
}

void write_faults(httplib::Response& res, Diagnostics& diagnostics) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("faults");
  w.StartArray();
  for (const auto& f : diagnostics.faults()) write_fault(w, f);
  w.EndArray();
  w.EndObject();
  reply(res, buf);
}

void write_clock(httplib::Response& res, const clock::Clock& clock) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("now"); w.Double(static_cast<double>(clock.now_ms()) / 1000.0);
  w.Key("real"); w.Bool(clock.real());
  w.Key("frozen"); w.Bool(clock.frozen());
  w.EndObject();
  reply(res, buf);
}

// Epoch seconds (fractions allowed) as milliseconds; throws std::invalid_argument.
int64_t seconds_member_ms(const rapidjson::Value& v, const char* name) {
  const auto& m = v[name];
  if (!m.IsNumber()) throw std::invalid_argument(std::string(name) + " must be a number of seconds");
  const double seconds = m.GetDouble();
  // Up to year 9999 either way: far past anything a TTL or a stream record can mean.
  if (!(seconds > -253402300800.0 && seconds < 253402300800.0))
    throw std::invalid_argument(std::string(name) + " is out of range");
  return static_cast<int64_t>(seconds * 1000.0 + (seconds < 0 ? -0.5 : 0.5));
}

void change_clock(const rapidjson::Value& doc, clock::Clock& clock) {
  if (!doc.IsObject()) throw std::invalid_argument("the body must be a JSON object");
  for (const auto& m : doc.GetObject()) {
    const std::string name = m.name.GetString();
    if (name != "now" && name != "advance" && name != "real" && name != "freeze")
      throw std::invalid_argument("unknown clock member " + name + " (now, advance, real, freeze)");
  }
  const bool has_now = doc.HasMember("now"), has_advance = doc.HasMember("advance"), has_real = doc.HasMember("real");
  if (has_now + has_advance + has_real > 1) throw std::invalid_argument("give one of now, advance and real");
  if (doc.HasMember("freeze") && !doc["freeze"].IsBool()) throw std::invalid_argument("freeze must be true or false");
  if (has_real) {
    if (!doc["real"].IsBool() || !doc["real"].GetBool()) throw std::invalid_argument("real must be true");
    if (doc.HasMember("freeze")) throw std::invalid_argument("real cannot be combined with freeze");
    clock.use_real();
    return;
  }
  int64_t target_ms = 0, delta_ms = 0;
  if (has_now) target_ms = seconds_member_ms(doc, "now");
  if (has_advance) {
    delta_ms = seconds_member_ms(doc, "advance");
    if (delta_ms < 0) throw std::invalid_argument("advance must not be negative: set now to go back in time");
  }
  if (doc.HasMember("freeze")) {
    if (doc["freeze"].GetBool()) clock.freeze();
    else clock.thaw();
  }
  if (has_now) clock.set(target_ms);
  if (has_advance) clock.advance(delta_ms);
}

// The namespace an admin request names with ?region= and/or ?account= (a part left out is the
// default's), or nullopt when it names none. Throws std::invalid_argument for a malformed one.
std::optional<NamespaceId> named_namespace(const httplib::Request& req) {
  const bool region = req.has_param("region"), account = req.has_param("account");
  if (!region && !account) return std::nullopt;
  NamespaceId id;
  if (region) id.region = req.get_param_value("region");
  if (account) id.account = req.get_param_value("account");
  if (!namespaces::valid_region(id.region)) throw std::invalid_argument("region must be 1 to 32 of a-z, 0-9 and -");
  if (!namespaces::valid_account(id.account)) throw std::invalid_argument("account must be 12 digits");
  return id;
}

// The open stores an admin request acts on: the named namespace's (none when it is not open) or
// every open one. Throws std::invalid_argument as named_namespace() does.
std::vector<store::Store*> addressed_stores(const httplib::Request& req, namespaces::NamespaceStores& stores) {
  std::vector<store::Store*> addressed;
  if (auto id = named_namespace(req)) {
    if (store::Store* one = stores.find(id->region, id->account)) addressed.push_back(one);
    return addressed;
  }
  for (const auto& [id, store] : stores.all()) addressed.push_back(store);
  return addressed;
}

void write_sweep(httplib::Response& res, const TtlSweepResult& result) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("deleted"); w.Int64(result.deleted);
  w.Key("tables"); w.StartObject();
  for (const auto& [table, deleted] : result.tables) {
    w.Key(table.c_str(), static_cast<rapidjson::SizeType>(table.size())); w.Int64(deleted);
  }
  w.EndObject();
  w.EndObject();
  reply(res, buf);
}

}  // namespace

Fault fault_from_json(const rapidjson::Value& v) {
  if (!v.IsObject()) throw std::invalid_argument("a fault must be a JSON object");
  Fault f;
  auto str = [&v](const char* name, std::string& out) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd()) return;
    if (!it->value.IsString()) throw std::invalid_argument(std::string(name) + " must be a string");
    out = it->value.GetString();
  };
  auto integer = [&v](const char* name, int& out) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd()) return;
    if (!it->value.IsInt()) throw std::invalid_argument(std::string(name) + " must be an integer");
    out = it->value.GetInt();
  };
  for (const auto& m : v.GetObject()) {
    std::string name = m.name.GetString();
    if (name != "operation" && name != "table" && name != "count" && name != "error" && name != "message" &&
        name != "status" && name != "latencyMs" && name != "key")
      throw std::invalid_argument("unknown fault member " + name);
  }
  str("operation", f.operation);
  str("table", f.table);
  str("error", f.error);
  str("message", f.message);
  integer("count", f.count);
  integer("status", f.status);
  integer("latencyMs", f.latency_ms);
  if (auto key = v.FindMember("key"); key != v.MemberEnd()) {
    if (!key->value.IsObject() || key->value.MemberCount() == 0)
      throw std::invalid_argument("key must be an object of key attributes, e.g. {\"id\":{\"S\":\"a\"}}");
    if (f.error != kTransactionConflictFault) throw std::invalid_argument("key is only for the TransactionConflict error");
    rapidjson::StringBuffer text;
    rapidjson::Writer<rapidjson::StringBuffer> key_writer(text);
    key->value.Accept(key_writer);
    f.key = text.GetString();
  }
  if (f.operation.empty()) throw std::invalid_argument("operation is required (an operation name or \"*\")");
  if (f.error.empty() && f.latency_ms <= 0) throw std::invalid_argument("a fault needs an error or a latencyMs");
  if (f.count == 0) throw std::invalid_argument("count must be positive, or negative for every call");
  if (f.latency_ms < 0 || f.latency_ms > 600000) throw std::invalid_argument("latencyMs must be 0..600000");
  if (f.status != 0 && (f.status < 400 || f.status > 599)) throw std::invalid_argument("status must be 400..599");
  return f;
}

std::string reset_store(store::Store& store) {
  if (store.has_snapshot()) {
    store.restore();
    return "snapshot";
  }
  auto session = store.write();
  for (const auto& name : session.table_names()) session.drop_table(name);
  session.clear_change_log();
  session.clear_backups();
  session.clear_transfers();
  session.commit();
  return "empty";
}

std::string reset_state(namespaces::NamespaceStores& stores, Diagnostics& diagnostics) {
  std::string restored;
  for (const auto& [id, store] : stores.all()) {
    const std::string one = reset_store(*store);
    if (restored.empty()) restored = one;  // all() lists the default namespace first
  }
  diagnostics.clear_records();
  diagnostics.clear_faults();
  return restored;
}

void install_admin_routes(httplib::Server& http_server, std::shared_ptr<const AdminAccess> access,
                          namespaces::NamespaceStores& stores, clock::Clock& clock, Diagnostics& diagnostics) {
  AdminRoutes server(http_server, std::move(access));
  server.Get("/_dynemu/health", [&stores](const httplib::Request& req, httplib::Response& res) {
    std::vector<store::Store*> addressed;
    try {
      addressed = addressed_stores(req, stores);
    } catch (const std::invalid_argument& e) {
      return reply_error(res, e.what());
    }
    size_t tables = 0;
    bool snapshot = false;
    for (store::Store* store : addressed) {
      tables += store->read().table_names().size();
      snapshot = snapshot || store->has_snapshot();
    }
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("status"); w.String("ok");
    w.Key("version"); w.String(DYNEMU_VERSION);
    w.Key("tables"); w.Uint64(tables);
    w.Key("snapshot"); w.Bool(snapshot);
    w.Key("isolate"); w.String(namespaces::isolation_name(stores.isolation()));
    w.Key("namespaces"); w.StartArray();
    for (const auto& [id, store] : stores.all()) {
      w.StartObject();
      w.Key("region"); w.String(id.region);
      w.Key("account"); w.String(id.account);
      w.Key("tables"); w.Uint64(store->read().table_names().size());
      w.Key("snapshot"); w.Bool(store->has_snapshot());
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    reply(res, buf);
  });
  auto ok = [](httplib::Response& res, const char* key, const std::string& value) {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key(key);
    w.String(value);
    w.EndObject();
    reply(res, buf);
  };
  server.Post("/_dynemu/snapshot", [&stores, ok](const httplib::Request& req, httplib::Response& res) {
    try {
      for (store::Store* store : addressed_stores(req, stores)) store->snapshot();
    } catch (const std::invalid_argument& e) {
      return reply_error(res, e.what());
    }
    ok(res, "snapshot", "taken");
  });
  server.Delete("/_dynemu/snapshot", [&stores, ok](const httplib::Request& req, httplib::Response& res) {
    try {
      for (store::Store* store : addressed_stores(req, stores)) store->discard_snapshot();
    } catch (const std::invalid_argument& e) {
      return reply_error(res, e.what());
    }
    ok(res, "snapshot", "discarded");
  });
  server.Post("/_dynemu/reset", [&stores, &diagnostics, ok](const httplib::Request& req, httplib::Response& res) {
    std::optional<NamespaceId> named;
    try {
      named = named_namespace(req);
    } catch (const std::invalid_argument& e) {
      return reply_error(res, e.what());
    }
    if (!named) return ok(res, "restored", reset_state(stores, diagnostics));
    // One namespace: the log and the faults are the server's, so they stay.
    store::Store* store = stores.find(named->region, named->account);
    ok(res, "restored", store ? reset_store(*store) : "empty");
  });
  server.Get("/_dynemu/requests", [&diagnostics](const httplib::Request& req, httplib::Response& res) {
    std::optional<NamespaceId> named;
    try {
      named = named_namespace(req);
    } catch (const std::invalid_argument& e) {
      return reply_error(res, e.what());
    }
    const bool by_region = req.has_param("region"), by_account = req.has_param("account");
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("requests");
    w.StartArray();
    for (const auto& r : diagnostics.records()) {
      if ((by_region && r.region != named->region) || (by_account && r.account != named->account)) continue;
      write_record(w, r);
    }
    w.EndArray();
    w.EndObject();
    reply(res, buf);
  });
  server.Delete("/_dynemu/requests", [&diagnostics, ok](const httplib::Request&, httplib::Response& res) {
    diagnostics.clear_records();
    ok(res, "requests", "cleared");
  });
  server.Get("/_dynemu/faults", [&diagnostics](const httplib::Request&, httplib::Response& res) {
    write_faults(res, diagnostics);
  });
  server.Post("/_dynemu/faults", [&diagnostics](const httplib::Request& req, httplib::Response& res) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(req.body.data(), req.body.size());
    if (doc.HasParseError()) return reply_error(res, "the body is not JSON");
    std::vector<Fault> faults;
    try {
      if (doc.IsObject() && doc.HasMember("faults")) {
        const auto& list = doc["faults"];
        if (!list.IsArray()) return reply_error(res, "faults must be an array");
        for (const auto& f : list.GetArray()) faults.push_back(fault_from_json(f));
      } else {
        faults.push_back(fault_from_json(doc));
      }
    } catch (const std::invalid_argument& e) {
      return reply_error(res, e.what());
    }
    for (auto& f : faults) diagnostics.add_fault(std::move(f));
    write_faults(res, diagnostics);
  });
  server.Get("/_dynemu/clock", [&clock](const httplib::Request&, httplib::Response& res) { write_clock(res, clock); });
  server.Post("/_dynemu/clock", [&clock](const httplib::Request& req, httplib::Response& res) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(req.body.data(), req.body.size());
    if (doc.HasParseError()) return reply_error(res, "the body is not JSON");
    try {
      change_clock(doc, clock);
    } catch (const std::invalid_argument& e) {
      return reply_error(res, e.what());
    }
    write_clock(res, clock);
  });
  server.Delete("/_dynemu/faults", [&diagnostics, ok](const httplib::Request&, httplib::Response& res) {
    diagnostics.clear_faults();
    ok(res, "faults", "cleared");
  });
}

void install_ttl_admin_routes(httplib::Server& http_server, std::shared_ptr<const AdminAccess> access,
                              ttl::TtlSweeper& sweeper, namespaces::NamespaceStores& stores) {
  AdminRoutes server(http_server, std::move(access));
  server.Post("/_dynemu/ttl/sweep", [&sweeper, &stores](const httplib::Request& req, httplib::Response& res) {
    std::optional<NamespaceId> named;
    try {
      named = named_namespace(req);
    } catch (const std::invalid_argument& e) {
      return reply_error(res, e.what());
    }
    if (!named) return write_sweep(res, sweeper.sweep());
    store::Store* store = stores.find(named->region, named->account);
    write_sweep(res, store ? sweeper.sweep(*store) : TtlSweepResult{});
  });
}

}  // namespace dynemu::http
