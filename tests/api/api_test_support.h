// ApiTest: the harness for API tests — real HTTP requests against an in-process dynemu::Server.
//
// Contract:
//  - One in-memory server per test binary (started lazily, on an ephemeral 127.0.0.1 port); tests
//    isolate themselves by using table names from unique_table_name().
//  - call(op, json) POSTs `json` with `X-Amz-Target: DynamoDB_20120810.<op>` and a well-formed SigV4
//    Authorization header, and returns the status, parsed body and headers. Nothing is asserted by the
//    harness except that an answer arrived; expect_error() checks DynamoDB's error triple.
#pragma once
#include <atomic>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynemu/server.h"

namespace dynemu::testing_support {

struct ApiResponse {
  int status = 0;
  std::string body;
  rapidjson::Document json;  // parsed body (null when the body is not JSON)
  httplib::Headers headers;

  // The part of __type after '#', or "" for a success.
  std::string error_type() const {
    if (!json.IsObject() || !json.HasMember("__type")) return "";
    std::string t = json["__type"].GetString();
    auto hash = t.rfind('#');
    return hash == std::string::npos ? t : t.substr(hash + 1);
  }
  std::string message() const {
    for (const char* key : {"message", "Message"})
      if (json.IsObject() && json.HasMember(key) && json[key].IsString()) return json[key].GetString();
    return "";
  }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

inline dynemu::Server& shared_server() {
  static std::unique_ptr<dynemu::Server> server = [] {
    dynemu::ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.threads = 16;
    auto s = std::make_unique<dynemu::Server>(options);
    s->start();
    return s;
  }();
  return *server;
}

inline std::string unique_table_name(const std::string& prefix = "T") {
  static std::atomic<int> counter{0};
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = prefix + "_" + (info ? std::string(info->name()) : std::string("t")) + "_" +
                     std::to_string(counter.fetch_add(1));
  for (auto& c : name)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) c = '_';
  return name.substr(0, 200);
}

constexpr const char* kTestAuthorization =
    "AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef";

// POSTs `body` to the server listening on `port` (the shared server unless a test runs its own).
inline ApiResponse post_raw_to(int port, const std::string& target, const std::string& body,
                               httplib::Headers headers = {},
                               const std::string& content_type = "application/x-amz-json-1.0") {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60, 0);
  if (!target.empty()) headers.emplace("X-Amz-Target", target);
  if (headers.find("Authorization") == headers.end()) headers.emplace("Authorization", kTestAuthorization);
  if (headers.find("X-Amz-Date") == headers.end()) headers.emplace("X-Amz-Date", "20240101T000000Z");
  auto result = client.Post("/", headers, body, content_type.c_str());
  ApiResponse r;
  if (!result) {
    ADD_FAILURE() << "no HTTP answer for " << target << ": " << httplib::to_string(result.error());
    return r;
  }
  r.status = result->status;
  r.body = result->body;
  r.headers = result->headers;
  r.json.Parse(r.body.c_str(), r.body.size());
  if (r.json.HasParseError()) r.json.SetNull();
  return r;
}

inline ApiResponse post_raw(const std::string& target, const std::string& body, httplib::Headers headers = {},
                            const std::string& content_type = "application/x-amz-json-1.0") {
  return post_raw_to(shared_server().port(), target, body, std::move(headers), content_type);
}

// POSTs a DynamoDB operation.
inline ApiResponse call(const std::string& op, const std::string& body) {
  return post_raw("DynamoDB_20120810." + op, body);
}
inline ApiResponse call_on(const dynemu::Server& server, const std::string& op, const std::string& body) {
  return post_raw_to(server.port(), "DynamoDB_20120810." + op, body);
}

// Serializes any RapidJSON value (for messages and comparisons).
inline std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// Checks DynamoDB's error triple: HTTP status, short __type and exact message.
#define EXPECT_API_ERROR(response, status_code, type, msg)                                  \
  do {                                                                                      \
    const auto& r_ = (response);                                                            \
    EXPECT_EQ(r_.status, (status_code)) << r_.body;                                         \
    EXPECT_EQ(r_.error_type(), (type)) << r_.body;                                          \
    EXPECT_EQ(r_.message(), (msg)) << r_.body;                                              \
  } while (0)

#define ASSERT_API_OK(response)                                                             \
  do {                                                                                      \
    const auto& r_ = (response);                                                            \
    ASSERT_EQ(r_.status, 200) << r_.body;                                                   \
  } while (0)

}  // namespace dynemu::testing_support
