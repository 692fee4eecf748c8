// Query and Scan through DynamoDBClient, read the way applications read them: a loop that follows
// LastEvaluatedKey until it is empty. Tables, global and local indexes, filters, Select COUNT,
// parallel scan segments, and the request log showing one request per page.
#include <algorithm>

#include <aws/dynamodb/model/CreateTableRequest.h>
#include <aws/dynamodb/model/PutItemRequest.h>
#include <aws/dynamodb/model/QueryRequest.h>
#include <aws/dynamodb/model/ScanRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using cpp_sdk::SdkItem;
using cpp_sdk::sdk_value;
using cpp_sdk::to_item;
using dynemu::testing::HasAttribute;
using dynemu::testing::IsNumber;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::SizeIs;

class QueryScanTest : public cpp_sdk::SdkTest {
 protected:
  // Every page of a Query or Scan, following LastEvaluatedKey; `pages` counts the requests it took.
  template <typename Request, typename Send>
  static std::vector<SdkItem> all_pages(Request request, Send send, int* pages) {
    std::vector<SdkItem> items;
    *pages = 0;
    while (true) {
      auto page = send(request);
      EXPECT_TRUE(page.IsSuccess()) << cpp_sdk::describe(page.GetError());
      if (!page.IsSuccess() || ++*pages > 100) break;
      for (const auto& item : page.GetResult().GetItems()) items.push_back(item);
      if (page.GetResult().GetLastEvaluatedKey().empty()) break;
      request.SetExclusiveStartKey(page.GetResult().GetLastEvaluatedKey());
    }
    return items;
  }
  std::vector<SdkItem> query_all(const QueryRequest& request, int* pages) {
    return all_pages(request, [](const QueryRequest& r) { return db().Query(r); }, pages);
  }
  std::vector<SdkItem> scan_all(const ScanRequest& request, int* pages) {
    return all_pages(request, [](const ScanRequest& r) { return db().Scan(r); }, pages);
  }
  static QueryRequest acme_songs() {
    QueryRequest request;
    request.SetTableName("Music");
    request.SetKeyConditionExpression("Artist = :a");
    request.AddExpressionAttributeValues(":a", Aws::DynamoDB::Model::AttributeValue("Acme Band"));
    return request;
  }
  static std::vector<std::string> titles(const std::vector<SdkItem>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.at("SongTitle").GetS());
    return out;
  }
};

TEST_F(QueryScanTest, QueryPagesThroughAPartitionInSortKeyOrder) {
  QueryRequest request = acme_songs();
  request.SetLimit(7);
  int pages = 0;
  auto items = query_all(request, &pages);
  ASSERT_THAT(items, SizeIs(30));
  const std::vector<std::string> in_order = titles(items);
  EXPECT_EQ(in_order.front(), "Song 01");
  EXPECT_EQ(in_order.back(), "Song 30");
  EXPECT_TRUE(std::is_sorted(in_order.begin(), in_order.end()));
  // 30 items, 7 a page: 5 pages, the last one holding 2 (it has no LastEvaluatedKey).
  EXPECT_EQ(pages, 5);
  EXPECT_TRUE(NoScans());
  EXPECT_TRUE(OnlyAccessed({"Music"}));
  auto log = requests();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[0].items_read, 7);
  EXPECT_EQ(log[4].items_read, 2);
}

TEST_F(QueryScanTest, QueryBackwardsWithASortKeyCondition) {
  QueryRequest request = acme_songs();
  request.SetKeyConditionExpression("Artist = :a AND SongTitle BETWEEN :from AND :to");
  request.AddExpressionAttributeValues(":from", Aws::DynamoDB::Model::AttributeValue("Song 10"));
  request.AddExpressionAttributeValues(":to", Aws::DynamoDB::Model::AttributeValue("Song 13"));
  request.SetScanIndexForward(false);
  int pages = 0;
  EXPECT_THAT(titles(query_all(request, &pages)), ElementsAre("Song 13", "Song 12", "Song 11", "Song 10"));
}

TEST_F(QueryScanTest, FilterExpressionCountsScannedAndReturnedItems) {
  QueryRequest request = acme_songs();
  request.SetFilterExpression("Plays > :p");
  request.AddExpressionAttributeValues(":p", sdk_value(R"({"N": "250"})"));
  auto page = db().Query(request);
  ASSERT_SDK_OK(page);
  EXPECT_EQ(page.GetResult().GetScannedCount(), 30);
  EXPECT_EQ(page.GetResult().GetCount(), 5);  // Plays 260..300
  EXPECT_THAT(titles(page.GetResult().GetItems()), ElementsAre("Song 26", "Song 27", "Song 28", "Song 29", "Song 30"));
}

