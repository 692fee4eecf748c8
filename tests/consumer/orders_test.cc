// The README's example, built by tests/consumer as an outside project would build it.
#include <dynemu/testing.h>
#include <gmock/gmock.h>

#include <cstdlib>

using namespace dynemu::testing;  // HasAttribute, IsNumber, IsString, StringSetContains, ...

class AppTest : public dynemu::testing::Test {
 protected:
  // Stands in for the code under test: any SDK or tool started without an endpoint reaches the
  // emulator through the environment the fixture set (here the AWS CLI).
  static bool aws(const std::string& args) { return std::system(("aws dynamodb " + args + " >/dev/null").c_str()) == 0; }
  static bool have_cli() { return std::system("aws --version >/dev/null 2>&1") == 0; }
};

TEST_F(AppTest, SeededProfileIsThere) {
  auto ann = get_item("App", R"({"pk": "USER#ann", "sk": "PROFILE"})");  // plain or DynamoDB JSON key
  ASSERT_TRUE(ann);
  EXPECT_THAT(*ann, HasAttribute("credit", IsNumber(120.5)));
  EXPECT_THAT(*ann, HasAttribute("roles", StringSetContains("admin")));
}

TEST_F(AppTest, WritesComeBackOutAtTheNextReset) {
  ASSERT_TRUE(call("DeleteItem", R"({"TableName": "App", "Key": {"pk": {"S": "USER#ann"}, "sk": {"S": "PROFILE"}}})").ok());
  EXPECT_FALSE(get_item("App", R"({"pk": "USER#ann", "sk": "PROFILE"})"));
  dynamodb().reset();  // what SetUp does before every test
  EXPECT_TRUE(get_item("App", R"({"pk": "USER#ann", "sk": "PROFILE"})"));
}

TEST_F(AppTest, AccessPatternsOfTheCodeUnderTest) {
  if (!have_cli()) GTEST_SKIP() << "needs the AWS CLI";
  ASSERT_TRUE(aws(R"(get-item --table-name App --key '{"pk":{"S":"USER#ann"},"sk":{"S":"PROFILE"}}')"));
  EXPECT_TRUE(NoScans());
  EXPECT_TRUE(OnlyAccessed({"App"}));
  EXPECT_TRUE(ReadUnitsAtMost(0.5));
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(AppTest, ThrottledWriteIsRetried) {
  if (!have_cli()) GTEST_SKIP() << "needs the AWS CLI";
  fail_next("PutItem", 2, "ProvisionedThroughputExceededException", "App");
  ASSERT_TRUE(aws(R"(put-item --table-name App --item '{"pk":{"S":"USER#bob"},"sk":{"S":"PROFILE"}}')"));
  EXPECT_TRUE(get_item("App", R"({"pk": "USER#bob", "sk": "PROFILE"})"));
  EXPECT_EQ(requests().size(), 3u);  // two throttled attempts, then the write
}

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
  EnvironmentOptions options;
  options.seed_paths = {SEED_DIR};  // files or folders
  Environment::install(options);    // one server for the whole binary
  return RUN_ALL_TESTS();
}
