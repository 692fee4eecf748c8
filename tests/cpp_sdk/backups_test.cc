// On-demand backups through DynamoDBClient: CreateBackup, DescribeBackup, ListBackups, DeleteBackup
// and RestoreTableFromBackup of the seeded Music table (a GSI and an LSI), the restored table
// answering Scan and Query on its indexes, and the typed errors (BackupNotFound, TableNotFound,
// TableAlreadyExists). The fixture's reset in SetUp forgets each test's backups and tables.
#include <set>

#include <aws/dynamodb/model/CreateBackupRequest.h>
#include <aws/dynamodb/model/DeleteBackupRequest.h>
#include <aws/dynamodb/model/DeleteItemRequest.h>
#include <aws/dynamodb/model/DescribeBackupRequest.h>
#include <aws/dynamodb/model/DescribeTableRequest.h>
#include <aws/dynamodb/model/ListBackupsRequest.h>
#include <aws/dynamodb/model/QueryRequest.h>
#include <aws/dynamodb/model/RestoreTableFromBackupRequest.h>
#include <aws/dynamodb/model/ScanRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;

class BackupsTest : public cpp_sdk::SdkTest {
 protected:
  // Every item of `table` as DynamoDB JSON (one Scan page holds the seeded tables).
  static std::multiset<std::string> items_of(const std::string& table) {
    auto scanned = db().Scan(ScanRequest().WithTableName(table));
    EXPECT_TRUE(scanned.IsSuccess()) << cpp_sdk::describe(scanned.GetError());
    EXPECT_TRUE(scanned.GetResult().GetLastEvaluatedKey().empty());
    std::multiset<std::string> out;
    for (const auto& item : scanned.GetResult().GetItems()) out.insert(dynemu::testing::to_json(cpp_sdk::to_item(item)));
    return out;
  }

  static std::string backup_of(const std::string& table, const std::string& name) {
    auto created = db().CreateBackup(CreateBackupRequest().WithTableName(table).WithBackupName(name));
    EXPECT_TRUE(created.IsSuccess()) << cpp_sdk::describe(created.GetError());
    return created.GetResult().GetBackupDetails().GetBackupArn();
  }
};