TEST_F(QueryScanTest, SelectCountReturnsNoItems) {
  QueryRequest request = acme_songs();
  request.SetSelect(Select::COUNT);
  auto page = db().Query(request);
  ASSERT_SDK_OK(page);
  EXPECT_EQ(page.GetResult().GetCount(), 30);
  EXPECT_TRUE(page.GetResult().GetItems().empty());
}

TEST_F(QueryScanTest, GlobalIndexQueryPagesAndProjectsKeysOnly) {
  QueryRequest request;
  request.SetTableName("Music");
  request.SetIndexName("ByGenre");
  request.SetKeyConditionExpression("Genre = :g AND #y >= :y");
  request.AddExpressionAttributeNames("#y", "Year");
  request.AddExpressionAttributeValues(":g", Aws::DynamoDB::Model::AttributeValue("pop"));
  request.AddExpressionAttributeValues(":y", sdk_value(R"({"N": "2010"})"));
  request.SetLimit(3);
  int pages = 0;
  auto items = query_all(request, &pages);
  // pop: Acme songs 2, 5, ..., 29 (Years 2002..2029, step 3) and Duo's two (2010, 2011). Years >= 2010:
  // Acme 2011, 2014, 2017, 2020, 2023, 2026, 2029 and Duo 2010, 2011.
  ASSERT_THAT(items, SizeIs(9));
  std::vector<std::string> years;
  for (const auto& item : items) years.push_back(item.at("Year").GetN());
  EXPECT_EQ(years.front(), "2010");
  EXPECT_EQ(years.back(), "2029");
  // KEYS_ONLY: table keys and index keys, nothing else.
  for (const auto& item : items) EXPECT_EQ(item.size(), 4u) << to_item(item).size();
  // Three full pages; the third still has a LastEvaluatedKey (DynamoDB stops at Limit without
  // looking further), so a fourth, empty page ends the loop.
  EXPECT_EQ(pages, 4);
  EXPECT_TRUE(OnlyAccessed({"Music/ByGenre"}));
}

TEST_F(QueryScanTest, LocalIndexQueryOrdersByTheIndexSortKey) {
  QueryRequest request = acme_songs();
  request.SetIndexName("ByPlays");
  request.SetKeyConditionExpression("Artist = :a AND Plays < :p");
  request.AddExpressionAttributeValues(":p", sdk_value(R"({"N": "35"})"));
  request.SetScanIndexForward(false);
  int pages = 0;
  EXPECT_THAT(titles(query_all(request, &pages)), ElementsAre("Song 03", "Song 02", "Song 01"));
  EXPECT_TRUE(OnlyAccessed({"Music/ByPlays"}));
}

