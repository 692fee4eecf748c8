// UpdateContinuousBackups and DescribeContinuousBackups over HTTP: the settings kept and described
// back, the restorable window from the server clock, DynamoDB's validation and its errors.
#include <memory>
#include <string>

#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr int64_t kT0Ms = int64_t{1700000000} * 1000;
constexpr double kT0 = 1700000000.0;
constexpr double kDay = 86400.0;

// A server of its own: these tests move its clock (frozen at kT0Ms).
std::unique_ptr<dynemu::Server> pitr_server(bool delay_transient_statuses = false) {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.delay_transient_statuses = delay_transient_statuses;
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  s->freeze_clock();
  s->set_clock_ms(kT0Ms);
  return s;
}

std::string create_on(dynemu::Server& s) {
  const std::string name = unique_table_name();
  auto r = call_on(s, "CreateTable", hash_table_request(name));
  EXPECT_EQ(r.status, 200) << r.body;
  return name;
}

ApiResponse update(dynemu::Server& s, const std::string& table, const std::string& spec) {
  return call_on(s, "UpdateContinuousBackups",
                 R"({"TableName":")" + table + R"(","PointInTimeRecoverySpecification":)" + spec + "}");
}
ApiResponse describe_backups(dynemu::Server& s, const std::string& table) {
  return call_on(s, "DescribeContinuousBackups", R"({"TableName":")" + table + R"("})");
}

TEST(ContinuousBackups, NewTableHasPitrDisabled) {
  auto s = pitr_server();
  const std::string table = create_on(*s);
  auto r = describe_backups(*s, table);
  ASSERT_API_OK(r);
  EXPECT_EQ(to_json(r.json),
            R"({"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED",)"
            R"("PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"DISABLED"}}})");
}

TEST(ContinuousBackups, EnableDescribeWindowAndDisable) {
  auto s = pitr_server();
  const std::string table = create_on(*s);
  auto enabled = update(*s, table, R"({"PointInTimeRecoveryEnabled":true})");
  ASSERT_API_OK(enabled);
  const auto& d = enabled.json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"];
  EXPECT_STREQ(d["PointInTimeRecoveryStatus"].GetString(), "ENABLED");
  EXPECT_EQ(d["RecoveryPeriodInDays"].GetInt(), 35);  // the default
  EXPECT_DOUBLE_EQ(d["EarliestRestorableDateTime"].GetDouble(), kT0);
  EXPECT_DOUBLE_EQ(d["LatestRestorableDateTime"].GetDouble(), kT0);  // never before the earliest

  // An hour on: latest is five minutes before now; earliest stays at the enabling time.
  s->advance_clock_ms(int64_t{3600} * 1000);
  auto later = describe_backups(*s, table);
  ASSERT_API_OK(later);
  const auto& l = later.json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"];
  EXPECT_DOUBLE_EQ(l["EarliestRestorableDateTime"].GetDouble(), kT0);
  EXPECT_DOUBLE_EQ(l["LatestRestorableDateTime"].GetDouble(), kT0 + 3600 - 300);

  // A shorter period, set while enabled: the window's start follows the clock once past it.
  ASSERT_API_OK(update(*s, table, R"({"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":2})"));
  s->advance_clock_ms(int64_t{3} * 86400 * 1000);
  auto windowed = describe_backups(*s, table);
  const auto& w = windowed.json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"];
  EXPECT_EQ(w["RecoveryPeriodInDays"].GetInt(), 2);
  EXPECT_DOUBLE_EQ(w["EarliestRestorableDateTime"].GetDouble(), kT0 + 3600 + 3 * kDay - 2 * kDay);

  auto disabled = update(*s, table, R"({"PointInTimeRecoveryEnabled":false})");
  ASSERT_API_OK(disabled);
  EXPECT_EQ(to_json(disabled.json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]),
            R"({"PointInTimeRecoveryStatus":"DISABLED"})");
  // Enabled again without a period: 35 days, a new window from now.
  auto again = update(*s, table, R"({"PointInTimeRecoveryEnabled":true})");
  const auto& a = again.json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"];
  EXPECT_EQ(a["RecoveryPeriodInDays"].GetInt(), 35);
  EXPECT_DOUBLE_EQ(a["EarliestRestorableDateTime"].GetDouble(), kT0 + 3600 + 3 * kDay);
}

