// Streams: DynamoDB Streams on the store's change log — streams, shards, sequence numbers and
// shard iterators. The Streams operations (api/list_streams.cc, describe_stream.cc,
// get_shard_iterator.cc, get_records.cc) and the table operations that enable and disable streams
// use these; records are rendered by streams/records.h.
//
// Contract:
//  - A stream is opened when a table's StreamSpecification enables one (CreateTable, UpdateTable)
//    and closed when it is disabled or the table is deleted. Its records are the table's change-log
//    rows from the moment it opened until it closed; it stays readable for 24 hours after closing.
//  - Shards: one open shard at a time. sync_stream() brings a stream to `now` (the server clock):
//    every `rotation_ms` after a shard opened it is closed (its last record is the last one written
//    before that moment) and a child shard, whose ParentShardId is the closed one, opens. Records
//    and shards older than 24 hours are trimmed; a stream closed more than 24 hours ago is deleted.
//    A table with point-in-time recovery keeps its change-log rows longer (its recovery period, at
//    least a day): there the stream only marks its older records trimmed.
//    Everything is decided by record times and the clock, so a test moves time instead of sleeping.
//  - Sequence numbers are the change log's seq shown as 21-digit decimal strings (strictly
//    increasing); shard ids look like DynamoDB's: shardId-<20-digit creation ms>-<8 hex>.
//  - Shard iterators are "<StreamArn>|1|<payload>" and carry shard, position and issue time; they
//    expire 15 minutes after they were issued.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace dynemu::streams {

constexpr int64_t kRetentionMs = store::kStreamRetentionMs;
constexpr int64_t kIteratorLifetimeMs = int64_t{15} * 60 * 1000;

struct StreamSettings {
  int64_t rotation_ms = int64_t{4} * 3600 * 1000;  // ServerOptions::stream_shard_rotation_seconds
  bool delay_transient_statuses = false;            // ENABLING / DISABLING windows
  int64_t transient_delay_ms = 500;
};

// --- the table operations' side
// Opens a stream for `schema`'s table with its first shard. `key_schema_json` is the table's
// KeySchema as DescribeTable shows it.
store::StreamRow open_stream(store::Session& session, const store::TableSchema& schema, const std::string& arn,
                             const std::string& label, const std::string& view_type,
                             const std::string& key_schema_json, int64_t now);
// Closes the table's open stream, if it has one (its open shard closes with it).
void close_stream(store::Session& session, int64_t table_id, int64_t now);

// --- reading
// Rotates and trims `stream` up to `now` (needs a write session). Returns false when the stream has
// passed its retention and is gone.
bool sync_stream(store::Session& session, store::StreamRow& stream, const StreamSettings& settings, int64_t now);
std::string stream_status(const store::StreamRow& stream, const StreamSettings& settings, int64_t now);

std::string format_sequence_number(int64_t seq);
// A sequence number as a client sends it back: 21 to 40 digits; nullopt when not one of ours.
std::optional<int64_t> parse_sequence_number(std::string_view text);

std::string shard_id_for(int64_t stream_id, int64_t ordinal, int64_t created_ms);

// The shown sequence number range of a shard (Starting always; Ending once closed).
struct ShownRange {
  std::string starting, ending;  // ending "" while open
};
ShownRange shown_range(const store::ShardRow& shard);

struct Iterator {
  std::string stream_arn;
  std::string shard_id;
  int64_t after_seq = 0;  // the next record read is the first with a greater seq
  int64_t issued_ms = 0;
};
std::string encode_iterator(const Iterator& it);
std::optional<Iterator> decode_iterator(std::string_view text);

// "arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>": whether `arn` has that shape.
bool well_formed_stream_arn(std::string_view arn);

// "Thu Dec 10 01:59:39 UTC 2015", the time format of DynamoDB Streams' iterator messages.
std::string amz_utc_time(int64_t ms);

}  // namespace dynemu::streams
