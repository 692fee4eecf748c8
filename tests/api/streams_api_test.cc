// The DynamoDB Streams operations: ListStreams, DescribeStream, GetShardIterator, GetRecords, their
// errors, shard rotation, trimming, iterator expiry, and StreamSpecification transitions — all
// driven by the server clock, never by sleeping.
#include <gmock/gmock.h>

#include <regex>

#include "streams_test_support.h"

namespace dynemu::testing_support {
namespace {

using ::testing::ElementsAre;

std::string first_shard(const std::string& arn) {
  auto ids = shard_ids(arn);
  return ids.empty() ? "" : ids.front();
}

TEST(ListStreams, FilterAndPaging) {
  const std::string a = create_stream_table("KEYS_ONLY", "LsA");
  const std::string b = create_stream_table("NEW_IMAGE", "LsB");
  auto one = streams_call("ListStreams", R"({"TableName":")" + a + "\"}");
  ASSERT_API_OK(one);
  ASSERT_EQ(one.json["Streams"].Size(), 1u);
  EXPECT_EQ(std::string(one.json["Streams"][0]["TableName"].GetString()), a);
  EXPECT_EQ(std::string(one.json["Streams"][0]["StreamArn"].GetString()), latest_stream_arn(a));
  EXPECT_FALSE(one.json.HasMember("LastEvaluatedStreamArn"));
  // Page through everything one stream at a time: both tables appear exactly once.
  int seen_a = 0, seen_b = 0;
  std::string start;
  for (int page = 0; page < 1000; ++page) {
    auto r = streams_call("ListStreams", start.empty() ? R"({"Limit":1})"
                                                       : R"({"Limit":1,"ExclusiveStartStreamArn":")" + start + "\"}");
    ASSERT_API_OK(r);
    ASSERT_LE(r.json["Streams"].Size(), 1u);
    for (const auto& s : r.json["Streams"].GetArray()) {
      seen_a += std::string(s["TableName"].GetString()) == a;
      seen_b += std::string(s["TableName"].GetString()) == b;
    }
    if (!r.json.HasMember("LastEvaluatedStreamArn")) break;
    start = r.json["LastEvaluatedStreamArn"].GetString();
  }
  EXPECT_EQ(seen_a, 1);
  EXPECT_EQ(seen_b, 1);
}

TEST(ListStreams, Validation) {
  EXPECT_API_ERROR(streams_call("ListStreams", R"({"Limit":0})"), 400, "ValidationException",
                   "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1");
  EXPECT_API_ERROR(streams_call("ListStreams", R"({"Limit":101})"), 400, "ValidationException",
                   "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have "
                   "value less than or equal to 100");
  EXPECT_API_ERROR(streams_call("ListStreams", R"({"ExclusiveStartStreamArn":"kossaapaaasdafsdaasdasdasdasasdasfadfadfasd"})"),
                   400, "ValidationException", "Invalid StreamArn");
}

TEST(DescribeStream, DescribesTheStreamAndItsShard) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  auto r = describe_stream(arn);
  ASSERT_API_OK(r);
  const auto& d = r.json["StreamDescription"];
  EXPECT_EQ(std::string(d["StreamArn"].GetString()), arn);
  EXPECT_EQ(std::string(d["StreamStatus"].GetString()), "ENABLED");
  EXPECT_EQ(std::string(d["StreamViewType"].GetString()), "KEYS_ONLY");
  EXPECT_EQ(std::string(d["TableName"].GetString()), table);
  EXPECT_EQ(to_json(d["KeySchema"]), R"([{"AttributeName":"pk","KeyType":"HASH"}])");
  EXPECT_DOUBLE_EQ(d["CreationRequestDateTime"].GetDouble(), streams_server().clock_ms() / 1000.0);
  EXPECT_EQ(arn.substr(arn.size() - d["StreamLabel"].GetStringLength()), d["StreamLabel"].GetString());
  ASSERT_EQ(d["Shards"].Size(), 1u);
  const std::string shard = d["Shards"][0]["ShardId"].GetString();
  EXPECT_TRUE(std::regex_match(shard, std::regex("shardId-[0-9]{20}-[0-9a-f]{8}"))) << shard;
  EXPECT_FALSE(d["Shards"][0].HasMember("ParentShardId"));
  EXPECT_TRUE(d["Shards"][0]["SequenceNumberRange"].HasMember("StartingSequenceNumber"));
  EXPECT_FALSE(d["Shards"][0]["SequenceNumberRange"].HasMember("EndingSequenceNumber"));
  // Starting after the only shard lists nothing; so does a shard id the stream does not have.
  EXPECT_EQ(describe_stream(arn, R"(,"ExclusiveStartShardId":")" + shard + "\"").json["StreamDescription"]["Shards"].Size(), 0u);
  EXPECT_EQ(describe_stream(arn, R"(,"ExclusiveStartShardId":"shardId-00000000000000000000-00000000")")
                .json["StreamDescription"]["Shards"].Size(), 0u);
}

