// UpdateTimeToLive and DescribeTimeToLive over HTTP: settings, DynamoDB's transitions and errors,
// the one-hour rule and the ENABLING/DISABLING windows, all driven by the server clock.
#include <memory>
#include <string>

#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr int64_t kT0Ms = int64_t{1700000000} * 1000;
constexpr int64_t kHourMs = int64_t{3600} * 1000;

// A server of its own: these tests move its clock (frozen at kT0Ms) and must not move the shared one.
std::unique_ptr<dynemu::Server> ttl_server(bool delay_transient_statuses = false) {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.ttl_sweep_period_ms = 0;
  options.delay_transient_statuses = delay_transient_statuses;
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  s->freeze_clock();
  s->set_clock_ms(kT0Ms);
  return s;
}

std::string spec(const std::string& table, bool enabled, const std::string& attribute) {
  return R"({"TableName":")" + table + R"(","TimeToLiveSpecification":{"Enabled":)" + (enabled ? "true" : "false") +
         R"(,"AttributeName":")" + attribute + R"("}})";
}

ApiResponse update_ttl(dynemu::Server& s, const std::string& table, bool enabled, const std::string& attribute) {
  return call_on(s, "UpdateTimeToLive", spec(table, enabled, attribute));
}

ApiResponse describe_ttl(dynemu::Server& s, const std::string& table) {
  return call_on(s, "DescribeTimeToLive", R"({"TableName":")" + table + R"("})");
}

std::string create_on(dynemu::Server& s) {
  const std::string name = unique_table_name();
  auto r = call_on(s, "CreateTable", hash_table_request(name));
  EXPECT_EQ(r.status, 200) << r.body;
  return name;
}

constexpr const char* kAlreadyEnabled = "TimeToLive is already enabled";
constexpr const char* kAlreadyDisabled = "TimeToLive is already disabled";
constexpr const char* kTooOften = "Time to live has been modified multiple times within a fixed interval";

TEST(TimeToLive, EnableDescribeDisable) {
  auto server = ttl_server();
  const std::string t = create_on(*server);
  auto fresh = describe_ttl(*server, t);
  ASSERT_API_OK(fresh);
  EXPECT_EQ(fresh.body, R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");

  auto enabled = update_ttl(*server, t, true, "expires");
  ASSERT_API_OK(enabled);
  EXPECT_EQ(enabled.body, R"({"TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}})");
  auto described = describe_ttl(*server, t);
  ASSERT_API_OK(described);
  EXPECT_EQ(described.body, R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"expires"}})");
  // DescribeTable does not show TTL, as in DynamoDB.
  auto table = call_on(*server, "DescribeTable", R"({"TableName":")" + t + R"("})");
  ASSERT_API_OK(table);
  EXPECT_EQ(table.body.find("TimeToLive"), std::string::npos) << table.body;
  EXPECT_EQ(table.body.find("expires"), std::string::npos) << table.body;

  server->advance_clock_ms(kHourMs);
  auto disabled = update_ttl(*server, t, false, "expires");
  ASSERT_API_OK(disabled);
  EXPECT_EQ(disabled.body, R"({"TimeToLiveSpecification":{"Enabled":false,"AttributeName":"expires"}})");
  // A disabled TTL shows no attribute.
  EXPECT_EQ(describe_ttl(*server, t).body, R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
}

TEST(TimeToLive, TransitionsDynamoDBRefuses) {
  auto server = ttl_server();
  const std::string t = create_on(*server);
  EXPECT_API_ERROR(update_ttl(*server, t, false, "expires"), 400, "ValidationException", kAlreadyDisabled);
  ASSERT_API_OK(update_ttl(*server, t, true, "expires"));
  // Content checks come before the one-hour rule.
  EXPECT_API_ERROR(update_ttl(*server, t, true, "expires"), 400, "ValidationException", kAlreadyEnabled);
  EXPECT_API_ERROR(update_ttl(*server, t, true, "other"), 400, "ValidationException",
                   "TimeToLive is active on a different AttributeName: current AttributeName is expires");
  EXPECT_API_ERROR(update_ttl(*server, t, false, "other"), 400, "ValidationException",
                   "TimeToLive is active on a different AttributeName: current AttributeName is expires");
  // The right change, but within the hour.
  EXPECT_API_ERROR(update_ttl(*server, t, false, "expires"), 400, "ValidationException", kTooOften);
  server->advance_clock_ms(kHourMs - 1);
  EXPECT_API_ERROR(update_ttl(*server, t, false, "expires"), 400, "ValidationException", kTooOften);
  server->advance_clock_ms(1);
  ASSERT_API_OK(update_ttl(*server, t, false, "expires"));
  EXPECT_API_ERROR(update_ttl(*server, t, false, "expires"), 400, "ValidationException", kAlreadyDisabled);
  EXPECT_API_ERROR(update_ttl(*server, t, false, "other"), 400, "ValidationException", kAlreadyDisabled);
  // Disabling started a new hour; a refused call does not extend it.
  EXPECT_API_ERROR(update_ttl(*server, t, true, "renamed"), 400, "ValidationException", kTooOften);
  server->advance_clock_ms(kHourMs);
  ASSERT_API_OK(update_ttl(*server, t, true, "renamed"));
  EXPECT_EQ(describe_ttl(*server, t).body,
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"renamed"}})");
}

