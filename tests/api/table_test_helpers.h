// Table helpers for API tests: CreateTable requests for the common key shapes, and JSON access.
//
// Contract: the create_* helpers POST CreateTable to the shared server, fail the test (ADD_FAILURE)
// when it does not answer 200, and return the response. Names come from unique_table_name().
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "api_test_support.h"

namespace dynemu::testing_support {

// {"TableName": name, <hash key `hash` of type `type`>, PAY_PER_REQUEST}
inline std::string hash_table_request(const std::string& name, const std::string& hash = "id",
                                      const std::string& type = "S") {
  return R"({"TableName":")" + name + R"(","AttributeDefinitions":[{"AttributeName":")" + hash +
         R"(","AttributeType":")" + type + R"("}],"KeySchema":[{"AttributeName":")" + hash +
         R"(","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})";
}

// A composite-key on-demand table: hash "pk" (pk_type) and range "sk" (sk_type).
inline std::string composite_table_request(const std::string& name, const std::string& pk_type = "S",
                                           const std::string& sk_type = "N") {
  return R"({"TableName":")" + name + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":")" +
         pk_type + R"("},{"AttributeName":"sk","AttributeType":")" + sk_type +
         R"("}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
         R"("BillingMode":"PAY_PER_REQUEST"})";
}

inline ApiResponse create_table_ok(const std::string& request) {
  ApiResponse r = call("CreateTable", request);
  if (r.status != 200) ADD_FAILURE() << "CreateTable failed: " << r.body << "\nrequest: " << request;
  return r;
}

inline std::string create_hash_table(const std::string& hash_type = "S") {
  const std::string name = unique_table_name();
  create_table_ok(hash_table_request(name, "id", hash_type));
  return name;
}

inline std::string create_composite_table(const std::string& pk_type = "S", const std::string& sk_type = "N") {
  const std::string name = unique_table_name();
  create_table_ok(composite_table_request(name, pk_type, sk_type));
  return name;
}

inline ApiResponse describe(const std::string& name) {
  return call("DescribeTable", R"({"TableName":")" + name + R"("})");
}

// Serialized member of a JSON object, or "<absent>".
inline std::string json_at(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject() || !object.HasMember(name)) return "<absent>";
  return to_json(object[name]);
}

// A server of its own (one per test binary) with DynamoDB's transient statuses: CREATING, UPDATING
// and DELETING windows of 500 ms. wait_past_transient_window() sleeps past one.
inline dynemu::Server& transient_status_server() {
  static std::unique_ptr<dynemu::Server> server = [] {
    dynemu::ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.delay_transient_statuses = true;
    auto s = std::make_unique<dynemu::Server>(options);
    s->start();
    return s;
  }();
  return *server;
}
inline void wait_past_transient_window() { std::this_thread::sleep_for(std::chrono::milliseconds(650)); }

}  // namespace dynemu::testing_support
