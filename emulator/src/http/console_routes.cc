#include "http/console_routes.h"

#include <cstring>
#include <string>

#include "http/console_assets.h"

namespace dynemu::http {
namespace {

const char* content_type_of(const std::string& name) {
  auto ends_with = [&name](const char* suffix) {
    const size_t n = std::strlen(suffix);
    return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
  };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  return "application/octet-stream";
}

const ConsoleAsset* find_asset(const std::string& name) {
  for (size_t i = 0; i < kConsoleAssetCount; ++i)
    if (name == kConsoleAssets[i].name) return &kConsoleAssets[i];
  return nullptr;
}

void serve(const ConsoleAsset& asset, httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                 "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  // The console changes with the binary: a browser asks again rather than run an old build's script.
  res.set_header("Cache-Control", "no-cache");
  res.set_content(reinterpret_cast<const char*>(asset.bytes), asset.size, content_type_of(asset.name));
}

}  // namespace

void install_console_routes(httplib::Server& server) {
  server.Get("/_dynemu/console", [](const httplib::Request&, httplib::Response& res) {
    if (const ConsoleAsset* page = find_asset("index.html")) serve(*page, res);
    else res.status = 404;
  });
  server.Get(R"(/_dynemu/console/([A-Za-z0-9_-]+\.(?:js|css)))", [](const httplib::Request& req, httplib::Response& res) {
    const ConsoleAsset* asset = find_asset(req.matches[1].str());
    if (asset) serve(*asset, res);
    else res.status = 404;  // the error handler writes DynamoDB's unknown-path body
  });
}

}  // namespace dynemu::http
