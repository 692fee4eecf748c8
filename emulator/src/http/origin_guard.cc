#include "http/origin_guard.h"

#include <strings.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dynemu::http {

bool is_own_origin(std::string_view origin, std::string_view host) {
  constexpr std::string_view kScheme = "http://";
  if (host.empty() || origin.size() != kScheme.size() + host.size()) return false;
  return strncasecmp(origin.data(), kScheme.data(), kScheme.size()) == 0 &&
         strncasecmp(origin.data() + kScheme.size(), host.data(), host.size()) == 0;
}

bool cors_allows(std::string_view origin, std::string_view cors_origins) {
  if (cors_origins.empty()) return false;
  if (cors_origins == "*") return true;
  size_t start = 0;
  while (start <= cors_origins.size()) {
    size_t comma = cors_origins.find(',', start);
    if (comma == std::string_view::npos) comma = cors_origins.size();
    if (cors_origins.substr(start, comma - start) == origin) return true;
    start = comma + 1;
  }
  return false;
}

std::string foreign_origin_message(std::string_view origin, std::string_view host, bool admin) {
  std::string message = "dynemu refuses this request from origin " + std::string(origin) + ": ";
  if (admin)
    return message + "the /_dynemu/ endpoints take browser requests only from dynemu's own pages (http://" +
           std::string(host) + ")";
  return message + "start dynemu with --cors " + std::string(origin) + " to let pages from it call the DynamoDB API";
}

httplib::Server::HandlerResponse guard_admin_origin(const httplib::Request& req, httplib::Response& res) {
  if (req.path.rfind("/_dynemu/", 0) != 0 || !req.has_header("Origin")) return httplib::Server::HandlerResponse::Unhandled;
  const std::string origin = req.get_header_value("Origin");
  const std::string host = req.get_header_value("Host");
  if (is_own_origin(origin, host)) return httplib::Server::HandlerResponse::Unhandled;
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("error");
  w.String(foreign_origin_message(origin, host, /*admin=*/true));
  w.EndObject();
  res.status = 403;
  res.set_content(std::string(buf.GetString(), buf.GetSize()), "application/json");
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace dynemu::http
