// The seeders' in-process bulk write (emulator/src/seeding/bulk_write.h): PutItem's checks and
// messages item by item, all-or-nothing, last write of a key wins, indexes right after a deferred
// build, change-log order kept, and unreachable from the wire.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api_test_support.h"

namespace {

using namespace dynemu::testing_support;

struct Invoked {
  int status;
  std::string body;
  std::string error_type;
};

Invoked invoke(const std::string& op, const std::string& body) {
  auto a = shared_server().invoke(op, body);
  return {a.status, a.body, a.error_type};
}

std::string create_table(const std::string& extra = "") {
  const std::string table = unique_table_name("Bulk");
  auto r = call("CreateTable", R"({"TableName":")" + table + R"(","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},
                              {"AttributeName":"owner","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
      "GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"}],
                                 "Projection":{"ProjectionType":"ALL"}}])" + extra + "}");
  EXPECT_EQ(r.status, 200) << r.body;
  return table;
}

std::string bulk_body(const std::string& table, const std::vector<std::string>& requests) {
  std::string body = R"({"RequestItems":{")" + table + R"(":[)";
  for (size_t i = 0; i < requests.size(); ++i) body += (i ? "," : "") + requests[i];
  return body + "]}}";
}

std::string put(const std::string& item) { return R"({"PutRequest":{"Item":)" + item + "}}"; }

std::string item(int n, const std::string& owner = "") {
  return R"({"pk":{"S":"p)" + std::to_string(n % 7) + R"("},"sk":{"N":")" + std::to_string(n) + R"("})" +
         (owner.empty() ? "" : R"(,"owner":{"S":")" + owner + R"("})") + "}";
}

int64_t count(const std::string& table, const std::string& extra = "") {
  auto r = call("Scan", R"({"TableName":")" + table + R"(","Select":"COUNT")" + extra + "}");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json.IsObject() ? r.json["Count"].GetInt64() : -1;
}

TEST(BulkWrite, RefusesEachBadItemWithPutItemsErrorAndWritesNothing) {
  const std::string table = create_table();
  const std::vector<std::string> bad_items = {
      R"({"pk":{"S":"a"}})",                                   // no sort key
      R"({"pk":{"N":"1"},"sk":{"N":"1"}})",                    // key of the wrong type
      R"({"pk":{"S":""},"sk":{"N":"1"}})",                     // empty string key
      R"({"pk":{"S":"a"},"sk":{"N":"1"},"owner":{"N":"5"}})",  // index key of the wrong type
      R"({"pk":{"S":"a"},"sk":{"N":"1"},"tags":{"SS":[]}})",   // empty set
      R"({"pk":{"S":"a"},"sk":{"N":"1x"}})",                   // not a number
      R"({"pk":{"S":"a"},"sk":{"N":"1"},"big":{"S":")" + std::string(400 * 1024, 'x') + R"("}})",
  };
  for (const auto& bad : bad_items) {
    SCOPED_TRACE(bad.substr(0, 80));
    auto single = call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + bad + "}");
    ASSERT_NE(single.status, 200);
    auto bulk = invoke("DynemuBulkWrite", bulk_body(table, {put(item(1)), put(item(2)), put(bad), put(item(3))}));
    rapidjson::Document doc;
    doc.Parse(bulk.body.c_str());
    ASSERT_TRUE(doc.IsObject()) << bulk.body;
    EXPECT_EQ(bulk.status, single.status);
    EXPECT_EQ(bulk.error_type, single.error_type());
    EXPECT_EQ(doc.HasMember("message") ? doc["message"].GetString() : doc["Message"].GetString(), single.message());
    EXPECT_EQ(count(table), 0) << "a refused bulk write writes nothing";
  }
  auto missing = invoke("DynemuBulkWrite", bulk_body("NoSuchTable", {put(item(1))}));
  auto single = call("PutItem", R"({"TableName":"NoSuchTable","Item":)" + item(1) + "}");
  EXPECT_EQ(missing.error_type, single.error_type());
}

