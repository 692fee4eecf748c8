// RestoreTableToPointInTime over HTTP: the restored table is the source as it was at that second
// (puts, updates, deletes, transactions and batch writes between restore points), the window's
// bounds on the server clock, the history surviving its pruning and a file-database restart, the
// restored table's settings and RestoreSummary, and every error DynamoDB answers.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "table_test_helpers.h"
#include "temp_database_file.h"

namespace dynemu::testing_support {
namespace {

constexpr int64_t kT0Ms = int64_t{1700000000} * 1000;
constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kDay = int64_t{86400} * kSecond;

dynemu::ServerOptions pitr_options() {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  return options;
}

// A server of its own, its clock frozen at `at_ms`: these tests move it.
std::unique_ptr<dynemu::Server> start(const dynemu::ServerOptions& options = pitr_options(), int64_t at_ms = kT0Ms) {
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  s->freeze_clock();
  s->set_clock_ms(at_ms);
  return s;
}

ApiResponse ok(dynemu::Server& s, const std::string& op, const std::string& body) {
  ApiResponse r = call_on(s, op, body);
  EXPECT_EQ(r.status, 200) << op << " " << body << "\n" << r.body;
  return r;
}

std::string seconds(int64_t ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ms) / 1000.0);
  return buf;
}

// A table (id S) with point-in-time recovery enabled now, `days` of recovery period.
std::string pitr_table(dynemu::Server& s, int days = 35) {
  const std::string name = unique_table_name();
  ok(s, "CreateTable", hash_table_request(name));
  ok(s, "UpdateContinuousBackups",
     R"({"TableName":")" + name + R"(","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true,)"
     R"("RecoveryPeriodInDays":)" + std::to_string(days) + "}}");
  return name;
}

void put(dynemu::Server& s, const std::string& table, const std::string& id, const std::string& v) {
  ok(s, "PutItem", R"({"TableName":")" + table + R"(","Item":{"id":{"S":")" + id + R"("},"v":{"S":")" + v + R"("}}})");
}

// The items a Scan returns as "id=v", sorted.
std::multiset<std::string> items(dynemu::Server& s, const std::string& table) {
  ApiResponse r = ok(s, "Scan", R"({"TableName":")" + table + R"("})");
  std::multiset<std::string> out;
  if (r.json.IsObject() && r.json.HasMember("Items"))
    for (const auto& item : r.json["Items"].GetArray())
      out.insert(std::string(item["id"]["S"].GetString()) + "=" + item["v"]["S"].GetString());
  return out;
}

ApiResponse restore_at(dynemu::Server& s, const std::string& source, const std::string& target, int64_t at_ms) {
  return call_on(s, "RestoreTableToPointInTime", R"({"SourceTableName":")" + source + R"(","TargetTableName":")" +
                                                      target + R"(","RestoreDateTime":)" + seconds(at_ms) + "}");
}

// Restores `source` as of `at_ms` into a new table and returns that table's items.
std::multiset<std::string> items_at(dynemu::Server& s, const std::string& source, int64_t at_ms) {
  const std::string target = unique_table_name("R");
  ApiResponse r = restore_at(s, source, target, at_ms);
  EXPECT_EQ(r.status, 200) << r.body;
  return items(s, target);
}

using Items = std::multiset<std::string>;

