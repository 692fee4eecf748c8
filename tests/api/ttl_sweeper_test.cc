// The TTL sweeper: which items it deletes (by DynamoDB's rules), indexes, batches, backfill of
// items written before TTL was enabled, the admin endpoint, the background thread, and a file
// database keeping its TTL settings across a restart. Expiry is driven by the server clock.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <unistd.h>

#include "table_test_helpers.h"
#include "temp_database_file.h"

namespace dynemu::testing_support {
namespace {

constexpr int64_t kT0 = 1700000000;  // epoch seconds the clock stands at
constexpr int64_t kDay = 86400;

dynemu::ServerOptions sweeper_options() {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.ttl_sweep_period_ms = 0;  // sweeps only when a test asks
  return options;
}

std::unique_ptr<dynemu::Server> start_at_t0(dynemu::ServerOptions options = sweeper_options()) {
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  s->freeze_clock();
  s->set_clock_ms(kT0 * 1000);
  return s;
}

class TtlSweeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server = start_at_t0();
    table = unique_table_name();
    ASSERT_API_OK(call_on(*server, "CreateTable", hash_table_request(table)));
  }

  void enable(const std::string& attribute = "expires") {
    ASSERT_API_OK(call_on(*server, "UpdateTimeToLive",
                          R"({"TableName":")" + table + R"(","TimeToLiveSpecification":{"Enabled":true,"AttributeName":")" +
                              attribute + R"("}})"));
  }
  // `attributes`: extra DynamoDB JSON members, e.g. R"("expires":{"N":"5"})".
  void put(const std::string& id, const std::string& attributes = "") {
    ASSERT_API_OK(call_on(*server, "PutItem",
                          R"({"TableName":")" + table + R"(","Item":{"id":{"S":")" + id + "\"}" +
                              (attributes.empty() ? "" : "," + attributes) + "}}"));
  }
  void put_expiring(const std::string& id, const std::string& seconds) {
    put(id, R"("expires":{"N":")" + seconds + R"("})");
  }
  bool exists(const std::string& id) {
    auto r = call_on(*server, "GetItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":")" + id + R"("}}})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json.IsObject() && r.json.HasMember("Item");
  }
  int64_t count() {
    auto r = call_on(*server, "Scan", R"({"TableName":")" + table + R"(","Select":"COUNT"})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json["Count"].GetInt64();
  }

  std::unique_ptr<dynemu::Server> server;
  std::string table;
};

TEST_F(TtlSweeperTest, DeletesNumbersInThePastByDynamoDBsRules) {
  enable();
  const std::string t0 = std::to_string(kT0);
  put_expiring("past", std::to_string(kT0 - 10));
  put_expiring("fraction", std::to_string(kT0 - 1) + ".5");     // 0.5 s ago
  put_expiring("now", t0);                                      // not less than now
  put_expiring("soon", t0 + ".001");
  put_expiring("future", std::to_string(kT0 + 100));
  put_expiring("four_years", std::to_string(kT0 - 4 * 365 * kDay));
  put_expiring("six_years", std::to_string(kT0 - 6 * 365 * kDay));  // more than five years: never deleted
  put_expiring("epoch_zero", "0");
  put("string", R"("expires":{"S":")" + std::to_string(kT0 - 10) + R"("})");
  put("number_set", R"("expires":{"NS":[")" + std::to_string(kT0 - 10) + R"("]})");
  put("list", R"("expires":{"L":[{"N":")" + std::to_string(kT0 - 10) + R"("}]})");
  put("other_attribute", R"("ttl":{"N":")" + std::to_string(kT0 - 10) + R"("})");
  put("none");
  put_expiring("milliseconds", std::to_string(kT0 * 1000 - 10));  // far in the future as seconds

  // Until a sweep runs, expired items are still returned.
  EXPECT_TRUE(exists("past"));
  auto swept = server->sweep_ttl();
  EXPECT_EQ(swept.deleted, 3);
  EXPECT_EQ(swept.tables.size(), 1u);
  EXPECT_EQ(swept.tables[table], 3);
  for (const char* gone : {"past", "fraction", "four_years"}) EXPECT_FALSE(exists(gone)) << gone;
  for (const char* kept : {"now", "soon", "future", "six_years", "epoch_zero", "string", "number_set", "list",
                           "other_attribute", "none", "milliseconds"})
    EXPECT_TRUE(exists(kept)) << kept;

  // A second sweep at the same time finds nothing; moving the clock expires more.
  EXPECT_EQ(server->sweep_ttl().deleted, 0);
  server->advance_clock_ms(1);
  EXPECT_EQ(server->sweep_ttl().deleted, 1);  // "now"
  EXPECT_TRUE(exists("soon"));
  server->advance_clock_ms(100 * 1000);
  EXPECT_EQ(server->sweep_ttl().deleted, 2);  // "soon", "future"
  EXPECT_EQ(count(), 8);
}