// From 10,000 writes the bulk path decodes in parallel parts: the error is still the first bad
// write's in request order, whichever part it falls in, and nothing is written.
TEST(BulkWrite, ALargeWriteNamesItsFirstBadItemInRequestOrder) {
  const std::string table = create_table();
  const std::string not_a_number = R"({"pk":{"S":"a"},"sk":{"N":"1x"}})";
  const std::string wrong_json_type = R"({"pk":{"S":"a"},"sk":{"N":1}})";  // a SerializationException
  const std::string first_error = call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + not_a_number + "}").message();
  const std::string second_error = call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + wrong_json_type + "}").message();
  ASSERT_NE(first_error, second_error);
  for (const int first_bad : {1500, 15500}) {  // in the first part, then in the last
    SCOPED_TRACE(first_bad);
    std::vector<std::string> requests;
    for (int i = 0; i < 20000; ++i)
      requests.push_back(put(i == first_bad ? not_a_number : i == 19000 ? wrong_json_type : item(i, "o1")));
    auto bulk = invoke("DynemuBulkWrite", bulk_body(table, requests));
    rapidjson::Document doc;
    doc.Parse(bulk.body.c_str());
    ASSERT_TRUE(doc.IsObject()) << bulk.body.substr(0, 300);
    EXPECT_EQ(bulk.status, 400);
    EXPECT_EQ(doc["message"].GetString(), first_error);
    EXPECT_EQ(count(table), 0);
  }
  std::vector<std::string> requests;
  for (int i = 0; i < 20000; ++i) requests.push_back(put(i == 19000 ? wrong_json_type : item(i, "o1")));
  auto bulk = invoke("DynemuBulkWrite", bulk_body(table, requests));
  EXPECT_EQ(bulk.error_type, "SerializationException") << bulk.body.substr(0, 300);
  EXPECT_NE(bulk.body.find(second_error), std::string::npos) << bulk.body.substr(0, 300);
  EXPECT_EQ(count(table), 0);
}

// A large write into a table without a change log goes through the key-order pipeline (decoding
// beside the inserts, in key order): every write is still checked, and of several failures the
// first in request order is named, wherever their keys sort.
std::string put_item_error(const std::string& table, const std::string& bad) {
  return call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + bad + "}").message();
}

TEST(BulkWrite, ALargeWriteChecksAWriteItsKeyLaterOverwrites) {
  const std::string table = create_table();
  const std::string bad = R"({"pk":{"S":"a"},"sk":{"N":"1"},"x":{"N":"1x"}})";
  const std::string error = put_item_error(table, bad);
  ASSERT_FALSE(error.empty());
  std::vector<std::string> requests;
  for (int i = 0; i < 20000; ++i) requests.push_back(put(i == 100 ? bad : item(i, "o1")));
  requests.push_back(put(R"({"pk":{"S":"a"},"sk":{"N":"1"},"x":{"N":"1"}})"));  // the same key, well formed
  auto bulk = invoke("DynemuBulkWrite", bulk_body(table, requests));
  EXPECT_EQ(bulk.status, 400);
  EXPECT_NE(bulk.body.find(error), std::string::npos) << bulk.body.substr(0, 300);
  EXPECT_EQ(count(table), 0);
}

TEST(BulkWrite, ALargeWriteNamesTheFirstFailureInRequestOrderNotKeyOrder) {
  const std::string table = create_table();
  const std::string bad_a = R"({"pk":{"S":"a"},"sk":{"N":"1"},"x":{"N":"1x"}})";
  const std::string bad_b = R"({"pk":{"S":"b"},"sk":{"N":"1"},"y":{"SS":[]}})";
  const std::string error_a = put_item_error(table, bad_a), error_b = put_item_error(table, bad_b);
  ASSERT_NE(error_a, error_b);
  // Whichever of a and b sorts first, one of the two placements puts key order against request order.
  for (const bool a_first : {true, false}) {
    SCOPED_TRACE(a_first);
    std::vector<std::string> requests;
    for (int i = 0; i < 20000; ++i)
      requests.push_back(put(i == 3000 ? (a_first ? bad_a : bad_b) : i == 17000 ? (a_first ? bad_b : bad_a)
                                                                                 : item(i, "o1")));
    auto bulk = invoke("DynemuBulkWrite", bulk_body(table, requests));
    EXPECT_EQ(bulk.status, 400);
    EXPECT_NE(bulk.body.find(a_first ? error_a : error_b), std::string::npos) << bulk.body.substr(0, 300);
    EXPECT_EQ(count(table), 0);
  }
  // A write whose key cannot be read at all (no sort key) is named as PutItem names it.
  const std::string no_sort_key = R"({"pk":{"S":"a"}})";
  std::vector<std::string> requests;
  for (int i = 0; i < 20000; ++i) requests.push_back(put(i == 5000 ? no_sort_key : i == 12000 ? bad_a : item(i)));
  auto bulk = invoke("DynemuBulkWrite", bulk_body(table, requests));
  EXPECT_NE(bulk.body.find(put_item_error(table, no_sort_key)), std::string::npos) << bulk.body.substr(0, 300);
  EXPECT_EQ(count(table), 0);
}

