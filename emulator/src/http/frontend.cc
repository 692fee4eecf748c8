#include "http/frontend.h"
#include "seeding/bulk_write.h"

#include <strings.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <ctime>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <random>
#include <thread>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "api/access_recording.h"
#include "api/capacity.h"
#include "http/admin.h"
#include "http/connection_server.h"
#include "http/console_routes.h"
#include "http/content_coding.h"
#include "http/origin_guard.h"
#include "http/request_json.h"
#include "http/request_recording.h"
#include "http/sigv4.h"
#include "http/transaction_conflict.h"
#include "model/api_error.h"
#include "namespaces/namespaces.h"

namespace dynemu::http {
namespace {

constexpr const char* kTargetPrefix = "DynamoDB_20120810.";
constexpr const char* kStreamsTargetPrefix = "DynamoDBStreams_20120810.";
constexpr size_t kMaxBodyBytes = 16 * 1024 * 1024;
constexpr const char* kTooLargeType = "com.amazon.coral.service#RequestEntityTooLargeException";
constexpr const char* kTooLargeMessage = "Request entity too large";

model::ApiError request_too_large() { return model::ApiError(413, kTooLargeType, kTooLargeMessage); }

// DynamoDB request ids: 52 characters of [A-Z0-9].
std::string new_request_id() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}() ^
                                   static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
  std::string id(52, 'A');
  // One 64-bit draw holds 12 base-36 digits (36^12 < 2^64): five draws fill an id.
  for (size_t i = 0; i < id.size();) {
    uint64_t r = rng();
    for (int k = 0; k < 12 && i < id.size(); ++k, r /= 36) id[i++] = kAlphabet[r % 36];
  }
  return id;
}

// The request headers the front end reads, found in one pass: httplib's per-name lookups compare
// case-insensitively through tolower() and cost more than the whole GetItem they precede.
struct WireHeaders {
  std::string_view content_type, target, authorization;
  std::string_view origin, host;  // Origin ("" when absent) and Host
  std::string_view content_encoding;  // "" when absent
  int content_encodings = 0;          // how many Content-Encoding headers came
  std::string_view accept_encoding;   // the last Accept-Encoding header, as DynamoDB reads it
  bool has_date = false;    // X-Amz-Date or Date
  bool unrecorded = false;  // X-Dynemu-Unrecorded
};

bool name_is(const std::string& name, std::string_view want) {
  return name.size() == want.size() && strncasecmp(name.data(), want.data(), want.size()) == 0;
}

WireHeaders read_wire_headers(const httplib::Request& req) {
  WireHeaders h;
  // A repeated header counts once, by its first value, as httplib's get_header_value() would give.
  bool content_type = false, target = false, authorization = false, origin = false, host = false;
  for (const auto& [name, value] : req.headers) {
    if (name_is(name, "Content-Type")) {
      if (!content_type) h.content_type = value, content_type = true;
    } else if (name_is(name, "X-Amz-Target")) {
      if (!target) h.target = value, target = true;
    } else if (name_is(name, "Authorization")) {
      if (!authorization) h.authorization = value, authorization = true;
    } else if (name_is(name, "Origin")) {
      if (!origin) h.origin = value, origin = true;
    } else if (name_is(name, "Host")) {
      if (!host) h.host = value, host = true;
    } else if (name_is(name, "Content-Encoding")) {
      if (h.content_encodings++ == 0) h.content_encoding = value;
    } else if (name_is(name, "Accept-Encoding")) {
      h.accept_encoding = value;
    } else if (name_is(name, "X-Amz-Date") || name_is(name, "Date")) h.has_date = true;
    else if (name_is(name, "X-Dynemu-Unrecorded")) h.unrecorded = true;
  }
  return h;
}

const char* json_content_type(std::string_view type) {
  return type.substr(0, 16) == "application/json" ? "application/json" : "application/x-amz-json-1.0";
}

void write_json_string(std::string& out, const std::string& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  out.append(buf.GetString(), buf.GetSize());
}

std::string error_body(const model::ApiError& e, bool include_message) {
  std::string body = "{\"__type\":";
  write_json_string(body, e.type());
  if (include_message) {
    body += e.capitalized_message_key() ? ",\"Message\":" : ",\"message\":";
    write_json_string(body, e.message());
  }
  if (!e.extra_json.empty()) body += "," + e.extra_json;
  body += "}";
  return body;
}

