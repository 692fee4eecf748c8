// Tables through DynamoDBClient: CreateTable, DescribeTable, ListTables (paginated), UpdateTable,
// DeleteTable, and their typed errors.
#include <aws/dynamodb/model/CreateTableRequest.h>
#include <aws/dynamodb/model/DeleteTableRequest.h>
#include <aws/dynamodb/model/DescribeTableRequest.h>
#include <aws/dynamodb/model/ListTablesRequest.h>
#include <aws/dynamodb/model/UpdateTableRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using Aws::DynamoDB::DynamoDBErrors;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class TablesTest : public cpp_sdk::SdkTest {
 protected:
  static CreateTableRequest provisioned_table(const std::string& name) {
    CreateTableRequest request;
    request.SetTableName(name);
    request.AddAttributeDefinitions(AttributeDefinition().WithAttributeName("id").WithAttributeType(ScalarAttributeType::S));
    request.AddKeySchema(KeySchemaElement().WithAttributeName("id").WithKeyType(KeyType::HASH));
    request.SetBillingMode(BillingMode::PROVISIONED);
    request.SetProvisionedThroughput(ProvisionedThroughput().WithReadCapacityUnits(5).WithWriteCapacityUnits(3));
    return request;
  }
};

TEST_F(TablesTest, CreateDescribeUpdateDeleteATable) {
  auto created = db().CreateTable(provisioned_table("Scratch"));
  ASSERT_SDK_OK(created);
  const TableDescription& table = created.GetResult().GetTableDescription();
  EXPECT_EQ(table.GetTableName(), "Scratch");
  EXPECT_THAT(table.GetTableArn(), HasSubstr(":table/Scratch"));
  EXPECT_EQ(table.GetProvisionedThroughput().GetReadCapacityUnits(), 5);
  EXPECT_EQ(table.GetProvisionedThroughput().GetWriteCapacityUnits(), 3);
  ASSERT_EQ(table.GetKeySchema().size(), 1u);
  EXPECT_EQ(table.GetKeySchema()[0].GetKeyType(), KeyType::HASH);

  auto described = db().DescribeTable(DescribeTableRequest().WithTableName("Scratch"));
  ASSERT_SDK_OK(described);
  EXPECT_EQ(described.GetResult().GetTable().GetTableStatus(), TableStatus::ACTIVE);
  EXPECT_EQ(described.GetResult().GetTable().GetItemCount(), 0);
  EXPECT_EQ(described.GetResult().GetTable().GetAttributeDefinitions().at(0).GetAttributeType(), ScalarAttributeType::S);

  auto updated = db().UpdateTable(UpdateTableRequest().WithTableName("Scratch").WithBillingMode(BillingMode::PAY_PER_REQUEST));
  ASSERT_SDK_OK(updated);
  auto after = db().DescribeTable(DescribeTableRequest().WithTableName("Scratch"));
  ASSERT_SDK_OK(after);
  EXPECT_EQ(after.GetResult().GetTable().GetBillingModeSummary().GetBillingMode(), BillingMode::PAY_PER_REQUEST);
  EXPECT_EQ(after.GetResult().GetTable().GetProvisionedThroughput().GetReadCapacityUnits(), 0);

  auto deleted = db().DeleteTable(DeleteTableRequest().WithTableName("Scratch"));
  ASSERT_SDK_OK(deleted);
  EXPECT_EQ(deleted.GetResult().GetTableDescription().GetTableName(), "Scratch");
  EXPECT_SDK_ERROR(db().DescribeTable(DescribeTableRequest().WithTableName("Scratch")), RESOURCE_NOT_FOUND,
                   "Requested resource not found: Table: Scratch not found");
}

TEST_F(TablesTest, CreatingAnExistingTableIsResourceInUse) {
  // With retries off this fails at once; with the SDK's default strategy 1.8 retries it for ~25 s.
  EXPECT_SDK_ERROR(db().CreateTable(provisioned_table("Music")), RESOURCE_IN_USE, "Table already exists: Music");
  auto log = requests();
  ASSERT_EQ(log.size(), 1u) << dynemu::describe_requests(log);
  EXPECT_EQ(log[0].status, 400);
}

