// The server clock: system time by default; set, advanced, frozen and thawed by tests.
#include "clock/clock.h"

#include <gtest/gtest.h>

namespace dynemu::clock {
namespace {

TEST(Clock, StartsOnTheSystemClock) {
  Clock c;
  EXPECT_TRUE(c.real());
  EXPECT_FALSE(c.frozen());
  const int64_t before = Clock::system_now_ms();
  const int64_t now = c.now_ms();
  EXPECT_GE(now, before);
  EXPECT_LE(now, Clock::system_now_ms());
}

TEST(Clock, SetRunsOnFromTheChosenTime) {
  Clock c;
  c.set(1'000'000'000'000);
  EXPECT_FALSE(c.real());
  const int64_t now = c.now_ms();
  EXPECT_GE(now, 1'000'000'000'000);
  EXPECT_LT(now, 1'000'000'000'000 + 5'000);  // runs at the system clock's pace, from there
}

TEST(Clock, AdvanceMovesForward) {
  Clock c;
  const int64_t before = c.now_ms();
  c.advance(86'400'000);
  EXPECT_GE(c.now_ms(), before + 86'400'000);
  c.use_real();
  EXPECT_TRUE(c.real());
  EXPECT_LT(c.now_ms(), before + 86'400'000);
}

TEST(Clock, FrozenClockStandsUntilThawed) {
  Clock c;
  c.set(2'000'000'000'000);
  c.freeze();
  EXPECT_TRUE(c.frozen());
  c.set(1'700'000'000'000);
  EXPECT_EQ(c.now_ms(), 1'700'000'000'000);
  c.advance(1'500);
  EXPECT_EQ(c.now_ms(), 1'700'000'001'500);
  EXPECT_EQ(c.now_ms(), 1'700'000'001'500);
  c.thaw();
  EXPECT_FALSE(c.frozen());
  EXPECT_GE(c.now_ms(), 1'700'000'001'500);
  EXPECT_LT(c.now_ms(), 1'700'000'001'500 + 5'000);
  c.use_real();
  EXPECT_TRUE(c.real());
}

}  // namespace
}  // namespace dynemu::clock
