// Many clients moving money between accounts with TransactWriteItems at once: every transfer is
// all or nothing, so the total never changes — not at the end, and not in any snapshot a
// TransactGetItems reader takes while transfers run.
#include <atomic>
#include <random>
#include <thread>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

constexpr int kAccounts = 8;
constexpr int kInitialBalance = 1000;
constexpr int kClients = 8;
constexpr int kTransfersPerClient = 40;

std::string account_key(int i) { return R"({"id":{"S":"acct)" + std::to_string(i) + R"("}})"; }

// The balance of account i, read strongly consistently; -1 on failure.
long balance_of(const std::string& table, int i) {
  auto r = call("GetItem", R"({"TableName":")" + table + R"(","ConsistentRead":true,"Key":)" + account_key(i) + "}");
  if (r.status != 200 || !r.json.HasMember("Item")) return -1;
  return std::stol(r.json["Item"]["balance"]["N"].GetString());
}

// One transfer attempt as an optimistic transaction: each side is conditioned on the balance it
// was read with, so a concurrent change cancels the transaction instead of being overwritten.
bool try_transfer(const std::string& table, int from, int to, long amount) {
  const long from_balance = balance_of(table, from), to_balance = balance_of(table, to);
  if (from_balance < 0 || to_balance < 0) return false;
  auto side = [&](int account, long expected, const char* op) {
    return R"({"Update":{"TableName":")" + table + R"(","Key":)" + account_key(account) +
           R"(,"UpdateExpression":"SET balance = balance )" + op + R"( :amount","ConditionExpression":"balance = :expected",)"
           R"("ExpressionAttributeValues":{":amount":{"N":")" + std::to_string(amount) + R"("},":expected":{"N":")" +
           std::to_string(expected) + R"("}}}})";
  };
  auto r = call("TransactWriteItems", R"({"TransactItems":[)" + side(from, from_balance, "-") + "," +
                                          side(to, to_balance, "+") + "]}");
  if (r.status == 200) return true;
  if (r.error_type() != "TransactionCanceledException") ADD_FAILURE() << "unexpected answer: " << r.body;
  return false;
}

TEST(TransferConcurrency, TotalNeverChanges) {
  const std::string table = create_hash_table();
  for (int i = 0; i < kAccounts; ++i)
    put_ok(table, R"({"id":{"S":"acct)" + std::to_string(i) + R"("},"balance":{"N":")" + std::to_string(kInitialBalance) + R"("}})");
  const long expected_total = static_cast<long>(kAccounts) * kInitialBalance;

  std::atomic<int> done{0}, committed{0}, torn_snapshots{0}, snapshots{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      std::mt19937 rng(1234 + c);
      for (int t = 0; t < kTransfersPerClient; ++t) {
        const int from = static_cast<int>(rng() % kAccounts);
        const int to = (from + 1 + static_cast<int>(rng() % (kAccounts - 1))) % kAccounts;
        for (int attempt = 0; attempt < 50; ++attempt)
          if (try_transfer(table, from, to, 1 + static_cast<long>(rng() % 50))) {
            ++committed;
            break;
          }
      }
      ++done;
    });
  std::thread reader([&] {
    std::string gets;
    for (int i = 0; i < kAccounts; ++i)
      gets += std::string(i ? "," : "") + R"({"Get":{"TableName":")" + table + R"(","Key":)" + account_key(i) + "}}";
    while (done.load() < kClients) {
      auto r = call("TransactGetItems", R"({"TransactItems":[)" + gets + "]}");
      if (r.status != 200) continue;
      long sum = 0;
      for (const auto& resp : r.json["Responses"].GetArray()) sum += std::stol(resp["Item"]["balance"]["N"].GetString());
      ++snapshots;
      if (sum != expected_total) ++torn_snapshots;
    }
  });
  for (auto& t : clients) t.join();
  reader.join();

  long total = 0;
  for (int i = 0; i < kAccounts; ++i) total += balance_of(table, i);
  EXPECT_EQ(total, expected_total);
  EXPECT_EQ(torn_snapshots.load(), 0) << "of " << snapshots.load() << " snapshots";
  EXPECT_GT(snapshots.load(), 0);
  // Conflicts retry; nearly every transfer eventually commits.
  EXPECT_GT(committed.load(), kClients * kTransfersPerClient * 9 / 10);
}

}  // namespace
}  // namespace dynemu::testing_support
