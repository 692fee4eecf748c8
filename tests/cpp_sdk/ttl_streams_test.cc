// Time to live and DynamoDB Streams through the SDK: UpdateTimeToLive / DescribeTimeToLive on
// DynamoDBClient, and ListStreams, DescribeStream, GetShardIterator, GetRecords on
// DynamoDBStreamsClient (same endpoint; the SDK signs its requests with service "dynamodb").
#include <aws/dynamodb/model/DeleteItemRequest.h>
#include <aws/dynamodb/model/DescribeTimeToLiveRequest.h>
#include <aws/dynamodb/model/PutItemRequest.h>
#include <aws/dynamodb/model/UpdateItemRequest.h>
#include <aws/dynamodb/model/UpdateTimeToLiveRequest.h>
#include <aws/dynamodbstreams/model/DescribeStreamRequest.h>
#include <aws/dynamodbstreams/model/GetRecordsRequest.h>
#include <aws/dynamodbstreams/model/GetShardIteratorRequest.h>
#include <aws/dynamodbstreams/model/ListStreamsRequest.h>

#include <chrono>

#include "sdk_support.h"

namespace {

using namespace Aws::DynamoDB::Model;
namespace streams_model = Aws::DynamoDBStreams::Model;
using cpp_sdk::sdk_item;
using cpp_sdk::sdk_value;

class TtlTest : public cpp_sdk::SdkTest {};

TEST_F(TtlTest, EnableDescribeAndExpire) {
  auto before = db().DescribeTimeToLive(DescribeTimeToLiveRequest().WithTableName("Sessions"));
  ASSERT_SDK_OK(before);
  EXPECT_EQ(before.GetResult().GetTimeToLiveDescription().GetTimeToLiveStatus(), TimeToLiveStatus::DISABLED);

  auto enabled = db().UpdateTimeToLive(UpdateTimeToLiveRequest().WithTableName("Sessions").WithTimeToLiveSpecification(
      TimeToLiveSpecification().WithEnabled(true).WithAttributeName("expires_at")));
  ASSERT_SDK_OK(enabled);
  EXPECT_TRUE(enabled.GetResult().GetTimeToLiveSpecification().GetEnabled());
  EXPECT_EQ(enabled.GetResult().GetTimeToLiveSpecification().GetAttributeName(), "expires_at");

  auto after = db().DescribeTimeToLive(DescribeTimeToLiveRequest().WithTableName("Sessions"));
  ASSERT_SDK_OK(after);
  EXPECT_EQ(after.GetResult().GetTimeToLiveDescription().GetTimeToLiveStatus(), TimeToLiveStatus::ENABLED);
  EXPECT_EQ(after.GetResult().GetTimeToLiveDescription().GetAttributeName(), "expires_at");

  // One session expires in an hour, one in a day; an hour and a minute later a sweep removes one.
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  set_clock(static_cast<double>(now));
  ASSERT_SDK_OK(db().PutItem(PutItemRequest().WithTableName("Sessions").WithItem(
      sdk_item(R"({"id": "s-hour", "expires_at": )" + std::to_string(now + 3600) + "}"))));
  ASSERT_SDK_OK(db().PutItem(PutItemRequest().WithTableName("Sessions").WithItem(
      sdk_item(R"({"id": "s-day", "expires_at": )" + std::to_string(now + 86400) + "}"))));
  advance_clock(3660);
  auto swept = sweep_ttl();
  real_clock();
  EXPECT_EQ(swept.deleted, 1u);
  EXPECT_FALSE(get_item("Sessions", R"({"id": "s-hour"})"));
  EXPECT_TRUE(get_item("Sessions", R"({"id": "s-day"})"));
  EXPECT_TRUE(get_item("Sessions", R"({"id": "s-live"})"));  // no expires_at: never expires
}

TEST_F(TtlTest, EnablingTwiceIsValidation) {
  auto request = UpdateTimeToLiveRequest().WithTableName("Sessions").WithTimeToLiveSpecification(
      TimeToLiveSpecification().WithEnabled(true).WithAttributeName("expires_at"));
  ASSERT_SDK_OK(db().UpdateTimeToLive(request));
  EXPECT_SDK_ERROR(db().UpdateTimeToLive(request), VALIDATION, "TimeToLive is already enabled");
}

class StreamsTest : public cpp_sdk::SdkTest {
 protected:
  // The Events table's stream ARN, through ListStreams.
  std::string events_stream_arn() {
    auto listed = streams().ListStreams(streams_model::ListStreamsRequest().WithTableName("Events"));
    EXPECT_TRUE(listed.IsSuccess()) << cpp_sdk::describe(listed.GetError());
    if (!listed.IsSuccess() || listed.GetResult().GetStreams().size() != 1) return "";
    EXPECT_EQ(listed.GetResult().GetStreams()[0].GetTableName(), "Events");
    return listed.GetResult().GetStreams()[0].GetStreamArn();
  }
};

TEST_F(StreamsTest, ReadsInsertModifyRemoveInOrder) {
  ASSERT_SDK_OK(db().PutItem(PutItemRequest().WithTableName("Events").WithItem(sdk_item(R"({"pk": "s", "seq": 1, "v": "a"})"))));
  UpdateItemRequest update;
  update.SetTableName("Events");
  update.SetKey(sdk_item(R"({"pk": "s", "seq": 1})"));
  update.SetUpdateExpression("SET v = :v");
  update.AddExpressionAttributeValues(":v", Aws::DynamoDB::Model::AttributeValue("b"));
  ASSERT_SDK_OK(db().UpdateItem(update));
  ASSERT_SDK_OK(db().DeleteItem(DeleteItemRequest().WithTableName("Events").WithKey(sdk_item(R"({"pk": "s", "seq": 1})"))));

  const std::string arn = events_stream_arn();
  ASSERT_FALSE(arn.empty());
  auto described = streams().DescribeStream(streams_model::DescribeStreamRequest().WithStreamArn(arn));
  ASSERT_SDK_OK(described);
  const auto& description = described.GetResult().GetStreamDescription();
  EXPECT_EQ(description.GetStreamStatus(), streams_model::StreamStatus::ENABLED);
  EXPECT_EQ(description.GetStreamViewType(), streams_model::StreamViewType::NEW_AND_OLD_IMAGES);
  EXPECT_EQ(description.GetTableName(), "Events");
  ASSERT_FALSE(description.GetShards().empty());

  // Every shard from TRIM_HORIZON, following NextShardIterator until a page comes back empty.
  std::vector<streams_model::Record> records;
  for (const auto& shard : description.GetShards()) {
    auto iterator = streams().GetShardIterator(streams_model::GetShardIteratorRequest()
                                                   .WithStreamArn(arn)
                                                   .WithShardId(shard.GetShardId())
                                                   .WithShardIteratorType(streams_model::ShardIteratorType::TRIM_HORIZON));
    ASSERT_SDK_OK(iterator);
    std::string next = iterator.GetResult().GetShardIterator();
    for (int page = 0; !next.empty() && page < 20; ++page) {
      auto got = streams().GetRecords(streams_model::GetRecordsRequest().WithShardIterator(next).WithLimit(2));
      ASSERT_SDK_OK(got);
      for (const auto& r : got.GetResult().GetRecords()) records.push_back(r);
      if (got.GetResult().GetRecords().empty()) break;
      next = got.GetResult().GetNextShardIterator();
    }
  }
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].GetEventName(), streams_model::OperationType::INSERT);
  EXPECT_EQ(records[1].GetEventName(), streams_model::OperationType::MODIFY);
  EXPECT_EQ(records[2].GetEventName(), streams_model::OperationType::REMOVE);
  EXPECT_EQ(records[0].GetEventSource(), "aws:dynamodb");
  EXPECT_EQ(records[1].GetDynamodb().GetOldImage().at("v").GetS(), "a");
  EXPECT_EQ(records[1].GetDynamodb().GetNewImage().at("v").GetS(), "b");
  EXPECT_EQ(records[2].GetDynamodb().GetKeys().at("seq").GetN(), "1");
  EXPECT_TRUE(records[2].GetDynamodb().GetNewImage().empty());
  // Sequence numbers grow (they are decimal strings of growing length or value).
  for (size_t i = 1; i < records.size(); ++i) {
    const auto& a = records[i - 1].GetDynamodb().GetSequenceNumber();
    const auto& b = records[i].GetDynamodb().GetSequenceNumber();
    EXPECT_TRUE(a.size() < b.size() || (a.size() == b.size() && a < b)) << a << " then " << b;
  }
}