TEST(PointInTimeRestore, EachPointSeesTheWritesUpToThatSecond) {
  auto s = start();
  const std::string t = pitr_table(*s);
  const int64_t t1 = kT0Ms + 10 * kSecond;
  s->set_clock_ms(t1);
  put(*s, t, "a", "1");
  put(*s, t, "b", "1");
  put(*s, t, "c", "1");
  const int64_t t2 = kT0Ms + 20 * kSecond;
  s->set_clock_ms(t2);
  ok(*s, "UpdateItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"a"}},"UpdateExpression":"SET v = :v",)"
                       R"("ExpressionAttributeValues":{":v":{"S":"2"}}})");
  ok(*s, "DeleteItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"b"}}})");
  const int64_t t3 = kT0Ms + 30 * kSecond;
  s->set_clock_ms(t3);
  ok(*s, "TransactWriteItems",
     R"({"TransactItems":[{"Put":{"TableName":")" + t + R"(","Item":{"id":{"S":"d"},"v":{"S":"1"}}}},)"
     R"({"Update":{"TableName":")" + t + R"(","Key":{"id":{"S":"c"}},"UpdateExpression":"SET v = :v",)"
     R"("ExpressionAttributeValues":{":v":{"S":"2"}}}}]})");
  const int64_t t4 = kT0Ms + 40 * kSecond;
  s->set_clock_ms(t4);
  ok(*s, "BatchWriteItem",
     R"({"RequestItems":{")" + t + R"(":[{"PutRequest":{"Item":{"id":{"S":"e"},"v":{"S":"1"}}}},)"
     R"({"DeleteRequest":{"Key":{"id":{"S":"a"}}}},{"PutRequest":{"Item":{"id":{"S":"b"},"v":{"S":"3"}}}}]}})");
  // A rewrite of an item identical to what it was changes nothing (and logs nothing).
  put(*s, t, "e", "1");
  s->set_clock_ms(t4 + 10 * kMinute);

  EXPECT_EQ(items_at(*s, t, kT0Ms), Items{});
  EXPECT_EQ(items_at(*s, t, t1 - 1), Items{});
  EXPECT_EQ(items_at(*s, t, t1), (Items{"a=1", "b=1", "c=1"}));  // that second's writes are in
  EXPECT_EQ(items_at(*s, t, t2 - kSecond), (Items{"a=1", "b=1", "c=1"}));
  EXPECT_EQ(items_at(*s, t, t2), (Items{"a=2", "c=1"}));
  EXPECT_EQ(items_at(*s, t, t3 + 5 * kSecond), (Items{"a=2", "c=2", "d=1"}));
  EXPECT_EQ(items_at(*s, t, t4), (Items{"b=3", "c=2", "d=1", "e=1"}));
  EXPECT_EQ(items(*s, t), (Items{"b=3", "c=2", "d=1", "e=1"}));  // the source is untouched
}

TEST(PointInTimeRestore, OopsRestoreToBeforeTheMistake) {
  auto s = start();
  const std::string t = pitr_table(*s);
  for (int i = 0; i < 20; ++i) put(*s, t, "k" + std::to_string(i), std::to_string(i));
  s->advance_clock_ms(10 * kMinute);
  const int64_t mistake = kT0Ms + 10 * kMinute;
  for (int i = 0; i < 20; i += 2)
    ok(*s, "DeleteItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"k)" + std::to_string(i) + R"("}}})");
  EXPECT_EQ(items(*s, t).size(), 10u);
  const std::string target = unique_table_name("R");
  // Five minutes ago is the latest restorable time, before the mistake.
  ApiResponse r = ok(*s, "RestoreTableToPointInTime",
                     R"({"SourceTableName":")" + t + R"(","TargetTableName":")" + target +
                         R"(","UseLatestRestorableTime":true})");
  ASSERT_TRUE(r.json.IsObject() && r.json.HasMember("TableDescription")) << r.body;
  const auto& d = r.json["TableDescription"];
  EXPECT_STREQ(d["TableName"].GetString(), target.c_str());
  EXPECT_EQ(d["ItemCount"].GetInt64(), 20);
  const auto& summary = d["RestoreSummary"];
  EXPECT_FALSE(summary.HasMember("SourceBackupArn"));
  EXPECT_EQ(std::string(summary["SourceTableArn"].GetString()), "arn:aws:dynamodb:us-east-1:000000000000:table/" + t);
  EXPECT_DOUBLE_EQ(summary["RestoreDateTime"].GetDouble(), static_cast<double>(mistake - 5 * kMinute) / 1000.0);
  EXPECT_FALSE(summary["RestoreInProgress"].GetBool());
  EXPECT_EQ(items(*s, target).size(), 20u);
  EXPECT_EQ(items(*s, target), items_at(*s, t, kT0Ms));
  // A restore does not carry point-in-time recovery over.
  ApiResponse pitr = ok(*s, "DescribeContinuousBackups", R"({"TableName":")" + target + R"("})");
  EXPECT_STREQ(pitr.json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"]
                   .GetString(),
               "DISABLED");
}

