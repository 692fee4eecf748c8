// Clock: the one source of wall-clock time in dynemu.
//
// Contract:
//  - now_ms() is epoch milliseconds. By default it is the system clock. set() moves it to a chosen
//    time and advance() moves it forward; either way it then runs on from there at the system
//    clock's pace (an offset), unless freeze() stopped it: then it stands, and set() and advance()
//    move it without starting it, until thaw() (runs on from there) or use_real() (back to the
//    system clock).
//  - Everything in dynemu that means "now" reads this clock (table times, TTL expiry, stream record
//    times, iterator expiry, retention, idempotency windows), so a test that moves it moves all of
//    them at once. Durations measured for logs and benchmarks use std::chrono::steady_clock instead:
//    they measure the machine, not the emulated world.
//  - Thread-safe; reading it costs one atomic load and, when it runs, one system clock read.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>

namespace dynemu::clock {

class Clock {
 public:
  int64_t now_ms() const;
  int64_t now_seconds() const { return now_ms() / 1000; }

  void set(int64_t epoch_ms);      // runs on from epoch_ms (or stands there while frozen)
  void advance(int64_t delta_ms);  // moves forward (a negative delta is refused by the callers)
  void freeze();                   // stops at the current time
  void thaw();                     // runs on from where it stands
  void use_real();                 // back to the system clock, unfrozen
  bool real() const;               // true when now_ms() is the system clock
  bool frozen() const;

  static int64_t system_now_ms();

 private:
  // now = frozen_ ? frozen_at_ : system + offset_. Each field is atomic on its own; the writers
  // (admin calls) are rare and take writer_ so that two of them never interleave; readers never wait.
  std::atomic<int64_t> offset_ms_{0};
  std::atomic<int64_t> frozen_at_ms_{0};
  std::atomic<bool> frozen_{false};
  std::mutex writer_;
};

}  // namespace dynemu::clock
