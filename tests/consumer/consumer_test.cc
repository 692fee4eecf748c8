// The smallest real use of <dynemu/testing.h>: seed, write through the wire, reset, inspect.
#include <dynemu/testing.h>
#include <gmock/gmock.h>

namespace {

using dynemu::testing::HasAttribute;
using dynemu::testing::IsNumber;

class CounterTest : public dynemu::testing::Test {};

TEST_F(CounterTest, SeededItemIsThere) {
  EXPECT_THAT(get_item("Counters", R"({"id": "visits"})"), ::testing::Optional(HasAttribute("n", IsNumber(41))));
}

TEST_F(CounterTest, WritesAreUndoneByTheNextReset) {
  ASSERT_TRUE(call("PutItem", R"({"TableName": "Counters", "Item": {"id": {"S": "visits"}, "n": {"N": "42"}}})").ok());
  EXPECT_THAT(get_item("Counters", R"({"id": "visits"})"), ::testing::Optional(HasAttribute("n", IsNumber(42))));
  dynamodb().reset();
  EXPECT_THAT(get_item("Counters", R"({"id": "visits"})"), ::testing::Optional(HasAttribute("n", IsNumber(41))));
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
  dynemu::testing::EnvironmentOptions options;
  options.seed_paths = {SEED_DIR};
  dynemu::testing::Environment::install(options);
  return RUN_ALL_TESTS();
}