TEST(PointInTimeRestore, SourceByArnAndTheCurrentSettingsWithOverrides) {
  auto s = start();
  const std::string t = unique_table_name();
  ok(*s, "CreateTable",
     R"({"TableName":")" + t + R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},)"
     R"({"AttributeName":"g","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
     R"("BillingMode":"PAY_PER_REQUEST","GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":)"
     R"([{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})");
  ok(*s, "UpdateContinuousBackups",
     R"({"TableName":")" + t + R"(","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  ok(*s, "PutItem", R"({"TableName":")" + t + R"(","Item":{"id":{"S":"a"},"g":{"S":"x"},"v":{"S":"1"}}})");
  s->advance_clock_ms(kMinute);
  ok(*s, "PutItem", R"({"TableName":")" + t + R"(","Item":{"id":{"S":"a"},"g":{"S":"y"},"v":{"S":"2"}}})");
  s->advance_clock_ms(10 * kMinute);
  const std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + t;
  const std::string target = unique_table_name("R");
  ApiResponse r = ok(*s, "RestoreTableToPointInTime",
                     R"({"SourceTableArn":")" + arn + R"(","TargetTableName":")" + target +
                         R"(","RestoreDateTime":)" + seconds(kT0Ms + 30 * kSecond) +
                         R"(,"BillingModeOverride":"PROVISIONED","ProvisionedThroughputOverride":)"
                         R"({"ReadCapacityUnits":3,"WriteCapacityUnits":4}})");
  const auto& d = r.json["TableDescription"];
  EXPECT_EQ(d["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt(), 3);
  EXPECT_STREQ(d["GlobalSecondaryIndexes"][0]["IndexName"].GetString(), "byG");
  // The index is built from the item as it was.
  ApiResponse q = ok(*s, "Query", R"({"TableName":")" + target + R"(","IndexName":"byG",)"
                                  R"("KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"x"}}})");
  ASSERT_EQ(q.json["Count"].GetInt(), 1) << q.body;
  EXPECT_STREQ(q.json["Items"][0]["v"]["S"].GetString(), "1");
}

TEST(PointInTimeRestore, WindowBoundsFollowTheServerClock) {
  auto s = start();
  const std::string t = pitr_table(*s, 1);
  put(*s, t, "a", "1");
  // Right after enabling, earliest and latest are both the enabling time.
  EXPECT_EQ(items_at(*s, t, kT0Ms), (Items{"a=1"}));
  EXPECT_API_ERROR(restore_at(*s, t, unique_table_name("R"), kT0Ms + 1), 400, "InvalidRestoreTimeException",
                   "An invalid restore time was specified. RestoreDateTime must be between "
                   "EarliestRestorableDateTime and LatestRestorableDateTime.");
  s->advance_clock_ms(kMinute);
  put(*s, t, "a", "2");
  s->advance_clock_ms(kDay);  // now = T0 + 1 day + 1 minute: the window is [T0 + 1 minute, now - 5 minutes]
  const int64_t now = kT0Ms + kDay + kMinute;
  EXPECT_API_ERROR(restore_at(*s, t, unique_table_name("R"), kT0Ms + kMinute - 1), 400,
                   "InvalidRestoreTimeException",
                   "An invalid restore time was specified. RestoreDateTime must be between "
                   "EarliestRestorableDateTime and LatestRestorableDateTime.");
  EXPECT_EQ(items_at(*s, t, kT0Ms + kMinute), (Items{"a=2"}));
  EXPECT_EQ(items_at(*s, t, now - 5 * kMinute), (Items{"a=2"}));
  EXPECT_API_ERROR(restore_at(*s, t, unique_table_name("R"), now - 5 * kMinute + 1), 400,
                   "InvalidRestoreTimeException",
                   "An invalid restore time was specified. RestoreDateTime must be between "
                   "EarliestRestorableDateTime and LatestRestorableDateTime.");
  // In the future, too.
  EXPECT_API_ERROR(restore_at(*s, t, unique_table_name("R"), now + kDay), 400, "InvalidRestoreTimeException",
                   "An invalid restore time was specified. RestoreDateTime must be between "
                   "EarliestRestorableDateTime and LatestRestorableDateTime.");
}

