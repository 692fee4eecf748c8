// What the cpp_sdk tests share: the SDK's lifetime, clients pointed at the fixtures' server through
// the <dynemu/aws_sdk.h> shim, and conversions between the SDK's AttributeValue maps and the
// fixtures' Item (so the GoogleMock matchers of <dynemu/testing.h> check SDK results).
//
// Contract:
//  - run_sdk_tests() is main(): InitAPI, the fixtures' Environment seeded from `seed_paths`,
//    RUN_ALL_TESTS, every client released, ShutdownAPI.
//  - SdkTest::db() / streams() are clients with retries off (a test sees each error at once, not
//    after the default strategy's ~25 s), shared by every test of the binary. client_with_retries(n)
//    makes a client whose DefaultRetryStrategy retries up to n times (25 ms * 2^k backoff).
//  - sdk_item(json) takes plain or DynamoDB JSON (as the seeds do); to_item() turns an SDK map back
//    into an Item, number text and base64 exactly as the SDK holds them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <aws/dynamodb/DynamoDBClient.h>
#include <aws/dynamodb/DynamoDBErrors.h>
#include <aws/dynamodb/model/AttributeValue.h>
#include <aws/dynamodbstreams/DynamoDBStreamsClient.h>
#include <gmock/gmock.h>

#include "dynemu/testing.h"

namespace cpp_sdk {

using SdkItem = Aws::Map<Aws::String, Aws::DynamoDB::Model::AttributeValue>;

int run_sdk_tests(int argc, char** argv, const std::vector<std::string>& seed_paths);

// Plain or DynamoDB JSON → the SDK's types (throws std::invalid_argument like item_from_json).
SdkItem sdk_item(const std::string& plain_or_dynamodb_json);
Aws::DynamoDB::Model::AttributeValue sdk_value(const std::string& dynamodb_json);
// The SDK's types → the fixtures' (through the SDK's own JSON serialisation of AttributeValue).
dynemu::testing::Item to_item(const SdkItem& item);
dynemu::testing::AttributeValue to_value(const Aws::DynamoDB::Model::AttributeValue& value);
std::vector<dynemu::testing::Item> to_items(const Aws::Vector<SdkItem>& items);

// A ClientConfiguration from the shim (endpoint, scheme, region from the fixture's environment)
// with DefaultRetryStrategy(max_retries).
Aws::Client::ClientConfiguration client_configuration(long max_retries);
std::unique_ptr<Aws::DynamoDB::DynamoDBClient> make_client(long max_retries);

// "ConditionalCheckFailedException (HTTP 400): The conditional request failed", for assertion
// messages (DynamoDB and Streams errors alike).
template <typename ErrorType>
std::string describe(const Aws::Client::AWSError<ErrorType>& error) {
  return error.GetExceptionName() + " (HTTP " + std::to_string(static_cast<int>(error.GetResponseCode())) +
         "): " + error.GetMessage();
}

class SdkTest : public dynemu::testing::Test {
 protected:
  static Aws::DynamoDB::DynamoDBClient& db();
  static Aws::DynamoDBStreams::DynamoDBStreamsClient& streams();
  static std::unique_ptr<Aws::DynamoDB::DynamoDBClient> client_with_retries(long max_retries) {
    return make_client(max_retries);
  }
};

}  // namespace cpp_sdk

// Outcome assertions that print the SDK's error when they fail.
#define ASSERT_SDK_OK(outcome) ASSERT_TRUE((outcome).IsSuccess()) << cpp_sdk::describe((outcome).GetError())
#define EXPECT_SDK_OK(outcome) EXPECT_TRUE((outcome).IsSuccess()) << cpp_sdk::describe((outcome).GetError())
// The outcome failed with DynamoDBErrors::<error_enum> and exactly this message.
#define EXPECT_SDK_ERROR(outcome, error_enum, message_text)                                        \
  do {                                                                                             \
    const auto& sdk_outcome_ = (outcome);                                                          \
    ASSERT_FALSE(sdk_outcome_.IsSuccess()) << "expected " #error_enum;                             \
    EXPECT_EQ(sdk_outcome_.GetError().GetErrorType(), Aws::DynamoDB::DynamoDBErrors::error_enum)   \
        << cpp_sdk::describe(sdk_outcome_.GetError());                                             \
    EXPECT_EQ(sdk_outcome_.GetError().GetMessage(), message_text);                                 \
  } while (0)
