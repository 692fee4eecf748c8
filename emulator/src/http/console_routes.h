// The browser console at GET /_dynemu/console: a single page (emulator/console/, compiled in) that
// drives dynemu only through the DynamoDB JSON API (POST /) and the /_dynemu/ admin endpoints.
//
// Contract: GET /_dynemu/console answers index.html; GET /_dynemu/console/<file> answers one of the
// other compiled-in files by exact name (no path is ever resolved on disk). Every answer carries a
// Content-Security-Policy that allows only dynemu's own scripts, styles and connections, so a value
// that slipped into the page as markup could still not run. Not installed under --no-console: the
// paths then get the 404 every unknown path gets.
#pragma once
#include <httplib.h>

namespace dynemu::http {

void install_console_routes(httplib::Server& server);

}  // namespace dynemu::http
