// TransactWriteItems / TransactGetItems: all-or-nothing writes, duplicate items, idempotency
// tokens, ordered reads, capacity, validation.
#include <functional>

#include "read_test_helpers.h"

namespace dynemu::testing_support {
namespace {

std::string put_action(const std::string& table, const std::string& id, const std::string& n = "1") {
  return R"({"Put":{"TableName":")" + table + R"(","Item":{"id":{"S":")" + id + R"("},"n":{"N":")" + n + R"("}}}})";
}
std::string delete_action(const std::string& table, const std::string& id) {
  return R"({"Delete":{"TableName":")" + table + R"(","Key":{"id":{"S":")" + id + R"("}}}})";
}
ApiResponse get(const std::string& table, const std::string& id) {
  return call("GetItem", R"({"TableName":")" + table + R"(","Key":{"id":{"S":")" + id + R"("}}})");
}

TEST(TransactWrite, AllActionsApplyTogether) {
  const std::string t = create_hash_table(), u = create_hash_table();
  put_ok(t, R"({"id":{"S":"old"}})");
  auto r = call("TransactWriteItems", R"({"TransactItems":[)" + put_action(t, "a") + "," + put_action(u, "b") + "," +
                                          delete_action(t, "old") + R"(],"ReturnConsumedCapacity":"TOTAL"})");
  ASSERT_API_OK(r);
  EXPECT_TRUE(get(t, "a").json.HasMember("Item"));
  EXPECT_TRUE(get(u, "b").json.HasMember("Item"));
  EXPECT_FALSE(get(t, "old").json.HasMember("Item"));
  // Transactional writes cost double: two 1-unit writes on t, one on u.
  EXPECT_EQ(r.json["ConsumedCapacity"][0]["CapacityUnits"].GetDouble(), 4.0) << r.body;
  EXPECT_EQ(r.json["ConsumedCapacity"][1]["CapacityUnits"].GetDouble(), 2.0) << r.body;
}

TEST(TransactWrite, FailureWritesNothing) {
  const std::string t = create_hash_table();
  auto r = call("TransactWriteItems", R"({"TransactItems":[)" + put_action(t, "a") + R"(,{"Put":{"TableName":")" + t +
                                          R"(","Item":{"id":{"N":"1"}}}}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(get(t, "a").json.HasMember("Item"));
  EXPECT_API_ERROR(call("TransactWriteItems", R"({"TransactItems":[)" + put_action(t, "a") + R"(,{"Put":{"TableName":"nosuchtable","Item":{"id":{"S":"1"}}}}]})"),
                   400, "ResourceNotFoundException", "Requested resource not found");
  EXPECT_FALSE(get(t, "a").json.HasMember("Item"));
}

TEST(TransactWrite, SameItemTwiceIsRejected) {
  const std::string t = create_hash_table();
  EXPECT_API_ERROR(call("TransactWriteItems", R"({"TransactItems":[)" + put_action(t, "a") + "," + delete_action(t, "a") + "]}"),
                   400, "ValidationException", "Transaction request cannot include multiple operations on one item");
}

TEST(TransactWrite, ClientRequestTokenIsIdempotent) {
  const std::string t = create_hash_table();
  const std::string token = "tok-" + std::to_string(std::hash<std::string>{}(t) % 1000000007);
  const std::string body = R"({"ClientRequestToken":")" + token + R"(","TransactItems":[)" + put_action(t, "a") + "]}";
  ASSERT_API_OK(call("TransactWriteItems", body));
  ASSERT_API_OK(call("DeleteItem", R"({"TableName":")" + t + R"(","Key":{"id":{"S":"a"}}})"));
  // The retry answers as before without writing again.
  ASSERT_API_OK(call("TransactWriteItems", body));
  EXPECT_FALSE(get(t, "a").json.HasMember("Item"));
  EXPECT_API_ERROR(call("TransactWriteItems", R"({"ClientRequestToken":")" + token + R"(","TransactItems":[)" +
                                                  put_action(t, "a", "2") + "]}"),
                   400, "IdempotentParameterMismatchException",
                   "The request uses the same client token as a previous, but non-identical request.");
}

