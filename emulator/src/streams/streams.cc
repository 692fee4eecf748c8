#include "streams/streams.h"

#include <cinttypes>
#include <cstdio>
#include <ctime>

#include "model/json_codec.h"

namespace dynemu::streams {
namespace {

uint64_t mix(uint64_t x) {  // splitmix64's finalizer: a stable, well-spread hash of an integer
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

std::optional<int64_t> parse_int(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

store::ShardRow open_shard(int64_t stream_id, int64_t ordinal, const std::string& parent, int64_t created_ms,
                           int64_t start_seq) {
  store::ShardRow s;
  s.stream_id = stream_id;
  s.ordinal = ordinal;
  s.shard_id = shard_id_for(stream_id, ordinal, created_ms);
  s.parent_shard_id = parent;
  s.created_ms = created_ms;
  s.start_seq = start_seq;
  s.end_seq = -1;
  return s;
}

}  // namespace

store::StreamRow open_stream(store::Session& session, const store::TableSchema& schema, const std::string& arn,
                             const std::string& label, const std::string& view_type,
                             const std::string& key_schema_json, int64_t now) {
  store::StreamRow s;
  s.table_id = schema.id();
  s.table_name = schema.name;
  s.arn = arn;
  s.label = label;
  s.view_type = view_type;
  s.key_schema = key_schema_json;
  s.created_ms = now;
  s.start_seq = session.last_change_seq() + 1;
  s.id = session.add_stream(s);
  session.put_shard(open_shard(s.id, 0, "", now, s.start_seq));
  return s;
}

void close_stream(store::Session& session, int64_t table_id, int64_t now) {
  for (auto& s : session.streams()) {
    if (s.table_id != table_id || s.end_seq >= 0) continue;
    s.end_seq = session.last_change_seq();
    s.disabled_ms = now;
    session.update_stream(s);
    auto shards = session.shards(s.id);
    if (!shards.empty() && shards.back().end_seq < 0) {
      shards.back().end_seq = s.end_seq;
      session.put_shard(shards.back());
    }
  }
}

bool sync_stream(store::Session& session, store::StreamRow& stream, const StreamSettings& settings, int64_t now) {
  const int64_t horizon = now - kRetentionMs;
  if (stream.disabled_ms > 0 && stream.disabled_ms < horizon) {
    session.delete_stream(stream.id);
    return false;
  }
  auto shards = session.shards(stream.id);
  const int64_t period = settings.rotation_ms > 0 ? settings.rotation_ms : 1;
  while (stream.end_seq < 0 && !shards.empty() && shards.back().end_seq < 0 &&
         shards.back().created_ms + period <= now) {
    store::ShardRow& open = shards.back();
    const int64_t boundary = open.created_ms + period;
    open.end_seq = session.last_change_before(stream.table_id, open.start_seq, boundary);
    session.put_shard(open);
    int64_t child_created = boundary;
    int64_t child_start = open.end_seq + 1;
    // Shards that would lie wholly before the retention horizon are never materialised: the clock
    // jumped past them, and their records are trimmed anyway.
    if (boundary + period <= horizon) {
      child_created = boundary + ((horizon - boundary) / period) * period;
      child_start = session.last_change_before(stream.table_id, child_start, child_created) + 1;
    }
    store::ShardRow child = open_shard(stream.id, open.ordinal + 1, open.shard_id, child_created, child_start);
    session.put_shard(child);
    shards.push_back(std::move(child));
  }
  // Retention: records older than 24 hours, and closed shards that closed before then. A table with
  // point-in-time recovery keeps its rows for the recovery period (table_schema.h): the stream then
  // only marks its older records trimmed and the history's pruning deletes them.
  const auto table = session.find_table(stream.table_name);
  const bool history_kept = table && table->id() == stream.table_id && table->history_ms > 0;
  const int64_t trimmed = history_kept ? session.last_change_before(stream.table_id, stream.trimmed_seq + 1, horizon)
                                       : session.trim_changes(stream.table_id, horizon);
  if (trimmed > stream.trimmed_seq) {
    stream.trimmed_seq = trimmed;
    session.update_stream(stream);
  }
  for (size_t i = 0; i + 1 < shards.size(); ++i)
    if (shards[i + 1].created_ms < horizon) session.delete_shard(stream.id, shards[i].ordinal);
  return true;
}

std::string stream_status(const store::StreamRow& stream, const StreamSettings& settings, int64_t now) {
  const int64_t window = settings.delay_transient_statuses ? settings.transient_delay_ms : 0;
  if (stream.end_seq < 0) return now < stream.created_ms + window ? "ENABLING" : "ENABLED";
  return now < stream.disabled_ms + window ? "DISABLING" : "DISABLED";
}

std::string format_sequence_number(int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "1%020" PRId64, seq);  // 21 digits, so numeric order is text order
  return buf;
}

std::optional<int64_t> parse_sequence_number(std::string_view text) {
  if (text.size() != 21 || text[0] != '1') return std::nullopt;
  size_t i = 1;
  while (i < text.size() - 1 && text[i] == '0') ++i;
  return parse_int(text.substr(i));
}

std::string shard_id_for(int64_t stream_id, int64_t ordinal, int64_t created_ms) {
  char buf[64];
  const uint32_t tag = static_cast<uint32_t>(mix(static_cast<uint64_t>(stream_id) * 1000003u + static_cast<uint64_t>(ordinal)));
  std::snprintf(buf, sizeof buf, "shardId-%020" PRId64 "-%08" PRIx32, created_ms < 0 ? 0 : created_ms, tag);
  return buf;
}

ShownRange shown_range(const store::ShardRow& shard) {
  ShownRange r;
  r.starting = format_sequence_number(shard.start_seq);
  // A shard that closed without a record ends where it started.
  if (shard.end_seq >= 0) r.ending = format_sequence_number(shard.end_seq < shard.start_seq ? shard.start_seq : shard.end_seq);
  return r;
}

std::string encode_iterator(const Iterator& it) {
  const std::string body = it.shard_id + "|" + std::to_string(it.after_seq) + "|" + std::to_string(it.issued_ms);
  char check[16];
  std::snprintf(check, sizeof check, "%08" PRIx32, fnv1a(it.stream_arn + "|" + body));
  return it.stream_arn + "|1|" + model::base64_encode(body + "|" + check);
}

std::optional<Iterator> decode_iterator(std::string_view text) {
  const size_t marker = text.rfind("|1|");
  if (marker == std::string_view::npos) return std::nullopt;
  Iterator it;
  it.stream_arn = std::string(text.substr(0, marker));
  std::string payload;
  if (!model::base64_decode(text.substr(marker + 3), &payload)) return std::nullopt;
  const size_t a = payload.find('|');
  const size_t b = a == std::string::npos ? a : payload.find('|', a + 1);
  const size_t c = b == std::string::npos ? b : payload.find('|', b + 1);
  if (c == std::string::npos) return std::nullopt;
  char check[16];
  std::snprintf(check, sizeof check, "%08" PRIx32, fnv1a(it.stream_arn + "|" + payload.substr(0, c)));
  if (payload.substr(c + 1) != check) return std::nullopt;
  it.shard_id = payload.substr(0, a);
  auto after = parse_int(std::string_view(payload).substr(a + 1, b - a - 1));
  auto issued = parse_int(std::string_view(payload).substr(b + 1, c - b - 1));
  if (!after || !issued || !well_formed_stream_arn(it.stream_arn)) return std::nullopt;
  it.after_seq = *after;
  it.issued_ms = *issued;
  return it;
}

bool well_formed_stream_arn(std::string_view arn) {
  // arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view rest = arn.substr(kPrefix.size());
  const size_t region_end = rest.find(':');
  if (region_end == std::string_view::npos || region_end == 0) return false;
  rest = rest.substr(region_end + 1);
  const size_t account_end = rest.find(':');
  if (account_end == std::string_view::npos || account_end == 0) return false;
  rest = rest.substr(account_end + 1);
  if (rest.substr(0, 6) != "table/") return false;
  rest = rest.substr(6);
  const size_t stream = rest.find("/stream/");
  return stream != std::string_view::npos && stream > 0 && stream + 8 < rest.size();
}

std::string amz_utc_time(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S UTC %Y", &tm);
  return buf;
}

}  // namespace dynemu::streams
