// Single items through DynamoDBClient: PutItem, GetItem, UpdateItem, DeleteItem; condition
// expressions and their typed error; every ReturnValues; projections and consistent reads.
#include <aws/dynamodb/model/DeleteItemRequest.h>
#include <aws/dynamodb/model/GetItemRequest.h>
#include <aws/dynamodb/model/PutItemRequest.h>
#include <aws/dynamodb/model/UpdateItemRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using cpp_sdk::sdk_item;
using cpp_sdk::sdk_value;
using cpp_sdk::to_item;
using dynemu::testing::EqualsItem;
using dynemu::testing::HasAttribute;
using dynemu::testing::IsNumber;
using dynemu::testing::IsString;
using dynemu::testing::IsStringSet;
using ::testing::Not;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

class ItemsTest : public cpp_sdk::SdkTest {};

cpp_sdk::SdkItem song_key(const std::string& artist, const std::string& title) {
  return sdk_item(R"({"Artist": ")" + artist + R"(", "SongTitle": ")" + title + R"("})");
}

TEST_F(ItemsTest, PutThenGetReturnsTheItem) {
  auto put = db().PutItem(PutItemRequest().WithTableName("Music").WithItem(
      sdk_item(R"({"Artist": "New", "SongTitle": "Hello", "Year": 2024, "Genre": "pop", "Tags": {"$ss": ["a", "b"]},
                   "Meta": {"bpm": 120, "live": false, "takes": [1, "two", null]}})")));
  ASSERT_SDK_OK(put);
  EXPECT_TRUE(put.GetResult().GetAttributes().empty());  // ReturnValues NONE

  auto got = db().GetItem(GetItemRequest().WithTableName("Music").WithKey(song_key("New", "Hello")).WithConsistentRead(true));
  ASSERT_SDK_OK(got);
  EXPECT_THAT(to_item(got.GetResult().GetItem()),
              EqualsItem(R"({"Artist": "New", "SongTitle": "Hello", "Year": 2024, "Genre": "pop",
                             "Tags": {"$ss": ["b", "a"]}, "Meta": {"bpm": 120, "live": false, "takes": [1, "two", null]}})"));
  EXPECT_THAT(get_item("Music", R"({"Artist": "New", "SongTitle": "Hello"})"), Optional(HasAttribute("Year", IsNumber(2024))));
}

TEST_F(ItemsTest, GetOfAMissingItemHasNoItem) {
  auto got = db().GetItem(GetItemRequest().WithTableName("Music").WithKey(song_key("Nobody", "Nothing")));
  ASSERT_SDK_OK(got);
  EXPECT_TRUE(got.GetResult().GetItem().empty());
  auto log = requests();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].items_read, 0);
}

TEST_F(ItemsTest, ProjectionExpressionWithNamesReturnsOnlyThoseAttributes) {
  GetItemRequest request;
  request.SetTableName("Music");
  request.SetKey(song_key("Acme Band", "Song 07"));
  request.SetProjectionExpression("#y, Plays");
  request.AddExpressionAttributeNames("#y", "Year");
  auto got = db().GetItem(request);
  ASSERT_SDK_OK(got);
  EXPECT_THAT(to_item(got.GetResult().GetItem()), EqualsItem(R"({"Year": 2007, "Plays": 70})"));
}

TEST_F(ItemsTest, PutReturnsTheOldItemWithAllOld) {
  auto put = db().PutItem(PutItemRequest()
                              .WithTableName("Music")
                              .WithItem(sdk_item(R"({"Artist": "Duo", "SongTitle": "First", "Plays": 8})"))
                              .WithReturnValues(ReturnValue::ALL_OLD));
  ASSERT_SDK_OK(put);
  EXPECT_THAT(to_item(put.GetResult().GetAttributes()),
              EqualsItem(R"({"Artist": "Duo", "SongTitle": "First", "Genre": "pop", "Year": 2010, "Plays": 7})"));
}