TEST_F(TtlSweeperTest, FiveYearsIsTheBoundary) {
  enable();
  const int64_t five_years = 1826 * kDay;
  put_expiring("inside", std::to_string(kT0 - five_years));       // exactly five years: still deleted
  put_expiring("outside", std::to_string(kT0 - five_years - 1));  // one second more: ignored
  EXPECT_EQ(server->sweep_ttl().deleted, 1);
  EXPECT_FALSE(exists("inside"));
  EXPECT_TRUE(exists("outside"));
  // A day earlier, "outside" is less than five years in the past, and still in the past: deleted.
  server->set_clock_ms((kT0 - kDay) * 1000);
  EXPECT_EQ(server->sweep_ttl().deleted, 1);
  EXPECT_FALSE(exists("outside"));
}

TEST_F(TtlSweeperTest, NothingHappensWithoutEnabledTtl) {
  put_expiring("a", std::to_string(kT0 - 10));
  EXPECT_EQ(server->sweep_ttl().deleted, 0);
  EXPECT_TRUE(exists("a"));
  enable();
  server->advance_clock_ms(3600 * 1000);
  ASSERT_API_OK(call_on(*server, "UpdateTimeToLive",
                        R"({"TableName":")" + table + R"(","TimeToLiveSpecification":{"Enabled":false,"AttributeName":"expires"}})"));
  EXPECT_EQ(server->sweep_ttl().deleted, 0);
  EXPECT_TRUE(exists("a"));
}

TEST_F(TtlSweeperTest, ItemsWrittenBeforeEnablingAreBackfilledAndSwept) {
  // Many backfill chunks (250 rows each), written with BatchWriteItem.
  const int total = 2600;
  int expired = 0;
  for (int batch = 0; batch < total / 25; ++batch) {
    std::string requests;
    for (int i = batch * 25; i < (batch + 1) * 25; ++i) {
      const bool past = i % 3 == 0;
      expired += past;
      if (!requests.empty()) requests += ",";
      requests += R"({"PutRequest":{"Item":{"id":{"S":"i)" + std::to_string(i) + R"("},"expires":{"N":")" +
                  std::to_string(past ? kT0 - 60 : kT0 + 60) + R"("}}}})";
    }
    ASSERT_API_OK(call_on(*server, "BatchWriteItem", R"({"RequestItems":{")" + table + R"(":[)" + requests + "]}}"));
  }
  enable();
  EXPECT_EQ(server->sweep_ttl().deleted, expired);
  EXPECT_EQ(count(), total - expired);
  EXPECT_FALSE(exists("i0"));
  EXPECT_TRUE(exists("i1"));
  server->advance_clock_ms(61 * 1000);
  EXPECT_EQ(server->sweep_ttl().deleted, total - expired);
  EXPECT_EQ(count(), 0);
}

TEST_F(TtlSweeperTest, DeletesInManyBatches) {
  enable();
  // 2.5 batches of expired items, interleaved with items that stay.
  for (int i = 0; i < 250; ++i) put_expiring("old" + std::to_string(i), std::to_string(kT0 - 1000 + i));
  for (int i = 0; i < 50; ++i) put_expiring("new" + std::to_string(i), std::to_string(kT0 + i));
  auto swept = server->sweep_ttl();
  EXPECT_EQ(swept.deleted, 250);
  EXPECT_EQ(count(), 50);
}

TEST_F(TtlSweeperTest, ChangedAttributeUsesTheNewOne) {
  enable("a");
  put("x", R"("a":{"N":")" + std::to_string(kT0 + 10 * kDay) + R"("},"b":{"N":")" + std::to_string(kT0 + 10) + R"("})");
  put("y", R"("a":{"N":")" + std::to_string(kT0 + 10) + R"("},"b":{"N":")" + std::to_string(kT0 + 10 * kDay) + R"("})");
  server->advance_clock_ms(3600 * 1000);
  ASSERT_API_OK(call_on(*server, "UpdateTimeToLive",
                        R"({"TableName":")" + table + R"(","TimeToLiveSpecification":{"Enabled":false,"AttributeName":"a"}})"));
  server->advance_clock_ms(3600 * 1000);
  enable("b");
  // Now "y"'s a and "x"'s b are past; only b counts.
  EXPECT_EQ(server->sweep_ttl().deleted, 1);
  EXPECT_FALSE(exists("x"));
  EXPECT_TRUE(exists("y"));
}