TEST_F(StreamsTest, UnknownStreamIsResourceNotFound) {
  const std::string arn = events_stream_arn();
  ASSERT_FALSE(arn.empty());
  const std::string other = arn.substr(0, arn.rfind('/') + 1) + "2000-01-01T00:00:00.000";
  auto described = streams().DescribeStream(streams_model::DescribeStreamRequest().WithStreamArn(other));
  ASSERT_FALSE(described.IsSuccess());
  EXPECT_EQ(described.GetError().GetErrorType(), Aws::DynamoDBStreams::DynamoDBStreamsErrors::RESOURCE_NOT_FOUND)
      << cpp_sdk::describe(described.GetError());
  EXPECT_EQ(described.GetError().GetMessage(), "Requested resource not found: Stream: " + other + " not found");
}

TEST_F(StreamsTest, AnIteratorOlderThanFifteenMinutesIsExpiredIterator) {
  const std::string arn = events_stream_arn();
  ASSERT_FALSE(arn.empty());
  auto described = streams().DescribeStream(streams_model::DescribeStreamRequest().WithStreamArn(arn));
  ASSERT_SDK_OK(described);
  ASSERT_FALSE(described.GetResult().GetStreamDescription().GetShards().empty());
  auto iterator = streams().GetShardIterator(
      streams_model::GetShardIteratorRequest()
          .WithStreamArn(arn)
          .WithShardId(described.GetResult().GetStreamDescription().GetShards()[0].GetShardId())
          .WithShardIteratorType(streams_model::ShardIteratorType::LATEST));
  ASSERT_SDK_OK(iterator);
  advance_clock(16 * 60);
  auto got = streams().GetRecords(streams_model::GetRecordsRequest().WithShardIterator(iterator.GetResult().GetShardIterator()));
  real_clock();
  ASSERT_FALSE(got.IsSuccess());
  EXPECT_EQ(got.GetError().GetErrorType(), Aws::DynamoDBStreams::DynamoDBStreamsErrors::EXPIRED_ITERATOR)
      << cpp_sdk::describe(got.GetError());
  EXPECT_THAT(got.GetError().GetMessage(), ::testing::StartsWith("Iterator expired. The iterator was created at time "));
  EXPECT_THAT(got.GetError().GetMessage(), ::testing::HasSubstr("tolerated delay of 900000 milliseconds."));
}

TEST_F(StreamsTest, ListStreamsWithoutATableNamesEveryStream) {
  auto listed = streams().ListStreams(streams_model::ListStreamsRequest());
  ASSERT_SDK_OK(listed);
  ASSERT_EQ(listed.GetResult().GetStreams().size(), 1u);  // only Events has a stream
  EXPECT_EQ(listed.GetResult().GetStreams()[0].GetTableName(), "Events");
}

}  // namespace
