// Helpers for Query/Scan/batch/transaction API tests: tables with secondary indexes, item puts,
// and a paging walker that follows LastEvaluatedKey.
//
// Contract: helpers ADD_FAILURE on unexpected HTTP failures and return what they got; walkers stop
// after `max_pages` pages so a paging bug fails the test instead of hanging it.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "api_test_support.h"
#include "table_test_helpers.h"

namespace dynemu::testing_support {

// A table with hash "pk" (S) and range "sk" (N), a GSI "ByOwner" on owner (S) / sk (N) with the
// given projection JSON, and an LSI "ByTag" on pk / tag (S) projecting ALL.
inline std::string indexed_table_request(const std::string& name,
                                         const std::string& gsi_projection = R"({"ProjectionType":"ALL"})") {
  return R"({"TableName":")" + name + R"(","AttributeDefinitions":[)"
         R"({"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},)"
         R"({"AttributeName":"owner","AttributeType":"S"},{"AttributeName":"tag","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
         R"("GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"},)"
         R"({"AttributeName":"sk","KeyType":"RANGE"}],"Projection":)" + gsi_projection + R"(}],)"
         R"("LocalSecondaryIndexes":[{"IndexName":"ByTag","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
         R"({"AttributeName":"tag","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],)"
         R"("BillingMode":"PAY_PER_REQUEST"})";
}

inline std::string create_indexed_table(const std::string& gsi_projection = R"({"ProjectionType":"ALL"})") {
  const std::string name = unique_table_name();
  create_table_ok(indexed_table_request(name, gsi_projection));
  return name;
}

inline void put_ok(const std::string& table, const std::string& item_json) {
  auto r = call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + item_json + "}");
  if (r.status != 200) ADD_FAILURE() << "PutItem failed: " << r.body << "\nitem: " << item_json;
}

// Pages through `op` (Query or Scan) with `request_json` (an object without braces' closing),
// collecting every returned item as JSON. `pages` receives the number of pages read.
inline std::vector<std::string> walk_pages(const std::string& op, const std::string& request_fields, int* pages = nullptr,
                                           int max_pages = 1000) {
  std::vector<std::string> items;
  std::string start;
  int n = 0;
  while (n < max_pages) {
    std::string body = "{" + request_fields + (start.empty() ? "" : ",\"ExclusiveStartKey\":" + start) + "}";
    auto r = call(op, body);
    ++n;
    if (r.status != 200) {
      ADD_FAILURE() << op << " failed: " << r.body;
      break;
    }
    if (r.json.HasMember("Items"))
      for (const auto& item : r.json["Items"].GetArray()) items.push_back(to_json(item));
    if (!r.json.HasMember("LastEvaluatedKey")) break;
    start = to_json(r.json["LastEvaluatedKey"]);
  }
  if (n == max_pages) ADD_FAILURE() << "paging did not end after " << max_pages << " pages";
  if (pages) *pages = n;
  return items;
}

}  // namespace dynemu::testing_support