TEST_F(TtlSweeperTest, UpdatedTtlValueIsFollowed) {
  enable();
  put_expiring("a", std::to_string(kT0 - 10));
  // Moved into the future before the sweep: kept; removed: kept.
  ASSERT_API_OK(call_on(*server, "UpdateItem",
                        R"({"TableName":")" + table + R"(","Key":{"id":{"S":"a"}},"UpdateExpression":"SET expires = :e",)"
                        R"("ExpressionAttributeValues":{":e":{"N":")" + std::to_string(kT0 + 10) + R"("}}})"));
  put_expiring("b", std::to_string(kT0 - 10));
  ASSERT_API_OK(call_on(*server, "UpdateItem",
                        R"({"TableName":")" + table + R"(","Key":{"id":{"S":"b"}},"UpdateExpression":"REMOVE expires"})"));
  EXPECT_EQ(server->sweep_ttl().deleted, 0);
  EXPECT_TRUE(exists("a"));
  EXPECT_TRUE(exists("b"));
}

TEST(TtlSweeper, GlobalAndLocalIndexEntriesGoWithTheItem) {
  auto server = start_at_t0();
  const std::string t = unique_table_name();
  ASSERT_API_OK(call_on(*server, "CreateTable",
                        R"({"TableName":")" + t + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
                        R"({"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"owner","AttributeType":"S"},)"
                        R"({"AttributeName":"rank","AttributeType":"N"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
                        R"({"AttributeName":"sk","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST",)"
                        R"("GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"}],)"
                        R"("Projection":{"ProjectionType":"ALL"}}],)"
                        R"("LocalSecondaryIndexes":[{"IndexName":"ByRank","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
                        R"({"AttributeName":"rank","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]})"));
  ASSERT_API_OK(call_on(*server, "UpdateTimeToLive",
                        R"({"TableName":")" + t + R"(","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}})"));
  for (int i = 0; i < 6; ++i)
    ASSERT_API_OK(call_on(*server, "PutItem",
                          R"({"TableName":")" + t + R"(","Item":{"pk":{"S":"p"},"sk":{"S":"s)" + std::to_string(i) +
                              R"("},"owner":{"S":"ann"},"rank":{"N":")" + std::to_string(i) + R"("},"expires":{"N":")" +
                              std::to_string(i % 2 ? kT0 + 100 : kT0 - 100) + R"("}}})"));
  EXPECT_EQ(server->sweep_ttl().deleted, 3);
  auto by_owner = call_on(*server, "Query",
                          R"({"TableName":")" + t + R"(","IndexName":"ByOwner","KeyConditionExpression":"#o = :o",)"
                          R"("ExpressionAttributeNames":{"#o":"owner"},"ExpressionAttributeValues":{":o":{"S":"ann"}}})");
  ASSERT_API_OK(by_owner);
  EXPECT_EQ(by_owner.json["Count"].GetInt(), 3) << by_owner.body;
  for (const auto& item : by_owner.json["Items"].GetArray())
    EXPECT_EQ(std::stoll(item["expires"]["N"].GetString()), kT0 + 100) << by_owner.body;
  auto by_rank = call_on(*server, "Query",
                         R"({"TableName":")" + t + R"(","IndexName":"ByRank","KeyConditionExpression":"pk = :p",)"
                         R"("ExpressionAttributeValues":{":p":{"S":"p"}}})");
  ASSERT_API_OK(by_rank);
  ASSERT_EQ(by_rank.json["Count"].GetInt(), 3) << by_rank.body;
  EXPECT_STREQ(by_rank.json["Items"][0]["rank"]["N"].GetString(), "1");
  auto index_scan = call_on(*server, "Scan", R"({"TableName":")" + t + R"(","IndexName":"ByOwner","Select":"COUNT"})");
  EXPECT_EQ(index_scan.json["Count"].GetInt(), 3) << index_scan.body;
}

