// Stream records: every writer produces them in commit order, in DynamoDB Streams' exact shape;
// writes that change nothing, failed conditions and cancelled transactions produce none.
#include <gmock/gmock.h>

#include "streams_test_support.h"

namespace dynemu::testing_support {
namespace {

using ::testing::ElementsAre;

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  return d;
}

TEST(StreamRecords, ExactShapeOfInsertModifyRemove) {
  const std::string table = create_stream_table("NEW_AND_OLD_IMAGES");
  const std::string arn = latest_stream_arn(table);
  ASSERT_FALSE(arn.empty());
  const int64_t now_s = streams_server().clock_ms() / 1000;
  put(table, "a", R"(,"v":{"N":"1"})");
  ASSERT_API_OK(ddb("UpdateItem", R"({"TableName":")" + table +
                                      R"(","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"2"}}})"));
  ASSERT_API_OK(ddb("DeleteItem", R"({"TableName":")" + table + R"(","Key":{"pk":{"S":"a"}}})"));
  const auto records = read_stream(arn);
  ASSERT_EQ(records.size(), 3u);
  auto insert = parse(records[0]);
  EXPECT_EQ(std::string(insert["eventName"].GetString()), "INSERT");
  EXPECT_EQ(std::string(insert["eventVersion"].GetString()), "1.1");
  EXPECT_EQ(std::string(insert["eventSource"].GetString()), "aws:dynamodb");
  EXPECT_EQ(std::string(insert["awsRegion"].GetString()), "us-east-1");
  EXPECT_EQ(std::string(insert["eventID"].GetString()).size(), 32u);
  EXPECT_FALSE(insert.HasMember("userIdentity"));
  const auto& d = insert["dynamodb"];
  EXPECT_EQ(d["ApproximateCreationDateTime"].GetInt64(), now_s);
  EXPECT_EQ(to_json(d["Keys"]), R"({"pk":{"S":"a"}})");
  EXPECT_EQ(to_json(d["NewImage"]), R"({"pk":{"S":"a"},"v":{"N":"1"}})");
  EXPECT_FALSE(d.HasMember("OldImage"));
  EXPECT_EQ(std::string(d["StreamViewType"].GetString()), "NEW_AND_OLD_IMAGES");
  EXPECT_GT(d["SizeBytes"].GetInt64(), 0);
  auto modify = parse(records[1]);
  EXPECT_EQ(std::string(modify["eventName"].GetString()), "MODIFY");
  EXPECT_EQ(to_json(modify["dynamodb"]["OldImage"]), R"({"pk":{"S":"a"},"v":{"N":"1"}})");
  EXPECT_EQ(to_json(modify["dynamodb"]["NewImage"]), R"({"pk":{"S":"a"},"v":{"N":"2"}})");
  auto remove = parse(records[2]);
  EXPECT_EQ(std::string(remove["eventName"].GetString()), "REMOVE");
  EXPECT_EQ(to_json(remove["dynamodb"]["OldImage"]), R"({"pk":{"S":"a"},"v":{"N":"2"}})");
  EXPECT_FALSE(remove["dynamodb"].HasMember("NewImage"));
  // Sequence numbers: decimal strings of 21 to 40 digits, strictly increasing.
  std::string previous;
  for (const auto& text : records) {
    auto r = parse(text);
    const std::string seq = r["dynamodb"]["SequenceNumber"].GetString();
    EXPECT_GE(seq.size(), 21u);
    EXPECT_LE(seq.size(), 40u);
    EXPECT_EQ(seq.find_first_not_of("0123456789"), std::string::npos);
    if (!previous.empty()) {
      EXPECT_TRUE(seq.size() > previous.size() || (seq.size() == previous.size() && seq > previous));
    }
    previous = seq;
  }
  EXPECT_NE(parse(records[0])["eventID"], parse(records[1])["eventID"]);
}

TEST(StreamRecords, ViewTypesShowTheirImages) {
  struct Case {
    const char* view;
    bool new_image, old_image;
  };
  for (const Case c : {Case{"KEYS_ONLY", false, false}, Case{"NEW_IMAGE", true, false}, Case{"OLD_IMAGE", false, true}}) {
    const std::string table = create_stream_table(c.view);
    put(table, "a", R"(,"v":{"S":"one"})");
    put(table, "a", R"(,"v":{"S":"two"})");
    const auto records = read_stream(latest_stream_arn(table));
    ASSERT_EQ(records.size(), 2u) << c.view;
    auto modify = parse(records[1]);
    EXPECT_EQ(modify["dynamodb"].HasMember("NewImage"), c.new_image) << c.view;
    EXPECT_EQ(modify["dynamodb"].HasMember("OldImage"), c.old_image) << c.view;
    EXPECT_EQ(to_json(modify["dynamodb"]["Keys"]), R"({"pk":{"S":"a"}})") << c.view;
    EXPECT_EQ(std::string(modify["dynamodb"]["StreamViewType"].GetString()), c.view);
  }
}