TEST(TimeToLive, TablesAreIndependent) {
  auto server = ttl_server();
  const std::string a = create_on(*server), b = create_on(*server);
  ASSERT_API_OK(update_ttl(*server, a, true, "x"));
  ASSERT_API_OK(update_ttl(*server, b, true, "y"));  // the hour is per table
  EXPECT_EQ(describe_ttl(*server, a).body, R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"x"}})");
  EXPECT_EQ(describe_ttl(*server, b).body, R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"y"}})");
}

TEST(TimeToLive, ValidationErrors) {
  auto& s = shared_server();
  const std::string t = create_hash_table();
  EXPECT_API_ERROR(call_on(s, "UpdateTimeToLive", R"({"TableName":")" + t + R"("})"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy "
                   "constraint: Member must not be null");
  EXPECT_API_ERROR(call_on(s, "UpdateTimeToLive", R"({"TableName":")" + t + R"(","TimeToLiveSpecification":{}})"), 400,
                   "ValidationException",
                   "2 validation errors detected: Value null at 'timeToLiveSpecification.attributeName' failed to "
                   "satisfy constraint: Member must not be null; Value null at 'timeToLiveSpecification.enabled' failed "
                   "to satisfy constraint: Member must not be null");
  EXPECT_API_ERROR(call_on(s, "UpdateTimeToLive", spec(t, true, "")), 400, "ValidationException",
                   "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy "
                   "constraint: Member must have length greater than or equal to 1");
  const std::string long_name(256, 'a');
  EXPECT_API_ERROR(call_on(s, "UpdateTimeToLive", spec(t, true, long_name)), 400, "ValidationException",
                   "1 validation error detected: Value '" + long_name +
                       "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have "
                       "length less than or equal to 255");
  EXPECT_API_ERROR(call_on(s, "UpdateTimeToLive", R"({"TimeToLiveSpecification":{"Enabled":true}})"), 400,
                   "ValidationException",
                   "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null; Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
                   "Member must not be null");
  EXPECT_API_ERROR(call_on(s, "UpdateTimeToLive", spec("a*", true, "x")), 400, "ValidationException",
                   "2 validation errors detected: Value 'a*' at 'tableName' failed to satisfy constraint: Member must "
                   "satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a*' at 'tableName' failed to satisfy "
                   "constraint: Member must have length greater than or equal to 3");
  auto mistyped = call_on(s, "UpdateTimeToLive",
                          R"({"TableName":")" + t + R"(","TimeToLiveSpecification":{"Enabled":"yes","AttributeName":"x"}})");
  EXPECT_EQ(mistyped.status, 400) << mistyped.body;
  EXPECT_EQ(mistyped.error_type(), "SerializationException") << mistyped.body;
  EXPECT_API_ERROR(call_on(s, "UpdateTimeToLive", spec("NoSuchTable_ttl", true, "x")), 400,
                   "ResourceNotFoundException", "Requested resource not found: Table: NoSuchTable_ttl not found");
  EXPECT_API_ERROR(call_on(s, "DescribeTimeToLive", R"({"TableName":"NoSuchTable_ttl"})"), 400,
                   "ResourceNotFoundException", "Requested resource not found: Table: NoSuchTable_ttl not found");
  EXPECT_API_ERROR(call_on(s, "DescribeTimeToLive", "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null");
  // Nothing was changed by the refused requests.
  EXPECT_EQ(call_on(s, "DescribeTimeToLive", R"({"TableName":")" + t + R"("})").body,
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
}

TEST(TimeToLive, TransientStatusWindows) {
  auto server = ttl_server(true);  // 500 ms windows, measured on the frozen clock
  const std::string t = unique_table_name();
  ASSERT_API_OK(call_on(*server, "CreateTable", hash_table_request(t)));
  EXPECT_API_ERROR(update_ttl(*server, t, true, "expires"), 400, "ResourceInUseException",
                   "Attempt to change a resource which is still in use: Table " + t + " is being created");
  EXPECT_API_ERROR(describe_ttl(*server, t), 400, "ValidationException",
                   "Cannot describe time to live while table is in CREATING state: Current table state is CREATING");
  server->advance_clock_ms(600);

  ASSERT_API_OK(update_ttl(*server, t, true, "expires"));
  EXPECT_EQ(describe_ttl(*server, t).body,
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLING","AttributeName":"expires"}})");
  server->advance_clock_ms(600);
  EXPECT_EQ(describe_ttl(*server, t).body,
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"expires"}})");

  server->advance_clock_ms(kHourMs);
  // An UPDATING table accepts the change.
  ASSERT_API_OK(call_on(*server, "UpdateTable", R"({"TableName":")" + t + R"(","DeletionProtectionEnabled":false})"));
  ASSERT_API_OK(update_ttl(*server, t, false, "expires"));
  EXPECT_EQ(describe_ttl(*server, t).body,
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLING","AttributeName":"expires"}})");
  server->advance_clock_ms(600);
  EXPECT_EQ(describe_ttl(*server, t).body, R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");

  ASSERT_API_OK(call_on(*server, "DeleteTable", R"({"TableName":")" + t + R"("})"));
  EXPECT_API_ERROR(describe_ttl(*server, t), 400, "ValidationException",
                   "Cannot describe time to live while table is in DELETING state: Current table state is DELETING");
  server->advance_clock_ms(600);
  EXPECT_API_ERROR(describe_ttl(*server, t), 400, "ResourceNotFoundException",
                   "Requested resource not found: Table: " + t + " not found");
}

}  // namespace
}  // namespace dynemu::testing_support
