#include "streams/stream_reader.h"

#include <stdexcept>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dynemu::streams {
namespace {

std::string json_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string quoted(const std::string& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buf.GetString(), buf.GetSize());
}

std::string string_at(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

// The answer's parsed body; ResourceNotFoundException gives a null document (the table or stream is
// gone), any other error throws.
rapidjson::Document answer(const Invoke& invoke, const std::string& op, const std::string& request) {
  auto [status, body] = invoke(op, request);
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (status == 200 && doc.IsObject()) return doc;
  if (!doc.HasParseError() && string_at(doc, "__type").find("ResourceNotFoundException") != std::string::npos) {
    doc.SetNull();
    return doc;
  }
  throw std::runtime_error(op + " failed: HTTP " + std::to_string(status) + " " + body);
}

}  // namespace

bool sequence_less(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

StreamReader::StreamReader(Invoke invoke, std::string table) : invoke_(std::move(invoke)), table_(std::move(table)) {}

std::vector<StreamReader::Shard> StreamReader::describe_shards() {
  auto table = answer(invoke_, "DescribeTable", "{\"TableName\":" + quoted(table_) + "}");
  if (table.IsNull()) return {};
  const std::string arn = string_at(table["Table"], "LatestStreamArn");
  if (arn.empty()) return {};
  if (arn != stream_arn_) {  // a new stream (re-enabled): its shards start afresh
    stream_arn_ = arn;
    last_sequence_.clear();
    drained_.clear();
  }
  std::vector<Shard> shards;
  std::string start;
  do {
    std::string request = "{\"StreamArn\":" + quoted(arn);
    if (!start.empty()) request += ",\"ExclusiveStartShardId\":" + quoted(start);
    request += "}";
    auto described = answer(invoke_, "DescribeStream", request);
    if (described.IsNull()) return {};
    const auto& description = described["StreamDescription"];
    if (description.HasMember("Shards") && description["Shards"].IsArray())
      for (const auto& s : description["Shards"].GetArray()) {
        Shard shard;
        shard.id = string_at(s, "ShardId");
        shard.parent = string_at(s, "ParentShardId");
        shard.closed = s.HasMember("SequenceNumberRange") &&
                       !string_at(s["SequenceNumberRange"], "EndingSequenceNumber").empty();
        shards.push_back(std::move(shard));
      }
    start = string_at(description, "LastEvaluatedShardId");
  } while (!start.empty());
  return shards;
}

void StreamReader::read_shard(const Shard& shard, std::vector<StreamRecordText>& out) {
  std::string request = "{\"StreamArn\":" + quoted(stream_arn_) + ",\"ShardId\":" + quoted(shard.id);
  auto last = last_sequence_.find(shard.id);
  request += last == last_sequence_.end()
                 ? ",\"ShardIteratorType\":\"TRIM_HORIZON\"}"
                 : ",\"ShardIteratorType\":\"AFTER_SEQUENCE_NUMBER\",\"SequenceNumber\":" + quoted(last->second) + "}";
  auto iterator_answer = answer(invoke_, "GetShardIterator", request);
  if (iterator_answer.IsNull()) return;
  std::string iterator = string_at(iterator_answer, "ShardIterator");
  while (!iterator.empty()) {
    auto page = answer(invoke_, "GetRecords", "{\"ShardIterator\":" + quoted(iterator) + "}");
    if (page.IsNull()) return;
    size_t count = 0;
    if (page.HasMember("Records") && page["Records"].IsArray())
      for (const auto& r : page["Records"].GetArray()) {
        StreamRecordText record;
        record.sequence_number = r.HasMember("dynamodb") ? string_at(r["dynamodb"], "SequenceNumber") : "";
        record.json = json_text(r);
        last_sequence_[shard.id] = record.sequence_number;
        out.push_back(std::move(record));
        ++count;
      }
    iterator = string_at(page, "NextShardIterator");
    if (iterator.empty()) {
      drained_.insert(shard.id);  // a closed shard read to its end
      return;
    }
    if (count == 0) return;  // an open shard with nothing more for now
  }
}

std::vector<StreamRecordText> StreamReader::poll() {
  std::vector<StreamRecordText> out;
  auto shards = describe_shards();
  // Parents before children: a shard is read once its parent (if still listed) is drained.
  std::set<std::string> listed;
  for (const auto& s : shards) listed.insert(s.id);
  std::set<std::string> done;
  bool progress = true;
  while (progress) {
    progress = false;
    for (const auto& s : shards) {
      if (done.count(s.id)) continue;
      if (!s.parent.empty() && listed.count(s.parent) && !drained_.count(s.parent)) continue;
      if (!drained_.count(s.id)) read_shard(s, out);
      done.insert(s.id);
      progress = true;
    }
  }
  return out;
}

void StreamReader::skip_to_end() { poll(); }

}  // namespace dynemu::streams
