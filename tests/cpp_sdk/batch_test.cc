// BatchWriteItem and BatchGetItem through DynamoDBClient, with the loops an application needs:
// resend UnprocessedItems / UnprocessedKeys until none are left. Large items make BatchGetItem
// reach its 16 MB response limit, so the UnprocessedKeys loop really runs.
#include <algorithm>
#include <set>

#include <aws/dynamodb/model/BatchGetItemRequest.h>
#include <aws/dynamodb/model/BatchWriteItemRequest.h>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
using cpp_sdk::sdk_item;
using dynemu::testing::EqualsItem;
using dynemu::testing::HasAttribute;
using dynemu::testing::IsNumber;
using ::testing::Optional;

class BatchTest : public cpp_sdk::SdkTest {
 protected:
  // Writes `requests` 25 at a time, resending what comes back unprocessed. Returns the number of
  // BatchWriteItem calls.
  int write_all(const std::string& table, const std::vector<WriteRequest>& requests) {
    int calls = 0;
    for (size_t start = 0; start < requests.size(); start += 25) {
      Aws::Map<Aws::String, Aws::Vector<WriteRequest>> pending{
          {table, Aws::Vector<WriteRequest>(requests.begin() + start, requests.begin() + std::min(start + 25, requests.size()))}};
      while (!pending.empty()) {
        auto outcome = db().BatchWriteItem(BatchWriteItemRequest().WithRequestItems(pending));
        EXPECT_TRUE(outcome.IsSuccess()) << cpp_sdk::describe(outcome.GetError());
        if (!outcome.IsSuccess() || ++calls > 1000) return calls;
        pending = outcome.GetResult().GetUnprocessedItems();
      }
    }
    return calls;
  }
  // Reads every key, resending UnprocessedKeys; `calls` counts BatchGetItem requests.
  std::vector<cpp_sdk::SdkItem> get_all(const std::string& table, const Aws::Vector<cpp_sdk::SdkItem>& keys, int* calls) {
    std::vector<cpp_sdk::SdkItem> items;
    Aws::Map<Aws::String, KeysAndAttributes> pending{{table, KeysAndAttributes().WithKeys(keys)}};
    *calls = 0;
    while (!pending.empty()) {
      auto outcome = db().BatchGetItem(BatchGetItemRequest().WithRequestItems(pending));
      EXPECT_TRUE(outcome.IsSuccess()) << cpp_sdk::describe(outcome.GetError());
      if (!outcome.IsSuccess() || ++*calls > 1000) break;
      for (const auto& [name, found] : outcome.GetResult().GetResponses())
        for (const auto& item : found) items.push_back(item);
      pending = outcome.GetResult().GetUnprocessedKeys();
    }
    return items;
  }
  static WriteRequest put(const std::string& plain_json) {
    return WriteRequest().WithPutRequest(PutRequest().WithItem(sdk_item(plain_json)));
  }
};

TEST_F(BatchTest, WritesAndDeletesInBatchesOfTwentyFive) {
  std::vector<WriteRequest> writes;
  for (int i = 0; i < 60; ++i)
    writes.push_back(put(R"({"pk": "batch", "seq": )" + std::to_string(i) + R"(, "payload": "p)" + std::to_string(i) + R"("})"));
  writes.push_back(WriteRequest().WithDeleteRequest(DeleteRequest().WithKey(sdk_item(R"({"pk": "batch", "seq": 0})"))));
  EXPECT_EQ(write_all("Events", writes), 3);  // 61 requests: 25 + 25 + 11, nothing left unprocessed
  EXPECT_EQ(scan_table("Events").size(), 59u);  // seq 0 was put in the first batch, deleted in the last
  EXPECT_FALSE(get_item("Events", R"({"pk": "batch", "seq": 0})"));
  EXPECT_THAT(get_item("Events", R"({"pk": "batch", "seq": 59})"), Optional(EqualsItem(R"({"pk": "batch", "seq": 59, "payload": "p59"})")));
  auto log = requests();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].operation, "BatchWriteItem");
  EXPECT_DOUBLE_EQ(log[0].write_units, 25);
}

