// DescribeLimits, DescribeEndpoints, Contributor Insights (Update/Describe/ListContributorInsights)
// and Kinesis streaming destinations (Enable/Disable/Describe/UpdateKinesisStreamingDestination)
// over HTTP: their answers, errors, status transitions and the state kept per table.
#include <memory>
#include <string>

#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr int64_t kT0 = int64_t{1700000000} * 1000;
const std::string kStream = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";

std::string table_arn_of(const std::string& table) { return "arn:aws:dynamodb:us-east-1:000000000000:table/" + table; }

std::string gsi_table_request(const std::string& name) {
  return R"({"TableName":")" + name +
         R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"owner","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",)"
         R"("GlobalSecondaryIndexes":[{"IndexName":"ByOwner","KeySchema":[{"AttributeName":"owner","KeyType":"HASH"},)"
         R"({"AttributeName":"pk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]})";
}

std::unique_ptr<dynemu::Server> delayed_server() {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.delay_transient_statuses = true;
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  s->freeze_clock();
  s->set_clock_ms(kT0);
  return s;
}

TEST(AccountInformation, DescribeLimitsAnswersDynamoDbsDefaultQuotas) {
  const ApiResponse r = call("DescribeLimits", "{}");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.body, R"({"AccountMaxReadCapacityUnits":80000,"AccountMaxWriteCapacityUnits":80000,)"
                    R"("TableMaxReadCapacityUnits":40000,"TableMaxWriteCapacityUnits":40000})");
}

TEST(AccountInformation, DescribeEndpointsNamesTheSigningRegion) {
  const ApiResponse r = call("DescribeEndpoints", "{}");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.body, R"({"Endpoints":[{"Address":"dynamodb.us-east-1.amazonaws.com","CachePeriodInMinutes":1440}]})");
}

TEST(ContributorInsights, EnableDescribeDisableRoundTripOnTableAndIndex) {
  auto s = delayed_server();
  const std::string t = unique_table_name();
  ASSERT_API_OK(call_on(*s, "CreateTable", gsi_table_request(t)));
  s->advance_clock_ms(1000);
  const std::string describe_table = R"({"TableName":")" + t + R"("})";
  // Never enabled: DISABLED, no rules, no LastUpdateDateTime.
  EXPECT_EQ(call_on(*s, "DescribeContributorInsights", describe_table).body,
            R"({"TableName":")" + t + R"(","ContributorInsightsRuleList":[],"ContributorInsightsStatus":"DISABLED"})");

  const int64_t enabled_at = kT0 + 1000;
  ApiResponse r = call_on(*s, "UpdateContributorInsights",
                          R"({"TableName":")" + t + R"(","ContributorInsightsAction":"ENABLE"})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.body, R"({"TableName":")" + t +
                        R"(","ContributorInsightsStatus":"ENABLING","ContributorInsightsMode":"ACCESSED_AND_THROTTLED_KEYS"})");
  r = call_on(*s, "DescribeContributorInsights", describe_table);
  EXPECT_EQ(json_at(r.json, "ContributorInsightsStatus"), R"("ENABLING")");
  s->advance_clock_ms(1000);
  r = call_on(*s, "DescribeContributorInsights", describe_table);
  EXPECT_EQ(json_at(r.json, "ContributorInsightsStatus"), R"("ENABLED")");
  EXPECT_EQ(json_at(r.json, "LastUpdateDateTime"), "1700000001.0");
  const std::string suffix = "-" + t + "-" + std::to_string(enabled_at);
  EXPECT_EQ(json_at(r.json, "ContributorInsightsRuleList"),
            R"(["DynamoDBContributorInsights-PKC)" + suffix + R"(","DynamoDBContributorInsights-PKT)" + suffix + R"("])");
  EXPECT_FALSE(r.json.HasMember("FailureException"));

  // The index is separate: still DISABLED; enabling it (by table ARN) names its rules, sort key included.
  r = call_on(*s, "UpdateContributorInsights", R"({"TableName":")" + table_arn_of(t) +
                                                   R"(","IndexName":"ByOwner","ContributorInsightsAction":"ENABLE"})");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "IndexName"), R"("ByOwner")");
  s->advance_clock_ms(1000);
  r = call_on(*s, "DescribeContributorInsights", R"({"TableName":")" + t + R"(","IndexName":"ByOwner"})");
  EXPECT_EQ(json_at(r.json, "ContributorInsightsStatus"), R"("ENABLED")");
  EXPECT_EQ(r.json["ContributorInsightsRuleList"].Size(), 4u);

  ASSERT_API_OK(call_on(*s, "UpdateContributorInsights",
                        R"({"TableName":")" + t + R"(","ContributorInsightsAction":"DISABLE"})"));
  EXPECT_EQ(json_at(call_on(*s, "DescribeContributorInsights", describe_table).json, "ContributorInsightsStatus"),
            R"("DISABLING")");
  s->advance_clock_ms(1000);
  r = call_on(*s, "DescribeContributorInsights", describe_table);
  EXPECT_EQ(json_at(r.json, "ContributorInsightsStatus"), R"("DISABLED")");
  EXPECT_EQ(json_at(r.json, "ContributorInsightsRuleList"), "[]");
  EXPECT_EQ(json_at(r.json, "LastUpdateDateTime"), "1700000003.0");

  // ListContributorInsights: the table, then its index; MaxResults pages with NextToken.
  r = call_on(*s, "ListContributorInsights", R"({"TableName":")" + t + R"("})");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "ContributorInsightsSummaries"),
            R"([{"TableName":")" + t + R"(","ContributorInsightsStatus":"DISABLED","ContributorInsightsMode":"ACCESSED_AND_THROTTLED_KEYS"},)"
            R"({"TableName":")" + t + R"(","IndexName":"ByOwner","ContributorInsightsStatus":"ENABLED","ContributorInsightsMode":"ACCESSED_AND_THROTTLED_KEYS"}])");
  r = call_on(*s, "ListContributorInsights", R"({"TableName":")" + t + R"(","MaxResults":1})");
  ASSERT_EQ(r.json["ContributorInsightsSummaries"].Size(), 1u);
  ASSERT_TRUE(r.json.HasMember("NextToken"));
  r = call_on(*s, "ListContributorInsights",
              R"({"TableName":")" + t + R"(","MaxResults":1,"NextToken":)" + to_json(r.json["NextToken"]) + "}");
  ASSERT_EQ(r.json["ContributorInsightsSummaries"].Size(), 1u);
  EXPECT_EQ(json_at(r.json["ContributorInsightsSummaries"][0], "IndexName"), R"("ByOwner")");
  EXPECT_FALSE(r.json.HasMember("NextToken"));
}

