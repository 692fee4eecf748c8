// StreamReader: reads a table's DynamoDB stream in order through the public Streams API, for
// consumers inside dynemu (the --stream-handler delivery) and in the fixtures.
//
// Contract:
//  - It talks only through `invoke` (an operation name and its JSON request → HTTP status and body),
//    exactly as an SDK's poller would: DescribeTable for LatestStreamArn, DescribeStream (all pages)
//    for the shards, then per shard GetShardIterator and GetRecords until the shard is drained.
//  - Shards are read parents first (a child only after its parent is drained), so records come in
//    commit order across shard rotations. Each poll takes fresh iterators (AFTER_SEQUENCE_NUMBER of the
//    last record read, else TRIM_HORIZON), so a test that moves the server clock past the iterators'
//    15 minutes never meets an expired one.
//  - poll() returns the records not returned before, each as its GetRecords JSON text, and remembers
//    where it stopped. skip_to_end() marks everything present as read. A table with no stream, or
//    one that is gone, yields nothing. Errors other than those throw std::runtime_error.
//  - Not thread-safe: one reader per consumer.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dynemu::streams {

// Runs one DynamoDB or DynamoDB Streams operation: (operation, request JSON) → (HTTP status, body).
using Invoke = std::function<std::pair<int, std::string>(const std::string& operation, const std::string& request)>;

struct StreamRecordText {
  std::string sequence_number;
  std::string json;  // the record as GetRecords gave it
};

class StreamReader {
 public:
  StreamReader(Invoke invoke, std::string table);

  std::vector<StreamRecordText> poll();
  void skip_to_end();
  const std::string& stream_arn() const { return stream_arn_; }  // "" until a stream was seen

 private:
  struct Shard {
    std::string id, parent;
    bool closed = false;  // has an EndingSequenceNumber
  };
  std::vector<Shard> describe_shards();
  void read_shard(const Shard& shard, std::vector<StreamRecordText>& out);

  Invoke invoke_;
  std::string table_;
  std::string stream_arn_;
  std::map<std::string, std::string> last_sequence_;  // shard id → last sequence number read
  std::set<std::string> drained_;                     // closed shards read to their end
};

// Orders DynamoDB sequence numbers (decimal strings of any length).
bool sequence_less(const std::string& a, const std::string& b);

}  // namespace dynemu::streams