TEST(BulkWrite, ALargeWriteEndsAsOneWriteAtATimeWould) {
  const std::string table = create_table();
  std::vector<std::string> requests;
  for (int i = 0; i < 20000; ++i) requests.push_back(put(item(i, i % 2 ? "odd" : "even")));
  for (int i = 0; i < 20000; i += 2) requests.push_back(R"({"DeleteRequest":{"Key":)" + item(i) + "}}");
  requests.push_back(put(item(4, "back")));  // put again after its delete
  ASSERT_EQ(invoke("DynemuBulkWrite", bulk_body(table, requests)).status, 200);
  EXPECT_EQ(count(table), 10001);
  EXPECT_EQ(count(table, R"(,"IndexName":"ByOwner")"), 10001);
  auto got = call("GetItem", R"({"TableName":")" + table + R"(","Key":)" + item(4) + "}");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_STREQ(got.json["Item"]["owner"]["S"].GetString(), "back");
}

TEST(BulkWrite, EndsAsOnePutOrDeleteAtATimeWould) {
  const std::string table = create_table();
  auto r = invoke("DynemuBulkWrite",
                  bulk_body(table, {put(R"({"pk":{"S":"k"},"sk":{"N":"1"},"v":{"S":"first"}})"),
                                    put(item(2)), put(item(3)),
                                    put(R"({"pk":{"S":"k"},"sk":{"N":"1"},"v":{"S":"last"}})"),
                                    R"({"DeleteRequest":{"Key":)" + item(2) + "}}"}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(count(table), 2);
  auto got = call("GetItem", R"({"TableName":")" + table + R"(","Key":{"pk":{"S":"k"},"sk":{"N":"1"}}})");
  ASSERT_EQ(got.status, 200);
  EXPECT_STREQ(got.json["Item"]["v"]["S"].GetString(), "last");
}

TEST(BulkWrite, IndexesBuiltAfterALargeLoadAnswerQueries) {
  const std::string table = create_table();
  std::vector<std::string> requests;
  for (int i = 0; i < 3000; ++i) requests.push_back(put(item(i, i % 3 == 0 ? "ann" : i % 3 == 1 ? "bob" : "")));
  ASSERT_EQ(invoke("DynemuBulkWrite", bulk_body(table, requests)).status, 200);
  EXPECT_EQ(count(table), 3000);
  EXPECT_EQ(count(table, R"(,"IndexName":"ByOwner")"), 2000) << "sparse: items without an owner are not in it";
  auto q = call("Query", R"({"TableName":")" + table + R"(","IndexName":"ByOwner","Select":"COUNT",
      "KeyConditionExpression":"#o = :o","ExpressionAttributeNames":{"#o":"owner"},
      "ExpressionAttributeValues":{":o":{"S":"ann"}}})");
  ASSERT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(q.json["Count"].GetInt(), 1000);
  // Later writes keep the rebuilt index current.
  ASSERT_EQ(call("PutItem", R"({"TableName":")" + table + R"(","Item":)" + item(1, "ann") + "}").status, 200);
  EXPECT_EQ(count(table, R"(,"IndexName":"ByOwner","FilterExpression":"#o = :o","ExpressionAttributeNames":{"#o":"owner"},"ExpressionAttributeValues":{":o":{"S":"ann"}})"), 1001);
}

TEST(BulkWrite, StreamRecordsKeepRequestOrder) {
  const std::string table = create_table(R"(,"StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"})");
  std::vector<std::string> requests;
  for (int i : {5, 3, 9, 1}) requests.push_back(put(item(i)));
  ASSERT_EQ(invoke("DynemuBulkWrite", bulk_body(table, requests)).status, 200);
  auto d = call("DescribeTable", R"({"TableName":")" + table + R"("})");
  const std::string arn = d.json["Table"]["LatestStreamArn"].GetString();
  auto streams = [](const std::string& op, const std::string& body) {
    return post_raw("DynamoDBStreams_20120810." + op, body);
  };
  auto desc = streams("DescribeStream", R"({"StreamArn":")" + arn + R"("})");
  const std::string shard = desc.json["StreamDescription"]["Shards"][0]["ShardId"].GetString();
  auto it = streams("GetShardIterator",
                    R"({"StreamArn":")" + arn + R"(","ShardId":")" + shard + R"(","ShardIteratorType":"TRIM_HORIZON"})");
  auto records = streams("GetRecords", R"({"ShardIterator":")" + std::string(it.json["ShardIterator"].GetString()) + R"("})");
  ASSERT_EQ(records.status, 200) << records.body;
  std::vector<std::string> order;
  for (const auto& r : records.json["Records"].GetArray()) order.push_back(r["dynamodb"]["Keys"]["sk"]["N"].GetString());
  EXPECT_EQ(order, (std::vector<std::string>{"5", "3", "9", "1"}));
}

TEST(BulkWrite, IsNotAnOperationOnTheWire) {
  const std::string table = create_table();
  auto r = call("DynemuBulkWrite", bulk_body(table, {put(item(1))}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_type(), "UnknownOperationException");
  EXPECT_EQ(count(table), 0);
}

}  // namespace