TEST(ContinuousBackups, ValidationErrors) {
  auto s = pitr_server();
  const std::string table = create_on(*s);
  EXPECT_API_ERROR(update(*s, table, R"({"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":36})"), 400,
                   "ValidationException",
                   "1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' "
                   "failed to satisfy constraint: Member must have value less than or equal to 35");
  EXPECT_API_ERROR(update(*s, table, R"({"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":0})"), 400,
                   "ValidationException",
                   "1 validation error detected: Value '0' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' "
                   "failed to satisfy constraint: Member must have value greater than or equal to 1");
  EXPECT_API_ERROR(update(*s, table, "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at "
                   "'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: "
                   "Member must not be null");
  EXPECT_API_ERROR(call_on(*s, "UpdateContinuousBackups", "{}"), 400, "ValidationException",
                   "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null; Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: "
                   "Member must not be null");
  EXPECT_API_ERROR(update(*s, table, R"({"PointInTimeRecoveryEnabled":false,"RecoveryPeriodInDays":7})"), 400,
                   "ValidationException",
                   "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.");
  EXPECT_API_ERROR(update(*s, table, R"({"PointInTimeRecoveryEnabled":"yes"})"), 400, "SerializationException",
                   "Unexpected token received from parser");
  EXPECT_API_ERROR(call_on(*s, "DescribeContinuousBackups", "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null");
  // Nothing of the refused requests was applied.
  EXPECT_EQ(to_json(describe_backups(*s, table).json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]),
            R"({"PointInTimeRecoveryStatus":"DISABLED"})");
}

TEST(ContinuousBackups, MissingTablesAndArns) {
  auto s = pitr_server();
  const std::string missing = unique_table_name();
  EXPECT_API_ERROR(describe_backups(*s, missing), 400, "TableNotFoundException", "Table not found: " + missing);
  EXPECT_API_ERROR(update(*s, missing, R"({"PointInTimeRecoveryEnabled":true})"), 400, "TableNotFoundException",
                   "Table not found: " + missing);
  const std::string table = create_on(*s);
  const std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + table;
  ASSERT_API_OK(update(*s, arn, R"({"PointInTimeRecoveryEnabled":true})"));  // TableName takes an ARN
  auto by_name = describe_backups(*s, table);
  EXPECT_STREQ(by_name.json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
                           ["PointInTimeRecoveryStatus"].GetString(),
               "ENABLED");
  const std::string elsewhere = "arn:aws:dynamodb:eu-west-1:000000000000:table/" + table;
  EXPECT_API_ERROR(describe_backups(*s, elsewhere), 400, "TableNotFoundException", "Table not found: " + elsewhere);
}

TEST(ContinuousBackups, TableBeingCreatedIsNotFound) {
  auto s = pitr_server(true);
  const std::string table = create_on(*s);
  EXPECT_API_ERROR(update(*s, table, R"({"PointInTimeRecoveryEnabled":true})"), 400, "TableNotFoundException",
                   "Table not found: " + table);
  EXPECT_API_ERROR(describe_backups(*s, table), 400, "TableNotFoundException", "Table not found: " + table);
  s->advance_clock_ms(1000);
  ASSERT_API_OK(update(*s, table, R"({"PointInTimeRecoveryEnabled":true})"));
}

TEST(ContinuousBackups, SettingsSurviveOtherTableChanges) {
  auto s = pitr_server();
  const std::string table = create_on(*s);
  ASSERT_API_OK(update(*s, table, R"({"PointInTimeRecoveryEnabled":true,"RecoveryPeriodInDays":9})"));
  ASSERT_API_OK(call_on(*s, "TagResource", R"({"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/)" +
                                               table + R"(","Tags":[{"Key":"k","Value":"v"}]})"));
  ASSERT_API_OK(call_on(*s, "UpdateTable", R"({"TableName":")" + table + R"(","DeletionProtectionEnabled":true})"));
  auto r = describe_backups(*s, table);
  EXPECT_EQ(r.json["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"].GetInt(), 9);
  EXPECT_FALSE(call_on(*s, "DescribeTable", R"({"TableName":")" + table + R"("})").json["Table"].HasMember(
      "_PointInTimeRecovery"));
}

}  // namespace
}  // namespace dynemu::testing_support
