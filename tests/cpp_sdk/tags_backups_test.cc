// Tags and point-in-time recovery settings through DynamoDBClient: CreateTable's Tags, TagResource,
// UntagResource, ListTagsOfResource (on the ARN DescribeTable reports), UpdateContinuousBackups and
// DescribeContinuousBackups, and their typed errors.
//
// 1.8.34's PointInTimeRecoverySpecification/Description have no RecoveryPeriodInDays (a later API
// addition), so the SDK never sends one and never reads one back: these tests see DynamoDB's
// default period of 35 days only through the restorable times it bounds.
#include <chrono>

#include <aws/dynamodb/model/CreateTableRequest.h>
#include <aws/dynamodb/model/DescribeContinuousBackupsRequest.h>
#include <aws/dynamodb/model/DescribeTableRequest.h>
#include <aws/dynamodb/model/ListTagsOfResourceRequest.h>
#include <aws/dynamodb/model/TagResourceRequest.h>
#include <aws/dynamodb/model/UntagResourceRequest.h>
#include <aws/dynamodb/model/UpdateContinuousBackupsRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using ::testing::ElementsAre;
using ::testing::Pair;

class TagsBackupsTest : public cpp_sdk::SdkTest {
 protected:
  // How far past a computed time the running server clock may be when it answers (the test's
  // calls take milliseconds; this bounds a loaded machine).
  static constexpr int64_t kClockSlackMs = 5000;

  void TearDown() override {
    // The clock is not part of the fixture's baseline; the backup tests move it.
    real_clock();
    cpp_sdk::SdkTest::TearDown();
  }

  std::string table_arn(const std::string& table) {
    auto described = db().DescribeTable(DescribeTableRequest().WithTableName(table));
    EXPECT_TRUE(described.IsSuccess()) << cpp_sdk::describe(described.GetError());
    return described.GetResult().GetTable().GetTableArn();
  }

  // Every tag of `arn`, following NextToken; (key, value) pairs in the order the server lists them.
  std::vector<std::pair<std::string, std::string>> tags_of(const std::string& arn) {
    std::vector<std::pair<std::string, std::string>> tags;
    std::string next;
    int pages = 0;
    do {
      ListTagsOfResourceRequest request;
      request.SetResourceArn(arn);
      if (!next.empty()) request.SetNextToken(next);
      auto page = db().ListTagsOfResource(request);
      EXPECT_TRUE(page.IsSuccess()) << cpp_sdk::describe(page.GetError());
      if (!page.IsSuccess()) break;
      for (const auto& tag : page.GetResult().GetTags()) tags.emplace_back(tag.GetKey(), tag.GetValue());
      next = page.GetResult().GetNextToken();
      EXPECT_LE(++pages, 10) << "pagination does not end";
    } while (!next.empty() && pages <= 10);
    return tags;
  }

  static int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }

  static UpdateContinuousBackupsRequest set_recovery(const std::string& table, bool enabled) {
    return UpdateContinuousBackupsRequest().WithTableName(table).WithPointInTimeRecoverySpecification(
        PointInTimeRecoverySpecification().WithPointInTimeRecoveryEnabled(enabled));
  }

  PointInTimeRecoveryDescription recovery_of(const std::string& table_name_or_arn) {
    auto described = db().DescribeContinuousBackups(DescribeContinuousBackupsRequest().WithTableName(table_name_or_arn));
    EXPECT_TRUE(described.IsSuccess()) << cpp_sdk::describe(described.GetError());
    EXPECT_EQ(described.GetResult().GetContinuousBackupsDescription().GetContinuousBackupsStatus(),
              ContinuousBackupsStatus::ENABLED);
    return described.GetResult().GetContinuousBackupsDescription().GetPointInTimeRecoveryDescription();
  }
};

