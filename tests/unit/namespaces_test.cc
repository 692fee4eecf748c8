// namespaces/namespaces.h: the --isolate values, the names that may become file names, the account
// a request acts as, and the stores of an isolating NamespaceStores.
#include "namespaces/namespaces.h"

#include <gtest/gtest.h>

namespace dynemu::namespaces {
namespace {

TEST(Namespaces, ParsesTheIsolateValues) {
  Isolation isolation;
  ASSERT_TRUE(parse_isolation("none", &isolation));
  EXPECT_FALSE(isolation.any());
  ASSERT_TRUE(parse_isolation("region", &isolation));
  EXPECT_TRUE(isolation.region && !isolation.account);
  ASSERT_TRUE(parse_isolation("account", &isolation));
  EXPECT_TRUE(!isolation.region && isolation.account);
  ASSERT_TRUE(parse_isolation("account,region", &isolation));
  EXPECT_TRUE(isolation.region && isolation.account);
  EXPECT_EQ(isolation_name(isolation), "region,account");
  for (const char* bad : {"", "Region", "region,", ",region", "region,region", "none,region", "regions", "all"})
    EXPECT_FALSE(parse_isolation(bad, &isolation)) << bad;
}

TEST(Namespaces, OnlyPlainRegionsAndTwelveDigitAccounts) {
  for (const char* good : {"us-east-1", "eu-west-2", "us-gov-west-1", "local", "a"}) EXPECT_TRUE(valid_region(good));
  for (const char* bad : {"", "..", "a/b", "a.b", "US-EAST-1", "a\\b", "a b", "e\xc3\xa9",
                          "abcdefghijklmnopqrstuvwxyz0123456"})
    EXPECT_FALSE(valid_region(bad)) << bad;
  EXPECT_TRUE(valid_account("000000000000"));
  for (const char* bad : {"", "12345678901", "1234567890123", "12345678901a", "-12345678901"})
    EXPECT_FALSE(valid_account(bad)) << bad;
}

TEST(Namespaces, TheAccountOfARequest) {
  EXPECT_EQ(account_of_request("123456789012", "AKIDANY"), "123456789012");  // --auth verify's
  EXPECT_EQ(account_of_request("", "111122223333"), "111122223333");         // a 12-digit key id
  EXPECT_EQ(account_of_request("", "AKIDEXAMPLE"), "000000000000");
  EXPECT_EQ(account_of_request("", "1111222233334"), "000000000000");
}

TEST(Namespaces, OneStorePerNamespaceOnlyWhenIsolating) {
  store::StoreOptions memory;
  memory.in_memory = true;
  NamespaceStores shared(memory, Isolation{});
  EXPECT_EQ(&shared.store_for("eu-west-1", "111122223333"), &shared.default_store());
  EXPECT_EQ(&shared.store_for("not a region", "x"), &shared.default_store());  // nothing is looked at
  EXPECT_EQ(shared.all().size(), 1u);

  NamespaceStores by_region(memory, Isolation{true, false});
  store::Store& west = by_region.store_for("eu-west-1", "111122223333");
  EXPECT_NE(&west, &by_region.default_store());
  EXPECT_EQ(&by_region.store_for("eu-west-1", "444455556666"), &west);  // the account is not isolated
  EXPECT_EQ(&by_region.store_for("us-east-1", "111122223333"), &by_region.default_store());
  EXPECT_EQ(by_region.find("ap-south-1", kDefaultAccount), nullptr);
  EXPECT_THROW(by_region.store_for("../x", kDefaultAccount), std::invalid_argument);
  const auto all = by_region.all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].first.region, "eu-west-1");
  EXPECT_EQ(all[1].first.account, kDefaultAccount);
}

}  // namespace
}  // namespace dynemu::namespaces