// Operations whose consumed capacity is read capacity.
bool reads_only(const std::string& operation) {
  return operation == "GetItem" || operation == "BatchGetItem" || operation == "Query" || operation == "Scan" ||
         operation == "TransactGetItems";
}

bool is_partiql(const std::string& operation) {
  return operation == "ExecuteStatement" || operation == "BatchExecuteStatement" || operation == "ExecuteTransaction";
}

// Runs `produce` (which returns a success body) and turns what it throws into DynamoDB's answer.
template <typename Produce>
OperationResult answer_with_errors(const std::string& op_name, Produce&& produce) {
  OperationResult result;
  try {
    result.body = produce();
  } catch (const model::ApiError& e) {
    result.status = e.status();
    // DynamoDB sends a bare SerializationException for JSON it cannot parse at all.
    result.body = error_body(e, !e.message().empty());
    result.error_type = e.short_type();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dynemu: internal error in %s: %s\n", op_name.c_str(), e.what());
    model::ApiError internal = model::dynamodb_error("InternalServerError", "Internal server error", 500);
    result.status = 500;
    result.body = error_body(internal, true);
    result.error_type = internal.short_type();
  }
  return result;
}

// A parsed request. Its first 16 KB of JSON nodes live in the object itself (on the handler's stack):
// most requests are small, and RapidJSON's default first chunk is a 64 KB malloc and free per request.
struct RequestDocument {
  char pool[16 * 1024];
  rapidjson::MemoryPoolAllocator<> allocator{pool, sizeof(pool)};
  rapidjson::Document doc{&allocator};
};

void parse_body(rapidjson::Document& doc, const std::string& body) { parse_request_json(doc, body); }

// DynamoDB serves the two JSON media types only (parameters such as charset allowed); a request of
// another type is answered 404 (dynemu says UnknownOperationException, for SDKs to read). A
// request without a Content-Type is served, as curl and hand-written clients send.
bool served_content_type(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  auto is = [type](std::string_view media) {
    return type.size() == media.size() && strncasecmp(type.data(), media.data(), media.size()) == 0;
  };
  return type.empty() || is("application/x-amz-json-1.0") || is("application/json");
}

void require_json_content_type(std::string_view type) {
  if (!served_content_type(type)) throw model::ApiError(404, "com.amazon.coral.service#UnknownOperationException", "");
}

// The operation name of a target ("" when the target names neither service) and whether it is
// a DynamoDB Streams operation.
std::string operation_name(const std::string& target, bool* streams) {
  *streams = target.rfind(kStreamsTargetPrefix, 0) == 0;
  if (*streams) return target.substr(std::strlen(kStreamsTargetPrefix));
  return target.rfind(kTargetPrefix, 0) == 0 ? target.substr(std::strlen(kTargetPrefix)) : "";
}

api::Operation require_operation(const std::string& op_name, bool streams = false) {
  api::Operation op = streams ? api::find_streams_operation(op_name) : api::find_operation(op_name);
  if (!op) throw model::ApiError(400, "com.amazon.coral.service#UnknownOperationException", "");
  return op;
}

void require_object(const rapidjson::Document& doc, const std::string& op_name) {
  if (doc.IsArray())
    throw model::serialization_error("Unrecognized collection type class com.amazonaws.dynamodb.v20120810." + op_name +
                                     "Input");
  if (!doc.IsObject()) throw model::serialization_error("Unexpected value type in payload");
}