TEST(DescribeStream, Errors) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  const std::string missing = arn.substr(0, arn.find("/stream/")) + "x/stream/2020-01-01T00:00:00.000";
  EXPECT_API_ERROR(describe_stream(missing), 400, "ResourceNotFoundException",
                   "Requested resource not found: Stream: " + missing + " not found");
  EXPECT_API_ERROR(describe_stream("sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf"), 400, "ValidationException",
                   "Invalid StreamArn");
  EXPECT_API_ERROR(streams_call("DescribeStream", "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: Member must "
                   "not be null");
  EXPECT_API_ERROR(describe_stream("short"), 400, "ValidationException",
                   "1 validation error detected: Value 'short' at 'streamArn' failed to satisfy constraint: Member must "
                   "have length greater than or equal to 37");
  EXPECT_EQ(describe_stream(arn, R"(,"Limit":0)").error_type(), "ValidationException");
  EXPECT_EQ(streams_call("NoSuchOperation", "{}").error_type(), "UnknownOperationException");
}

TEST(GetShardIterator, TypesAndPositions) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  const std::string shard = first_shard(arn);
  put(table, "a");
  put(table, "b");
  const std::string latest = iterator_of(arn, shard, "LATEST");
  put(table, "c");
  auto all = get_records(iterator_of(arn, shard, "TRIM_HORIZON"));
  ASSERT_API_OK(all);
  ASSERT_EQ(all.json["Records"].Size(), 3u);
  const std::string seq_b = all.json["Records"][1]["dynamodb"]["SequenceNumber"].GetString();
  auto after_latest = get_records(latest);
  ASSERT_EQ(after_latest.json["Records"].Size(), 1u);
  EXPECT_EQ(std::string(after_latest.json["Records"][0]["dynamodb"]["Keys"]["pk"]["S"].GetString()), "c");
  auto at = get_records(iterator_of(arn, shard, "AT_SEQUENCE_NUMBER", seq_b));
  ASSERT_EQ(at.json["Records"].Size(), 2u);
  EXPECT_EQ(std::string(at.json["Records"][0]["dynamodb"]["SequenceNumber"].GetString()), seq_b);
  auto after = get_records(iterator_of(arn, shard, "AFTER_SEQUENCE_NUMBER", seq_b));
  ASSERT_EQ(after.json["Records"].Size(), 1u);
  EXPECT_EQ(std::string(after.json["Records"][0]["dynamodb"]["Keys"]["pk"]["S"].GetString()), "c");
  const std::string it = iterator_of(arn, shard, "LATEST");
  EXPECT_EQ(it.rfind(arn + "|1|", 0), 0u) << it;  // DynamoDB's shape: the stream ARN, "|1|", then a payload
}