TEST(ContributorInsights, Errors) {
  const std::string t = unique_table_name();
  create_table_ok(hash_table_request(t));
  EXPECT_API_ERROR(call("UpdateContributorInsights", "{}"), 400, "ValidationException",
                   "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null; Value null at 'contributorInsightsAction' failed to satisfy constraint: Member must "
                   "not be null");
  EXPECT_API_ERROR(call("UpdateContributorInsights", R"({"TableName":")" + t + R"(","ContributorInsightsAction":"ON"})"),
                   400, "ValidationException",
                   "1 validation error detected: Value 'ON' at 'contributorInsightsAction' failed to satisfy "
                   "constraint: Member must satisfy enum value set: [ENABLE, DISABLE]");
  EXPECT_API_ERROR(call("UpdateContributorInsights", R"({"TableName":"Missing_ci","ContributorInsightsAction":"ENABLE"})"),
                   400, "ResourceNotFoundException", "Requested resource not found: Table: Missing_ci not found");
  EXPECT_API_ERROR(call("DescribeContributorInsights", R"({"TableName":")" + t + R"(","IndexName":"NoSuchIndex"})"), 400,
                   "ResourceNotFoundException", "Requested resource not found: Index: NoSuchIndex not found");
  EXPECT_API_ERROR(call("DescribeContributorInsights", R"({"TableName":"arn:aws:dynamodb:eu-west-1:000000000000:table/)" + t + R"("})"),
                   400, "ResourceNotFoundException",
                   "Requested resource not found: Table: arn:aws:dynamodb:eu-west-1:000000000000:table/" + t + " not found");
  EXPECT_API_ERROR(call("ListContributorInsights", R"({"MaxResults":101})"), 400, "ValidationException",
                   "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must "
                   "have value less than or equal to 100");
  EXPECT_API_ERROR(call("DescribeContributorInsights", R"({"TableName":5})"), 400, "SerializationException",
                   "NUMBER_VALUE cannot be converted to String");
}

