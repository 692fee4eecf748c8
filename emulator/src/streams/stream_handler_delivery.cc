#include "streams/stream_handler_delivery.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <deque>
#include <exception>

#include <httplib.h>

#include "streams/lambda_event.h"

namespace dynemu::streams {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kLongestBackoff{10000};

// One table's delivery: its reader, the batches read but not yet taken, and when to try again.
struct Lane {
  StreamHandlerTarget target;
  std::string origin, path;  // "http://host:port" and "/path"
  StreamReader reader;
  std::deque<std::vector<std::string>> batches;
  std::chrono::milliseconds backoff{0};
  SteadyClock::time_point next_try{};
};

bool post_batch(Lane& lane, const std::string& body) {
  httplib::Client client(lane.origin);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  client.set_write_timeout(30, 0);
  auto result = client.Post(lane.path, body, "application/json");
  return result && result->status >= 200 && result->status < 300;
}

}  // namespace

bool parse_stream_handler(const std::string& text, StreamHandlerTarget& target, std::string& error) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    error = "--stream-handler takes TABLE=URL, e.g. Orders=http://127.0.0.1:9000/: " + text;
    return false;
  }
  target.table = text.substr(0, eq);
  target.url = text.substr(eq + 1);
  // DynamoDB's table-name rule, checked here so a typo is an error at start, not a log line a poll.
  const bool name_ok = target.table.size() >= 3 && target.table.size() <= 255 &&
                       std::all_of(target.table.begin(), target.table.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
                       });
  if (!name_ok) {
    error = "--stream-handler: not a DynamoDB table name (3 to 255 of a-z A-Z 0-9 _ - .): " + target.table;
    return false;
  }
  const std::string scheme = "http://";
  if (target.url.compare(0, scheme.size(), scheme) != 0 || target.url.size() == scheme.size()) {
    error = "--stream-handler URL must be http://host:port/path: " + target.url;
    return false;
  }
  return true;
}

StreamHandlerDelivery::StreamHandlerDelivery(Invoke invoke, std::vector<StreamHandlerTarget> targets,
                                             size_t batch_size, int poll_interval_ms)
    : invoke_(std::move(invoke)),
      targets_(std::move(targets)),
      batch_size_(std::max<size_t>(1, batch_size)),
      poll_interval_ms_(std::max(1, poll_interval_ms)) {}

StreamHandlerDelivery::~StreamHandlerDelivery() { stop(); }

void StreamHandlerDelivery::start() {
  if (thread_.joinable() || targets_.empty()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void StreamHandlerDelivery::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StreamHandlerDelivery::run() {
  std::vector<Lane> lanes;
  for (const auto& t : targets_) {
    const auto slash = t.url.find('/', 7);  // after "http://"
    Lane lane{t, slash == std::string::npos ? t.url : t.url.substr(0, slash),
              slash == std::string::npos ? "/" : t.url.substr(slash), StreamReader(invoke_, t.table), {}, {}, {}};
    try {
      lane.reader.skip_to_end();  // StartingPosition LATEST
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dynemu: stream handler for %s: %s\n", t.table.c_str(), e.what());
    }
    lanes.push_back(std::move(lane));
  }
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    for (auto& lane : lanes) {
      try {
        if (lane.batches.empty()) {
          std::vector<std::string> batch;
          for (auto& record : lane.reader.poll()) {
            batch.push_back(std::move(record.json));
            if (batch.size() == batch_size_) lane.batches.push_back(std::move(batch)), batch.clear();
          }
          if (!batch.empty()) lane.batches.push_back(std::move(batch));
        }
        while (!lane.batches.empty() && SteadyClock::now() >= lane.next_try) {
          ++attempts_;
          if (!post_batch(lane, lambda_event_json(lane.batches.front(), lane.reader.stream_arn()))) {
            lane.backoff = lane.backoff.count() == 0 ? kFirstBackoff : std::min(lane.backoff * 2, kLongestBackoff);
            lane.next_try = SteadyClock::now() + lane.backoff;
            break;
          }
          ++delivered_;
          lane.batches.pop_front();
          lane.backoff = std::chrono::milliseconds(0);
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "dynemu: stream handler for %s: %s\n", lane.target.table.c_str(), e.what());
      }
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(poll_interval_ms_), [this] { return stopping_; });
  }
}

}  // namespace dynemu::streams