TEST(GetShardIterator, Errors) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  const std::string shard = first_shard(arn);
  const std::string seq = describe_stream(arn).json["StreamDescription"]["Shards"][0]["SequenceNumberRange"]
                              ["StartingSequenceNumber"].GetString();
  EXPECT_EQ(shard_iterator(arn, shard, "AT_SEQUENCE_NUMBER").error_type(), "ValidationException");
  EXPECT_EQ(shard_iterator(arn, shard, "TRIM_HORIZON", seq).error_type(), "ValidationException");
  EXPECT_API_ERROR(shard_iterator(arn, shard, "bulle"), 400, "ValidationException",
                   "1 validation error detected: Value 'bulle' at 'shardIteratorType' failed to satisfy constraint: "
                   "Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
  EXPECT_EQ(shard_iterator(arn, shard, "LATEST", "sdfsafglldfngjdafnasdflgnaldklkafdsgklnasdlv").error_type(),
            "ValidationException");
  EXPECT_EQ(shard_iterator(arn, "shardId-00000000000000000000-00000000", "LATEST").error_type(),
            "ResourceNotFoundException");
  EXPECT_EQ(shard_iterator("sdfadsfsdfsdgdfsgsfdabadfbabdadsfsdfsdfsdfsdfsdfsd", shard, "LATEST").error_type(),
            "ValidationException");
  EXPECT_EQ(shard_iterator(arn, shard, "AT_SEQUENCE_NUMBER", "100000000000000009999").error_type(),
            "ValidationException");  // beyond the shard's records
}

TEST(GetRecords, LimitPagingAndValidation) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  for (int i = 0; i < 5; ++i) put(table, "k" + std::to_string(i));
  std::string it = iterator_of(arn, first_shard(arn), "TRIM_HORIZON");
  std::vector<std::string> keys;
  for (int page = 0; page < 3; ++page) {
    auto r = get_records(it, 2);
    ASSERT_API_OK(r);
    EXPECT_LE(r.json["Records"].Size(), 2u);
    for (const auto& rec : r.json["Records"].GetArray()) keys.push_back(rec["dynamodb"]["Keys"]["pk"]["S"].GetString());
    ASSERT_TRUE(r.json.HasMember("NextShardIterator"));  // the shard is open
    it = r.json["NextShardIterator"].GetString();
  }
  EXPECT_THAT(keys, ElementsAre("k0", "k1", "k2", "k3", "k4"));
  EXPECT_EQ(get_records(it).json["Records"].Size(), 0u);
  put(table, "k5");
  EXPECT_EQ(get_records(it).json["Records"].Size(), 1u);  // the same iterator sees what came later

  EXPECT_API_ERROR(get_records(it, 1001), 400, "ValidationException",
                   "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have "
                   "value less than or equal to 1000");
  EXPECT_API_ERROR(get_records("sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg"), 400, "ValidationException",
                   "Invalid ShardIterator");
  std::string tampered = it;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(get_records(tampered).error_type(), "ValidationException");
}

TEST(GetRecords, AtMostOneMegabytePerCall) {
  const std::string table = create_stream_table("NEW_IMAGE");
  const std::string arn = latest_stream_arn(table);
  const std::string big(380 * 1024, 'x');
  for (int i = 0; i < 4; ++i) put(table, "big" + std::to_string(i), R"(,"blob":{"S":")" + big + "\"}");
  auto r = get_records(iterator_of(arn, first_shard(arn), "TRIM_HORIZON"));
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["Records"].Size(), 2u);  // a third would pass 1 MB
  auto rest = get_records(r.json["NextShardIterator"].GetString());
  EXPECT_EQ(rest.json["Records"].Size(), 2u);
}

TEST(GetRecords, IteratorsExpireAfterFifteenMinutes) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  const std::string it = iterator_of(arn, first_shard(arn), "TRIM_HORIZON");
  streams_server().advance_clock_ms(15 * 60 * 1000);
  auto fresh = get_records(it);
  ASSERT_API_OK(fresh);  // exactly 15 minutes: still valid
  streams_server().advance_clock_ms(1000);
  auto expired = get_records(it);
  EXPECT_EQ(expired.status, 400);
  EXPECT_EQ(expired.error_type(), "ExpiredIteratorException");
  EXPECT_TRUE(std::regex_match(expired.message(),
                               std::regex("Iterator expired\\. The iterator was created at time \\w{3} \\w{3} \\d{2} "
                                          "\\d{2}:\\d{2}:\\d{2} UTC \\d{4} while right now it is \\w{3} \\w{3} \\d{2} "
                                          "\\d{2}:\\d{2}:\\d{2} UTC \\d{4} which is further in the future than the "
                                          "tolerated delay of 900000 milliseconds\\.")))
      << expired.message();
  // The NextShardIterator of the fresh read is new, so it still works.
  EXPECT_EQ(get_records(fresh.json["NextShardIterator"].GetString()).status, 200);
}

