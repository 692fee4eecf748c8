#!/usr/bin/env bash
# TTL sweep benchmark: a sweep of 100,000 expired items of a 1,000,000-item table (file database),
# with GetItem p50/p99 over HTTP during the sweep beside GetItem alone; then the sweep that first
# backfills the ttl column after TTL moves to another attribute. See ttl_sweep_bench.cc.
#
# Usage: scripts/bench/ttl_sweep.sh [BUILD_DIR]     (default <repo>/build, configured by CMake)
#   TTL_BENCH_ITEMS=N      table size (default 1000000; e.g. 100000 for a quick run)
#   TTL_BENCH_EXPIRED=N    items that expire (default ITEMS / 10)
#   TTL_BENCH_DB=PATH      database file (default a file in /tmp, removed after); "memory" for in-memory
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${1:-$REPO/build}"
nice -n 5 cmake --build "$BUILD_DIR" -j2 --target ttl_sweep_bench >/dev/null
exec "$BUILD_DIR/tests/ttl_sweep_bench"
