// Streams API tests: a server of their own (its clock frozen, shards rotating every hour of it),
// so moving time never disturbs the other API tests; helpers to read a whole stream.
#pragma once
#include <string>
#include <vector>

#include "api_test_support.h"

namespace dynemu::testing_support {

constexpr int64_t kRotationSeconds = 3600;
constexpr int64_t kHourMs = 3600 * 1000;

inline dynemu::Server& streams_server() {
  static std::unique_ptr<dynemu::Server> server = [] {
    dynemu::ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.threads = 4;
    options.stream_shard_rotation_seconds = static_cast<int>(kRotationSeconds);
    auto s = std::make_unique<dynemu::Server>(options);
    s->set_clock_ms(int64_t{1700000000} * 1000);
    s->freeze_clock();
    s->start();
    return s;
  }();
  return *server;
}

inline ApiResponse ddb(const std::string& op, const std::string& body) { return call_on(streams_server(), op, body); }
inline ApiResponse streams_call(const std::string& op, const std::string& body) {
  return post_raw_to(streams_server().port(), "DynamoDBStreams_20120810." + op, body);
}

// Creates a table keyed by "pk" (S) with the stream `view_type` ("" for none); returns its name.
inline std::string create_stream_table(const std::string& view_type, const std::string& prefix = "S") {
  const std::string name = unique_table_name(prefix);
  std::string body = R"({"TableName":")" + name +
                     R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
                     R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST")";
  if (!view_type.empty())
    body += R"(,"StreamSpecification":{"StreamEnabled":true,"StreamViewType":")" + view_type + "\"}";
  body += "}";
  auto r = ddb("CreateTable", body);
  EXPECT_EQ(r.status, 200) << r.body;
  return name;
}

inline std::string latest_stream_arn(const std::string& table) {
  auto d = ddb("DescribeTable", R"({"TableName":")" + table + "\"}");
  if (!d.json.IsObject() || !d.json["Table"].HasMember("LatestStreamArn")) return "";
  return d.json["Table"]["LatestStreamArn"].GetString();
}

inline void put(const std::string& table, const std::string& pk, const std::string& extra = "") {
  auto r = ddb("PutItem", R"({"TableName":")" + table + R"(","Item":{"pk":{"S":")" + pk + "\"}" + extra + "}}");
  EXPECT_EQ(r.status, 200) << r.body;
}

inline ApiResponse describe_stream(const std::string& arn, const std::string& extra = "") {
  return streams_call("DescribeStream", R"({"StreamArn":")" + arn + "\"" + extra + "}");
}

inline std::vector<std::string> shard_ids(const std::string& arn) {
  std::vector<std::string> ids;
  auto d = describe_stream(arn);
  if (d.status != 200) return ids;
  for (const auto& s : d.json["StreamDescription"]["Shards"].GetArray()) ids.push_back(s["ShardId"].GetString());
  return ids;
}

inline ApiResponse shard_iterator(const std::string& arn, const std::string& shard, const std::string& type,
                                  const std::string& seq = "") {
  std::string body = R"({"StreamArn":")" + arn + R"(","ShardId":")" + shard + R"(","ShardIteratorType":")" + type + "\"";
  if (!seq.empty()) body += R"(,"SequenceNumber":")" + seq + "\"";
  return streams_call("GetShardIterator", body + "}");
}

inline std::string iterator_of(const std::string& arn, const std::string& shard, const std::string& type,
                               const std::string& seq = "") {
  auto r = shard_iterator(arn, shard, type, seq);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? r.json["ShardIterator"].GetString() : "";
}

inline ApiResponse get_records(const std::string& iterator, int limit = 0) {
  std::string body = R"({"ShardIterator":")" + iterator + "\"";
  if (limit > 0) body += ",\"Limit\":" + std::to_string(limit);
  return streams_call("GetRecords", body + "}");
}

// Every record of every shard, oldest shard first, as compact JSON strings.
inline std::vector<std::string> read_stream(const std::string& arn) {
  std::vector<std::string> out;
  for (const auto& shard : shard_ids(arn)) {
    std::string it = iterator_of(arn, shard, "TRIM_HORIZON");
    for (int pages = 0; !it.empty() && pages < 100; ++pages) {
      auto r = get_records(it);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      if (r.json["Records"].Size() == 0 && r.json.HasMember("NextShardIterator")) break;  // open shard, read up
      for (const auto& rec : r.json["Records"].GetArray()) out.push_back(to_json(rec));
      it = r.json.HasMember("NextShardIterator") ? r.json["NextShardIterator"].GetString() : "";
    }
  }
  return out;
}

inline std::vector<std::string> event_names(const std::string& arn) {
  std::vector<std::string> names;
  for (const auto& text : read_stream(arn)) {
    rapidjson::Document d;
    d.Parse(text.c_str());
    names.push_back(d["eventName"].GetString());
  }
  return names;
}

}  // namespace dynemu::testing_support
