// Built where the AWS SDK for C++ is found (cmake/aws_sdk.cmake), label cpp_sdk: the shim fills a
// ClientConfiguration and real DynamoDBClient / DynamoDBStreamsClient instances reach the
// fixture's server with it; and the SDK quirks the shim exists for (sdk-shims/README.md) hold.
#include <aws/core/Aws.h>
#include <aws/dynamodb/DynamoDBClient.h>
#include <aws/dynamodb/model/GetItemRequest.h>
#include <aws/dynamodbstreams/DynamoDBStreamsClient.h>
#include <aws/dynamodbstreams/model/ListStreamsRequest.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "dynemu/aws_sdk.h"
#include "dynemu/testing.h"

namespace {

class AwsSdkShimTest : public dynemu::testing::Test {
 protected:
  void SetUp() override {
    dynemu::testing::Test::SetUp();
    call("CreateTable", R"({"TableName":"Shim","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
          "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",
          "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}})");
  }

  static Aws::DynamoDB::Model::GetItemRequest get_x() {
    Aws::DynamoDB::Model::GetItemRequest request;
    request.SetTableName("Shim");
    request.AddKey("id", Aws::DynamoDB::Model::AttributeValue("x"));
    return request;
  }
  // endpoint() without its "http://" prefix: what a user might put in a config file.
  std::string host_and_port() { return endpoint().substr(endpoint().find("://") + 3); }
};

TEST_F(AwsSdkShimTest, ConfigurationComesFromTheEnvironment) {
  Aws::Client::ClientConfiguration config = dynemu::aws_sdk::client_configuration();
  EXPECT_EQ(std::string(config.endpointOverride.c_str()), endpoint());
  EXPECT_EQ(config.scheme, Aws::Http::Scheme::HTTP);
  EXPECT_EQ(std::string(config.region.c_str()), "us-east-1");
}

TEST_F(AwsSdkShimTest, ClientReachesTheServer) {
  Aws::DynamoDB::DynamoDBClient client(dynemu::aws_sdk::client_configuration());
  auto outcome = client.GetItem(get_x());
  ASSERT_TRUE(outcome.IsSuccess()) << outcome.GetError().GetMessage();
  EXPECT_TRUE(outcome.GetResult().GetItem().empty());
  ASSERT_EQ(requests().size(), 1u);
  EXPECT_EQ(requests()[0].operation, "GetItem");
}

TEST_F(AwsSdkShimTest, StreamsClientReachesTheSameEndpoint) {
  Aws::DynamoDBStreams::DynamoDBStreamsClient client(dynemu::aws_sdk::client_configuration());
  auto outcome = client.ListStreams(Aws::DynamoDBStreams::Model::ListStreamsRequest().WithTableName("Shim"));
  ASSERT_TRUE(outcome.IsSuccess()) << outcome.GetError().GetMessage();
  ASSERT_EQ(outcome.GetResult().GetStreams().size(), 1u);
  EXPECT_EQ(outcome.GetResult().GetStreams()[0].GetTableName(), "Shim");
}

TEST_F(AwsSdkShimTest, AnEndpointWithoutSchemeIsPlainHttp) {
  Aws::Client::ClientConfiguration config;
  dynemu::aws_sdk::configure(config, host_and_port(), "eu-west-1");
  EXPECT_EQ(config.scheme, Aws::Http::Scheme::HTTP);
  EXPECT_EQ(std::string(config.region.c_str()), "eu-west-1");
  dynemu::aws_sdk::set_max_retries(config, 0);
  Aws::DynamoDB::DynamoDBClient client(config);
  auto outcome = client.GetItem(get_x());
  EXPECT_TRUE(outcome.IsSuccess()) << outcome.GetError().GetMessage();
}

TEST_F(AwsSdkShimTest, TheSdksDefaultSchemeIsHttpsWhichAPlainEndpointCannotAnswer) {
  // Why configure() sets the scheme: ClientConfiguration defaults to HTTPS, and a bare host:port
  // endpoint then starts a TLS handshake with dynemu's plain HTTP listener.
  Aws::Client::ClientConfiguration config;
  EXPECT_EQ(config.scheme, Aws::Http::Scheme::HTTPS);
  config.endpointOverride = host_and_port().c_str();
  dynemu::aws_sdk::set_max_retries(config, 0);
  Aws::DynamoDB::DynamoDBClient client(config);
  auto outcome = client.GetItem(get_x());
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), Aws::DynamoDB::DynamoDBErrors::NETWORK_CONNECTION)
      << outcome.GetError().GetMessage();
}