std::string execute(api::Operation op, api::OperationContext& ctx, const rapidjson::Document& doc) {
  // Writes of requests that arrive together share one commit (store.h "Group commit"). The answer,
  // a failure's too, goes out only once what the request wrote or read is committed.
  store::CommitGroupScope group(ctx.store);
  rapidjson::StringBuffer buffer;
  model::JsonWriter writer(buffer);
  op(ctx, doc, writer);
  group.wait();
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The request body as the operation reads it: decoded per Content-Encoding, within the 16 MB limit
// (which a chunked or compressed body would otherwise pass). `decoded` holds it unless the wire body
// is used as it is.
const std::string& request_body(const httplib::Request& req, const WireHeaders& headers, std::string& decoded) {
  if (headers.content_encodings == 0) {
    if (req.body.size() > kMaxBodyBytes) throw request_too_large();
    return req.body;
  }
  // Several Content-Encoding headers name several codings, which DynamoDB does not take.
  const DecodeOutcome outcome = headers.content_encodings > 1
                                    ? DecodeOutcome::unsupported
                                    : decode_request_body(headers.content_encoding, req.body, kMaxBodyBytes, decoded);
  switch (outcome) {
    case DecodeOutcome::ok: return decoded;
    case DecodeOutcome::too_large: throw request_too_large();
    case DecodeOutcome::unsupported:
    case DecodeOutcome::corrupt: break;
  }
  // DynamoDB answers an encoding it cannot decode with a 500, as for its own failures.
  throw model::dynamodb_error("InternalServerError", "Internal server error", 500);
}

class Routes {
 public:
  Routes(namespaces::NamespaceStores& stores, const api::ApiSettings& settings, const clock::Clock& clock,
         Diagnostics& diagnostics, const FrontendOptions& options)
      : stores_(stores), settings_(settings), clock_(clock), diagnostics_(diagnostics), options_(options) {}

  void handle_post(const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    // See content_coding.h: the codings were hidden from httplib; the request is whole again here.
    // The Request is httplib's own non-const object, handed to handlers as const.
    restore_codings(const_cast<httplib::Request&>(req));
    struct HideAgain {
      const httplib::Request& req;
      ~HideAgain() { hide_codings(const_cast<httplib::Request&>(req)); }
    } hide_again{req};
    const WireHeaders headers = read_wire_headers(req);
    const char* content_type = json_content_type(headers.content_type);
    if (!headers.origin.empty() && !is_own_origin(headers.origin, headers.host) &&
        !cors_allows(headers.origin, options_.cors_origins))
      return refuse_foreign_origin(headers, content_type, res);
    const std::string target(headers.target);
    bool streams = false;
    std::string op_name = operation_name(target, &streams);
    RequestRecord record;
    record.operation = op_name.empty() ? target : op_name;
    api::RecordedUsage usage;
    // Fixtures inspecting state mark their calls so they neither show in the log nor meet faults.
    const bool observed = !headers.unrecorded;
    bool statement_writes = false;  // a PartiQL request that wrote (its capacity is write units)
    OperationResult answer = answer_with_errors(op_name, [&] {
      api::CapacityRecordingScope recording(usage);
      api::AccessRecordingScope access(record);
      struct NoteWrites {
        api::AccessRecordingScope& scope;
        bool& writes;
        ~NoteWrites() { writes = scope.writes(); }
      } note{access, statement_writes};
      return dispatch(req, headers, op_name, streams, observed, record);
    });
    const int status = answer.status;
    std::string body = std::move(answer.body);
    const std::string error_type = std::move(answer.error_type);
    record.status = status;
    record.error = error_type;
    const bool reads = reads_only(record.operation) || (is_partiql(record.operation) && !statement_writes);
    (reads ? record.read_units : record.write_units) = usage.units;
    if (status == 200) {
      record.items_read = usage.items_read;
      record.items_returned = usage.items_returned;
    }
    record.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (observed) diagnostics_.record(std::move(record));
    res.status = status;
    res.set_header("x-amzn-RequestId", new_request_id());
    // Only successes are compressed; the checksum is of the bytes sent.
    if (status == 200 && !headers.accept_encoding.empty() && body.size() >= kResponseCompressionThreshold) {
      const Coding coding = choose_response_coding(headers.accept_encoding);
      if (coding != Coding::identity) {
        body = encode(coding, body);
        res.set_header("Content-Encoding", coding_name(coding));
      }
    }
    res.set_header("x-amz-crc32", std::to_string(body_crc32(body)));
    if (!error_type.empty()) res.set_header("x-amzn-ErrorType", error_type);
    add_cors_headers(req, res);
    res.set_content(std::move(body), content_type);
    if (options_.verbose) {
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
      std::fprintf(stderr, "dynemu: %s %d %s %lldus\n", op_name.empty() ? target.c_str() : op_name.c_str(), status,
                   error_type.c_str(), static_cast<long long>(us.count()));
    }
  }

  // A browser page of another origin that --cors does not allow: refused before anything runs or is
  // recorded, so such a page cannot drive dynemu through a visitor's browser (see origin_guard.h).
  void refuse_foreign_origin(const WireHeaders& headers, const char* content_type, httplib::Response& res) const {
    const model::ApiError denied(403, "com.amazon.coral.service#AccessDeniedException",
                                 foreign_origin_message(headers.origin, headers.host, /*admin=*/false));
    const std::string body = error_body(denied, true);
    res.status = 403;
    res.set_header("x-amzn-RequestId", new_request_id());
    res.set_header("x-amz-crc32", std::to_string(body_crc32(body)));
    res.set_header("x-amzn-ErrorType", denied.short_type());
    res.set_content(body, content_type);
  }

  void add_cors_headers(const httplib::Request& req, httplib::Response& res) const {
    if (options_.cors_origins.empty()) return;
    std::string origin = req.get_header_value("Origin");
    if (options_.cors_origins == "*") {
      res.set_header("Access-Control-Allow-Origin", "*");
    } else if (!origin.empty() && cors_allows(origin, options_.cors_origins)) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    } else {
      return;
    }
    res.set_header("Access-Control-Expose-Headers", "x-amzn-RequestId,x-amzn-ErrorType,x-amz-crc32");
  }

  void handle_preflight(const httplib::Request& req, httplib::Response& res) const {
    if (options_.cors_origins.empty()) {
      res.status = 404;
      return;
    }
    add_cors_headers(req, res);
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    std::string requested = req.get_header_value("Access-Control-Request-Headers");
    res.set_header("Access-Control-Allow-Headers",
                   requested.empty() ? "content-type, x-amz-target, x-amz-date, authorization, x-amz-user-agent"
                                     : requested);
    res.set_header("Access-Control-Max-Age", "172800");
    res.status = 200;
  }

 private:
  std::string dispatch(const httplib::Request& req, const WireHeaders& headers, const std::string& op_name,
                       bool streams, bool observed, RequestRecord& record) {
    require_json_content_type(headers.content_type);
    // Under --auth verify nothing of the request is looked at before its signature is: the
    // signature covers the body as received, before any Content-Encoding is undone.
    Credentials credentials;
    if (options_.verified_credentials) {
      if (req.body.size() > kMaxBodyBytes) throw request_too_large();
      credentials = sigv4::verify_request(*options_.verified_credentials, req, req.body, clock_.now_seconds());
    }
    std::string decoded;
    const std::string& body = request_body(req, headers, decoded);
    RequestDocument request;
    rapidjson::Document& doc = request.doc;
    parse_body(doc, body);
    api::Operation op = require_operation(op_name, streams);
    if (!options_.verified_credentials)
      credentials = check_authorization(std::string(headers.authorization), headers.has_date);
    require_object(doc, op_name);
    describe_request(op_name, doc, record);
    record.region = credentials.region;
    record.account = namespaces::account_of_request(credentials.account_id, credentials.access_key);
    if (observed) apply_fault(op_name, doc, record);
    if (!stores_.isolation().any()) {
      api::OperationContext ctx{stores_.default_store(), settings_, clock_, credentials.region, credentials.access_key};
      return execute(op, ctx, doc);
    }
    NamespaceId id;
    try {
      id = stores_.namespace_of(credentials.region, record.account);
    } catch (const std::invalid_argument&) {
      // A region that cannot name a namespace (README "Isolation"); the wording of the scope check.
      throw model::ApiError(400, "com.amazon.coral.service#IncompleteSignatureException",
                            "Credential should be scoped to a valid region. ");
    }
    api::OperationContext ctx{stores_.store_for(id), settings_, clock_, credentials.region, credentials.access_key,
                              id.account};
    return execute(op, ctx, doc);
  }

  // Injected faults act where DynamoDB would throttle: after the request is understood, before
  // anything executes.
  void apply_fault(const std::string& op_name, const rapidjson::Value& doc, RequestRecord& record) {
    auto fault = diagnostics_.take_fault(op_name, record.tables, [&](const Fault& f) {
      return !is_transaction_conflict(f) || conflict_applies(f, op_name, doc);
    });
    if (!fault) return;
    if (fault->latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->latency_ms));
    if (fault->error.empty()) return;
    record.injected = true;
    if (is_transaction_conflict(*fault)) throw_transaction_conflict(*fault, op_name, doc);
    throw injected_error(*fault);
  }

  namespaces::NamespaceStores& stores_;
  const api::ApiSettings& settings_;
  const clock::Clock& clock_;
  Diagnostics& diagnostics_;
  FrontendOptions options_;
};

}  // namespace

