#include "streams/lambda_event.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace dynemu::streams {

std::string lambda_event_json(const std::vector<std::string>& get_records_records, const std::string& stream_arn) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("Records");
  w.StartArray();
  for (const auto& text : get_records_records) {
    rapidjson::Document record;
    record.Parse(text.c_str(), text.size());
    if (record.HasParseError() || !record.IsObject()) continue;
    w.StartObject();
    for (const char* name : {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb"}) {
      auto it = record.FindMember(name);
      if (it == record.MemberEnd()) continue;
      w.Key(name);
      it->value.Accept(w);
    }
    w.Key("eventSourceARN");
    w.String(stream_arn.data(), static_cast<rapidjson::SizeType>(stream_arn.size()));
    auto identity = record.FindMember("userIdentity");
    if (identity != record.MemberEnd() && identity->value.IsObject()) {
      // The Streams API model's PascalCase becomes the camelCase of Lambda's event.
      w.Key("userIdentity");
      w.StartObject();
      for (const auto& [from, to] : {std::pair{"Type", "type"}, std::pair{"PrincipalId", "principalId"}}) {
        auto it = identity->value.FindMember(from);
        if (it == identity->value.MemberEnd()) continue;
        w.Key(to);
        it->value.Accept(w);
      }
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace dynemu::streams