TEST(KinesisStreamingDestination, EnableUpdateDisableWithStatusTransitions) {
  auto s = delayed_server();
  const std::string t = unique_table_name();
  ASSERT_API_OK(call_on(*s, "CreateTable", hash_table_request(t)));
  s->advance_clock_ms(1000);
  const std::string describe = R"({"TableName":")" + t + R"("})";
  EXPECT_EQ(call_on(*s, "DescribeKinesisStreamingDestination", describe).body,
            R"({"TableName":")" + t + R"(","KinesisDataStreamDestinations":[]})");

  ApiResponse r = call_on(*s, "EnableKinesisStreamingDestination",
                          R"({"TableName":")" + t + R"(","StreamArn":")" + kStream +
                              R"(","EnableKinesisStreamingConfiguration":{"ApproximateCreationDateTimePrecision":"MICROSECOND"}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.body, R"({"TableName":")" + t + R"(","StreamArn":")" + kStream +
                        R"(","DestinationStatus":"ENABLING","EnableKinesisStreamingConfiguration":{"ApproximateCreationDateTimePrecision":"MICROSECOND"}})");
  auto status = [&]() {
    const ApiResponse d = call_on(*s, "DescribeKinesisStreamingDestination", describe);
    return to_json(d.json["KinesisDataStreamDestinations"]);
  };
  EXPECT_EQ(status(), R"([{"StreamArn":")" + kStream + R"(","DestinationStatus":"ENABLING","ApproximateCreationDateTimePrecision":"MICROSECOND"}])");
  // Not ACTIVE yet: the precision cannot be updated.
  const std::string update = R"({"TableName":")" + t + R"(","StreamArn":")" + kStream +
                             R"(","UpdateKinesisStreamingConfiguration":{"ApproximateCreationDateTimePrecision":"MILLISECOND"}})";
  EXPECT_API_ERROR(call_on(*s, "UpdateKinesisStreamingDestination", update), 400, "ValidationException",
                   "Table is not streaming to the Kinesis data stream: " + kStream);
  s->advance_clock_ms(1000);
  EXPECT_EQ(status(), R"([{"StreamArn":")" + kStream + R"(","DestinationStatus":"ACTIVE","ApproximateCreationDateTimePrecision":"MICROSECOND"}])");
  const std::string enable = R"({"TableName":")" + t + R"(","StreamArn":")" + kStream + R"("})";
  EXPECT_API_ERROR(call_on(*s, "EnableKinesisStreamingDestination", enable), 400, "ResourceInUseException",
                   "Table is already streaming to the Kinesis data stream: " + kStream);

  r = call_on(*s, "UpdateKinesisStreamingDestination", update);
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "DestinationStatus"), R"("UPDATING")");
  EXPECT_EQ(json_at(r.json, "UpdateKinesisStreamingConfiguration"), R"({"ApproximateCreationDateTimePrecision":"MILLISECOND"})");
  s->advance_clock_ms(1000);
  EXPECT_EQ(status(), R"([{"StreamArn":")" + kStream + R"(","DestinationStatus":"ACTIVE","ApproximateCreationDateTimePrecision":"MILLISECOND"}])");

  r = call_on(*s, "DisableKinesisStreamingDestination", enable);
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(r.json, "DestinationStatus"), R"("DISABLING")");
  s->advance_clock_ms(1000);
  EXPECT_EQ(status(), R"([{"StreamArn":")" + kStream + R"(","DestinationStatus":"DISABLED","ApproximateCreationDateTimePrecision":"MILLISECOND"}])");
  EXPECT_API_ERROR(call_on(*s, "DisableKinesisStreamingDestination", enable), 400, "ValidationException",
                   "Table is not streaming to the Kinesis data stream: " + kStream);
  // Enabled again, the same destination entry returns to ACTIVE.
  ASSERT_API_OK(call_on(*s, "EnableKinesisStreamingDestination", enable));
  s->advance_clock_ms(1000);
  EXPECT_EQ(status(), R"([{"StreamArn":")" + kStream + R"(","DestinationStatus":"ACTIVE","ApproximateCreationDateTimePrecision":"MILLISECOND"}])");
}

TEST(KinesisStreamingDestination, Errors) {
  const std::string t = unique_table_name();
  create_table_ok(hash_table_request(t));
  EXPECT_API_ERROR(call("EnableKinesisStreamingDestination", "{}"), 400, "ValidationException",
                   "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null; Value null at 'streamArn' failed to satisfy constraint: Member must not be null");
  EXPECT_API_ERROR(call("EnableKinesisStreamingDestination", R"({"TableName":")" + t + R"(","StreamArn":"arn:short"})"),
                   400, "ValidationException",
                   "1 validation error detected: Value 'arn:short' at 'streamArn' failed to satisfy constraint: Member "
                   "must have length greater than or equal to 37");
  const std::string not_kinesis = "arn:aws:sqs:us-east-1:000000000000:queue-with-a-long-name";
  EXPECT_API_ERROR(call("EnableKinesisStreamingDestination", R"({"TableName":")" + t + R"(","StreamArn":")" + not_kinesis + R"("})"),
                   400, "ValidationException", "Invalid StreamArn: " + not_kinesis);
  EXPECT_API_ERROR(call("EnableKinesisStreamingDestination",
                        R"({"TableName":")" + t + R"(","StreamArn":")" + kStream +
                            R"(","EnableKinesisStreamingConfiguration":{"ApproximateCreationDateTimePrecision":"SECOND"}})"),
                   400, "ValidationException",
                   "1 validation error detected: Value 'SECOND' at "
                   "'enableKinesisStreamingConfiguration.approximateCreationDateTimePrecision' failed to satisfy "
                   "constraint: Member must satisfy enum value set: [MILLISECOND, MICROSECOND]");
  EXPECT_API_ERROR(call("DescribeKinesisStreamingDestination", R"({"TableName":"Missing_kinesis"})"), 400,
                   "ResourceNotFoundException", "Requested resource not found: Table: Missing_kinesis not found");
  EXPECT_API_ERROR(call("EnableKinesisStreamingDestination", R"({"TableName":"Missing_kinesis","StreamArn":")" + kStream + R"("})"),
                   400, "ResourceNotFoundException", "Requested resource not found: Table: Missing_kinesis not found");
}

}  // namespace
}  // namespace dynemu::testing_support
