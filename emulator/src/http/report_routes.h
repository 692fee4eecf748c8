// The cost report's admin endpoints (see dynemu/cost_report.h for what the numbers are).
//
// Contract:
//   GET    /_dynemu/report        the report as JSON (CostReport::to_json); ?format=markdown (text/markdown)
//                                 or ?format=text (the compact table, ?top=N tests, default 10);
//                                 ?readUnitPrice=D&writeUnitPrice=D price it at other rates
//                                 (US dollars per million request units; default: the server's)
//   POST   /_dynemu/report/test   {"name": "..."}: the requests that follow belong to that test
//                                 ({"name": ""}: to none); answers {"test": name}
//   POST   /_dynemu/report/merge  the body is an earlier report's JSON (a DYNEMU_REPORT file);
//                                 answers it with this server's tests put over it (a test of the
//                                 same name replaced by this run's), formatted and priced as GET
//                                 is; the server's own report is left as it is
//   DELETE /_dynemu/report        forgets the report
// POST /_dynemu/report/test needs Content-Type application/json, which a page cannot send cross-site without a
// CORS preflight that dynemu's admin endpoints never grant. Errors: HTTP 400 {"error": "..."}.
#pragma once
#include <memory>

#include <httplib.h>

#include "dynemu/cost_report.h"
#include "http/admin_access.h"
#include "http/diagnostics.h"

namespace dynemu::http {

// Each endpoint is behind `access` (http/admin_access.h).
void install_report_routes(httplib::Server& server, std::shared_ptr<const AdminAccess> access,
                           Diagnostics& diagnostics, const CostRates& rates);

}  // namespace dynemu::http