TEST_F(BatchTest, GetsItemsFromTwoTablesAndSkipsMissingKeys) {
  Aws::Map<Aws::String, KeysAndAttributes> request{
      {"Music", KeysAndAttributes().WithKeys({sdk_item(R"({"Artist": "Duo", "SongTitle": "First"})"),
                                              sdk_item(R"({"Artist": "Duo", "SongTitle": "Missing"})")})},
      {"Sessions", KeysAndAttributes().WithKeys({sdk_item(R"({"id": "s-live"})")}).WithProjectionExpression("#u")
                                      .WithExpressionAttributeNames({{"#u", "user"}})}};
  auto outcome = db().BatchGetItem(BatchGetItemRequest().WithRequestItems(request));
  ASSERT_SDK_OK(outcome);
  const auto& responses = outcome.GetResult().GetResponses();
  ASSERT_EQ(responses.at("Music").size(), 1u);
  EXPECT_THAT(cpp_sdk::to_item(responses.at("Music")[0]), HasAttribute("Plays", IsNumber(7)));
  ASSERT_EQ(responses.at("Sessions").size(), 1u);
  EXPECT_THAT(cpp_sdk::to_item(responses.at("Sessions")[0]), EqualsItem(R"({"user": "ann"})"));
  EXPECT_TRUE(outcome.GetResult().GetUnprocessedKeys().empty());
  EXPECT_TRUE(OnlyAccessed({"Music", "Sessions"}));
}

TEST_F(BatchTest, LargeItemsComeBackThroughTheUnprocessedKeysLoop) {
  // 60 items of ~380 KB, near the 400 KB item limit (about 22 MB in all). 25 a BatchWriteItem is
  // 9.5 MB, under its 16 MB request limit; BatchGetItem answers at most 16 MB, so the 60 keys take
  // more than one call and the rest comes back in UnprocessedKeys.
  const std::string big(380 * 1024, 'x');
  std::vector<WriteRequest> writes;
  Aws::Vector<cpp_sdk::SdkItem> keys;
  for (int i = 0; i < 60; ++i) {
    cpp_sdk::SdkItem item = sdk_item(R"({"pk": "large", "seq": )" + std::to_string(i) + "}");
    item["blob"] = Aws::DynamoDB::Model::AttributeValue(big + std::to_string(i));
    writes.push_back(WriteRequest().WithPutRequest(PutRequest().WithItem(item)));
    keys.push_back(sdk_item(R"({"pk": "large", "seq": )" + std::to_string(i) + "}"));
  }
  EXPECT_EQ(write_all("Events", writes), 3);
  int calls = 0;
  auto items = get_all("Events", keys, &calls);
  ASSERT_EQ(items.size(), 60u);
  EXPECT_GE(calls, 2);
  std::set<std::string> seqs;
  for (const auto& item : items) {
    const std::string& blob = item.at("blob").GetS();
    EXPECT_EQ(blob.substr(big.size()), item.at("seq").GetN());
    EXPECT_EQ(blob.size(), big.size() + item.at("seq").GetN().size());
    seqs.insert(item.at("seq").GetN());
  }
  EXPECT_EQ(seqs.size(), 60u);
}

TEST_F(BatchTest, TooManyRequestsInOneBatchIsValidation) {
  std::vector<WriteRequest> writes;
  for (int i = 0; i < 26; ++i) writes.push_back(put(R"({"pk": "over", "seq": )" + std::to_string(i) + "}"));
  auto outcome = db().BatchWriteItem(BatchWriteItemRequest().WithRequestItems({{"Events", Aws::Vector<WriteRequest>(writes.begin(), writes.end())}}));
  ASSERT_FALSE(outcome.IsSuccess());
  EXPECT_EQ(outcome.GetError().GetErrorType(), Aws::DynamoDB::DynamoDBErrors::VALIDATION) << cpp_sdk::describe(outcome.GetError());
  EXPECT_THAT(outcome.GetError().GetMessage(), ::testing::HasSubstr("Member must have length less than or equal to 25"));
  EXPECT_TRUE(scan_table("Events").empty());
}

}  // namespace
