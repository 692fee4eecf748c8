// A 1,000-test GoogleTest suite on dynemu::testing, timed by fixtures.sh: each test starts from
// the seeded baseline (tests/fixtures/seed), writes and reads over HTTP like code under test, and
// inspects the result.
#include <cstdlib>

#include <gmock/gmock.h>
#include <httplib.h>

#include "dynemu/testing.h"

namespace {

class SuiteBench : public dynemu::testing::Test, public ::testing::WithParamInterface<int> {};

TEST_P(SuiteBench, WriteReadInspect) {
  httplib::Client client(std::getenv("AWS_ENDPOINT_URL_DYNAMODB"));
  const std::string id = "USER#t" + std::to_string(GetParam());
  httplib::Headers headers{{"X-Amz-Target", "DynamoDB_20120810.PutItem"},
                           {"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
                                             "SignedHeaders=host, Signature=00"},
                           {"X-Amz-Date", "20240101T000000Z"}};
  auto put = client.Post("/", headers,
                         R"({"TableName":"App","Item":{"pk":{"S":")" + id + R"("},"sk":{"S":"PROFILE"},"n":{"N":"1"}}})",
                         "application/x-amz-json-1.0");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_THAT(get_item("App", R"({"pk": ")" + id + R"(", "sk": "PROFILE"})"),
              ::testing::Optional(dynemu::testing::HasAttribute("n", dynemu::testing::IsNumber(1))));
  EXPECT_TRUE(get_item("App", R"({"pk": "USER#ann", "sk": "PROFILE"})"));
  EXPECT_FALSE(get_item("App", R"({"pk": "USER#t)" + std::to_string(GetParam() + 1) + R"(", "sk": "PROFILE"})"));
  EXPECT_TRUE(WriteUnitsAtMost(1));
}

INSTANTIATE_TEST_SUITE_P(Thousand, SuiteBench, ::testing::Range(0, 1000));

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
  dynemu::testing::EnvironmentOptions options;
  options.seed_paths = {DYNEMU_FIXTURE_SEED_DIR};
  dynemu::testing::Environment::install(options);
  return RUN_ALL_TESTS();
}
