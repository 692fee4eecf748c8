// TransactWriteItems and TransactGetItems through DynamoDBClient. A cancelled transaction is
// DynamoDBErrors::TRANSACTION_CANCELED; its CancellationReasons (one per action, in request order,
// with the item when the action asked ReturnValuesOnConditionCheckFailure ALL_OLD) are read with
// DynamoDBError::GetModeledError<TransactionCanceledException>(), the one error body 1.8.34 models.
#include <aws/dynamodb/model/TransactGetItemsRequest.h>
#include <aws/dynamodb/model/TransactWriteItemsRequest.h>
#include <aws/dynamodb/model/TransactionCanceledException.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using cpp_sdk::sdk_item;
using cpp_sdk::sdk_value;
using cpp_sdk::to_item;
using dynemu::testing::EqualsItem;
using dynemu::testing::HasAttribute;
using dynemu::testing::IsNumber;
using ::testing::Optional;

class TransactionsTest : public cpp_sdk::SdkTest {
 protected:
  // Moves `plays` plays from Duo/First to Duo/Second, only if First has that many.
  static TransactWriteItemsRequest move_plays(int plays, ReturnValuesOnConditionCheckFailure on_failure) {
    Update take;
    take.SetTableName("Music");
    take.SetKey(sdk_item(R"({"Artist": "Duo", "SongTitle": "First"})"));
    take.SetUpdateExpression("SET Plays = Plays - :n");
    take.SetConditionExpression("Plays >= :n");
    take.AddExpressionAttributeValues(":n", sdk_value(R"({"N": ")" + std::to_string(plays) + R"("})"));
    take.SetReturnValuesOnConditionCheckFailure(on_failure);
    Update give;
    give.SetTableName("Music");
    give.SetKey(sdk_item(R"({"Artist": "Duo", "SongTitle": "Second"})"));
    give.SetUpdateExpression("SET Plays = Plays + :n");
    give.AddExpressionAttributeValues(":n", sdk_value(R"({"N": ")" + std::to_string(plays) + R"("})"));
    TransactWriteItemsRequest request;
    request.AddTransactItems(TransactWriteItem().WithUpdate(take));
    request.AddTransactItems(TransactWriteItem().WithUpdate(give));
    return request;
  }
};

TEST_F(TransactionsTest, AllActionsApplyTogether) {
  TransactWriteItemsRequest request = move_plays(5, ReturnValuesOnConditionCheckFailure::NONE);
  request.AddTransactItems(TransactWriteItem().WithPut(
      Put().WithTableName("Sessions").WithItem(sdk_item(R"({"id": "s-new", "user": "duo"})")).WithConditionExpression("attribute_not_exists(id)")));
  request.AddTransactItems(TransactWriteItem().WithDelete(Delete().WithTableName("Sessions").WithKey(sdk_item(R"({"id": "s-old"})"))));
  request.AddTransactItems(TransactWriteItem().WithConditionCheck(
      ConditionCheck().WithTableName("Music").WithKey(sdk_item(R"({"Artist": "Solo Act", "SongTitle": "Only One"})"))
                      .WithConditionExpression("attribute_exists(Genre)")));
  ASSERT_SDK_OK(db().TransactWriteItems(request));
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "First"})"), Optional(HasAttribute("Plays", IsNumber(2))));
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "Second"})"), Optional(HasAttribute("Plays", IsNumber(8))));
  EXPECT_TRUE(get_item("Sessions", R"({"id": "s-new"})"));
  EXPECT_FALSE(get_item("Sessions", R"({"id": "s-old"})"));
  EXPECT_TRUE(OnlyAccessed({"Music", "Sessions"}));
}

TEST_F(TransactionsTest, FailedConditionCancelsWithReasonsInRequestOrder) {
  auto outcome = db().TransactWriteItems(move_plays(8, ReturnValuesOnConditionCheckFailure::NONE));
  ASSERT_FALSE(outcome.IsSuccess());
  auto error = outcome.GetError();
  EXPECT_EQ(error.GetErrorType(), Aws::DynamoDB::DynamoDBErrors::TRANSACTION_CANCELED) << cpp_sdk::describe(error);
  EXPECT_EQ(error.GetMessage(),
            "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]");
  auto reasons = error.GetModeledError<TransactionCanceledException>().GetCancellationReasons();
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].GetCode(), "ConditionalCheckFailed");
  EXPECT_EQ(reasons[0].GetMessage(), "The conditional request failed");
  EXPECT_TRUE(reasons[0].GetItem().empty());  // NONE: no item
  EXPECT_EQ(reasons[1].GetCode(), "None");
  // Nothing was written.
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "First"})"), Optional(HasAttribute("Plays", IsNumber(7))));
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "Second"})"), Optional(HasAttribute("Plays", IsNumber(3))));
}