TEST_F(AwsSdkShimTest, HttpsPrefixSelectsHttps) {
  Aws::Client::ClientConfiguration config;
  dynemu::aws_sdk::configure(config, "https://dynamodb.example.test:8443");
  EXPECT_EQ(config.scheme, Aws::Http::Scheme::HTTPS);
  EXPECT_TRUE(config.verifySSL);  // left as the SDK sets it: a TLS endpoint needs a certificate it trusts
}

TEST_F(AwsSdkShimTest, WithoutTheExpectHeaderRequestsStillWork) {
  Aws::Client::ClientConfiguration config = dynemu::aws_sdk::client_configuration();
  config.disableExpectHeader = true;
  Aws::DynamoDB::DynamoDBClient client(config);
  EXPECT_TRUE(client.GetItem(get_x()).IsSuccess());
}

TEST_F(AwsSdkShimTest, SetMaxRetriesBoundsTheSdksRetries) {
  Aws::Client::ClientConfiguration config = dynemu::aws_sdk::client_configuration();
  dynemu::aws_sdk::set_max_retries(config, 1);
  Aws::DynamoDB::DynamoDBClient client(config);
  fail_next("GetItem", 2, "ThrottlingException");
  auto outcome = client.GetItem(get_x());
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), Aws::DynamoDB::DynamoDBErrors::THROTTLING);
  EXPECT_EQ(requests().size(), 2u);  // one attempt, one retry
  EXPECT_TRUE(client.GetItem(get_x()).IsSuccess());  // the second fault was used by the retry
}

TEST_F(AwsSdkShimTest, ClientConfigurationTurnsOffTheInstanceMetadataLookupForALocalEndpoint) {
  const std::string saved = dynemu::aws_sdk::environment_value("AWS_EC2_METADATA_DISABLED");
  unsetenv("AWS_EC2_METADATA_DISABLED");
  dynemu::aws_sdk::client_configuration();
  EXPECT_EQ(dynemu::aws_sdk::environment_value("AWS_EC2_METADATA_DISABLED"), "true");
  setenv("AWS_EC2_METADATA_DISABLED", "false", 1);  // a user's own setting is kept
  dynemu::aws_sdk::client_configuration();
  EXPECT_EQ(dynemu::aws_sdk::environment_value("AWS_EC2_METADATA_DISABLED"), "false");
  setenv("AWS_EC2_METADATA_DISABLED", saved.c_str(), 1);
}

TEST_F(AwsSdkShimTest, WithoutAnEndpointTheConfigurationIsLeftAlone) {
  const std::string saved_dynamodb = dynemu::aws_sdk::environment_value("AWS_ENDPOINT_URL_DYNAMODB");
  const std::string saved_any = dynemu::aws_sdk::environment_value("AWS_ENDPOINT_URL");
  unsetenv("AWS_ENDPOINT_URL_DYNAMODB");
  unsetenv("AWS_ENDPOINT_URL");
  Aws::Client::ClientConfiguration config;
  config.region = "ap-south-1";
  EXPECT_FALSE(dynemu::aws_sdk::configure_from_environment(config));
  EXPECT_TRUE(config.endpointOverride.empty());
  EXPECT_EQ(std::string(config.region.c_str()), "ap-south-1");
  setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1", 1);  // the general variable is the fallback
  EXPECT_EQ(dynemu::aws_sdk::endpoint_from_environment(), "http://127.0.0.1:1");
  setenv("AWS_ENDPOINT_URL_DYNAMODB", saved_dynamodb.c_str(), 1);
  setenv("AWS_ENDPOINT_URL", saved_any.c_str(), 1);
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
