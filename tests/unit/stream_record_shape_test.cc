// streams::write_record: a change-log row as a Streams API record, and that record in the Lambda
// event shape (streams::lambda_event_json), with the service identity of TTL deletions in each
// shape's spelling.
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include "model/json_codec.h"
#include "streams/lambda_event.h"
#include "streams/records.h"
#include "streams/streams.h"

namespace dynemu::streams {
namespace {

constexpr const char* kStreamArn = "arn:aws:dynamodb:eu-west-1:000000000000:table/T/stream/x";

std::string record_text(const store::ChangeRecord& r) {
  rapidjson::StringBuffer buf;
  model::JsonWriter w(buf);
  write_record(w, r, RecordContext{"eu-west-1", kStreamArn, "OLD_IMAGE"});
  return buf.GetString();
}

enum class RecordStyle { StreamsApi, LambdaEvent };

rapidjson::Document render(const store::ChangeRecord& r, RecordStyle style) {
  const std::string text = style == RecordStyle::StreamsApi ? record_text(r) : lambda_event_json({record_text(r)}, kStreamArn);
  rapidjson::Document d;
  d.Parse(text.c_str());
  if (style == RecordStyle::LambdaEvent) {  // the one record of the event
    rapidjson::Document one;
    one.CopyFrom(d["Records"][0], one.GetAllocator());
    return one;
  }
  return d;
}

store::ChangeRecord ttl_removal() {
  store::ChangeRecord r;
  r.seq = 42;
  r.time_ms = 1700000000999;
  r.event = store::ChangeEvent::Remove;
  r.origin = store::ChangeOrigin::TimeToLive;
  r.keys = R"({"pk":{"S":"a"}})";
  r.old_image = R"({"pk":{"S":"a"},"ttl":{"N":"1"}})";
  r.size = 20;
  return r;
}

TEST(StreamRecordShape, TimeToLiveRemovalOnTheStreamsApi) {
  auto d = render(ttl_removal(), RecordStyle::StreamsApi);
  ASSERT_TRUE(d.IsObject());
  EXPECT_STREQ(d["eventName"].GetString(), "REMOVE");
  EXPECT_STREQ(d["awsRegion"].GetString(), "eu-west-1");
  EXPECT_STREQ(d["userIdentity"]["Type"].GetString(), "Service");
  EXPECT_STREQ(d["userIdentity"]["PrincipalId"].GetString(), "dynamodb.amazonaws.com");
  EXPECT_FALSE(d["userIdentity"].HasMember("type"));
  EXPECT_FALSE(d.HasMember("eventSourceARN"));
  EXPECT_EQ(d["dynamodb"]["ApproximateCreationDateTime"].GetInt64(), 1700000000);
  EXPECT_STREQ(d["dynamodb"]["SequenceNumber"].GetString(), format_sequence_number(42).c_str());
  EXPECT_EQ(d["dynamodb"]["SizeBytes"].GetInt64(), 20);
  EXPECT_TRUE(d["dynamodb"].HasMember("OldImage"));
  EXPECT_FALSE(d["dynamodb"].HasMember("NewImage"));
}

TEST(StreamRecordShape, TimeToLiveRemovalInTheLambdaEventShape) {
  auto d = render(ttl_removal(), RecordStyle::LambdaEvent);
  EXPECT_STREQ(d["userIdentity"]["type"].GetString(), "Service");
  EXPECT_STREQ(d["userIdentity"]["principalId"].GetString(), "dynamodb.amazonaws.com");
  EXPECT_FALSE(d["userIdentity"].HasMember("Type"));
  EXPECT_STREQ(d["eventSourceARN"].GetString(), "arn:aws:dynamodb:eu-west-1:000000000000:table/T/stream/x");
  // Everything else is the Streams API record's, unchanged.
  auto api = render(ttl_removal(), RecordStyle::StreamsApi);
  for (const char* name : {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb"})
    EXPECT_TRUE(d[name] == api[name]) << name;
}

TEST(LambdaEvent, BatchKeepsRecordOrderAndSkipsWhatIsNotARecord) {
  auto first = ttl_removal();
  first.origin = store::ChangeOrigin::User;
  auto second = ttl_removal();
  second.seq = 43;
  rapidjson::Document d;
  const std::string text = lambda_event_json({record_text(first), "not json", record_text(second)}, kStreamArn);
  d.Parse(text.c_str());
  ASSERT_TRUE(d.IsObject()) << text;
  ASSERT_EQ(d["Records"].Size(), 2u);
  EXPECT_STREQ(d["Records"][0]["dynamodb"]["SequenceNumber"].GetString(), format_sequence_number(42).c_str());
  EXPECT_STREQ(d["Records"][1]["dynamodb"]["SequenceNumber"].GetString(), format_sequence_number(43).c_str());
  EXPECT_FALSE(d["Records"][0].HasMember("userIdentity"));
  EXPECT_TRUE(d["Records"][1].HasMember("userIdentity"));
  EXPECT_STREQ(lambda_event_json({}, kStreamArn).c_str(), R"({"Records":[]})");
}

TEST(StreamRecordShape, UserChangesCarryNoIdentity) {
  auto r = ttl_removal();
  r.origin = store::ChangeOrigin::User;
  EXPECT_FALSE(render(r, RecordStyle::StreamsApi).HasMember("userIdentity"));
  EXPECT_FALSE(render(r, RecordStyle::LambdaEvent).HasMember("userIdentity"));
}

TEST(StreamSequenceNumbers, FormatAndParseRoundTripInOrder) {
  EXPECT_EQ(format_sequence_number(1), "100000000000000000001");
  EXPECT_EQ(parse_sequence_number(format_sequence_number(123456789)), 123456789);
  EXPECT_LT(format_sequence_number(9), format_sequence_number(10));
  EXPECT_FALSE(parse_sequence_number("12345"));
  EXPECT_FALSE(parse_sequence_number("200000000000000000001"));
  EXPECT_FALSE(parse_sequence_number("1000000000000000000x1"));
}

TEST(StreamIterators, RoundTripAndRefuseTampering) {
  Iterator it{"arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2024-01-01T00:00:00.000",
              "shardId-00000001700000000000-0badf00d", 17, 1700000000000};
  const std::string text = encode_iterator(it);
  auto back = decode_iterator(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->stream_arn, it.stream_arn);
  EXPECT_EQ(back->shard_id, it.shard_id);
  EXPECT_EQ(back->after_seq, 17);
  EXPECT_EQ(back->issued_ms, 1700000000000);
  // The same payload with another position, its check left as it was: refused.
  std::string payload;
  ASSERT_TRUE(model::base64_decode(text.substr(it.stream_arn.size() + 3), &payload));
  const size_t at = payload.find("|17|");
  ASSERT_NE(at, std::string::npos);
  payload.replace(at, 4, "|18|");
  EXPECT_FALSE(decode_iterator(it.stream_arn + "|1|" + model::base64_encode(payload)));
  EXPECT_FALSE(decode_iterator("garbage"));
}

TEST(StreamShardIds, ShapedLikeDynamoDBsAndOrderedByCreation) {
  const std::string a = shard_id_for(1, 0, 1700000000000);
  const std::string b = shard_id_for(1, 1, 1700014400000);
  EXPECT_EQ(a.substr(0, 29), "shardId-00000001700000000000-");
  EXPECT_EQ(a.size(), 37u);
  EXPECT_LT(a, b);
}

}  // namespace
}  // namespace dynemu::streams
