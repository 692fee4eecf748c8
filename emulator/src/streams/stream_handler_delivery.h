// StreamHandlerDelivery: `dynemu --stream-handler TABLE=URL`, a local stand-in for a Lambda function
// subscribed to a table's stream.
//
// Contract:
//  - One background thread polls each target table's stream (StreamReader, through `invoke`) every
//    poll interval and POSTs its new records to the target's URL as Lambda's event,
//    {"Records": [...]} (LambdaEvent), at most batch_size records a batch, in commit order.
//  - Delivery starts with the records written after start() (Lambda's StartingPosition LATEST).
//  - A batch the handler does not take (an answer other than 2xx, or no answer within 30 s) is sent
//    again, the same batch, after a back-off that doubles from 100 ms to 10 s, and nothing after it
//    is sent meanwhile: Lambda's default for a stream (retry until it succeeds, in order).
//  - stop() (and the destructor) ends the thread within one poll interval or one request timeout.
//  - delivered() counts the batches handlers took, attempts() every POST; for logs and tests.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "streams/stream_reader.h"

namespace dynemu::streams {

struct StreamHandlerTarget {
  std::string table;
  std::string url;  // http://host:port/path
};

// Splits "TABLE=URL"; false (with `error` set) when it is not that shape or the URL is not http://.
bool parse_stream_handler(const std::string& text, StreamHandlerTarget& target, std::string& error);

class StreamHandlerDelivery {
 public:
  StreamHandlerDelivery(Invoke invoke, std::vector<StreamHandlerTarget> targets, size_t batch_size,
                        int poll_interval_ms = 100);
  ~StreamHandlerDelivery();
  StreamHandlerDelivery(const StreamHandlerDelivery&) = delete;
  StreamHandlerDelivery& operator=(const StreamHandlerDelivery&) = delete;

  void start();
  void stop();
  size_t delivered() const { return delivered_; }
  size_t attempts() const { return attempts_; }

 private:
  void run();

  Invoke invoke_;
  std::vector<StreamHandlerTarget> targets_;
  size_t batch_size_;
  int poll_interval_ms_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<size_t> delivered_{0}, attempts_{0};
};

}  // namespace dynemu::streams
