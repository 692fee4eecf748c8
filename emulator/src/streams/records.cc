#include "streams/records.h"

#include <cinttypes>
#include <cstdio>

#include "streams/streams.h"

namespace dynemu::streams {
namespace {

const char* event_name(store::ChangeEvent e) {
  switch (e) {
    case store::ChangeEvent::Insert: return "INSERT";
    case store::ChangeEvent::Modify: return "MODIFY";
    case store::ChangeEvent::Remove: return "REMOVE";
  }
  return "MODIFY";
}

std::string event_id(const std::string& stream_arn, int64_t seq) {
  // 32 hex digits, stable for a record: two FNV-1a 64 hashes of the stream and the sequence number.
  auto fnv = [](const std::string& s, uint64_t h) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
  };
  const std::string key = stream_arn + "#" + std::to_string(seq);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016" PRIx64 "%016" PRIx64, fnv(key, 14695981039346656037ull),
                fnv(key, 0x84222325CBF29CE4ull));
  return buf;
}

void raw_item(model::JsonWriter& out, const char* name, const std::string& json) {
  out.Key(name);
  out.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

}  // namespace

void write_record(model::JsonWriter& out, const store::ChangeRecord& record, const RecordContext& context) {
  out.StartObject();
  out.Key("eventID");
  out.String(event_id(context.stream_arn, record.seq));
  out.Key("eventName");
  out.String(event_name(record.event));
  out.Key("eventVersion");
  out.String("1.1");
  out.Key("eventSource");
  out.String("aws:dynamodb");
  out.Key("awsRegion");
  out.String(context.region);
  out.Key("dynamodb");
  out.StartObject();
  out.Key("ApproximateCreationDateTime");
  out.Int64(record.time_ms / 1000);
  raw_item(out, "Keys", record.keys);
  // The view type decides: the row may keep an old image for point-in-time recovery alone.
  const bool shows_new = context.view_type == "NEW_IMAGE" || context.view_type == "NEW_AND_OLD_IMAGES";
  const bool shows_old = context.view_type == "OLD_IMAGE" || context.view_type == "NEW_AND_OLD_IMAGES";
  if (shows_new && !record.new_image.empty()) raw_item(out, "NewImage", record.new_image);
  if (shows_old && !record.old_image.empty()) raw_item(out, "OldImage", record.old_image);
  out.Key("SequenceNumber");
  out.String(format_sequence_number(record.seq));
  out.Key("SizeBytes");
  out.Int64(record.size);
  out.Key("StreamViewType");
  out.String(context.view_type);
  out.EndObject();
  if (record.origin == store::ChangeOrigin::TimeToLive) {
    out.Key("userIdentity");
    out.StartObject();
    out.Key("Type");
    out.String("Service");
    out.Key("PrincipalId");
    out.String("dynamodb.amazonaws.com");
    out.EndObject();
  }
  out.EndObject();
}

}  // namespace dynemu::streams