TEST_F(TagsBackupsTest, TagsFromCreateTableThenTagUntagAndList) {
  CreateTableRequest create;
  create.SetTableName("Tagged");
  create.AddAttributeDefinitions(AttributeDefinition().WithAttributeName("id").WithAttributeType(ScalarAttributeType::S));
  create.AddKeySchema(KeySchemaElement().WithAttributeName("id").WithKeyType(KeyType::HASH));
  create.SetBillingMode(BillingMode::PAY_PER_REQUEST);
  create.AddTags(Tag().WithKey("team").WithValue("blue"));
  auto created = db().CreateTable(create);
  ASSERT_SDK_OK(created);
  const std::string arn = table_arn("Tagged");
  EXPECT_EQ(arn, created.GetResult().GetTableDescription().GetTableArn());
  EXPECT_THAT(tags_of(arn), ElementsAre(Pair("team", "blue")));

  // An existing key takes the new value and keeps its place; a new key goes after it.
  ASSERT_SDK_OK(db().TagResource(TagResourceRequest().WithResourceArn(arn).WithTags(
      {Tag().WithKey("team").WithValue("red"), Tag().WithKey("env").WithValue("ci"), Tag().WithKey("empty").WithValue("")})));
  EXPECT_THAT(tags_of(arn), ElementsAre(Pair("team", "red"), Pair("env", "ci"), Pair("empty", "")));

  // A key the table does not have is no error.
  ASSERT_SDK_OK(db().UntagResource(UntagResourceRequest().WithResourceArn(arn).WithTagKeys({"env", "never-set"})));
  EXPECT_THAT(tags_of(arn), ElementsAre(Pair("team", "red"), Pair("empty", "")));

  // A seeded table has no tags.
  EXPECT_TRUE(tags_of(table_arn("Music")).empty());
}

TEST_F(TagsBackupsTest, TagErrorsAreTyped) {
  const std::string arn = table_arn("Music");
  ASSERT_EQ(arn.substr(arn.size() - 12), ":table/Music");
  const std::string missing = arn.substr(0, arn.size() - 5) + "Missing";
  EXPECT_SDK_ERROR(db().ListTagsOfResource(ListTagsOfResourceRequest().WithResourceArn(missing)), RESOURCE_NOT_FOUND,
                   "Requested resource not found: ResourcArn: " + missing + " not found");
  EXPECT_SDK_ERROR(db().TagResource(TagResourceRequest().WithResourceArn(missing).WithTags({Tag().WithKey("k").WithValue("v")})),
                   RESOURCE_NOT_FOUND, "Requested resource not found: ResourcArn: " + missing + " not found");
  EXPECT_SDK_ERROR(db().UntagResource(UntagResourceRequest().WithResourceArn(missing).WithTagKeys({"k"})), RESOURCE_NOT_FOUND,
                   "Requested resource not found: ResourcArn: " + missing + " not found");
  EXPECT_SDK_ERROR(db().ListTagsOfResource(ListTagsOfResourceRequest().WithResourceArn("arn:aws:s3:::bucket")), VALIDATION,
                   "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:s3:::bucket");
  EXPECT_SDK_ERROR(db().TagResource(TagResourceRequest().WithResourceArn(arn).WithTags({Tag().WithKey("aws:x").WithValue("1")})),
                   VALIDATION, "Tag Key cannot be prefixed with aws:, Key: aws:x");
  EXPECT_SDK_ERROR(db().TagResource(TagResourceRequest().WithResourceArn(arn).WithTags({Tag().WithKey("k").WithValue("a,b")})),
                   VALIDATION, "The Tag Value provided is invalid, Value: a,b");
  TagResourceRequest too_many;
  too_many.SetResourceArn(arn);
  for (int i = 0; i < 51; ++i) too_many.AddTags(Tag().WithKey("k" + std::to_string(i)).WithValue("v"));
  EXPECT_SDK_ERROR(db().TagResource(too_many), VALIDATION,
                   "Number of Tags exceed the current limit for the provided ResourceArn");
  // None of the failed calls left a tag behind.
  EXPECT_TRUE(tags_of(arn).empty());
}

