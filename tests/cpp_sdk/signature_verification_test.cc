// The AWS SDK for C++ against `--auth verify`: its SigV4 signature passes with the right secret and
// is refused with a wrong one. Its own server (the suite's shared one checks shapes only).
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <aws/core/auth/AWSCredentials.h>
#include <aws/dynamodb/model/ListTablesRequest.h>

#include "dynemu/aws_sdk.h"
#include "dynemu/server.h"
#include "sdk_support.h"

namespace cpp_sdk {
namespace {

class SdkSignatureVerification : public ::testing::Test {
 protected:
  void SetUp() override {
    credentials_path_ = "/tmp/dynemu-cpp-sdk-credentials-" + std::to_string(getpid());
    std::ofstream(credentials_path_) << "AKIDCPPSDK cpp-sdk-secret account=210987654321\n";
    dynemu::ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.threads = 4;
    options.credentials_file = credentials_path_;
    server_ = std::make_unique<dynemu::Server>(options);
    server_->start();
  }
  void TearDown() override {
    server_.reset();
    std::remove(credentials_path_.c_str());
  }

  Aws::DynamoDB::Model::ListTablesOutcome list_tables_with(const char* secret) {
    Aws::Client::ClientConfiguration config;
    dynemu::aws_sdk::configure(config, server_->endpoint());
    config.region = "ap-southeast-2";
    dynemu::aws_sdk::set_max_retries(config, 0);
    Aws::DynamoDB::DynamoDBClient client(Aws::Auth::AWSCredentials("AKIDCPPSDK", secret), config);
    return client.ListTables(Aws::DynamoDB::Model::ListTablesRequest());
  }

  std::string credentials_path_;
  std::unique_ptr<dynemu::Server> server_;
};

TEST_F(SdkSignatureVerification, RightSecretPassesWrongSecretIsRefused) {
  EXPECT_SDK_OK(list_tables_with("cpp-sdk-secret"));
  const auto refused = list_tables_with("wrong-secret");
  ASSERT_FALSE(refused.IsSuccess());
  EXPECT_EQ(refused.GetError().GetExceptionName(), "InvalidSignatureException");
  EXPECT_EQ(static_cast<int>(refused.GetError().GetResponseCode()), 400);
  EXPECT_EQ(refused.GetError().GetMessage(),
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method. Consult the service documentation for details.");
}

}  // namespace
}  // namespace cpp_sdk