TEST_F(ItemsTest, ConditionalPutThatFailsIsConditionalCheckFailed) {
  PutItemRequest request;
  request.SetTableName("Music");
  request.SetItem(sdk_item(R"({"Artist": "Duo", "SongTitle": "First"})"));
  request.SetConditionExpression("attribute_not_exists(Artist)");
  EXPECT_SDK_ERROR(db().PutItem(request), CONDITIONAL_CHECK_FAILED, "The conditional request failed");
  // The item is untouched.
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "First"})"), Optional(HasAttribute("Plays", IsNumber(7))));
  auto log = requests();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].error, "ConditionalCheckFailedException");
}

TEST_F(ItemsTest, ConditionalPutThatHoldsWrites) {
  PutItemRequest request;
  request.SetTableName("Music");
  request.SetItem(sdk_item(R"({"Artist": "Duo", "SongTitle": "Third", "Plays": 1})"));
  request.SetConditionExpression("attribute_not_exists(Artist)");
  ASSERT_SDK_OK(db().PutItem(request));
  EXPECT_TRUE(get_item("Music", R"({"Artist": "Duo", "SongTitle": "Third"})"));
}

TEST_F(ItemsTest, UpdateItemWithEveryReturnValues) {
  auto update = [&](ReturnValue rv, const std::string& expression) {
    UpdateItemRequest request;
    request.SetTableName("Music");
    request.SetKey(song_key("Duo", "Second"));
    request.SetUpdateExpression(expression);
    request.AddExpressionAttributeValues(":one", sdk_value(R"({"N": "1"})"));
    request.SetReturnValues(rv);
    return db().UpdateItem(request);
  };
  auto updated_new = update(ReturnValue::UPDATED_NEW, "SET Plays = Plays + :one");
  ASSERT_SDK_OK(updated_new);
  EXPECT_THAT(to_item(updated_new.GetResult().GetAttributes()), EqualsItem(R"({"Plays": 4})"));

  auto updated_old = update(ReturnValue::UPDATED_OLD, "SET Plays = Plays + :one");
  ASSERT_SDK_OK(updated_old);
  EXPECT_THAT(to_item(updated_old.GetResult().GetAttributes()), EqualsItem(R"({"Plays": 4})"));

  auto all_new = update(ReturnValue::ALL_NEW, "SET Plays = Plays + :one, Rating = :one");
  ASSERT_SDK_OK(all_new);
  EXPECT_THAT(to_item(all_new.GetResult().GetAttributes()),
              EqualsItem(R"({"Artist": "Duo", "SongTitle": "Second", "Genre": "pop", "Year": 2011, "Plays": 6, "Rating": 1})"));

  auto all_old = update(ReturnValue::ALL_OLD, "REMOVE Rating SET Plays = Plays + :one");
  ASSERT_SDK_OK(all_old);
  EXPECT_THAT(to_item(all_old.GetResult().GetAttributes()), HasAttribute("Rating", IsNumber(1)));

  auto none = update(ReturnValue::NONE, "SET Plays = Plays + :one");
  ASSERT_SDK_OK(none);
  EXPECT_TRUE(none.GetResult().GetAttributes().empty());
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "Second"})"),
              Optional(::testing::AllOf(HasAttribute("Plays", IsNumber(8)), Not(HasAttribute("Rating")))));
}

