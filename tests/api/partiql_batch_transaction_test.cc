// BatchExecuteStatement and ExecuteTransaction: answers in order, per-statement errors, all-or-
// nothing cancellation with reasons, idempotency tokens, and their validation.
#include "partiql_support.h"

namespace dynemu::testing_support {
namespace {

class PartiqlMulti : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = create_composite_table();
    t_ = quoted_name(table_);
    for (int s = 0; s < 3; ++s)
      statement_ok("INSERT INTO " + t_ + " VALUE {'pk': 'a', 'sk': " + std::to_string(s) + ", 'n': " +
                   std::to_string(s) + "}");
  }
  ApiResponse batch(const std::vector<std::string>& members, const std::string& extra = "") {
    std::string list;
    for (const auto& m : members) list += (list.empty() ? "" : ",") + m;
    return call("BatchExecuteStatement", "{\"Statements\":[" + list + "]" + (extra.empty() ? "" : "," + extra) + "}");
  }
  ApiResponse transaction(const std::vector<std::string>& members, const std::string& extra = "") {
    std::string list;
    for (const auto& m : members) list += (list.empty() ? "" : ",") + m;
    return call("ExecuteTransaction",
                "{\"TransactStatements\":[" + list + "]" + (extra.empty() ? "" : "," + extra) + "}");
  }
  size_t count(const std::string& where) {
    return statement_ok("SELECT * FROM " + t_ + " WHERE pk = 'a' AND " + where).json["Items"].Size();
  }
  std::string table_, t_;
};

TEST_F(PartiqlMulti, BatchReadsAnswerInOrderWithPerStatementErrors) {
  ApiResponse r = batch({statement_member("SELECT * FROM " + t_ + " WHERE pk = ? AND sk = ?", R"([{"S":"a"},{"N":"2"}])"),
                         statement_member("SELECT * FROM " + t_ + " WHERE pk = 'a'"),
                         statement_member("SELECT n FROM " + t_ + " WHERE pk = 'a' AND sk = 9"),
                         statement_member("SELEC nonsense"),
                         statement_member("SELECT n FROM " + t_ + " WHERE pk = 'a' AND sk = 0")},
                        "\"ReturnConsumedCapacity\":\"TOTAL\"");
  ASSERT_API_OK(r);
  const auto& responses = r.json["Responses"];
  ASSERT_EQ(responses.Size(), 5u);
  EXPECT_EQ(to_json(responses[0]), R"({"TableName":")" + table_ +
                                       R"(","Item":{"n":{"N":"2"},"pk":{"S":"a"},"sk":{"N":"2"}}})");
  EXPECT_EQ(to_json(responses[1]), R"({"Error":{"Code":"ValidationError","Message":"Where clause does not contain a )"
                                   R"(mandatory equality on all key attributes"},"TableName":")" + table_ + R"("})");
  EXPECT_EQ(to_json(responses[2]), R"({"TableName":")" + table_ + R"("})");
  EXPECT_EQ(to_json(responses[3]), R"({"Error":{"Code":"ValidationError","Message":"Statement wasn't well formed, )"
                                   R"(can't be processed: Expected data manipulation"}})");
  EXPECT_EQ(to_json(responses[4]["Item"]), R"({"n":{"N":"0"}})");
  EXPECT_EQ(r.json["ConsumedCapacity"][0]["TableName"].GetString(), table_);
  const RequestRecord rec = last_request();
  EXPECT_FALSE(rec.scan);
  EXPECT_EQ(rec.table, table_);
}