TEST(TransactWrite, Validation) {
  EXPECT_API_ERROR(call("TransactWriteItems", "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member "
                   "must not be null");
  EXPECT_API_ERROR(call("TransactWriteItems", R"({"TransactItems":[]})"), 400, "ValidationException",
                   "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member "
                   "must have length greater than or equal to 1");
  std::string many = "[";
  for (int i = 0; i < 101; ++i) many += (i ? "," : "") + put_action("abc", std::to_string(i));
  auto r = call("TransactWriteItems", R"({"TransactItems":)" + many + "]}");
  EXPECT_NE(r.message().find("at 'transactItems' failed to satisfy constraint: Member must have length less than or "
                             "equal to 100"),
            std::string::npos);
  EXPECT_API_ERROR(call("TransactWriteItems", R"({"TransactItems":[{}]})"), 400, "ValidationException",
                   "TransactItems can only contain one of Check, Put, Update or Delete");
  EXPECT_API_ERROR(call("TransactWriteItems", R"({"TransactItems":[{"Put":{"TableName":"abc"}}]})"), 400,
                   "ValidationException",
                   "1 validation error detected: Value null at 'transactItems.1.member.put.item' failed to satisfy "
                   "constraint: Member must not be null");
}

TEST(TransactWrite, FailedConditionCancelsWithReasonsInOrder) {
  const std::string t = create_hash_table();
  put_ok(t, R"({"id":{"S":"c"},"n":{"N":"5"}})");
  auto r = call("TransactWriteItems", R"({"TransactItems":[)" + put_action(t, "a") +
                                          R"(,{"ConditionCheck":{"TableName":")" + t +
                                          R"(","Key":{"id":{"S":"c"}},"ConditionExpression":"n > :ten","ExpressionAttributeValues":{":ten":{"N":"10"}},)"
                                          R"("ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},)" +
                                          R"({"Update":{"TableName":")" + t +
                                          R"(","Key":{"id":{"S":"c"}},"UpdateExpression":"SET n = n + :one","ExpressionAttributeValues":{":one":{"N":"1"}}}}]})");
  EXPECT_API_ERROR(r, 400, "ValidationException",
                   "Transaction request cannot include multiple operations on one item");
  auto cancelled = call("TransactWriteItems", R"({"TransactItems":[)" + put_action(t, "a") +
                                                  R"(,{"ConditionCheck":{"TableName":")" + t +
                                                  R"(","Key":{"id":{"S":"c"}},"ConditionExpression":"n > :ten","ExpressionAttributeValues":{":ten":{"N":"10"}},)"
                                                  R"("ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},)" +
                                                  R"({"Update":{"TableName":")" + t +
                                                  R"(","Key":{"id":{"S":"d"}},"UpdateExpression":"SET n = n + :one","ExpressionAttributeValues":{":one":{"N":"1"}}}}]})");
  EXPECT_API_ERROR(cancelled, 400, "TransactionCanceledException",
                   "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
                   "ConditionalCheckFailed, ValidationError]");
  ASSERT_TRUE(cancelled.json.HasMember("CancellationReasons")) << cancelled.body;
  const auto& reasons = cancelled.json["CancellationReasons"];
  EXPECT_EQ(to_json(reasons[0]), R"({"Code":"None"})");
  EXPECT_EQ(to_json(reasons[1]),
            R"({"Item":{"id":{"S":"c"},"n":{"N":"5"}},"Code":"ConditionalCheckFailed","Message":"The conditional request failed"})");
  EXPECT_STREQ(reasons[2]["Code"].GetString(), "ValidationError");  // n does not exist on the new item d
  EXPECT_FALSE(get(t, "a").json.HasMember("Item"));
}

TEST(TransactWrite, UpdatesAndConditionsThatHold) {
  const std::string t = create_hash_table();
  put_ok(t, R"({"id":{"S":"c"},"n":{"N":"5"}})");
  auto r = call("TransactWriteItems",
                R"({"ReturnConsumedCapacity":"TOTAL","TransactItems":[{"Update":{"TableName":")" + t +
                    R"x(","Key":{"id":{"S":"c"}},"UpdateExpression":"ADD n :one","ConditionExpression":"attribute_exists(id)",)x"
                    R"("ExpressionAttributeValues":{":one":{"N":"1"}}}},)"
                    R"({"Update":{"TableName":")" + t +
                    R"(","Key":{"id":{"S":"new"}},"UpdateExpression":"SET n = :v","ExpressionAttributeValues":{":v":{"N":"9"}}}},)"
                    R"({"ConditionCheck":{"TableName":")" + t +
                    R"x(","Key":{"id":{"S":"nobody"}},"ConditionExpression":"attribute_not_exists(id)"}}]})x");
  ASSERT_API_OK(r);
  EXPECT_EQ(to_json(get(t, "c").json["Item"]), R"({"id":{"S":"c"},"n":{"N":"6"}})");
  EXPECT_EQ(to_json(get(t, "new").json["Item"]), R"({"id":{"S":"new"},"n":{"N":"9"}})");
  // Two updates at 2 units each, a condition check at 2 x 1 read unit.
  EXPECT_EQ(r.json["ConsumedCapacity"][0]["CapacityUnits"].GetDouble(), 6.0) << r.body;
  EXPECT_API_ERROR(call("TransactWriteItems", R"({"TransactItems":[{"Put":{"TableName":")" + t +
                                                  R"(","Item":{"id":{"S":"z"}},"ExpressionAttributeValues":{":x":{"N":"1"}}}}]})"),
                   400, "ValidationException",
                   "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null");
}

TEST(TransactGet, ReadsInActionOrder) {
  const std::string t = create_hash_table();
  put_ok(t, R"({"id":{"S":"a"},"n":{"N":"1"}})");
  put_ok(t, R"({"id":{"S":"c"},"n":{"N":"3"}})");
  auto r = call("TransactGetItems", R"({"ReturnConsumedCapacity":"TOTAL","TransactItems":[)"
                                    R"({"Get":{"TableName":")" + t + R"(","Key":{"id":{"S":"c"}}}},)"
                                    R"({"Get":{"TableName":")" + t + R"(","Key":{"id":{"S":"b"}}}},)"
                                    R"({"Get":{"TableName":")" + t + R"(","Key":{"id":{"S":"a"}}}}]})");
  ASSERT_API_OK(r);
  EXPECT_EQ(to_json(r.json["Responses"]),
            R"([{"Item":{"id":{"S":"c"},"n":{"N":"3"}}},{},{"Item":{"id":{"S":"a"},"n":{"N":"1"}}}])");
  EXPECT_EQ(r.json["ConsumedCapacity"][0]["CapacityUnits"].GetDouble(), 6.0);
  EXPECT_API_ERROR(call("TransactGetItems", R"({"TransactItems":[{"Get":{"TableName":")" + t +
                                                R"(","Key":{"id":{"S":"a"}}}},{"Get":{"TableName":")" + t +
                                                R"(","Key":{"id":{"S":"a"}}}}]})"),
                   400, "ValidationException", "Transaction request cannot include multiple operations on one item");
}

}  // namespace
}  // namespace dynemu::testing_support
