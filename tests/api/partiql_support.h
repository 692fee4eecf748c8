// Helpers for the PartiQL API tests: statements as requests, and the request log's last record.
#pragma once
#include <string>

#include "api_test_support.h"
#include "table_test_helpers.h"

namespace dynemu::testing_support {

inline std::string json_string(const std::string& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buf.GetString(), buf.GetSize());
}

// ExecuteStatement with `statement`, optional Parameters (a JSON array) and extra members ("...":...).
inline ApiResponse statement(const std::string& text, const std::string& parameters = "",
                             const std::string& extra = "") {
  std::string body = "{\"Statement\":" + json_string(text);
  if (!parameters.empty()) body += ",\"Parameters\":" + parameters;
  if (!extra.empty()) body += "," + extra;
  return call("ExecuteStatement", body + "}");
}

inline ApiResponse statement_ok(const std::string& text, const std::string& parameters = "",
                                const std::string& extra = "") {
  ApiResponse r = statement(text, parameters, extra);
  if (r.status != 200) ADD_FAILURE() << text << " -> " << r.body;
  return r;
}

// One element of a Statements / TransactStatements list.
inline std::string statement_member(const std::string& text, const std::string& parameters = "",
                                    const std::string& extra = "") {
  std::string s = "{\"Statement\":" + json_string(text);
  if (!parameters.empty()) s += ",\"Parameters\":" + parameters;
  if (!extra.empty()) s += "," + extra;
  return s + "}";
}

// The last request the shared server logged.
inline RequestRecord last_request() {
  auto log = shared_server().requests();
  return log.empty() ? RequestRecord{} : log.back();
}

// A table with a string hash key pk, a number sort key sk, and a GSI ByOwner (owner S, ALL).
inline std::string create_table_with_gsi() {
  const std::string name = unique_table_name();
  create_table_ok(R"({"TableName":")" + name + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
                  R"({"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"owner","AttributeType":"S"}],)"
                  R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
                  R"("GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"},)"
                  R"({"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],)"
                  R"("BillingMode":"PAY_PER_REQUEST"})");
  return name;
}

inline std::string quoted_name(const std::string& table) { return "\"" + table + "\""; }

}  // namespace dynemu::testing_support
