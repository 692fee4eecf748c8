// Admin endpoints under /_dynemu/: the fixtures' powers for other languages and for curl.
//
// Contract (JSON in and out; errors are HTTP 400 {"error": "..."}):
//   GET    /_dynemu/health    {"status":"ok","version":...,"tables":N,"snapshot":bool}
//   POST   /_dynemu/snapshot  the current state becomes the baseline
//   DELETE /_dynemu/snapshot  forget the baseline, keep the current state
//   POST   /_dynemu/reset     back to the baseline (no baseline: delete every table); clears the
//                             request log and the faults
//   GET    /_dynemu/requests  {"requests":[record...]}     DELETE clears the log
//   GET    /_dynemu/faults    {"faults":[fault...]}         POST adds one fault object or
//                             {"faults":[...]}; DELETE clears them
//   GET    /_dynemu/clock     {"now": epoch seconds (fractional), "real": bool, "frozen": bool}
//   POST   /_dynemu/clock     {"now": S} sets, {"advance": S} moves forward, {"real": true} returns
//                             to the system clock; "freeze": true|false may join "now"/"advance".
//                             Answers as GET does.
//   POST   /_dynemu/ttl/sweep runs a TTL sweep now: {"deleted": N, "tables": {"T": N, ...}}
// Field names are the camelCase of dynemu::RequestRecord / dynemu::Fault members.
// A browser request from another origin never reaches these handlers: see http/origin_guard.h.
#pragma once
#include <string>

#include <httplib.h>
#include <rapidjson/document.h>

#include "clock/clock.h"
#include "http/diagnostics.h"
#include "store/store.h"
#include "ttl/sweeper.h"

namespace dynemu::http {

void install_admin_routes(httplib::Server& server, store::Store& store, clock::Clock& clock, Diagnostics& diagnostics);
void install_ttl_admin_routes(httplib::Server& server, ttl::TtlSweeper& sweeper);

// What POST /_dynemu/reset does; returns "snapshot" or "empty" (which state it went back to).
std::string reset_state(store::Store& store, Diagnostics& diagnostics);

// Parses one fault object; throws std::invalid_argument naming the bad member.
Fault fault_from_json(const rapidjson::Value& v);

}  // namespace dynemu::http