TEST(Shards, RotateOnTheClockWithLineage) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  put(table, "first");
  streams_server().advance_clock_ms(kRotationSeconds * 1000 + 1);
  put(table, "second");
  auto d = describe_stream(arn);
  ASSERT_API_OK(d);
  const auto& shards = d.json["StreamDescription"]["Shards"];
  ASSERT_EQ(shards.Size(), 2u);
  const std::string parent = shards[0]["ShardId"].GetString();
  const std::string child = shards[1]["ShardId"].GetString();
  EXPECT_EQ(std::string(shards[1]["ParentShardId"].GetString()), parent);
  EXPECT_LT(parent, child);  // shard ids sort in creation order
  EXPECT_TRUE(shards[0]["SequenceNumberRange"].HasMember("EndingSequenceNumber"));
  EXPECT_FALSE(shards[1]["SequenceNumberRange"].HasMember("EndingSequenceNumber"));

  // The closed parent holds the first record, then no NextShardIterator once drained.
  auto closed = get_records(iterator_of(arn, parent, "TRIM_HORIZON"));
  ASSERT_API_OK(closed);
  ASSERT_EQ(closed.json["Records"].Size(), 1u);
  EXPECT_EQ(std::string(closed.json["Records"][0]["dynamodb"]["Keys"]["pk"]["S"].GetString()), "first");
  EXPECT_FALSE(closed.json.HasMember("NextShardIterator"));
  EXPECT_FALSE(get_records(iterator_of(arn, parent, "LATEST")).json.HasMember("NextShardIterator"));
  auto open = get_records(iterator_of(arn, child, "TRIM_HORIZON"));
  ASSERT_EQ(open.json["Records"].Size(), 1u);
  EXPECT_EQ(std::string(open.json["Records"][0]["dynamodb"]["Keys"]["pk"]["S"].GetString()), "second");
  EXPECT_TRUE(open.json.HasMember("NextShardIterator"));

  // An iterator on the open shard taken before rotation ends at the shard's end.
  streams_server().advance_clock_ms(kRotationSeconds * 1000);
  auto three = describe_stream(arn);
  ASSERT_EQ(three.json["StreamDescription"]["Shards"].Size(), 3u);
  auto children = describe_stream(arn, R"(,"ShardFilter":{"Type":"CHILD_SHARDS","ShardId":")" + parent + "\"}");
  ASSERT_EQ(children.json["StreamDescription"]["Shards"].Size(), 1u);
  EXPECT_EQ(std::string(children.json["StreamDescription"]["Shards"][0]["ShardId"].GetString()), child);
  auto page = describe_stream(arn, R"(,"Limit":2)");
  EXPECT_EQ(page.json["StreamDescription"]["Shards"].Size(), 2u);
  EXPECT_EQ(std::string(page.json["StreamDescription"]["LastEvaluatedShardId"].GetString()), child);
  EXPECT_THAT(event_names(arn), ElementsAre("INSERT", "INSERT"));
}

