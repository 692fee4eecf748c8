// RestoreTableToPointInTime through DynamoDBClient (the 1.8 SDK has it): the seeded Music table
// with point-in-time recovery enabled, an item deleted by mistake ten minutes later (the server
// clock moved), the latest restorable time (five minutes ago) restoring it, an exact earlier
// second, and the typed errors (PointInTimeRecoveryUnavailable, InvalidRestoreTime,
// TableAlreadyExists). The fixture's reset in SetUp forgets each test's tables and settings.
#include <chrono>
#include <set>

#include <aws/dynamodb/model/DeleteItemRequest.h>
#include <aws/dynamodb/model/RestoreTableToPointInTimeRequest.h>
#include <aws/dynamodb/model/ScanRequest.h>
#include <aws/dynamodb/model/UpdateContinuousBackupsRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;

class PointInTimeTest : public cpp_sdk::SdkTest {
 protected:
  void TearDown() override {
    // The clock is not part of the fixture's baseline; these tests move it.
    real_clock();
    cpp_sdk::SdkTest::TearDown();
  }

  static std::multiset<std::string> items_of(const std::string& table) {
    auto scanned = db().Scan(ScanRequest().WithTableName(table));
    EXPECT_TRUE(scanned.IsSuccess()) << cpp_sdk::describe(scanned.GetError());
    std::multiset<std::string> out;
    for (const auto& item : scanned.GetResult().GetItems()) out.insert(dynemu::testing::to_json(cpp_sdk::to_item(item)));
    return out;
  }

  static void enable(const std::string& table) {
    auto enabled = db().UpdateContinuousBackups(UpdateContinuousBackupsRequest().WithTableName(table).WithPointInTimeRecoverySpecification(
        PointInTimeRecoverySpecification().WithPointInTimeRecoveryEnabled(true)));
    ASSERT_SDK_OK(enabled);
  }

  static int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

TEST_F(PointInTimeTest, DeleteByMistakeRestoreFiveMinutesAgo) {
  const int64_t start = now_seconds();
  set_clock(static_cast<double>(start));
  const std::multiset<std::string> original = items_of("Music");
  ASSERT_GT(original.size(), 10u);
  enable("Music");
  advance_clock(600);
  ASSERT_SDK_OK(db().DeleteItem(DeleteItemRequest().WithTableName("Music").WithKey(
      cpp_sdk::sdk_item(R"({"Artist":"Acme Band","SongTitle":"Song 01"})"))));
  ASSERT_EQ(items_of("Music").size(), original.size() - 1);

  auto restored = db().RestoreTableToPointInTime(
      RestoreTableToPointInTimeRequest().WithSourceTableName("Music").WithTargetTableName("MusicRestored").WithUseLatestRestorableTime(true));
  ASSERT_SDK_OK(restored);
  const TableDescription& d = restored.GetResult().GetTableDescription();
  EXPECT_EQ(d.GetTableName(), "MusicRestored");
  EXPECT_EQ(d.GetItemCount(), static_cast<int64_t>(original.size()));
  EXPECT_TRUE(d.GetRestoreSummary().GetSourceBackupArn().empty());
  EXPECT_EQ(d.GetRestoreSummary().GetSourceTableArn(), "arn:aws:dynamodb:us-east-1:000000000000:table/Music");
  // Five minutes before the clock (which kept running for a few milliseconds since).
  EXPECT_GE(d.GetRestoreSummary().GetRestoreDateTime().Millis(), (start + 300) * 1000);
  EXPECT_LT(d.GetRestoreSummary().GetRestoreDateTime().Millis(), (start + 300) * 1000 + 5000);
  EXPECT_EQ(items_of("MusicRestored"), original);

  // An exact second before the mistake, too.
  auto exact = db().RestoreTableToPointInTime(RestoreTableToPointInTimeRequest()
                                                  .WithSourceTableName("Music")
                                                  .WithTargetTableName("MusicAtOneMinute")
                                                  .WithRestoreDateTime(Aws::Utils::DateTime(static_cast<int64_t>((start + 60) * 1000))));
  ASSERT_SDK_OK(exact);
  EXPECT_EQ(items_of("MusicAtOneMinute"), original);

  EXPECT_SDK_ERROR(db().RestoreTableToPointInTime(RestoreTableToPointInTimeRequest()
                                                      .WithSourceTableName("Music")
                                                      .WithTargetTableName("MusicRestored")
                                                      .WithUseLatestRestorableTime(true)),
                   TABLE_ALREADY_EXISTS, "Table already exists: MusicRestored");
  EXPECT_SDK_ERROR(db().RestoreTableToPointInTime(RestoreTableToPointInTimeRequest()
                                                      .WithSourceTableName("Music")
                                                      .WithTargetTableName("MusicTooEarly")
                                                      .WithRestoreDateTime(Aws::Utils::DateTime(static_cast<int64_t>((start - 60) * 1000)))),
                   INVALID_RESTORE_TIME,
                   "An invalid restore time was specified. RestoreDateTime must be between EarliestRestorableDateTime "
                   "and LatestRestorableDateTime.");
}

TEST_F(PointInTimeTest, WithoutRecoveryEnabledTheRestoreIsRefused) {
  EXPECT_SDK_ERROR(db().RestoreTableToPointInTime(RestoreTableToPointInTimeRequest()
                                                      .WithSourceTableName("Music")
                                                      .WithTargetTableName("MusicRestored")
                                                      .WithUseLatestRestorableTime(true)),
                   POINT_IN_TIME_RECOVERY_UNAVAILABLE,
                   "Point in time recovery has not yet been enabled for this source table.");
  EXPECT_SDK_ERROR(db().RestoreTableToPointInTime(RestoreTableToPointInTimeRequest()
                                                      .WithSourceTableName("NoSuchTable")
                                                      .WithTargetTableName("MusicRestored")
                                                      .WithUseLatestRestorableTime(true)),
                   TABLE_NOT_FOUND, "Table not found: NoSuchTable");
}

}  // namespace