TEST_F(PartiqlMulti, BatchWritesAreIndependent) {
  ApiResponse r = batch({statement_member("INSERT INTO " + t_ + " VALUE {'pk': 'a', 'sk': 10}"),
                         statement_member("INSERT INTO " + t_ + " VALUE {'pk': 'a', 'sk': 0}"),
                         statement_member("UPDATE " + t_ + " SET n = 100 WHERE pk = 'a' AND sk = 1 AND n = 5", "",
                                          "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\""),
                         statement_member("DELETE FROM " + t_ + " WHERE pk = 'a' AND sk = 2")});
  ASSERT_API_OK(r);
  const auto& responses = r.json["Responses"];
  ASSERT_EQ(responses.Size(), 4u);
  EXPECT_EQ(to_json(responses[0]), R"({"TableName":")" + table_ + R"("})");
  EXPECT_EQ(to_json(responses[1]), R"({"Error":{"Code":"DuplicateItem","Message":"Duplicate primary key exists in )"
                                   R"(table"},"TableName":")" + table_ + R"("})");
  EXPECT_EQ(to_json(responses[2]["Error"]), R"({"Code":"ConditionalCheckFailed","Message":"The conditional request )"
                                            R"(failed","Item":{"n":{"N":"1"},"pk":{"S":"a"},"sk":{"N":"1"}}})");
  EXPECT_EQ(count("sk = 10"), 1u);
  EXPECT_EQ(count("sk = 2"), 0u);
  EXPECT_EQ(count("sk = 1 AND n = 1"), 1u);
}

TEST_F(PartiqlMulti, BatchValidation) {
  EXPECT_API_ERROR(batch({statement_member("SELECT * FROM " + t_ + " WHERE pk = 'a' AND sk = 1"),
                          statement_member("DELETE FROM " + t_ + " WHERE pk = 'a' AND sk = 1")}),
                   400, "ValidationException", "Supplied statements must be either all reads or all writes");
  EXPECT_EQ(count("sk = 1"), 1u);
  std::vector<std::string> many(26, statement_member("SELECT * FROM " + t_ + " WHERE pk = 'a' AND sk = 1"));
  ApiResponse r = batch(many);
  EXPECT_EQ(r.error_type(), "ValidationException");
  EXPECT_NE(r.message().find("at 'statements' failed to satisfy constraint: Member must have length less than or "
                             "equal to 25"), std::string::npos) << r.body;
  EXPECT_API_ERROR(call("BatchExecuteStatement", R"({"Statements":[]})"), 400, "ValidationException",
                   "1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: Member must "
                   "have length greater than or equal to 1");
}

TEST_F(PartiqlMulti, TransactionWritesAllOrNothing) {
  ApiResponse r = transaction({statement_member("UPDATE " + t_ + " SET n = n + 10 WHERE pk = 'a' AND sk = 0"),
                               statement_member("INSERT INTO " + t_ + " VALUE {'pk': 'a', 'sk': 5}"),
                               statement_member("EXISTS(SELECT * FROM " + t_ + " WHERE pk = 'a' AND sk = 1 AND n = 1)"),
                               statement_member("DELETE FROM " + t_ + " WHERE pk = 'a' AND sk = 2")},
                              "\"ReturnConsumedCapacity\":\"TOTAL\"");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["ConsumedCapacity"][0]["CapacityUnits"].GetDouble(), 8.0);  // 3 writes + 1 check, doubled
  EXPECT_EQ(count("sk = 0 AND n = 10"), 1u);
  EXPECT_EQ(count("sk = 5"), 1u);
  EXPECT_EQ(count("sk = 2"), 0u);
}

