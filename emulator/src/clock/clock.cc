#include "clock/clock.h"

#include <chrono>

namespace dynemu::clock {
int64_t Clock::system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t Clock::now_ms() const {
  if (frozen_.load(std::memory_order_acquire)) return frozen_at_ms_.load(std::memory_order_relaxed);
  return system_now_ms() + offset_ms_.load(std::memory_order_relaxed);
}

void Clock::set(int64_t epoch_ms) {
  std::lock_guard<std::mutex> guard(writer_);
  if (frozen_.load()) {
    frozen_at_ms_.store(epoch_ms);
  } else {
    offset_ms_.store(epoch_ms - system_now_ms());
  }
}

void Clock::advance(int64_t delta_ms) {
  std::lock_guard<std::mutex> guard(writer_);
  if (frozen_.load()) {
    frozen_at_ms_.fetch_add(delta_ms);
  } else {
    offset_ms_.fetch_add(delta_ms);
  }
}

void Clock::freeze() {
  std::lock_guard<std::mutex> guard(writer_);
  if (frozen_.load()) return;
  frozen_at_ms_.store(system_now_ms() + offset_ms_.load());
  frozen_.store(true, std::memory_order_release);
}

void Clock::thaw() {
  std::lock_guard<std::mutex> guard(writer_);
  if (!frozen_.load()) return;
  offset_ms_.store(frozen_at_ms_.load() - system_now_ms());
  frozen_.store(false, std::memory_order_release);
}

void Clock::use_real() {
  std::lock_guard<std::mutex> guard(writer_);
  frozen_.store(false, std::memory_order_release);
  offset_ms_.store(0);
}

bool Clock::real() const { return !frozen_.load() && offset_ms_.load() == 0; }
bool Clock::frozen() const { return frozen_.load(); }

}  // namespace dynemu::clock