TEST_F(TransactionsTest, ReturnValuesOnConditionCheckFailureReturnsTheItemInTheReason) {
  auto outcome = db().TransactWriteItems(move_plays(8, ReturnValuesOnConditionCheckFailure::ALL_OLD));
  ASSERT_FALSE(outcome.IsSuccess());
  auto error = outcome.GetError();
  ASSERT_EQ(error.GetErrorType(), Aws::DynamoDB::DynamoDBErrors::TRANSACTION_CANCELED) << cpp_sdk::describe(error);
  auto reasons = error.GetModeledError<TransactionCanceledException>().GetCancellationReasons();
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_THAT(to_item(reasons[0].GetItem()),
              EqualsItem(R"({"Artist": "Duo", "SongTitle": "First", "Genre": "pop", "Year": 2010, "Plays": 7})"));
  EXPECT_TRUE(reasons[1].GetItem().empty());
}

TEST_F(TransactionsTest, TwoActionsOnOneItemIsValidation) {
  TransactWriteItemsRequest request = move_plays(1, ReturnValuesOnConditionCheckFailure::NONE);
  request.AddTransactItems(TransactWriteItem().WithDelete(
      Delete().WithTableName("Music").WithKey(sdk_item(R"({"Artist": "Duo", "SongTitle": "First"})"))));
  EXPECT_SDK_ERROR(db().TransactWriteItems(request), VALIDATION,
                   "Transaction request cannot include multiple operations on one item");
}

TEST_F(TransactionsTest, TransactGetReadsItemsInRequestOrder) {
  TransactGetItemsRequest request;
  request.AddTransactItems(TransactGetItem().WithGet(Get().WithTableName("Sessions").WithKey(sdk_item(R"({"id": "s-old"})"))));
  request.AddTransactItems(TransactGetItem().WithGet(Get().WithTableName("Music").WithKey(sdk_item(R"({"Artist": "Duo", "SongTitle": "Nope"})"))));
  request.AddTransactItems(TransactGetItem().WithGet(
      Get().WithTableName("Music").WithKey(sdk_item(R"({"Artist": "Duo", "SongTitle": "Second"})")).WithProjectionExpression("Plays")));
  auto outcome = db().TransactGetItems(request);
  ASSERT_SDK_OK(outcome);
  const auto& responses = outcome.GetResult().GetResponses();
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_THAT(to_item(responses[0].GetItem()), EqualsItem(R"({"id": "s-old", "user": "bob"})"));
  EXPECT_TRUE(responses[1].GetItem().empty());
  EXPECT_THAT(to_item(responses[2].GetItem()), EqualsItem(R"({"Plays": 3})"));
}

TEST_F(TransactionsTest, IdempotentRetryWithTheSameClientTokenWritesOnce) {
  TransactWriteItemsRequest request = move_plays(2, ReturnValuesOnConditionCheckFailure::NONE);
  request.SetClientRequestToken("token-1");
  ASSERT_SDK_OK(db().TransactWriteItems(request));
  ASSERT_SDK_OK(db().TransactWriteItems(request));
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "First"})"), Optional(HasAttribute("Plays", IsNumber(5))));
}

TEST_F(TransactionsTest, ARequestObjectSentTwiceCarriesTheSameIdempotencyToken) {
  // The SDK fills ClientRequestToken with a random UUID when the request object is made, so sending
  // one object twice is a retry of one transaction: DynamoDB (and dynemu) apply it once.
  TransactWriteItemsRequest request = move_plays(1, ReturnValuesOnConditionCheckFailure::NONE);
  EXPECT_TRUE(request.ClientRequestTokenHasBeenSet());
  EXPECT_EQ(request.GetClientRequestToken().size(), 36u);
  ASSERT_SDK_OK(db().TransactWriteItems(request));
  ASSERT_SDK_OK(db().TransactWriteItems(request));
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "First"})"), Optional(HasAttribute("Plays", IsNumber(6))));
  // A new object gets a new token and is a second transaction.
  ASSERT_SDK_OK(db().TransactWriteItems(move_plays(1, ReturnValuesOnConditionCheckFailure::NONE)));
  EXPECT_THAT(get_item("Music", R"({"Artist": "Duo", "SongTitle": "First"})"), Optional(HasAttribute("Plays", IsNumber(5))));
}

}  // namespace