// The case the first C++ SDK run found wrong: a strongly consistent query of a KEYS_ONLY local index
// for ALL_ATTRIBUTES fetches every item from the table. DynamoDB's guide bills the index read (one
// unit for five small entries) plus one unit per fetched item: 6, not 1.
TEST_F(QueryScanTest, ALocalIndexQueryThatFetchesFromTheTablePaysForEachFetch) {
  CreateTableRequest create;
  create.SetTableName("Scores");
  for (const char* name : {"Player", "Game", "Score"})
    create.AddAttributeDefinitions(AttributeDefinition().WithAttributeName(name).WithAttributeType(
        std::string(name) == "Score" ? ScalarAttributeType::N : ScalarAttributeType::S));
  create.AddKeySchema(KeySchemaElement().WithAttributeName("Player").WithKeyType(KeyType::HASH));
  create.AddKeySchema(KeySchemaElement().WithAttributeName("Game").WithKeyType(KeyType::RANGE));
  create.AddLocalSecondaryIndexes(
      LocalSecondaryIndex()
          .WithIndexName("ByScore")
          .WithKeySchema({KeySchemaElement().WithAttributeName("Player").WithKeyType(KeyType::HASH),
                          KeySchemaElement().WithAttributeName("Score").WithKeyType(KeyType::RANGE)})
          .WithProjection(Projection().WithProjectionType(ProjectionType::KEYS_ONLY)));
  create.SetBillingMode(BillingMode::PAY_PER_REQUEST);
  ASSERT_SDK_OK(db().CreateTable(create));
  for (int i = 0; i < 5; ++i) {
    PutItemRequest put;
    put.SetTableName("Scores");
    put.SetItem(cpp_sdk::sdk_item(R"({"Player": "ann", "Game": "g)" + std::to_string(i) + R"(", "Score": )" +
                                  std::to_string(10 * i) + R"(, "Notes": "small"})"));
    ASSERT_SDK_OK(db().PutItem(put));
  }
  QueryRequest request;
  request.SetTableName("Scores");
  request.SetIndexName("ByScore");
  request.SetKeyConditionExpression("Player = :p");
  request.AddExpressionAttributeValues(":p", sdk_value(R"({"S": "ann"})"));
  request.SetConsistentRead(true);
  request.SetSelect(Select::ALL_ATTRIBUTES);
  request.SetReturnConsumedCapacity(ReturnConsumedCapacity::INDEXES);
  auto answer = db().Query(request);
  ASSERT_SDK_OK(answer);
  ASSERT_EQ(answer.GetResult().GetItems().size(), 5u);
  EXPECT_EQ(answer.GetResult().GetItems()[0].at("Notes").GetS(), "small");  // fetched from the table
  const ConsumedCapacity& consumed = answer.GetResult().GetConsumedCapacity();
  EXPECT_DOUBLE_EQ(consumed.GetCapacityUnits(), 6.0);
  EXPECT_DOUBLE_EQ(consumed.GetTable().GetCapacityUnits(), 5.0);
  EXPECT_DOUBLE_EQ(consumed.GetLocalSecondaryIndexes().at("ByScore").GetCapacityUnits(), 1.0);
}

TEST_F(QueryScanTest, ScanPagesThroughTheWholeTable) {
  ScanRequest request;
  request.SetTableName("Music");
  request.SetLimit(10);
  int pages = 0;
  auto items = scan_all(request, &pages);
  EXPECT_THAT(items, SizeIs(33));
  EXPECT_GE(pages, 4);
  EXPECT_FALSE(NoScans());  // the assertion a team would use to forbid this
  auto log = requests();
  ASSERT_EQ(static_cast<int>(log.size()), pages);
  EXPECT_TRUE(log[0].scan);
}

TEST_F(QueryScanTest, ParallelScanSegmentsTogetherReturnEveryItemOnce) {
  std::vector<std::string> keys;
  for (int segment = 0; segment < 3; ++segment) {
    ScanRequest request;
    request.SetTableName("Music");
    request.SetSegment(segment);
    request.SetTotalSegments(3);
    request.SetLimit(4);
    int pages = 0;
    for (const auto& item : scan_all(request, &pages)) keys.push_back(item.at("Artist").GetS() + "/" + item.at("SongTitle").GetS());
  }
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end()) << "an item came back twice";
  EXPECT_EQ(keys.size(), 33u);
}

TEST_F(QueryScanTest, ScanWithAFilterOnANestedAttribute) {
  ScanRequest request;
  request.SetTableName("Music");
  request.SetFilterExpression("contains(Tags, :t) AND #y < :y");
  request.AddExpressionAttributeNames("#y", "Year");
  request.AddExpressionAttributeValues(":t", Aws::DynamoDB::Model::AttributeValue("t3"));
  request.AddExpressionAttributeValues(":y", sdk_value(R"({"N": "2012"})"));
  int pages = 0;
  auto items = scan_all(request, &pages);
  std::vector<std::string> found = titles(items);
  std::sort(found.begin(), found.end());
  EXPECT_THAT(found, ElementsAre("Song 03", "Song 07", "Song 11"));
  EXPECT_THAT(cpp_sdk::to_items(items), Each(HasAttribute("Plays")));
}

TEST_F(QueryScanTest, QueryWithoutAKeyConditionOnTheHashKeyIsValidation) {
  QueryRequest request;
  request.SetTableName("Music");
  request.SetKeyConditionExpression("SongTitle = :t");
  request.AddExpressionAttributeValues(":t", Aws::DynamoDB::Model::AttributeValue("Song 01"));
  EXPECT_SDK_ERROR(db().Query(request), VALIDATION, "Query condition missed key schema element: Artist");
}

}  // namespace