TEST_F(PartiqlMulti, TransactionCancelsWithReasonsInOrder) {
  ApiResponse r = transaction(
      {statement_member("UPDATE " + t_ + " SET n = 50 WHERE pk = 'a' AND sk = 0"),
       statement_member("INSERT INTO " + t_ + " VALUE {'pk': 'a', 'sk': 1}"),
       statement_member("EXISTS(SELECT * FROM " + t_ + " WHERE pk = 'a' AND sk = 2 AND n = 99)", "",
                        "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"")});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_type(), "TransactionCanceledException");
  EXPECT_EQ(r.message(), "Transaction cancelled, please refer cancellation reasons for specific reasons "
                         "[None, DuplicateItem, ConditionalCheckFailed]");
  ASSERT_TRUE(r.json.HasMember("CancellationReasons")) << r.body;
  EXPECT_EQ(to_json(r.json["CancellationReasons"]),
            R"([{"Code":"None"},{"Code":"DuplicateItem","Message":"Duplicate primary key exists in table"},)"
            R"({"Item":{"n":{"N":"2"},"pk":{"S":"a"},"sk":{"N":"2"}},"Code":"ConditionalCheckFailed",)"
            R"("Message":"The conditional request failed"}])");
  EXPECT_EQ(count("sk = 0 AND n = 0"), 1u);  // nothing was written
}

TEST_F(PartiqlMulti, TransactionRefusesTwoStatementsOnOneItem) {
  EXPECT_API_ERROR(transaction({statement_member("UPDATE " + t_ + " SET n = 1 WHERE pk = 'a' AND sk = 0"),
                                statement_member("DELETE FROM " + t_ + " WHERE pk = 'a' AND sk = 0")}),
                   400, "ValidationException", "Transaction request cannot include multiple operations on one item");
}

TEST_F(PartiqlMulti, TransactionTokensAreIdempotent) {
  const std::vector<std::string> members = {statement_member("UPDATE " + t_ + " SET n = n + 1 WHERE pk = 'a' AND sk = 0")};
  const std::string token = "\"ClientRequestToken\":\"tok-" + table_.substr(table_.size() - 6) + "\"";
  ASSERT_API_OK(transaction(members, token));
  ASSERT_API_OK(transaction(members, token));
  EXPECT_EQ(count("sk = 0 AND n = 1"), 1u);  // applied once
  EXPECT_API_ERROR(
      transaction({statement_member("UPDATE " + t_ + " SET n = n + 2 WHERE pk = 'a' AND sk = 0")}, token), 400,
      "IdempotentParameterMismatchException",
      "The request uses the same client token as a previous, but non-identical request.");
}

TEST_F(PartiqlMulti, TransactionReads) {
  ApiResponse r = transaction({statement_member("SELECT n FROM " + t_ + " WHERE pk = 'a' AND sk = 1"),
                               statement_member("SELECT * FROM " + t_ + " WHERE pk = 'a' AND sk = 7")});
  ASSERT_API_OK(r);
  EXPECT_EQ(to_json(r.json["Responses"]), R"([{"Item":{"n":{"N":"1"}}},{}])");
  EXPECT_API_ERROR(transaction({statement_member("SELECT n FROM " + t_ + " WHERE pk = 'a' AND sk = 1"),
                                statement_member("DELETE FROM " + t_ + " WHERE pk = 'a' AND sk = 1")}),
                   400, "ValidationException", "Supplied statements must be either all reads or all writes");
  EXPECT_API_ERROR(transaction({statement_member("SELECT n FROM " + t_ + " WHERE pk = 'a'")}), 400,
                   "ValidationException", "Where clause does not contain a mandatory equality on all key attributes");
  EXPECT_API_ERROR(transaction({statement_member("SELECT n FROM \"Missing_Table\" WHERE pk = 'a' AND sk = 1")}), 400,
                   "ResourceNotFoundException", "Requested resource not found");
}

TEST_F(PartiqlMulti, WritesReachTheStream) {
  const std::string name = unique_table_name();
  create_table_ok(R"({"TableName":")" + name + R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
                  R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",)"
                  R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})");
  statement_ok("INSERT INTO \"" + name + "\" VALUE {'id': 'x', 'v': 1}");
  statement_ok("UPDATE \"" + name + "\" SET v = 2 WHERE id = 'x'");
  statement_ok("DELETE FROM \"" + name + "\" WHERE id = 'x'");
  ApiResponse d = describe(name);
  const std::string arn = d.json["Table"]["LatestStreamArn"].GetString();
  ApiResponse s = post_raw("DynamoDBStreams_20120810.DescribeStream", R"({"StreamArn":")" + arn + R"("})");
  const std::string shard = s.json["StreamDescription"]["Shards"][0]["ShardId"].GetString();
  ApiResponse it = post_raw("DynamoDBStreams_20120810.GetShardIterator",
                            R"({"StreamArn":")" + arn + R"(","ShardId":")" + shard +
                                R"(","ShardIteratorType":"TRIM_HORIZON"})");
  ApiResponse recs = post_raw("DynamoDBStreams_20120810.GetRecords",
                              R"({"ShardIterator":")" + std::string(it.json["ShardIterator"].GetString()) + R"("})");
  ASSERT_API_OK(recs);
  std::vector<std::string> events;
  for (const auto& rec : recs.json["Records"].GetArray()) events.push_back(rec["eventName"].GetString());
  EXPECT_EQ(events, (std::vector<std::string>{"INSERT", "MODIFY", "REMOVE"}));
}

}  // namespace
}  // namespace dynemu::testing_support
