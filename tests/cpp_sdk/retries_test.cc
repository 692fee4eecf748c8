// The SDK's own retry loop against the fixtures' fault injection: throttling and server errors it
// retries (each attempt is one entry in the request log), errors it gives up on, and errors it
// never retries. Clients here use DefaultRetryStrategy(n): 25 ms * 2^k between attempts.
#include <aws/dynamodb/model/GetItemRequest.h>
#include <aws/dynamodb/model/PutItemRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using Aws::DynamoDB::DynamoDBErrors;
using cpp_sdk::sdk_item;
using dynemu::testing::HasAttribute;
using dynemu::testing::IsString;
using ::testing::Optional;

class RetriesTest : public cpp_sdk::SdkTest {
 protected:
  static PutItemRequest put_session(const std::string& id) {
    return PutItemRequest().WithTableName("Sessions").WithItem(sdk_item(R"({"id": ")" + id + R"(", "user": "cy"})"));
  }
};

TEST_F(RetriesTest, ThrottledWriteIsRetriedUntilItSucceeds) {
  auto client = client_with_retries(3);
  fail_next("PutItem", 2, "ProvisionedThroughputExceededException", "Sessions");
  ASSERT_SDK_OK(client->PutItem(put_session("s-retried")));
  EXPECT_THAT(get_item("Sessions", R"({"id": "s-retried"})"), Optional(HasAttribute("user", IsString("cy"))));
  auto log = requests();
  ASSERT_EQ(log.size(), 3u) << dynemu::describe_requests(log);
  EXPECT_TRUE(log[0].injected);
  EXPECT_EQ(log[0].error, "ProvisionedThroughputExceededException");
  EXPECT_EQ(log[0].status, 400);
  EXPECT_TRUE(log[1].injected);
  EXPECT_FALSE(log[2].injected);
  EXPECT_EQ(log[2].status, 200);
}

TEST_F(RetriesTest, ThrottlingThatOutlastsTheRetriesSurfacesAsTheTypedError) {
  auto client = client_with_retries(2);
  fail_next("PutItem", -1, "ThrottlingException");
  auto outcome = client->PutItem(put_session("s-never"));
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), DynamoDBErrors::THROTTLING) << cpp_sdk::describe(outcome.GetError());
  EXPECT_EQ(outcome.GetError().GetExceptionName(), "ThrottlingException");
  EXPECT_TRUE(outcome.GetError().ShouldRetry());
  EXPECT_EQ(requests().size(), 3u);  // the first attempt and two retries
  EXPECT_FALSE(get_item("Sessions", R"({"id": "s-never"})"));
}

TEST_F(RetriesTest, ProvisionedThroughputExceededIsItsOwnErrorType) {
  fail_next("GetItem", 1, "ProvisionedThroughputExceededException");
  auto outcome = db().GetItem(GetItemRequest().WithTableName("Sessions").WithKey(sdk_item(R"({"id": "s-live"})")));
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), DynamoDBErrors::PROVISIONED_THROUGHPUT_EXCEEDED);
  EXPECT_EQ(outcome.GetError().GetMessage(),
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
            "provisioning level with the UpdateTable API.");
}

TEST_F(RetriesTest, InternalServerErrorIsRetried) {
  auto client = client_with_retries(3);
  fail_next("GetItem", 1, "InternalServerError");
  auto outcome = client->GetItem(GetItemRequest().WithTableName("Sessions").WithKey(sdk_item(R"({"id": "s-live"})")));
  ASSERT_SDK_OK(outcome);
  EXPECT_EQ(outcome.GetResult().GetItem().at("user").GetS(), "ann");
  auto log = requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].status, 500);
  EXPECT_EQ(log[0].error, "InternalServerError");
}

TEST_F(RetriesTest, ConditionalCheckFailureIsNeverRetried) {
  auto client = client_with_retries(3);
  PutItemRequest request = put_session("s-live");
  request.SetConditionExpression("attribute_not_exists(id)");
  EXPECT_SDK_ERROR(client->PutItem(request), CONDITIONAL_CHECK_FAILED, "The conditional request failed");
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(RetriesTest, RequestLimitExceededIsRetried) {
  auto client = client_with_retries(2);
  fail_next("*", 1, "RequestLimitExceeded");
  ASSERT_SDK_OK(client->PutItem(put_session("s-limit")));
  auto log = requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].error, "RequestLimitExceeded");
  EXPECT_EQ(log[1].status, 200);
}

}  // namespace
