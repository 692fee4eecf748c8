// <dynemu/aws_sdk.h>: point an AWS SDK for C++ client at dynemu (header-only).
//
// The AWS SDK for C++ ignores AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL, so code under test must
// put the endpoint into its Aws::Client::ClientConfiguration. These helpers do it:
//
//   Aws::Client::ClientConfiguration config = dynemu::aws_sdk::client_configuration();  // from env
//   Aws::DynamoDB::DynamoDBClient client(config);
//
//   dynemu::aws_sdk::configure(config, server.endpoint());   // or from an embedded dynemu::Server
//
// Contract: endpoint_from_environment() returns AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL,
// else "". configure() sets endpointOverride to the URL, scheme from its "http://"/"https://"
// prefix, and region from the argument, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1.
// Without an endpoint in the environment, configure_from_environment() leaves `config` untouched
// and returns false, so production code can call it unconditionally.
#pragma once
#include <aws/core/client/ClientConfiguration.h>
#include <aws/core/http/Scheme.h>

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
  Aws::Client::ClientConfiguration config;
  configure_from_environment(config);
  return config;
}

}  // namespace dynemu::aws_sdk
