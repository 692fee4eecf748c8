#!/usr/bin/env bash
# Point-in-time recovery benchmark: PutItem/UpdateItem with and without PITR in the same run, and a
# RestoreTableToPointInTime of a 100,000-item table, in memory and in a file database. See
# pitr_bench.cc.
#
# Usage: scripts/bench/pitr.sh [BUILD_DIR]     (default <repo>/build, configured by CMake)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${1:-$REPO/build}"
nice -n 5 cmake --build "$BUILD_DIR" -j2 --target pitr_bench >/dev/null
exec "$BUILD_DIR/tests/pitr_bench"
