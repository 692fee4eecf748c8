#!/usr/bin/env bash
# Fixture benchmark: in-process server start, reset of a 1,000- and a 100,000-item baseline (after
# tests writing 1, 100 and 1,000 items), and the wall time of a 1,000-test GoogleTest suite.
#
# Usage: scripts/bench/fixtures.sh [BUILD_DIR]     (default <repo>/build, configured by CMake)
# Builds the targets fixtures_bench and fixtures_suite_bench (not part of `all`) in BUILD_DIR.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${1:-$REPO/build}"
nice -n 5 cmake --build "$BUILD_DIR" -j2 --target fixtures_bench seed_bench fixtures_suite_bench >/dev/null
"$BUILD_DIR/tests/fixtures/fixtures_bench"
"$BUILD_DIR/tests/fixtures/seed_bench"
start=$(date +%s.%N)
"$BUILD_DIR/tests/fixtures/fixtures_suite_bench" --gtest_brief=1 >/tmp/dynemu-suite-bench.$$ 2>&1 || {
  cat /tmp/dynemu-suite-bench.$$; rm -f /tmp/dynemu-suite-bench.$$; exit 1; }
end=$(date +%s.%N)
tail -1 /tmp/dynemu-suite-bench.$$
rm -f /tmp/dynemu-suite-bench.$$
echo "1,000-test suite (seed, 1,000 resets, 1,000 PutItems over HTTP, 3,000 inspections): $(echo "$end - $start" | bc) s wall"