TEST_F(TablesTest, ListTablesPagesWithLastEvaluatedTableName) {
  // Seeded: Blobs, Events, Music, Sessions. Two a page: Blobs Events | Music Sessions.
  std::vector<std::string> names;
  std::string start;
  int pages = 0;
  do {
    ListTablesRequest request;
    request.SetLimit(2);
    if (!start.empty()) request.SetExclusiveStartTableName(start);
    auto page = db().ListTables(request);
    ASSERT_SDK_OK(page);
    ++pages;
    for (const auto& name : page.GetResult().GetTableNames()) names.push_back(name);
    start = page.GetResult().GetLastEvaluatedTableName();
    ASSERT_LE(pages, 5) << "pagination does not end";
  } while (!start.empty());
  EXPECT_THAT(names, ElementsAre("Blobs", "Events", "Music", "Sessions"));
  EXPECT_EQ(pages, 2);
}

TEST_F(TablesTest, DescribeShowsIndexesAndStreams) {
  auto music = db().DescribeTable(DescribeTableRequest().WithTableName("Music"));
  ASSERT_SDK_OK(music);
  const auto& table = music.GetResult().GetTable();
  EXPECT_EQ(table.GetItemCount(), 33);
  ASSERT_EQ(table.GetGlobalSecondaryIndexes().size(), 1u);
  EXPECT_EQ(table.GetGlobalSecondaryIndexes()[0].GetIndexName(), "ByGenre");
  EXPECT_EQ(table.GetGlobalSecondaryIndexes()[0].GetIndexStatus(), IndexStatus::ACTIVE);
  EXPECT_EQ(table.GetGlobalSecondaryIndexes()[0].GetProjection().GetProjectionType(), ProjectionType::KEYS_ONLY);
  ASSERT_EQ(table.GetLocalSecondaryIndexes().size(), 1u);
  EXPECT_EQ(table.GetLocalSecondaryIndexes()[0].GetIndexName(), "ByPlays");

  auto events = db().DescribeTable(DescribeTableRequest().WithTableName("Events"));
  ASSERT_SDK_OK(events);
  EXPECT_TRUE(events.GetResult().GetTable().GetStreamSpecification().GetStreamEnabled());
  EXPECT_EQ(events.GetResult().GetTable().GetStreamSpecification().GetStreamViewType(), StreamViewType::NEW_AND_OLD_IMAGES);
  EXPECT_THAT(events.GetResult().GetTable().GetLatestStreamArn(), HasSubstr(":table/Events/stream/"));
}

TEST_F(TablesTest, UpdateTableAddsAGlobalSecondaryIndex) {
  UpdateTableRequest request;
  request.SetTableName("Music");
  request.AddAttributeDefinitions(AttributeDefinition().WithAttributeName("Genre").WithAttributeType(ScalarAttributeType::S));
  request.AddAttributeDefinitions(AttributeDefinition().WithAttributeName("Plays").WithAttributeType(ScalarAttributeType::N));
  request.AddGlobalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate().WithCreate(
      CreateGlobalSecondaryIndexAction()
          .WithIndexName("GenrePlays")
          .WithKeySchema({KeySchemaElement().WithAttributeName("Genre").WithKeyType(KeyType::HASH),
                          KeySchemaElement().WithAttributeName("Plays").WithKeyType(KeyType::RANGE)})
          .WithProjection(Projection().WithProjectionType(ProjectionType::ALL))));
  auto updated = db().UpdateTable(request);
  ASSERT_SDK_OK(updated);
  std::vector<std::string> indexes;
  for (const auto& gsi : updated.GetResult().GetTableDescription().GetGlobalSecondaryIndexes())
    indexes.push_back(gsi.GetIndexName());
  EXPECT_THAT(indexes, ::testing::UnorderedElementsAre("ByGenre", "GenrePlays"));
}

TEST_F(TablesTest, BadTableDefinitionIsValidation) {
  CreateTableRequest request = provisioned_table("Bad");
  request.SetKeySchema({KeySchemaElement().WithAttributeName("other").WithKeyType(KeyType::HASH)});
  auto outcome = db().CreateTable(request);
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), DynamoDBErrors::VALIDATION) << cpp_sdk::describe(outcome.GetError());
  EXPECT_EQ(outcome.GetError().GetResponseCode(), Aws::Http::HttpResponseCode::BAD_REQUEST);
  EXPECT_EQ(outcome.GetError().GetExceptionName(), "ValidationException");
  EXPECT_EQ(outcome.GetError().GetMessage(),
            "One or more parameter values were invalid: Some index key attributes are not defined in "
            "AttributeDefinitions. Keys: [other], AttributeDefinitions: [id]");
  EXPECT_SDK_ERROR(db().DeleteTable(DeleteTableRequest().WithTableName("Nope")), RESOURCE_NOT_FOUND,
                   "Requested resource not found: Table: Nope not found");
}

}  // namespace
