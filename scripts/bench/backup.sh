#!/usr/bin/env bash
# Backup benchmark: CreateBackup and RestoreTableFromBackup of a 100,000-item table with a GSI, in
# memory and in a file database, three rounds each. See backup_bench.cc.
#
# Usage: scripts/bench/backup.sh [BUILD_DIR]     (default <repo>/build, configured by CMake)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${1:-$REPO/build}"
nice -n 5 cmake --build "$BUILD_DIR" -j2 --target backup_bench >/dev/null
exec "$BUILD_DIR/tests/backup_bench"
