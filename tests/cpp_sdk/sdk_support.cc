#include "sdk_support.h"

#include <cstdlib>

#include <aws/core/Aws.h>
#include <aws/core/client/DefaultRetryStrategy.h>
#include <aws/core/utils/json/JsonSerializer.h>

#include "dynemu/aws_sdk.h"

namespace cpp_sdk {
namespace {

// Created on first use after the Environment set the endpoint; released before ShutdownAPI
// (an SDK client outliving ShutdownAPI crashes in its destructor).
std::unique_ptr<Aws::DynamoDB::DynamoDBClient>& shared_db() {
  static std::unique_ptr<Aws::DynamoDB::DynamoDBClient> client;
  return client;
}
std::unique_ptr<Aws::DynamoDBStreams::DynamoDBStreamsClient>& shared_streams() {
  static std::unique_ptr<Aws::DynamoDBStreams::DynamoDBStreamsClient> client;
  return client;
}

}  // namespace

int run_sdk_tests(int argc, char** argv, const std::vector<std::string>& seed_paths) {
  ::testing::InitGoogleMock(&argc, argv);
  Aws::SDKOptions sdk_options;
  Aws::InitAPI(sdk_options);
  dynemu::testing::EnvironmentOptions options;
  options.seed_paths = seed_paths;
  dynemu::testing::Environment::install(options);
  int rc = RUN_ALL_TESTS();
  shared_db().reset();
  shared_streams().reset();
  Aws::ShutdownAPI(sdk_options);
  return rc;
}

Aws::Client::ClientConfiguration client_configuration(long max_retries) {
  Aws::Client::ClientConfiguration config = dynemu::aws_sdk::client_configuration();
  dynemu::aws_sdk::set_max_retries(config, max_retries);
  return config;
}

std::unique_ptr<Aws::DynamoDB::DynamoDBClient> make_client(long max_retries) {
  // The credentials come from the environment the fixture set (AWS_ACCESS_KEY_ID, ...), through the
  // SDK's default provider chain, as they would in the code under test.
  return std::make_unique<Aws::DynamoDB::DynamoDBClient>(client_configuration(max_retries));
}

Aws::DynamoDB::DynamoDBClient& SdkTest::db() {
  if (!shared_db()) shared_db() = make_client(0);
  return *shared_db();
}

Aws::DynamoDBStreams::DynamoDBStreamsClient& SdkTest::streams() {
  if (!shared_streams())
    shared_streams() = std::make_unique<Aws::DynamoDBStreams::DynamoDBStreamsClient>(client_configuration(0));
  return *shared_streams();
}

SdkItem sdk_item(const std::string& plain_or_dynamodb_json) {
  Aws::Utils::Json::JsonValue json(dynemu::testing::to_dynamodb_json(plain_or_dynamodb_json));
  if (!json.WasParseSuccessful()) throw std::invalid_argument("not JSON: " + plain_or_dynamodb_json);
  SdkItem item;
  for (const auto& [name, value] : json.View().GetAllObjects()) item[name] = Aws::DynamoDB::Model::AttributeValue(value);
  return item;
}

Aws::DynamoDB::Model::AttributeValue sdk_value(const std::string& dynamodb_json) {
  Aws::Utils::Json::JsonValue json(dynemu::testing::parse_value(dynamodb_json).to_json());
  return Aws::DynamoDB::Model::AttributeValue(json.View());
}

dynemu::testing::AttributeValue to_value(const Aws::DynamoDB::Model::AttributeValue& value) {
  return dynemu::testing::parse_value(value.Jsonize().View().WriteCompact());
}

dynemu::testing::Item to_item(const SdkItem& item) {
  dynemu::testing::Item out;
  for (const auto& [name, value] : item) out[name] = to_value(value);
  return out;
}

std::vector<dynemu::testing::Item> to_items(const Aws::Vector<SdkItem>& items) {
  std::vector<dynemu::testing::Item> out;
  for (const auto& item : items) out.push_back(to_item(item));
  return out;
}

}  // namespace cpp_sdk