TEST_F(TagsBackupsTest, PointInTimeRecoveryStatusAndRestorableTimes) {
  // The server clock set to a whole second (it keeps running from there, so a time the server
  // takes later lies within a few milliseconds after what the test computes): earliest is when
  // recovery was enabled (until the 35-day default period has passed), latest trails the clock by
  // 5 minutes but is never before earliest.
  const int64_t enabled_at = now_seconds();
  set_clock(static_cast<double>(enabled_at));
  auto at_or_just_after = [](const Aws::Utils::DateTime& time, int64_t epoch_seconds) {
    return time.Millis() >= epoch_seconds * 1000 && time.Millis() < epoch_seconds * 1000 + kClockSlackMs;
  };

  PointInTimeRecoveryDescription off = recovery_of("Sessions");
  EXPECT_EQ(off.GetPointInTimeRecoveryStatus(), PointInTimeRecoveryStatus::DISABLED);
  EXPECT_FALSE(off.EarliestRestorableDateTimeHasBeenSet());
  EXPECT_FALSE(off.LatestRestorableDateTimeHasBeenSet());

  auto enabled = db().UpdateContinuousBackups(set_recovery("Sessions", true));
  ASSERT_SDK_OK(enabled);
  const ContinuousBackupsDescription& answer = enabled.GetResult().GetContinuousBackupsDescription();
  EXPECT_EQ(answer.GetContinuousBackupsStatus(), ContinuousBackupsStatus::ENABLED);
  const PointInTimeRecoveryDescription& on = answer.GetPointInTimeRecoveryDescription();
  EXPECT_EQ(on.GetPointInTimeRecoveryStatus(), PointInTimeRecoveryStatus::ENABLED);
  ASSERT_TRUE(on.EarliestRestorableDateTimeHasBeenSet());
  ASSERT_TRUE(on.LatestRestorableDateTimeHasBeenSet());
  EXPECT_TRUE(at_or_just_after(on.GetEarliestRestorableDateTime(), enabled_at)) << on.GetEarliestRestorableDateTime().Millis();
  EXPECT_EQ(on.GetLatestRestorableDateTime().Millis(), on.GetEarliestRestorableDateTime().Millis());
  const int64_t enabled_ms = on.GetEarliestRestorableDateTime().Millis();

  advance_clock(3600);
  PointInTimeRecoveryDescription hour_later = recovery_of(table_arn("Sessions"));  // by ARN too
  EXPECT_EQ(hour_later.GetPointInTimeRecoveryStatus(), PointInTimeRecoveryStatus::ENABLED);
  EXPECT_EQ(hour_later.GetEarliestRestorableDateTime().Millis(), enabled_ms);
  EXPECT_TRUE(at_or_just_after(hour_later.GetLatestRestorableDateTime(), enabled_at + 3600 - 300))
      << hour_later.GetLatestRestorableDateTime().Millis();

  // Enabling again keeps the original start.
  auto again = db().UpdateContinuousBackups(set_recovery("Sessions", true));
  ASSERT_SDK_OK(again);
  EXPECT_EQ(again.GetResult().GetContinuousBackupsDescription().GetPointInTimeRecoveryDescription()
                .GetEarliestRestorableDateTime().Millis(), enabled_ms);
  advance_clock(40 * 86400.0 - 3600);  // 40 days after enabling: the window is the last 35 days
  PointInTimeRecoveryDescription later = recovery_of("Sessions");
  const int64_t now = enabled_at + 40 * 86400;
  EXPECT_TRUE(at_or_just_after(later.GetEarliestRestorableDateTime(), now - 35 * 86400))
      << later.GetEarliestRestorableDateTime().Millis();
  EXPECT_EQ(later.GetLatestRestorableDateTime().Millis() - later.GetEarliestRestorableDateTime().Millis(),
            (35 * 86400 - 300) * int64_t{1000});  // one response: one "now"

  auto disabled = db().UpdateContinuousBackups(set_recovery("Sessions", false));
  ASSERT_SDK_OK(disabled);
  const PointInTimeRecoveryDescription& after =
      disabled.GetResult().GetContinuousBackupsDescription().GetPointInTimeRecoveryDescription();
  EXPECT_EQ(after.GetPointInTimeRecoveryStatus(), PointInTimeRecoveryStatus::DISABLED);
  EXPECT_FALSE(after.EarliestRestorableDateTimeHasBeenSet());
  EXPECT_EQ(recovery_of("Sessions").GetPointInTimeRecoveryStatus(), PointInTimeRecoveryStatus::DISABLED);
  // Other tables were never touched.
  EXPECT_EQ(recovery_of("Music").GetPointInTimeRecoveryStatus(), PointInTimeRecoveryStatus::DISABLED);
}

TEST_F(TagsBackupsTest, ContinuousBackupsOfAMissingTableIsTableNotFound) {
  EXPECT_SDK_ERROR(db().DescribeContinuousBackups(DescribeContinuousBackupsRequest().WithTableName("Missing")),
                   TABLE_NOT_FOUND, "Table not found: Missing");
  EXPECT_SDK_ERROR(db().UpdateContinuousBackups(set_recovery("Missing", true)), TABLE_NOT_FOUND,
                   "Table not found: Missing");
}

}  // namespace
