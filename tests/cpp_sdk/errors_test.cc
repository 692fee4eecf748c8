// DynamoDB's errors as the SDK types them: the DynamoDBErrors value, exception name, HTTP status
// and message a C++ application branches on. (Each area's own errors are in its file; these are the
// cross-cutting ones.)
#include <aws/dynamodb/model/GetItemRequest.h>
#include <aws/dynamodb/model/PutItemRequest.h>
#include <aws/dynamodb/model/QueryRequest.h>
#include <aws/dynamodb/model/UpdateItemRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using Aws::DynamoDB::DynamoDBErrors;
using cpp_sdk::sdk_item;
using ::testing::HasSubstr;

class ErrorsTest : public cpp_sdk::SdkTest {};

TEST_F(ErrorsTest, MissingTableIsResourceNotFound) {
  auto outcome = db().GetItem(GetItemRequest().WithTableName("Nope").WithKey(sdk_item(R"({"id": "x"})")));
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), DynamoDBErrors::RESOURCE_NOT_FOUND);
  EXPECT_EQ(outcome.GetError().GetExceptionName(), "ResourceNotFoundException");
  EXPECT_EQ(outcome.GetError().GetResponseCode(), Aws::Http::HttpResponseCode::BAD_REQUEST);
  EXPECT_EQ(outcome.GetError().GetMessage(), "Requested resource not found");
  EXPECT_FALSE(outcome.GetError().ShouldRetry());
  EXPECT_FALSE(outcome.GetError().GetRequestId().empty());  // x-amzn-RequestId
}

TEST_F(ErrorsTest, KeyOfTheWrongTypeIsValidation) {
  EXPECT_SDK_ERROR(db().GetItem(GetItemRequest().WithTableName("Sessions").WithKey(sdk_item(R"({"id": 5})"))), VALIDATION,
                   "The provided key element does not match the schema");
  EXPECT_SDK_ERROR(db().GetItem(GetItemRequest().WithTableName("Music").WithKey(sdk_item(R"({"Artist": "Duo"})"))),
                   VALIDATION, "The provided key element does not match the schema");
}

TEST_F(ErrorsTest, BadExpressionsAreValidationNamingTheProblem) {
  UpdateItemRequest update;
  update.SetTableName("Sessions");
  update.SetKey(sdk_item(R"({"id": "s-live"})"));
  update.SetUpdateExpression("SET user = :u");  // "user" is a reserved word
  update.AddExpressionAttributeValues(":u", Aws::DynamoDB::Model::AttributeValue("x"));
  auto outcome = db().UpdateItem(update);
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), DynamoDBErrors::VALIDATION);
  EXPECT_EQ(outcome.GetError().GetMessage(),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: user");

  update.SetUpdateExpression("SET #u = :undefined");
  update.AddExpressionAttributeNames("#u", "user");
  EXPECT_SDK_ERROR(db().UpdateItem(update), VALIDATION,
                   "Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
                   "attribute value: :undefined");

  update.SetUpdateExpression("SET #u = :u");
  update.AddExpressionAttributeValues(":extra", Aws::DynamoDB::Model::AttributeValue("y"));
  EXPECT_SDK_ERROR(db().UpdateItem(update), VALIDATION,
                   "Value provided in ExpressionAttributeValues unused in expressions: keys: {:extra}");
}

TEST_F(ErrorsTest, AnErrorNameTheSdkDoesNotKnowIsUnknownWithItsNameInTheMessage) {
  // The SDK maps error names it has no enum for to CoreErrors::UNKNOWN (100) and keeps the name.
  fail_next("PutItem", 1, "MadeUpException");
  auto outcome = db().PutItem(PutItemRequest().WithTableName("Sessions").WithItem(sdk_item(R"({"id": "s-x"})")));
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), DynamoDBErrors::UNKNOWN);
  EXPECT_EQ(outcome.GetError().GetExceptionName(), "MadeUpException");
  EXPECT_THAT(outcome.GetError().GetMessage(), HasSubstr("MadeUpException"));
}

TEST_F(ErrorsTest, TheServerKeepsServingAfterErrors) {
  for (int i = 0; i < 5; ++i)
    ASSERT_FALSE(db().Query(QueryRequest().WithTableName("Nope").WithKeyConditionExpression("a = :a")).IsSuccess());
  auto ok = db().GetItem(GetItemRequest().WithTableName("Sessions").WithKey(sdk_item(R"({"id": "s-live"})")));
  ASSERT_SDK_OK(ok);
  EXPECT_EQ(ok.GetResult().GetItem().at("user").GetS(), "ann");
}

}  // namespace
