// Built only when the AWS SDK for C++ is found: the shim fills a ClientConfiguration and a real
// DynamoDBClient reaches the fixture's server with it.
#include <aws/core/Aws.h>
#include <aws/dynamodb/DynamoDBClient.h>
#include <aws/dynamodb/model/GetItemRequest.h>
#include <gtest/gtest.h>

#include "dynemu/aws_sdk.h"
#include "dynemu/testing.h"

namespace {

class AwsSdkShimTest : public dynemu::testing::Test {};

TEST_F(AwsSdkShimTest, ConfigurationComesFromTheEnvironment) {
  Aws::Client::ClientConfiguration config = dynemu::aws_sdk::client_configuration();
  EXPECT_EQ(std::string(config.endpointOverride.c_str()), endpoint());
  EXPECT_EQ(config.scheme, Aws::Http::Scheme::HTTP);
  EXPECT_EQ(std::string(config.region.c_str()), "us-east-1");
}

TEST_F(AwsSdkShimTest, ClientReachesTheServer) {
  call("CreateTable", R"({"TableName":"Shim","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
  Aws::DynamoDB::DynamoDBClient client(dynemu::aws_sdk::client_configuration());
  Aws::DynamoDB::Model::GetItemRequest request;
  request.SetTableName("Shim");
  request.AddKey("id", Aws::DynamoDB::Model::AttributeValue("x"));
  auto outcome = client.GetItem(request);
  ASSERT_TRUE(outcome.IsSuccess()) << outcome.GetError().GetMessage();
  EXPECT_TRUE(outcome.GetResult().GetItem().empty());
  ASSERT_EQ(requests().size(), 1u);
  EXPECT_EQ(requests()[0].operation, "GetItem");
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  Aws::SDKOptions options;
  Aws::InitAPI(options);
  dynemu::testing::Environment::install();
  int rc = RUN_ALL_TESTS();
  Aws::ShutdownAPI(options);
  return rc;
}
