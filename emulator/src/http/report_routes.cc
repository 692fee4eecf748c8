#include "http/report_routes.h"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dynemu::http {
namespace {

constexpr size_t kMaxTestNameBytes = 4096;

void reply_json(httplib::Response& res, const std::string& body, int status = 200) {
  res.status = status;
  res.set_content(body, "application/json");
}

void reply_error(httplib::Response& res, const std::string& message) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("error");
  w.String(message);
  w.EndObject();
  reply_json(res, std::string(buf.GetString(), buf.GetSize()), 400);
}

bool json_request(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  return type.rfind("application/json", 0) == 0;
}

// A price in dollars per million request units; throws std::invalid_argument.
double price_param(const httplib::Request& req, const char* name, double fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v) || v < 0 || v > 1e9)
    throw std::invalid_argument(std::string(name) + " must be a number of dollars per million request units");
  return v;
}

size_t top_param(const httplib::Request& req) {
  if (!req.has_param("top")) return 10;
  const std::string text = req.get_param_value("top");
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < 1 || v > 100000) throw std::invalid_argument("top must be 1..100000");
  return static_cast<size_t>(v);
}

// Answers `report` in the request's format and prices.
void write_report(const httplib::Request& req, httplib::Response& res, const CostReport& report,
                  const CostRates& defaults) {
  CostRates rates;
  size_t top = 10;
  try {
    rates.read_per_million = price_param(req, "readUnitPrice", defaults.read_per_million);
    rates.write_per_million = price_param(req, "writeUnitPrice", defaults.write_per_million);
    top = top_param(req);
  } catch (const std::invalid_argument& e) {
    return reply_error(res, e.what());
  }
  const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
  if (format == "json") return reply_json(res, report.to_json(rates));
  if (format == "markdown") return res.set_content(report.to_markdown(rates), "text/markdown; charset=utf-8");
  if (format == "text") return res.set_content(report.to_table(rates, top), "text/plain; charset=utf-8");
  reply_error(res, "format must be json, markdown or text");
}

}  // namespace

void install_report_routes(httplib::Server& http_server, std::shared_ptr<const AdminAccess> access,
                           Diagnostics& diagnostics, const CostRates& rates) {
  AdminRoutes server(http_server, std::move(access));
  server.Get("/_dynemu/report", [&diagnostics, rates](const httplib::Request& req, httplib::Response& res) {
    write_report(req, res, diagnostics.cost_report(), rates);
  });
  server.Post("/_dynemu/report/test", [&diagnostics](const httplib::Request& req, httplib::Response& res) {
    if (!json_request(req)) return reply_error(res, "Content-Type must be application/json");
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(req.body.data(), req.body.size());
    if (doc.HasParseError() || !doc.IsObject()) return reply_error(res, "the body must be a JSON object");
    std::string name;
    for (const auto& m : doc.GetObject()) {
      if (std::string(m.name.GetString()) != "name") return reply_error(res, "unknown member " + std::string(m.name.GetString()) + " (name)");
      if (!m.value.IsString()) return reply_error(res, "name must be a string");
      name.assign(m.value.GetString(), m.value.GetStringLength());
    }
    if (name.size() > kMaxTestNameBytes) return reply_error(res, "name is longer than 4096 bytes");
    diagnostics.begin_report_test(name);
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("test");
    w.String(name);
    w.EndObject();
    reply_json(res, std::string(buf.GetString(), buf.GetSize()));
  });
  server.Post("/_dynemu/report/merge", [&diagnostics, rates](const httplib::Request& req, httplib::Response& res) {
    CostReport merged;
    if (!merged.merge_json(req.body))
      return reply_error(res, "the body is not a dynemu cost report (GET /_dynemu/report's JSON)");
    const CostReport current = diagnostics.cost_report();  // kept alive: the loop walks its tests
    for (const auto& test : current.tests()) merged.put(test);
    write_report(req, res, merged, rates);
  });
  server.Delete("/_dynemu/report", [&diagnostics](const httplib::Request&, httplib::Response& res) {
    diagnostics.clear_cost_report();
    reply_json(res, "{\"report\":\"cleared\"}");
  });
}

}  // namespace dynemu::http