TEST(Shards, RecordsOlderThanADayAreTrimmed) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  put(table, "old");
  const std::string old_seq = get_records(iterator_of(arn, first_shard(arn), "TRIM_HORIZON"))
                                  .json["Records"][0]["dynamodb"]["SequenceNumber"].GetString();
  streams_server().advance_clock_ms(24 * kHourMs - 5 * 60 * 1000);
  put(table, "recent");
  const std::string shard_of_old = first_shard(arn);
  const std::string horizon = iterator_of(arn, shard_of_old, "TRIM_HORIZON");
  streams_server().advance_clock_ms(10 * 60 * 1000);  // "old" is now 24 h 5 min old
  auto trimmed = get_records(horizon);
  EXPECT_EQ(trimmed.error_type(), "TrimmedDataAccessException");
  // The API reference's text for this error (ErrorMessage of TrimmedDataAccessException).
  EXPECT_EQ(trimmed.message(), "The data you are trying to access has been trimmed");
  auto trimmed_iterator = shard_iterator(arn, first_shard(arn), "AT_SEQUENCE_NUMBER", old_seq);
  EXPECT_EQ(trimmed_iterator.error_type(), "TrimmedDataAccessException");
  EXPECT_EQ(trimmed_iterator.message(), "The data you are trying to access has been trimmed");
  EXPECT_THAT(event_names(arn), ElementsAre("INSERT"));  // only "recent" remains
}

TEST(StreamSpecification, DisableKeepsTheStreamReadableAndReEnableMakesANewOne) {
  const std::string table = create_stream_table("NEW_IMAGE");
  const std::string first = latest_stream_arn(table);
  put(table, "before");
  auto again = ddb("UpdateTable", R"({"TableName":")" + table +
                                      R"(","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}})");
  EXPECT_API_ERROR(again, 400, "ValidationException", "Table already has an enabled stream: TableName: " + table);
  ASSERT_API_OK(ddb("UpdateTable", R"({"TableName":")" + table + R"(","StreamSpecification":{"StreamEnabled":false}})"));
  EXPECT_API_ERROR(
      ddb("UpdateTable", R"({"TableName":")" + table + R"(","StreamSpecification":{"StreamEnabled":false}})"), 400,
      "ValidationException", "Table has no stream to disable: TableName: " + table);
  put(table, "while-disabled");
  EXPECT_EQ(std::string(describe_stream(first).json["StreamDescription"]["StreamStatus"].GetString()), "DISABLED");
  auto described = ddb("DescribeTable", R"({"TableName":")" + table + "\"}");
  EXPECT_FALSE(described.json["Table"].HasMember("StreamSpecification"));
  EXPECT_EQ(latest_stream_arn(table), first);  // LatestStreamArn stays after disabling

  ASSERT_API_OK(ddb("UpdateTable", R"({"TableName":")" + table +
                                       R"(","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}})"));
  const std::string second = latest_stream_arn(table);
  EXPECT_NE(second, first);
  put(table, "after");
  EXPECT_THAT(event_names(first), ElementsAre("INSERT"));   // "before" only
  EXPECT_THAT(event_names(second), ElementsAre("INSERT"));  // "after" only
  const auto first_described = describe_stream(first);
  const auto& shards = first_described.json["StreamDescription"]["Shards"];
  ASSERT_EQ(shards.Size(), 1u);
  EXPECT_TRUE(shards[0]["SequenceNumberRange"].HasMember("EndingSequenceNumber"));  // closed with the stream
  auto list = streams_call("ListStreams", R"({"TableName":")" + table + "\"}");
  EXPECT_EQ(list.json["Streams"].Size(), 2u);

  streams_server().advance_clock_ms(24 * kHourMs + 1000);  // the disabled stream passes its retention
  EXPECT_EQ(describe_stream(first).error_type(), "ResourceNotFoundException");
  list = streams_call("ListStreams", R"({"TableName":")" + table + "\"}");
  ASSERT_EQ(list.json["Streams"].Size(), 1u);
  EXPECT_EQ(std::string(list.json["Streams"][0]["StreamArn"].GetString()), second);
}

TEST(StreamSpecification, DeletingTheTableDisablesItsStream) {
  const std::string table = create_stream_table("KEYS_ONLY");
  const std::string arn = latest_stream_arn(table);
  put(table, "a");
  ASSERT_API_OK(ddb("DeleteTable", R"({"TableName":")" + table + "\"}"));
  auto d = describe_stream(arn);
  ASSERT_API_OK(d);
  EXPECT_EQ(std::string(d.json["StreamDescription"]["StreamStatus"].GetString()), "DISABLED");
  EXPECT_THAT(event_names(arn), ElementsAre("INSERT"));
}

}  // namespace
}  // namespace dynemu::testing_support