TEST(PointInTimeRestore, PrunedHistoryStillRestoresTheWholeWindow) {
  auto s = start();
  const std::string t = pitr_table(*s, 1);
  put(*s, t, "old", "1");  // never changed again: comes from the live table
  put(*s, t, "gone", "1");
  s->advance_clock_ms(2 * kDay);
  // This write prunes the rows of two days ago (tests/unit/store_history_test.cc counts them).
  ok(*s, "DeleteItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"gone"}}})");
  const int64_t deleted_at = kT0Ms + 2 * kDay;
  s->advance_clock_ms(kMinute);
  put(*s, t, "new", "1");
  s->advance_clock_ms(10 * kMinute);
  const int64_t now = deleted_at + 11 * kMinute;
  EXPECT_EQ(items_at(*s, t, now - kDay), (Items{"old=1", "gone=1"}));  // the earliest restorable time
  EXPECT_EQ(items_at(*s, t, deleted_at + 30 * kSecond), (Items{"old=1"}));
  EXPECT_EQ(items_at(*s, t, now - 5 * kMinute), (Items{"old=1", "new=1"}));
}

TEST(PointInTimeRestore, DisablingForgetsTheHistory) {
  auto s = start();
  const std::string t = pitr_table(*s);
  put(*s, t, "a", "1");
  s->advance_clock_ms(10 * kMinute);
  ok(*s, "UpdateContinuousBackups",
     R"({"TableName":")" + t + R"(","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":false}})");
  EXPECT_API_ERROR(restore_at(*s, t, unique_table_name("R"), kT0Ms), 400, "PointInTimeRecoveryUnavailableException",
                   "Point in time recovery has not yet been enabled for this source table.");
  ok(*s, "DeleteItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"a"}}})");
  ok(*s, "UpdateContinuousBackups",
     R"({"TableName":")" + t + R"(","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  // The new window starts now: the time before it is not restorable.
  EXPECT_API_ERROR(restore_at(*s, t, unique_table_name("R"), kT0Ms), 400, "InvalidRestoreTimeException",
                   "An invalid restore time was specified. RestoreDateTime must be between "
                   "EarliestRestorableDateTime and LatestRestorableDateTime.");
  EXPECT_EQ(items_at(*s, t, kT0Ms + 10 * kMinute), Items{});
}

TEST(PointInTimeRestore, Errors) {
  auto s = start();
  const std::string t = pitr_table(*s);
  const std::string plain = unique_table_name();
  ok(*s, "CreateTable", hash_table_request(plain));
  s->advance_clock_ms(10 * kMinute);
  const std::string target = unique_table_name("R");
  auto restore = [&](const std::string& members) {
    return call_on(*s, "RestoreTableToPointInTime", "{" + members + "}");
  };
  const std::string latest = R"(,"UseLatestRestorableTime":true)";
  EXPECT_API_ERROR(restore(R"("TargetTableName":")" + target + "\"" + latest), 400, "ValidationException",
                   "Either SourceTableName or SourceTableArn must be specified");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(","SourceTableArn":"arn:aws:dynamodb:us-east-1:)"
                           R"(000000000000:table/)" + t + R"(","TargetTableName":")" + target + "\"" + latest),
                   400, "ValidationException", "Only one of SourceTableName or SourceTableArn can be specified");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(","TargetTableName":")" + target + "\""), 400,
                   "ValidationException", "Either RestoreDateTime or UseLatestRestorableTime must be specified");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(","TargetTableName":")" + target +
                           R"(","UseLatestRestorableTime":false)"),
                   400, "ValidationException", "Either RestoreDateTime or UseLatestRestorableTime must be specified");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(","TargetTableName":")" + target +
                           R"(","RestoreDateTime":)" + seconds(kT0Ms) + latest),
                   400, "ValidationException", "Only one of RestoreDateTime or UseLatestRestorableTime can be specified");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(","TargetTableName":")" + target +
                           R"(","RestoreDateTime":"yesterday")"),
                   400, "SerializationException", "STRING_VALUE cannot be converted to Date");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(")" + latest), 400, "ValidationException",
                   "1 validation error detected: Value null at 'targetTableName' failed to satisfy constraint: Member "
                   "must not be null");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(","TargetTableName":"a")" + latest), 400,
                   "ValidationException",
                   "1 validation error detected: Value 'a' at 'targetTableName' failed to satisfy constraint: Member "
                   "must have length greater than or equal to 3");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(","TargetTableName":")" + target +
                           R"(","BillingModeOverride":"FREE")" + latest),
                   400, "ValidationException",
                   "1 validation error detected: Value 'FREE' at 'billingModeOverride' failed to satisfy constraint: "
                   "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  const std::string missing = unique_table_name();
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + missing + R"(","TargetTableName":")" + target + "\"" + latest),
                   400, "TableNotFoundException", "Table not found: " + missing);
  const std::string other_account = "arn:aws:dynamodb:us-east-1:111111111111:table/" + t;
  EXPECT_API_ERROR(restore(R"("SourceTableArn":")" + other_account + R"(","TargetTableName":")" + target + "\"" +
                           latest),
                   400, "TableNotFoundException", "Table not found: " + other_account);
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + plain + R"(","TargetTableName":")" + target + "\"" + latest),
                   400, "PointInTimeRecoveryUnavailableException",
                   "Point in time recovery has not yet been enabled for this source table.");
  EXPECT_API_ERROR(restore(R"("SourceTableName":")" + t + R"(","TargetTableName":")" + plain + "\"" + latest), 400,
                   "TableAlreadyExistsException", "Table already exists: " + plain);
  // Nothing was created by the refused requests, and the server still serves.
  EXPECT_API_ERROR(call_on(*s, "DescribeTable", R"({"TableName":")" + target + R"("})"), 400,
                   "ResourceNotFoundException", "Requested resource not found: Table: " + target + " not found");
  ASSERT_API_OK(restore(R"("SourceTableName":")" + t + R"(","TargetTableName":")" + target + "\"" + latest));
}

TEST(PointInTimeRestore, FileDatabaseKeepsTheHistoryAcrossRestart) {
  test_support::TempDatabaseFile file("dynemu-pitr");
  const std::string& path = file.path();
  auto options = pitr_options();
  options.in_memory = false;
  options.db_path = path;
  std::string t;
  {
    auto s = start(options);
    t = pitr_table(*s);
    put(*s, t, "a", "1");
    put(*s, t, "b", "1");
    s->advance_clock_ms(10 * kMinute);
    ok(*s, "DeleteItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"a"}}})");
    put(*s, t, "b", "2");
    s->stop();
  }
  {
    auto s = start(options, kT0Ms + 20 * kMinute);
    EXPECT_EQ(items(*s, t), (Items{"b=2"}));
    EXPECT_EQ(items_at(*s, t, kT0Ms + kMinute), (Items{"a=1", "b=1"}));
    EXPECT_EQ(items_at(*s, t, kT0Ms + 10 * kMinute), (Items{"b=2"}));
    s->stop();
  }
}

}  // namespace
}  // namespace dynemu::testing_support
