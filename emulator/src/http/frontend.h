// HttpFrontend: DynamoDB's JSON 1.0 wire protocol on cpp-httplib.
//
// Contract: POST / with X-Amz-Target "DynamoDB_20120810.<Op>" runs the operation and answers with
// DynamoDB's headers (x-amzn-RequestId, x-amz-crc32 of the exact body bytes, Content-Type echoing
// the request's JSON type). Errors become {"__type", "message"} with x-amzn-ErrorType; anything
// unexpected becomes a 500 InternalServerError and the server keeps serving. GET / answers a
// health line; OPTIONS answers CORS preflights when CORS is enabled. A browser request from another
// origin is refused unless --cors allows it, and never reaches /_dynemu/ (http/origin_guard.h). Bodies over 16 MB get 413.
// Every request is recorded in the request log and checked against injected faults, except those
// carrying the header X-Dynemu-Unrecorded (the fixtures' own seeding and inspection calls).
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include <httplib.h>

#include "api/operation.h"
#include "http/admin_access.h"
#include "http/diagnostics.h"
#include "http/sigv4_verify.h"
#include "model/api_error.h"
#include "namespaces/namespaces.h"

namespace dynemu::http {

struct FrontendOptions {
  bool verbose = false;
  std::string cors_origins;  // "" disables CORS headers
  bool console = true;       // GET /_dynemu/console (off: --no-console)
  // --auth verify: every DynamoDB request must be signed by one of these keys (http/sigv4_verify.h).
  // nullptr: the signature's shape only is checked (http/sigv4.h).
  std::shared_ptr<const sigv4::CredentialTable> verified_credentials;
};

// Registers the routes on `server`. `stores`, `settings`, `clock` and `diagnostics` must outlive it.
// Every DynamoDB request is recorded in `diagnostics` and checked against its faults first, then
// runs in the store of its namespace (namespaces/namespaces.h); under --isolate region a region
// that cannot name one is refused as the credential scope's shape check refuses an empty one.
// Returns the check the /_dynemu/* routes it registered sit behind, for the caller's own admin
// routes (TTL, report) to sit behind the same one.
std::shared_ptr<const AdminAccess> install_routes(httplib::Server& server, namespaces::NamespaceStores& stores, const api::ApiSettings& settings,
                    clock::Clock& clock, Diagnostics& diagnostics, const FrontendOptions& options);

// What one operation answered: HTTP status, body, and the error code ("" on success).
struct OperationResult {
  int status = 200;
  std::string body;
  std::string error_type;
};

// Runs one operation exactly as POST / would, minus the transport: no signature check, not recorded
// in the request log, no faults. For in-process callers (test fixtures seeding and inspecting).
// `op_name` may name a DynamoDB or a DynamoDB Streams operation.
OperationResult run_operation(store::Store& store, const api::ApiSettings& settings, const clock::Clock& clock,
                              const std::string& op_name, const std::string& body,
                              const std::string& region = "us-east-1",
                              const std::string& account = "000000000000");

// The current time as an HTTP Date header (IMF-fixdate, GMT).
std::string http_date_now();

// What GET / names after "healthy: ": the host part of the request's Host header, or DynamoDB's
// us-east-1 endpoint when that is absent or not a plain host name.
std::string health_host(std::string_view host_header);

// The JSON body DynamoDB sends with an error: {"__type": ..., "message" (or "Message"): ...}.
std::string api_error_body(const model::ApiError& e);

// The body bytes' CRC-32 (zlib's), as sent in x-amz-crc32.
uint32_t body_crc32(const std::string& body);

}  // namespace dynemu::http
