#include "ttl/sweeper.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "api/table_lookup.h"
#include "model/json_codec.h"
#include "model/number.h"

namespace dynemu::ttl {
namespace {

// Epoch milliseconds as an exact decimal number of seconds.
model::Number seconds_of(int64_t ms) {
  const bool negative = ms < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(ms) : static_cast<uint64_t>(ms);
  char text[48];
  std::snprintf(text, sizeof text, "%s%" PRIu64 ".%03" PRIu64, negative ? "-" : "", magnitude / 1000,
                magnitude % 1000);
  std::string error;
  return *model::Number::parse(text, &error);
}

int64_t floor_seconds(int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

// Whether the table is one the sweeper works on now, and still the table it started on.
bool sweepable(const store::TableSchema* schema, const std::string& sql_name, const std::string& attribute,
               int64_t now) {
  if (!schema || schema->sql_name != sql_name || schema->ttl.attribute != attribute || !schema->ttl.column)
    return false;
  if (schema->transient_status == "DELETING" || api::effective_status(*schema, now) == "CREATING") return false;
  return api::ttl_status(schema->ttl, now) == "ENABLED";
}

}  // namespace

TtlSweeper::~TtlSweeper() { stop(); }

TtlSweepResult TtlSweeper::sweep() {
  std::lock_guard<std::mutex> one_at_a_time(sweep_mutex_);
  TtlSweepResult total;
  for (store::Store* store : stores_()) {
    if (stopping_) break;
    const TtlSweepResult one = sweep_one(*store);
    total.deleted += one.deleted;
    for (const auto& [table, deleted] : one.tables) total.tables[table] += deleted;
  }
  return total;
}

TtlSweepResult TtlSweeper::sweep(store::Store& store) {
  std::lock_guard<std::mutex> one_at_a_time(sweep_mutex_);
  return sweep_one(store);
}

TtlSweepResult TtlSweeper::sweep_one(store::Store& store) {
  TtlSweepResult result;
  std::vector<std::string> names;
  {
    auto session = store.read();
    const int64_t now = clock_.now_ms();
    for (const auto& name : session.table_names()) {
      auto schema = session.find_table(name);
      if (schema && sweepable(schema.get(), schema->sql_name, schema->ttl.attribute, now)) names.push_back(name);
    }
  }
  for (const auto& name : names) {
    if (stopping_) break;
    const int64_t deleted = sweep_table(store, name);
    if (deleted > 0) {
      result.tables[name] = deleted;
      result.deleted += deleted;
    }
  }
  return result;
}

int64_t TtlSweeper::sweep_table(store::Store& store, const std::string& name) {
  std::string sql_name, attribute;
  {
    auto session = store.read();
    auto schema = session.find_table(name);
    if (!schema) return 0;
    sql_name = schema->sql_name;
    attribute = schema->ttl.attribute;
  }
  // Rows written before TTL named this attribute get their column values first, chunk by chunk.
  for (bool done = false; !done;) {
    if (stopping_) return 0;
    std::chrono::steady_clock::time_point started;
    {
      auto session = store.write();
      started = std::chrono::steady_clock::now();  // lock time, not the wait for the lock
      auto schema = session.find_table(name);
      if (!sweepable(schema.get(), sql_name, attribute, clock_.now_ms())) return 0;
      done = session.backfill_ttl(name, kBackfillRows);
      session.commit();
    }
    if (!done) pause_after(std::chrono::steady_clock::now() - started);
  }

  const int64_t now_ms = clock_.now_ms();
  const int64_t oldest_ms = now_ms - kFiveYearsMs;
  const model::Number now = seconds_of(now_ms), oldest = seconds_of(oldest_ms);
  int64_t deleted = 0;
  std::optional<store::TtlPosition> after;
  while (!stopping_) {
    std::chrono::steady_clock::time_point started;
    bool more = false;
    {
      auto session = store.write(clock_.now_ms());  // the deletions' change time, for the change log
      started = std::chrono::steady_clock::now();  // lock time, not the wait for the lock
      session.set_origin(store::ChangeOrigin::TimeToLive);
      auto schema = session.find_table(name);
      if (!sweepable(schema.get(), sql_name, attribute, now_ms)) break;
      // The column holds whole seconds (floor), so this range holds every item in [oldest, now) and
      // a few at its edges, which the exact check below leaves alone.
      auto candidates = session.ttl_candidates(*schema, floor_seconds(oldest_ms), floor_seconds(now_ms), after,
                                               kBatchItems);
      size_t done = 0;
      while (done < candidates.size()) {
        const auto& c = candidates[done++];
        const model::Item item = model::item_from_json(c.json);
        auto it = item.find(attribute);
        if (it != item.end() && it->second.type == model::AttrType::N) {
          const model::Number& expires = it->second.n;
          if (expires < now && !(expires < oldest) && session.delete_item(*schema, c.pk, c.sk)) ++deleted;
        }
        if (std::chrono::steady_clock::now() - started >= kBatchBudget) break;
      }
      session.commit();
      more = static_cast<int>(candidates.size()) == kBatchItems || done < candidates.size();
      if (done > 0) after = store::TtlPosition{candidates[done - 1].ttl, candidates[done - 1].pk, candidates[done - 1].sk};
    }
    if (!more) break;
    pause_after(std::chrono::steady_clock::now() - started);
  }
  return deleted;
}

void TtlSweeper::pause_after(std::chrono::steady_clock::duration held) {
  std::unique_lock<std::mutex> lock(wake_mutex_);
  wake_.wait_for(lock, std::max<std::chrono::steady_clock::duration>(held, std::chrono::microseconds(100)),
                 [this] { return stopping_.load(); });
}

void TtlSweeper::start(int64_t period_ms) {
  if (period_ms <= 0 || thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this, period_ms] { run(period_ms); });
}

void TtlSweeper::run(int64_t period_ms) {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(wake_mutex_);
      if (wake_.wait_for(lock, std::chrono::milliseconds(period_ms), [this] { return stopping_.load(); })) return;
    }
    try {
      sweep();
    } catch (const std::exception& e) {
      // A failed batch rolled back; the next period tries again.
      std::fprintf(stderr, "dynemu: TTL sweep failed: %s\n", e.what());
    }
  }
}

void TtlSweeper::stop() {
  {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace dynemu::ttl