TEST_F(BackupsTest, BackupDeleteByMistakeRestore) {
  const std::multiset<std::string> original = items_of("Music");
  ASSERT_GT(original.size(), 10u);
  auto created = db().CreateBackup(CreateBackupRequest().WithTableName("Music").WithBackupName("music-before"));
  ASSERT_SDK_OK(created);
  const BackupDetails& details = created.GetResult().GetBackupDetails();
  const std::string arn = details.GetBackupArn();
  EXPECT_EQ(details.GetBackupName(), "music-before");
  EXPECT_EQ(details.GetBackupStatus(), BackupStatus::AVAILABLE);
  EXPECT_EQ(details.GetBackupType(), BackupType::USER);
  EXPECT_GT(details.GetBackupSizeBytes(), 0);

  // The mistake.
  ASSERT_SDK_OK(db().DeleteItem(DeleteItemRequest().WithTableName("Music").WithKey(
      cpp_sdk::sdk_item(R"({"Artist":"Acme Band","SongTitle":"Song 01"})"))));
  EXPECT_EQ(items_of("Music").size(), original.size() - 1);

  auto described = db().DescribeBackup(DescribeBackupRequest().WithBackupArn(arn));
  ASSERT_SDK_OK(described);
  const BackupDescription& description = described.GetResult().GetBackupDescription();
  EXPECT_EQ(description.GetSourceTableDetails().GetTableName(), "Music");
  EXPECT_EQ(description.GetSourceTableDetails().GetItemCount(), static_cast<long long>(original.size()));
  EXPECT_EQ(description.GetSourceTableDetails().GetBillingMode(), BillingMode::PAY_PER_REQUEST);
  ASSERT_EQ(description.GetSourceTableFeatureDetails().GetGlobalSecondaryIndexes().size(), 1u);
  EXPECT_EQ(description.GetSourceTableFeatureDetails().GetGlobalSecondaryIndexes()[0].GetIndexName(), "ByGenre");
  EXPECT_EQ(description.GetSourceTableFeatureDetails().GetLocalSecondaryIndexes()[0].GetIndexName(), "ByPlays");

  auto listed = db().ListBackups(ListBackupsRequest().WithTableName("Music"));
  ASSERT_SDK_OK(listed);
  ASSERT_EQ(listed.GetResult().GetBackupSummaries().size(), 1u);
  EXPECT_EQ(listed.GetResult().GetBackupSummaries()[0].GetBackupArn(), arn);

  auto restored = db().RestoreTableFromBackup(
      RestoreTableFromBackupRequest().WithTargetTableName("MusicRestored").WithBackupArn(arn));
  ASSERT_SDK_OK(restored);
  const TableDescription& table = restored.GetResult().GetTableDescription();
  EXPECT_EQ(table.GetRestoreSummary().GetSourceBackupArn(), arn);
  EXPECT_FALSE(table.GetRestoreSummary().GetRestoreInProgress());
  EXPECT_EQ(table.GetRestoreSummary().GetRestoreDateTime().Millis(), details.GetBackupCreationDateTime().Millis());
  EXPECT_EQ(items_of("MusicRestored"), original);
  auto jazz = db().Query(QueryRequest()
                             .WithTableName("MusicRestored")
                             .WithIndexName("ByGenre")
                             .WithKeyConditionExpression("Genre = :g")
                             .WithExpressionAttributeValues(cpp_sdk::sdk_item(R"({":g":"jazz"})")));
  ASSERT_SDK_OK(jazz);
  auto source_jazz = db().Query(QueryRequest()
                                    .WithTableName("Music")
                                    .WithIndexName("ByGenre")
                                    .WithKeyConditionExpression("Genre = :g")
                                    .WithExpressionAttributeValues(cpp_sdk::sdk_item(R"({":g":"jazz"})")));
  ASSERT_SDK_OK(source_jazz);
  EXPECT_EQ(jazz.GetResult().GetCount(), source_jazz.GetResult().GetCount() + 1);  // Song 01 is back

  auto deleted = db().DeleteBackup(DeleteBackupRequest().WithBackupArn(arn));
  ASSERT_SDK_OK(deleted);
  EXPECT_EQ(deleted.GetResult().GetBackupDescription().GetBackupDetails().GetBackupStatus(), BackupStatus::DELETED);
  EXPECT_SDK_ERROR(db().DescribeBackup(DescribeBackupRequest().WithBackupArn(arn)), BACKUP_NOT_FOUND,
                   "Backup not found: " + arn);
}

TEST_F(BackupsTest, ErrorsAreTyped) {
  EXPECT_SDK_ERROR(db().CreateBackup(CreateBackupRequest().WithTableName("Missing").WithBackupName("abc")),
                   TABLE_NOT_FOUND, "Table not found: Missing");
  const std::string arn = backup_of("Sessions", "sessions-1");
  EXPECT_SDK_ERROR(db().RestoreTableFromBackup(
                       RestoreTableFromBackupRequest().WithTargetTableName("Music").WithBackupArn(arn)),
                   TABLE_ALREADY_EXISTS, "Table already exists: Music");
  EXPECT_SDK_ERROR(db().RestoreTableFromBackup(RestoreTableFromBackupRequest()
                                                   .WithTargetTableName("SessionsCopy")
                                                   .WithBackupArn(arn)
                                                   .WithBillingModeOverride(BillingMode::PROVISIONED)),
                   VALIDATION,
                   "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
                   "specified when BillingMode is PROVISIONED");
  auto restored = db().RestoreTableFromBackup(
      RestoreTableFromBackupRequest()
          .WithTargetTableName("SessionsCopy")
          .WithBackupArn(arn)
          .WithBillingModeOverride(BillingMode::PROVISIONED)
          .WithProvisionedThroughputOverride(ProvisionedThroughput().WithReadCapacityUnits(2).WithWriteCapacityUnits(3)));
  ASSERT_SDK_OK(restored);
  EXPECT_EQ(restored.GetResult().GetTableDescription().GetProvisionedThroughput().GetWriteCapacityUnits(), 3);
  EXPECT_EQ(items_of("SessionsCopy"), items_of("Sessions"));
}

}  // namespace