TEST(TtlSweeper, NotInTheRequestLogAndEveryTableCounted) {
  auto server = start_at_t0();
  std::string tables[2] = {unique_table_name(), unique_table_name()};
  for (int n = 0; n < 2; ++n) {
    ASSERT_API_OK(call_on(*server, "CreateTable", hash_table_request(tables[n])));
    ASSERT_API_OK(call_on(*server, "UpdateTimeToLive",
                          R"({"TableName":")" + tables[n] + R"(","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"e"}})"));
    for (int i = 0; i <= n; ++i)
      ASSERT_API_OK(call_on(*server, "PutItem",
                            R"({"TableName":")" + tables[n] + R"(","Item":{"id":{"S":"i)" + std::to_string(i) +
                                R"("},"e":{"N":"1699999999"}}})"));
  }
  server->clear_requests();
  // Over HTTP, as fixtures in other languages and curl call it.
  httplib::Client admin("127.0.0.1", server->port());
  auto res = admin.Post("/_dynemu/ttl/sweep", "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const std::string expected = std::string(R"({"deleted":3,"tables":{)") + "\"" + std::min(tables[0], tables[1]) +
                               "\":" + (tables[0] < tables[1] ? "1" : "2") + ",\"" + std::max(tables[0], tables[1]) +
                               "\":" + (tables[0] < tables[1] ? "2" : "1") + "}}";
  EXPECT_EQ(res->body, expected);
  EXPECT_TRUE(server->requests().empty());  // deletions are the service's, not a user's requests
  auto again = admin.Post("/_dynemu/ttl/sweep", "", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, R"({"deleted":0,"tables":{}})");
}

TEST(TtlSweeper, BackgroundSweepRunsAndStopsPromptly) {
  auto options = sweeper_options();
  options.ttl_sweep_period_ms = 10;
  auto server = start_at_t0(options);
  const std::string t = unique_table_name();
  ASSERT_API_OK(call_on(*server, "CreateTable", hash_table_request(t)));
  ASSERT_API_OK(call_on(*server, "UpdateTimeToLive",
                        R"({"TableName":")" + t + R"(","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"e"}})"));
  ASSERT_API_OK(call_on(*server, "PutItem", R"({"TableName":")" + t + R"(","Item":{"id":{"S":"a"},"e":{"N":"1699999999"}}})"));
  const std::string get = R"({"TableName":")" + t + R"(","Key":{"id":{"S":"a"}}})";
  // The background thread's own period is real time; wait for it (bounded), not for expiry.
  bool gone = false;
  for (int i = 0; i < 500 && !gone; ++i) {
    gone = !call_on(*server, "GetItem", get).json.HasMember("Item");
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(gone);
  const auto started = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(TtlSweeper, FileDatabaseKeepsTtlSettingsAcrossRestart) {
  test_support::TempDatabaseFile file("dynemu-ttl-restart");
  const std::string& path = file.path();
  auto options = sweeper_options();
  options.in_memory = false;
  options.db_path = path;
  const std::string t = unique_table_name();
  const std::string plain = unique_table_name();
  {
    auto server = start_at_t0(options);
    ASSERT_API_OK(call_on(*server, "CreateTable", hash_table_request(t)));
    ASSERT_API_OK(call_on(*server, "CreateTable", hash_table_request(plain)));  // no TTL: an entry of the old shape
    ASSERT_API_OK(call_on(*server, "UpdateTimeToLive",
                          R"({"TableName":")" + t + R"(","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"e"}})"));
    ASSERT_API_OK(call_on(*server, "PutItem", R"({"TableName":")" + t + R"(","Item":{"id":{"S":"a"},"e":{"N":")" +
                                                  std::to_string(kT0 + 100) + R"("}}})"));
    server->stop();
  }
  {
    auto server = start_at_t0(options);
    EXPECT_EQ(call_on(*server, "DescribeTimeToLive", R"({"TableName":")" + t + R"("})").body,
              R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"e"}})");
    EXPECT_EQ(call_on(*server, "DescribeTimeToLive", R"({"TableName":")" + plain + R"("})").body,
              R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
    // The hour since the change is remembered too.
    EXPECT_API_ERROR(call_on(*server, "UpdateTimeToLive",
                             R"({"TableName":")" + t + R"(","TimeToLiveSpecification":{"Enabled":false,"AttributeName":"e"}})"),
                     400, "ValidationException", "Time to live has been modified multiple times within a fixed interval");
    EXPECT_EQ(server->sweep_ttl().deleted, 0);
    server->advance_clock_ms(101 * 1000);
    EXPECT_EQ(server->sweep_ttl().deleted, 1);
    server->stop();
  }
}

}  // namespace
}  // namespace dynemu::testing_support