OperationResult run_operation(store::Store& store, const api::ApiSettings& settings, const clock::Clock& clock,
                              const std::string& op_name, const std::string& body, const std::string& region,
                              const std::string& account) {
  return answer_with_errors(op_name, [&] {
    RequestDocument request;
    rapidjson::Document& doc = request.doc;
    parse_body(doc, body);
    // In process there is no target prefix to tell the two services apart; their operation names
    // do not overlap, so a name DynamoDB lacks is looked up among DynamoDB Streams'. The seeders'
    // bulk write is reachable here only, never from the wire.
    api::Operation op = op_name == seeding::kBulkWriteOperation ? seeding::bulk_write
                        : api::find_operation(op_name)          ? require_operation(op_name)
                                                                : require_operation(op_name, /*streams=*/true);
    require_object(doc, op_name);
    api::OperationContext ctx{store, settings, clock, region, "dynemu-in-process", account};
    return execute(op, ctx, doc);
  });
}

std::string http_date_now() {
  // One formatting per second per thread: the header is on every response.
  thread_local std::time_t formatted_second = -1;
  thread_local char text[40];
  const std::time_t now = std::time(nullptr);
  if (now != formatted_second) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &parts);  // C locale: English names
    formatted_second = now;
  }
  return text;
}

std::string health_host(std::string_view host_header) {
  // The host part of Host (no port), when it is a plain host name or address.
  std::string_view host = host_header;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') == std::string_view::npos ? 0 : host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  const bool plain = !host.empty() && host.size() <= 253 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
  });
  return plain ? std::string(host) : "dynamodb.us-east-1.amazonaws.com";
}

