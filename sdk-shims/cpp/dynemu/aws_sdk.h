// <dynemu/aws_sdk.h>: point an AWS SDK for C++ client at dynemu (header-only).
//
// The AWS SDK for C++ (1.8 to 1.11) ignores AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL, so code under
// test must put the endpoint into its Aws::Client::ClientConfiguration. These helpers do it:
//
//   Aws::Client::ClientConfiguration config = dynemu::aws_sdk::client_configuration();  // from env
//   dynemu::aws_sdk::set_max_retries(config, 0);             // tests: see below
//   Aws::DynamoDB::DynamoDBClient client(config);             // also DynamoDBStreamsClient
//
//   dynemu::aws_sdk::configure(config, server.endpoint());   // or from an embedded dynemu::Server
//
// Contract: endpoint_from_environment() returns AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL,
// else "". configure() sets endpointOverride to the URL, scheme from its "http://"/"https://"
// prefix (none: HTTP), and region from the argument, else AWS_REGION, else AWS_DEFAULT_REGION, else
// us-east-1. Without an endpoint in the environment, configure_from_environment() leaves `config`
// untouched and returns false, so production code can call it unconditionally.
//
// client_configuration(): with an endpoint in the environment it first sets
// AWS_EC2_METADATA_DISABLED=true (unless already set), because the ClientConfiguration constructor
// asks EC2 instance metadata (169.254.169.254) for the region before configure() can set one, and a
// local endpoint has no such service (each lookup costs a connect timeout). Without an endpoint it
// changes nothing. set_max_retries(): DefaultRetryStrategy(n); the SDK's default (10 retries, 25 ms
// * 2^k) takes about 25 s to give up on an error it counts as retryable (in 1.8 that includes
// ResourceInUseException, so a CreateTable of an existing table) or on a server that is not up.
// See sdk-shims/README.md for the other quirks against a local endpoint.
#pragma once
#include <aws/core/client/ClientConfiguration.h>
#include <aws/core/client/DefaultRetryStrategy.h>
#include <aws/core/http/Scheme.h>
#include <aws/core/utils/memory/AWSMemory.h>

#include <cstdlib>
#include <string>

namespace dynemu::aws_sdk {

inline std::string environment_value(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

inline std::string endpoint_from_environment() {
  std::string endpoint = environment_value("AWS_ENDPOINT_URL_DYNAMODB");
  return endpoint.empty() ? environment_value("AWS_ENDPOINT_URL") : endpoint;
}

inline void configure(Aws::Client::ClientConfiguration& config, const std::string& endpoint,
                      const std::string& region = "") {
  config.endpointOverride = endpoint.c_str();
  config.scheme = endpoint.rfind("https://", 0) == 0 ? Aws::Http::Scheme::HTTPS : Aws::Http::Scheme::HTTP;
  std::string r = region;
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (r.empty()) r = environment_value(name);
  config.region = (r.empty() ? std::string("us-east-1") : r).c_str();
}

inline bool configure_from_environment(Aws::Client::ClientConfiguration& config) {
  const std::string endpoint = endpoint_from_environment();
  if (endpoint.empty()) return false;
  configure(config, endpoint);
  return true;
}

inline Aws::Client::ClientConfiguration client_configuration() {
  if (!endpoint_from_environment().empty()) setenv("AWS_EC2_METADATA_DISABLED", "true", /*overwrite=*/0);
  Aws::Client::ClientConfiguration config;
  configure_from_environment(config);
  return config;
}

inline void set_max_retries(Aws::Client::ClientConfiguration& config, long max_retries) {
  config.retryStrategy = Aws::MakeShared<Aws::Client::DefaultRetryStrategy>("dynemu", max_retries);
}

}  // namespace dynemu::aws_sdk
