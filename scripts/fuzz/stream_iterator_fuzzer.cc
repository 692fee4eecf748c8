// libFuzzer target: DynamoDB Streams shard iterators (streams/streams.h) through GetRecords and
// GetShardIterator, against an in-memory store holding one table with a stream and a few records.
//
// Input: the first byte picks the mode, the rest is its text:
//  0: a ShardIterator as a client might send it (decode_iterator must refuse it or accept it);
//  1: "shard|after|issued" fields encoded into a well-formed iterator of the table's stream, so the
//     fuzzer reaches past the iterator's checksum: unknown shards, any position, any issue time;
//  2: a GetShardIterator body (JSON).
// Every outcome must be a response or a model::ApiError with status 400; a decoded iterator must
// encode back to the same text. Any other exception, crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>

#include "api/operation.h"
#include "model/api_error.h"
#include "streams/streams.h"

namespace {

using namespace dynemu;

struct World {
  store::Store store{store::StoreOptions{"", true}};
  api::ApiSettings settings;
  clock::Clock clock;
  std::string stream_arn, shard_id;

  World() {
    run(api::find_operation("CreateTable"),
        R"({"TableName":"streamed","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
        R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",)"
        R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})");
    for (const char* id : {"a", "b", "c"})
      run(api::find_operation("PutItem"), std::string(R"({"TableName":"streamed","Item":{"id":{"S":")") + id + R"("}}})");
    rapidjson::Document described;
    described.Parse(run(api::find_operation("DescribeTable"), R"({"TableName":"streamed"})").c_str());
    stream_arn = described["Table"]["LatestStreamArn"].GetString();
    rapidjson::Document stream;
    stream.Parse(run(api::find_streams_operation("DescribeStream"), "{\"StreamArn\":\"" + stream_arn + "\"}").c_str());
    shard_id = stream["StreamDescription"]["Shards"][0]["ShardId"].GetString();
  }

  std::string run(api::Operation op, const std::string& body) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) return "";
    api::OperationContext ctx{store, settings, clock, "us-east-1", "fuzz"};
    rapidjson::StringBuffer buffer;
    model::JsonWriter out(buffer);
    op(ctx, doc, out);
    return buffer.GetString();
  }

  void get_records(const std::string& iterator) {
    rapidjson::StringBuffer body;
    model::JsonWriter w(body);
    w.StartObject();
    w.Key("ShardIterator");
    w.String(iterator.data(), static_cast<rapidjson::SizeType>(iterator.size()));
    w.Key("Limit");
    w.Int(2);
    w.EndObject();
    run(api::find_streams_operation("GetRecords"), body.GetString());
  }
};

// A position or time as the server writes them: up to 18 decimal digits, never negative.
int64_t number_or_zero(const std::string& text) {
  int64_t v = 0;
  for (size_t i = 0; i < text.size() && i < 18; ++i) {
    if (text[i] < '0' || text[i] > '9') break;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World* world = new World();
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0: {
        if (auto it = streams::decode_iterator(text); it && streams::encode_iterator(*it) != text) {
          // Only the canonical text of an iterator decodes to it (base64 has one spelling here).
          auto again = streams::decode_iterator(streams::encode_iterator(*it));
          if (!again || again->shard_id != it->shard_id || again->after_seq != it->after_seq ||
              again->issued_ms != it->issued_ms || again->stream_arn != it->stream_arn)
            __builtin_trap();
        }
        world->get_records(text);
        break;
      }
      case 1: {
        streams::Iterator it;
        it.stream_arn = world->stream_arn;
        const size_t a = text.find('|'), b = a == std::string::npos ? a : text.find('|', a + 1);
        it.shard_id = text.substr(0, a);
        if (it.shard_id.empty()) it.shard_id = world->shard_id;
        if (a != std::string::npos) it.after_seq = number_or_zero(text.substr(a + 1, b - a - 1));
        it.issued_ms = b == std::string::npos ? world->clock.now_ms() : number_or_zero(text.substr(b + 1));
        const std::string encoded = streams::encode_iterator(it);
        auto decoded = streams::decode_iterator(encoded);
        if (!decoded || decoded->shard_id != it.shard_id || decoded->after_seq != it.after_seq ||
            decoded->issued_ms != it.issued_ms)
          __builtin_trap();
        world->get_records(encoded);
        break;
      }
      default:
        world->run(api::find_streams_operation("GetShardIterator"), text);
    }
  } catch (const model::ApiError& e) {
    if (e.status() != 400) __builtin_trap();
  }
  return 0;
}