std::string api_error_body(const model::ApiError& e) { return error_body(e, !e.message().empty()); }

uint32_t body_crc32(const std::string& body) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; bodies are bounded by kMaxBodyBytes, far below 4 GB.
  crc = crc32(crc, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return static_cast<uint32_t>(crc);
}

std::shared_ptr<const AdminAccess> install_routes(httplib::Server& server, namespaces::NamespaceStores& stores, const api::ApiSettings& settings,
                    clock::Clock& clock, Diagnostics& diagnostics, const FrontendOptions& options) {
  auto routes = std::make_shared<Routes>(stores, settings, clock, diagnostics, options);
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    // Before httplib reads the body: it would decode (and the response encode) on its own.
    if (req.method == "POST" && req.path == "/") hide_codings(const_cast<httplib::Request&>(req));
    return guard_admin_origin(req, res);
  });
  // Every answer carries the two headers DynamoDB's do.
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("Date", http_date_now());
    res.set_header("Server", "Server");
  });
  auto admin_access = std::make_shared<const AdminAccess>(options.verified_credentials, clock);
  install_admin_routes(server, admin_access, stores, clock, diagnostics);
  if (options.console) install_console_routes(server);
  server.set_payload_max_length(kMaxBodyBytes);
  server.Post("/", [routes](const httplib::Request& req, httplib::Response& res) { routes->handle_post(req, res); });
  server.Get("/", [routes](const httplib::Request& req, httplib::Response& res) {
    routes->add_cors_headers(req, res);
    res.set_content("healthy: " + health_host(req.get_header_value("Host")) + " ", "text/plain");
  });
  server.Options(".*", [routes](const httplib::Request& req, httplib::Response& res) {
    routes->handle_preflight(req, res);
  });
  // Errors httplib raises itself (413 for oversized bodies, 404 for unknown paths) still carry a
  // request id and a CRC, so SDKs that verify the checksum report the real status.
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string body;
    // Every handler writes a body, so a 400 or 414 without one is httplib refusing what it could
    // not parse: a request line past 8 KB (414 in httplib) or a header line past 8 KB. DynamoDB
    // answers an over-long URL with 400 Bad Request (ScyllaDB's Alternator tests, checked against
    // it), and the unread rest of such a request must not be taken for the next one.
    const bool unparsed = res.status == 414 || res.status == 400;
    if (unparsed) {
      res.status = 400;
      res.set_header("Connection", "close");
      close_connection_after_response();
    }
    if (res.status == 413) {
      body = error_body(request_too_large(), true);
      res.set_header("x-amzn-ErrorType", "RequestEntityTooLargeException");
    } else {
      // httplib refuses some requests before any handler runs (a multipart body it cannot read): a
      // content type DynamoDB does not serve is still its 404.
      if (res.status == 400 && req.method == "POST" && !served_content_type(req.get_header_value("Content-Type")))
        res.status = 404;
      body = "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}";
      res.set_header("x-amzn-ErrorType", "UnknownOperationException");
    }
    res.set_header("x-amzn-RequestId", new_request_id());
    res.set_header("x-amz-crc32", std::to_string(body_crc32(body)));
    res.set_content(body, "application/x-amz-json-1.0");
  });
  return admin_access;
}

}  // namespace dynemu::http