TEST_F(ItemsTest, UpdateItemOnSetsAndConditions) {
  UpdateItemRequest request;
  request.SetTableName("Music");
  request.SetKey(song_key("Acme Band", "Song 01"));
  request.SetUpdateExpression("ADD Tags :new, Plays :ten SET Genre = :g");
  request.SetConditionExpression("Plays = :plays AND contains(Tags, :o)");
  request.AddExpressionAttributeValues(":new", Aws::DynamoDB::Model::AttributeValue().SetSS({"live"}));
  request.AddExpressionAttributeValues(":ten", Aws::DynamoDB::Model::AttributeValue().SetN("10"));
  request.AddExpressionAttributeValues(":o", Aws::DynamoDB::Model::AttributeValue("t1"));
  request.AddExpressionAttributeValues(":g", Aws::DynamoDB::Model::AttributeValue("blues"));
  request.AddExpressionAttributeValues(":plays", Aws::DynamoDB::Model::AttributeValue().SetN("10"));
  request.SetReturnValues(ReturnValue::ALL_NEW);
  auto updated = db().UpdateItem(request);
  ASSERT_SDK_OK(updated);
  EXPECT_THAT(to_item(updated.GetResult().GetAttributes()),
              ::testing::AllOf(HasAttribute("Tags", IsStringSet(UnorderedElementsAre("all", "t1", "live"))),
                               HasAttribute("Plays", IsNumber(20)), HasAttribute("Genre", IsString("blues"))));
  // The same condition no longer holds (Plays is 20 now).
  EXPECT_SDK_ERROR(db().UpdateItem(request), CONDITIONAL_CHECK_FAILED, "The conditional request failed");

  // DELETE takes elements out of a set; taking the last ones out removes the attribute.
  UpdateItemRequest remove;
  remove.SetTableName("Music");
  remove.SetKey(song_key("Acme Band", "Song 01"));
  remove.SetUpdateExpression("DELETE Tags :gone");
  remove.AddExpressionAttributeValues(":gone", Aws::DynamoDB::Model::AttributeValue().SetSS({"all", "t1", "live"}));
  ASSERT_SDK_OK(db().UpdateItem(remove));
  EXPECT_THAT(get_item("Music", R"({"Artist": "Acme Band", "SongTitle": "Song 01"})"), Optional(Not(HasAttribute("Tags"))));
}

TEST_F(ItemsTest, UpdateItemCreatesAMissingItem) {
  UpdateItemRequest request;
  request.SetTableName("Music");
  request.SetKey(song_key("Fresh", "Start"));
  request.SetUpdateExpression("SET Plays = if_not_exists(Plays, :zero) + :one");
  request.AddExpressionAttributeValues(":zero", sdk_value(R"({"N": "0"})"));
  request.AddExpressionAttributeValues(":one", sdk_value(R"({"N": "1"})"));
  ASSERT_SDK_OK(db().UpdateItem(request));
  ASSERT_SDK_OK(db().UpdateItem(request));
  EXPECT_THAT(get_item("Music", R"({"Artist": "Fresh", "SongTitle": "Start"})"),
              Optional(EqualsItem(R"({"Artist": "Fresh", "SongTitle": "Start", "Plays": 2})")));
}

TEST_F(ItemsTest, DeleteItemReturnsTheOldItemAndHonoursItsCondition) {
  DeleteItemRequest request;
  request.SetTableName("Music");
  request.SetKey(song_key("Solo Act", "Only One"));
  request.SetConditionExpression("Plays > :n");
  request.AddExpressionAttributeValues(":n", sdk_value(R"({"N": "5"})"));
  EXPECT_SDK_ERROR(db().DeleteItem(request), CONDITIONAL_CHECK_FAILED, "The conditional request failed");
  EXPECT_TRUE(get_item("Music", R"({"Artist": "Solo Act", "SongTitle": "Only One"})"));

  request.SetExpressionAttributeValues({{":n", sdk_value(R"({"N": "4"})")}});
  request.SetReturnValues(ReturnValue::ALL_OLD);
  auto deleted = db().DeleteItem(request);
  ASSERT_SDK_OK(deleted);
  EXPECT_THAT(to_item(deleted.GetResult().GetAttributes()), HasAttribute("Genre", IsString("jazz")));
  EXPECT_FALSE(get_item("Music", R"({"Artist": "Solo Act", "SongTitle": "Only One"})"));
}

TEST_F(ItemsTest, ConsumedCapacityComesBackWhenAsked) {
  auto got = db().GetItem(GetItemRequest()
                              .WithTableName("Music")
                              .WithKey(song_key("Duo", "First"))
                              .WithConsistentRead(true)
                              .WithReturnConsumedCapacity(ReturnConsumedCapacity::TOTAL));
  ASSERT_SDK_OK(got);
  EXPECT_EQ(got.GetResult().GetConsumedCapacity().GetTableName(), "Music");
  EXPECT_DOUBLE_EQ(got.GetResult().GetConsumedCapacity().GetCapacityUnits(), 1.0);  // strongly consistent, < 4 KB
  EXPECT_TRUE(ReadUnitsAtMost(1));
}

}  // namespace
