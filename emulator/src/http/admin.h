// Admin endpoints under /_dynemu/: the fixtures' powers for other languages and for curl.
//
// Contract (JSON in and out; errors are HTTP 400 {"error": "..."}; under --auth verify each
// endpoint lets in only signed requests, http/admin_access.h):
//   GET    /_dynemu/health    {"status":"ok","version":...,"tables":N,"snapshot":bool,
//                             "isolate":"none"|"region"|..., "namespaces":[{"region","account",
//                             "tables","snapshot"}...]}
//   POST   /_dynemu/snapshot  the current state becomes the baseline
//   DELETE /_dynemu/snapshot  forget the baseline, keep the current state
//   POST   /_dynemu/reset     back to the baseline (no baseline: delete every table); clears the
//                             request log and the faults. Answers {"restored":"snapshot"|"empty"}
//                             of the default (or the named) namespace.
//   GET    /_dynemu/requests  {"requests":[record...]}     DELETE clears the log
//   GET    /_dynemu/faults    {"faults":[fault...]}         POST adds one fault object or
//                             {"faults":[...]}; DELETE clears them
//   GET    /_dynemu/clock     {"now": epoch seconds (fractional), "real": bool, "frozen": bool}
//   POST   /_dynemu/clock     {"now": S} sets, {"advance": S} moves forward, {"real": true} returns
//                             to the system clock; "freeze": true|false may join "now"/"advance".
//                             Answers as GET does.
//   POST   /_dynemu/ttl/sweep runs a TTL sweep now: {"deleted": N, "tables": {"T": N, ...}}
// Namespaces (--isolate, namespaces/namespaces.h): health, snapshot, reset and ttl/sweep take
// ?region=R and/or ?account=A to act on one namespace (a part left out is the default, us-east-1
// or 000000000000; without isolation every namespace is the one database); without either they
// act on every open namespace (health sums the tables; snapshot is whether any holds one). No admin
// call opens a namespace: one not open yet has no tables. GET /_dynemu/requests?region=&account=
// lists the records of that region and/or account only. A malformed region (not 1-32 of
// [a-z0-9-]) or account (not 12 digits) is a 400. The request log, faults and the clock are the
// server's, shared by every namespace.
// Field names are the camelCase of dynemu::RequestRecord / dynemu::Fault members.
// A browser request from another origin never reaches these handlers: see http/origin_guard.h.
#pragma once
#include <memory>
#include <string>

#include <httplib.h>
#include <rapidjson/document.h>

#include "clock/clock.h"
#include "http/admin_access.h"
#include "http/diagnostics.h"
#include "namespaces/namespaces.h"
#include "store/store.h"
#include "ttl/sweeper.h"

namespace dynemu::http {

// Each endpoint is behind `access` (http/admin_access.h: signed requests only under --auth verify).
void install_admin_routes(httplib::Server& server, std::shared_ptr<const AdminAccess> access,
                          namespaces::NamespaceStores& stores, clock::Clock& clock, Diagnostics& diagnostics);
void install_ttl_admin_routes(httplib::Server& server, std::shared_ptr<const AdminAccess> access,
                              ttl::TtlSweeper& sweeper, namespaces::NamespaceStores& stores);

// One namespace's part of POST /_dynemu/reset: back to its baseline, or without one no tables,
// streams, backups or transfers. Returns "snapshot" or "empty" (which state it went back to).
std::string reset_store(store::Store& store);
// What POST /_dynemu/reset does without a namespace: reset_store() of every open namespace, then
// the request log and the faults cleared. Returns the default namespace's answer.
std::string reset_state(namespaces::NamespaceStores& stores, Diagnostics& diagnostics);

// Parses one fault object; throws std::invalid_argument naming the bad member.
Fault fault_from_json(const rapidjson::Value& v);

}  // namespace dynemu::http