TEST(StreamRecords, EveryWriterInCommitOrder) {
  const std::string table = create_stream_table("NEW_IMAGE");
  put(table, "p");
  ASSERT_API_OK(ddb("UpdateItem", R"({"TableName":")" + table +
                                      R"(","Key":{"pk":{"S":"u"}},"UpdateExpression":"SET n = :n","ExpressionAttributeValues":{":n":{"N":"1"}}})"));
  ASSERT_API_OK(ddb("BatchWriteItem", R"({"RequestItems":{")" + table +
                                          R"(":[{"PutRequest":{"Item":{"pk":{"S":"b1"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"p"}}}}]}})"));
  ASSERT_API_OK(ddb("TransactWriteItems", R"({"TransactItems":[{"Put":{"TableName":")" + table +
                                              R"(","Item":{"pk":{"S":"t1"}}}},{"Update":{"TableName":")" + table +
                                              R"(","Key":{"pk":{"S":"u"}},"UpdateExpression":"SET n = :n","ExpressionAttributeValues":{":n":{"N":"2"}}}}]})"));
  ASSERT_API_OK(ddb("DeleteItem", R"({"TableName":")" + table + R"(","Key":{"pk":{"S":"t1"}}})"));
  std::vector<std::string> keys;
  const auto records = read_stream(latest_stream_arn(table));
  for (const auto& text : records) {
    auto r = parse(text);
    keys.push_back(std::string(r["eventName"].GetString()) + " " + r["dynamodb"]["Keys"]["pk"]["S"].GetString());
  }
  EXPECT_THAT(keys, ElementsAre("INSERT p", "INSERT u", "INSERT b1", "REMOVE p", "INSERT t1", "MODIFY u", "REMOVE t1"));
}

TEST(StreamRecords, NoRecordForWritesThatChangeNothingOrFail) {
  const std::string table = create_stream_table("NEW_AND_OLD_IMAGES");
  put(table, "a", R"(,"v":{"N":"1"})");
  put(table, "a", R"(,"v":{"N":"1.0"})");  // the same item: numbers are normalized
  ASSERT_API_OK(ddb("UpdateItem", R"({"TableName":")" + table +
                                      R"(","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"1"}}})"));
  ASSERT_API_OK(ddb("DeleteItem", R"({"TableName":")" + table + R"(","Key":{"pk":{"S":"missing"}}})"));
  auto failed = ddb("PutItem", R"({"TableName":")" + table +
                                   R"j(","Item":{"pk":{"S":"a"},"v":{"N":"9"}},"ConditionExpression":"attribute_not_exists(pk)"})j");
  EXPECT_EQ(failed.error_type(), "ConditionalCheckFailedException");
  auto cancelled = ddb("TransactWriteItems", R"({"TransactItems":[{"Put":{"TableName":")" + table +
                                                 R"(","Item":{"pk":{"S":"new"}}}},{"ConditionCheck":{"TableName":")" + table +
                                                 R"j(","Key":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(pk)"}}]})j");
  EXPECT_EQ(cancelled.error_type(), "TransactionCanceledException");
  EXPECT_THAT(event_names(latest_stream_arn(table)), ElementsAre("INSERT"));
}

TEST(StreamRecords, TableWithoutStreamHasNone) {
  const std::string table = create_stream_table("");
  put(table, "a");
  EXPECT_EQ(latest_stream_arn(table), "");
  auto list = streams_call("ListStreams", R"({"TableName":")" + table + "\"}");
  ASSERT_API_OK(list);
  EXPECT_EQ(list.json["Streams"].Size(), 0u);
}

TEST(StreamRecords, SnapshotResetCoversRecords) {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.threads = 2;
  dynemu::Server server(options);
  server.start();
  auto on = [&](const std::string& op, const std::string& body) { return call_on(server, op, body); };
  ASSERT_API_OK(on("CreateTable", R"({"TableName":"Snap","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
                                  R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",)"
                                  R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}})"));
  ASSERT_API_OK(on("PutItem", R"({"TableName":"Snap","Item":{"pk":{"S":"base"}}})"));
  server.snapshot();
  ASSERT_API_OK(on("PutItem", R"({"TableName":"Snap","Item":{"pk":{"S":"later"}}})"));
  server.reset();
  auto streams = post_raw_to(server.port(), "DynamoDBStreams_20120810.ListStreams", "{}");
  ASSERT_API_OK(streams);
  const std::string arn = streams.json["Streams"][0]["StreamArn"].GetString();
  auto d = post_raw_to(server.port(), "DynamoDBStreams_20120810.DescribeStream", R"({"StreamArn":")" + arn + "\"}");
  const std::string shard = d.json["StreamDescription"]["Shards"][0]["ShardId"].GetString();
  auto it = post_raw_to(server.port(), "DynamoDBStreams_20120810.GetShardIterator",
                        R"({"StreamArn":")" + arn + R"(","ShardId":")" + shard + R"(","ShardIteratorType":"TRIM_HORIZON"})");
  auto records = post_raw_to(server.port(), "DynamoDBStreams_20120810.GetRecords",
                             R"({"ShardIterator":")" + std::string(it.json["ShardIterator"].GetString()) + "\"}");
  ASSERT_API_OK(records);
  ASSERT_EQ(records.json["Records"].Size(), 1u);
  EXPECT_EQ(std::string(records.json["Records"][0]["dynamodb"]["Keys"]["pk"]["S"].GetString()), "base");
}

}  // namespace
}  // namespace dynemu::testing_support
