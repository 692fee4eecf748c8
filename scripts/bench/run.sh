#!/usr/bin/env bash
# dynemu's first benchmark: GetItem and PutItem throughput against a bare cpp-httplib server.
#
# Usage: scripts/bench/run.sh [BUILD_DIR]     (default BUILD_DIR: <repo>/build)
#
# Needs: BUILD_DIR/emulator/dynemu (built by CMake), wrk, g++, pkg-config cpp-httplib, python3.
# Builds nothing but bare_server (compiled into BUILD_DIR/bench/ when missing or stale).
#
# Environment (all optional):
#   DURATION=10s  THREADS=2  CONNECTIONS=8   wrk's -d, -t, -c
#   ITEMS=10000                               items seeded, and the key range the scripts draw from
#   BENCH_OUT=FILE                            also write the result table to FILE
#
# Prints: scenario, requests/s, ratio vs bare (bare_server answering the same GetItem requests
# with a fixed body), p50/p99 latency, and non-2xx responses.
# Traffic goes to 127.0.0.1 only; every run is bounded by DURATION.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/../.." && pwd)"
BUILD_DIR="${1:-$REPO/build}"
BUILD_DIR="$(cd "$BUILD_DIR" 2>/dev/null && pwd)" || { echo "run.sh: no build directory: ${1:-$REPO/build}" >&2; exit 2; }
DYNEMU="$BUILD_DIR/emulator/dynemu"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-8}"
ITEMS="${ITEMS:-10000}"
TABLE=BenchTable

die() { echo "run.sh: $*" >&2; exit 1; }
[[ -x "$DYNEMU" ]] || die "dynemu not built: $DYNEMU (cmake --build $BUILD_DIR --target dynemu)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v python3 >/dev/null || die "python3 not found"

# --- bare_server -----------------------------------------------------------------------------------
BARE="$BUILD_DIR/bench/bare_server"
if [[ ! -x "$BARE" || "$BENCH_DIR/bare_server.cc" -nt "$BARE" ]]; then
  command -v g++ >/dev/null || die "g++ not found"
  mkdir -p "$BUILD_DIR/bench"
  echo "building $BARE"
  # shellcheck disable=SC2046
  g++ -O2 -std=c++17 "$BENCH_DIR/bare_server.cc" -o "$BARE" \
    $(pkg-config --cflags --libs cpp-httplib) -lz -pthread
fi

# --- helpers ---------------------------------------------------------------------------------------
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_up() {  # wait_up URL PID
  for _ in $(seq 200); do
    kill -0 "$2" 2>/dev/null || die "server (pid $2) exited during startup"
    if python3 -c 'import sys,urllib.request; sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=1).status == 200 else 1)' "$1" 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  die "server at $1 did not come up within 10 s"
}

WORK="$(mktemp -d)"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

to_us() {  # wrk latency "1.23ms" / "456.00us" / "1.20s" -> microseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") m = 1; else if (u == "ms") m = 1000; else if (u == "s") m = 1000000; else if (u == "m") m = 60000000; else m = 1;
    printf "%.0f", n * m }'
}

run_wrk() {  # run_wrk NAME URL SCRIPT
  local name="$1" url="$2" script="$3" out="$WORK/$1.txt"
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s $(basename "$script") $url"
  (cd "$BENCH_DIR" && BENCH_DIR="$BENCH_DIR" BENCH_ITEMS="$ITEMS" BENCH_TABLE="$TABLE" \
     wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url") > "$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed for $name"; }
  sed 's/^/   /' "$out"
  local rps p50 p99 non2xx
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p50="$(awk '$1 == "50%" {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")"
  local errs; errs="$(awk '/Socket errors:/ {sub(/.*Socket errors: /, ""); print}' "$out")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "${rps:-0}" "$(to_us "${p50:-0us}")" "$(to_us "${p99:-0us}")" \
    "${non2xx:-0}" "${errs:-}" >> "$RESULTS"
}

# --- dynemu ----------------------------------------------------------------------------------------
DPORT="$(free_port)"
DURL="http://127.0.0.1:$DPORT"
"$DYNEMU" --port "$DPORT" --host 127.0.0.1 --in-memory > "$WORK/dynemu.log" 2>&1 &
DPID=$!
PIDS+=("$DPID")
wait_up "$DURL/" "$DPID"
echo "$("$DYNEMU" --version 2>/dev/null || echo dynemu) up at $DURL (pid $DPID)"
python3 "$BENCH_DIR/seed.py" "$DURL" --items "$ITEMS" --table "$TABLE"

run_wrk dynemu.GetItem "$DURL/" "$BENCH_DIR/getitem.lua"
run_wrk dynemu.PutItem "$DURL/" "$BENCH_DIR/putitem.lua"
run_wrk dynemu.UpdateItem "$DURL/" "$BENCH_DIR/updateitem.lua"
kill -0 "$DPID" 2>/dev/null || { cat "$WORK/dynemu.log" >&2; die "dynemu died during the benchmark"; }

# --- bare_server -----------------------------------------------------------------------------------
BPORT="$(free_port)"
BURL="http://127.0.0.1:$BPORT"
"$BARE" --port "$BPORT" --host 127.0.0.1 > "$WORK/bare.log" 2>&1 &
BPID=$!
PIDS+=("$BPID")
wait_up "$BURL/" "$BPID"
run_wrk bare.GetItem "$BURL/" "$BENCH_DIR/getitem.lua"

# --- table -----------------------------------------------------------------------------------------
TABLE_OUT="$WORK/table.txt"
awk -F'\t' -v dur="$DURATION" -v t="$THREADS" -v c="$CONNECTIONS" -v items="$ITEMS" '
  { name[NR] = $1; rps[NR] = $2; p50[NR] = $3; p99[NR] = $4; bad[NR] = $5; err[NR] = $6
    if ($1 == "bare.GetItem") bare = $2 }
  END {
    printf "\nwrk -t%s -c%s -d%s, %s items, 127.0.0.1\n", t, c, dur, items
    printf "%-18s %12s %14s %10s %10s %9s  %s\n", "scenario", "requests/s", "ratio vs bare", "p50 (us)", "p99 (us)", "non-2xx", "socket errors"
    for (i = 1; i <= NR; i++) {
      ratio = (bare > 0) ? sprintf("%.3f", rps[i] / bare) : "n/a"
      printf "%-18s %12.0f %14s %10s %10s %9s  %s\n", name[i], rps[i], ratio, p50[i], p99[i], bad[i], err[i]
    }
  }' "$RESULTS" | tee "$TABLE_OUT"
if [[ -n "${BENCH_OUT:-}" ]]; then cp "$TABLE_OUT" "$BENCH_OUT"; fi

# Fail loudly if dynemu answered errors: the numbers would not mean what they say.
if awk -F'\t' '$1 ~ /^dynemu\./ && $5 + 0 > 0 { found = 1 } END { exit !found }' "$RESULTS"; then
  echo "run.sh: dynemu answered non-2xx responses during the benchmark (see above)" >&2
  tail -n 20 "$WORK/dynemu.log" >&2 || true
  exit 1
fi
rm -rf "$WORK"
