#!/usr/bin/env bash
# dynemu's benchmark: GetItem, PutItem, UpdateItem and Query throughput, beside a bare cpp-httplib
# server and dynoxide (a peer emulator, npm package @dynoxide/linux-x64) measured in the same run.
#
# Usage: scripts/bench/run.sh [BUILD_DIR]     (default BUILD_DIR: <repo>/build)
#
# Needs: BUILD_DIR/emulator/dynemu (built by CMake), wrk, g++, pkg-config cpp-httplib, python3, and
# npm for the dynoxide peer (installed into BUILD_DIR/bench/npm on first use).
# Builds nothing but bare_server (compiled into BUILD_DIR/bench/ when missing or stale).
#
# Environment (all optional):
#   DURATION=10s  THREADS=2  CONNECTIONS=8   wrk's -d, -t, -c
#   ITEMS=10000                               items seeded per table, and the key range the scripts draw from
#   SCENARIOS="GetItem PutItem PutItemStream UpdateItem Query PartiQLGet PartiQLQuery"
#                                             (PutItemStream: PutItem on a table with a NEW_AND_OLD_IMAGES
#                                             stream, BenchStream, beside plain PutItem in the same run;
#                                             PartiQLGet: ExecuteStatement SELECT * ... WHERE pk = ?, the twin
#                                             of GetItem; PartiQLQuery: a 25-item partition SELECT, the twin
#                                             of Query. PutItemPITR, UpdateItemPITR: PutItem and UpdateItem on
#                                             BenchPITR, a table with point-in-time recovery enabled. The table
#                                             then shows each twin's ratio to its operation)
#   PEERS="dynoxide"                          peers besides dynemu and bare ("" for none)
#   FILE_DB=no                                yes: the first round uses file databases too (so it compares
#                                             like with like against the large round)
#   LARGE_ITEMS=0                             when > 0: a second round on FILE databases with this many
#                                             items, running LARGE_SCENARIOS (default "Query"; only the
#                                             tables those scenarios read are seeded)
#   BENCH_OUT=FILE                            also write the result table to FILE
#
# Prints: target.scenario, requests/s, ratio vs bare (bare_server answering GetItem-shaped requests
# with a fixed body through stock cpp-httplib; bare-conn is the same through dynemu's connection
# layer, http/connection_server.h), ratio vs dynoxide's same scenario, p50/p99 latency, non-2xx responses; and each
# server's RSS when idle (after start) and at its peak (VmHWM, after the round).
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
SCENARIOS="${SCENARIOS:-GetItem PutItem PutItemStream UpdateItem Query PartiQLGet PartiQLQuery}"
PEERS="${PEERS-dynoxide}"
LARGE_ITEMS="${LARGE_ITEMS:-0}"
LARGE_SCENARIOS="${LARGE_SCENARIOS:-Query}"
DYNOXIDE_VERSION=1.2.1

die() { echo "run.sh: $*" >&2; exit 1; }
[[ -x "$DYNEMU" ]] || die "dynemu not built: $DYNEMU (cmake --build $BUILD_DIR --target dynemu)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v python3 >/dev/null || die "python3 not found"

# --- bare_server -----------------------------------------------------------------------------------
BARE="$BUILD_DIR/bench/bare_server"
CONN_SRC="$REPO/emulator/src/http/connection_server.cc"
if [[ ! -x "$BARE" || "$BENCH_DIR/bare_server.cc" -nt "$BARE" || "$CONN_SRC" -nt "$BARE" ]]; then
  command -v g++ >/dev/null || die "g++ not found"
  mkdir -p "$BUILD_DIR/bench"
  echo "building $BARE"
  # shellcheck disable=SC2046
  g++ -O2 -std=c++17 -I "$REPO/emulator/src" "$BENCH_DIR/bare_server.cc" "$CONN_SRC" -o "$BARE" \
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

run_wrk() {  # run_wrk NAME URL SCRIPT [ITEMS]
  local name="$1" url="$2" script="$3" out="$WORK/$1.txt" items="${4:-$ITEMS}"
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s $(basename "$script") $url"
  (cd "$BENCH_DIR" && BENCH_DIR="$BENCH_DIR" BENCH_ITEMS="$items" BENCH_TABLE="$TABLE" \
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

rss_kb() {  # rss_kb PID FIELD (VmRSS or VmHWM)
  awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}
MEM="$WORK/memory.tsv"
: > "$MEM"

# --- the dynoxide peer ---------------------------------------------------------------------------
DYNOXIDE=""
if [[ " $PEERS " == *" dynoxide "* ]]; then
  DYNOXIDE="$BUILD_DIR/bench/npm/node_modules/@dynoxide/linux-x64/dynoxide"
  if [[ ! -x "$DYNOXIDE" ]]; then
    command -v npm >/dev/null || die "npm not found (needed for the dynoxide peer; PEERS= skips it)"
    echo "installing @dynoxide/linux-x64@$DYNOXIDE_VERSION into $BUILD_DIR/bench/npm"
    npm install --no-save --silent --prefix "$BUILD_DIR/bench/npm" "@dynoxide/linux-x64@$DYNOXIDE_VERSION" >/dev/null
  fi
  [[ -x "$DYNOXIDE" ]] || die "dynoxide not installed: $DYNOXIDE"
fi

start_server() {  # start_server NAME DBFILE(or "") -> sets SPID, SURL
  local name="$1" db="$2" port; port="$(free_port)"
  SURL="http://127.0.0.1:$port"
  case "$name" in
    dynemu)
      if [[ -n "$db" ]]; then "$DYNEMU" --port "$port" --db "$db" > "$WORK/$name.log" 2>&1 &
      else "$DYNEMU" --port "$port" --in-memory > "$WORK/$name.log" 2>&1 & fi ;;
    dynoxide)
      if [[ -n "$db" ]]; then "$DYNOXIDE" serve --port "$port" --db-path "$db" > "$WORK/$name.log" 2>&1 &
      else "$DYNOXIDE" serve --port "$port" > "$WORK/$name.log" 2>&1 & fi ;;
    bare) "$BARE" --port "$port" --host 127.0.0.1 > "$WORK/$name.log" 2>&1 & ;;
    bare-conn) "$BARE" --port "$port" --host 127.0.0.1 --dynemu-connections > "$WORK/$name.log" 2>&1 & ;;
  esac
  SPID=$!
  PIDS+=("$SPID")
  if [[ "$name" == dynoxide ]]; then
    # dynoxide's GET / is not a health line: wait for a ListTables answer instead.
    for _ in $(seq 200); do
      python3 "$BENCH_DIR/seed.py" --probe "$SURL" 2>/dev/null && break
      kill -0 "$SPID" 2>/dev/null || die "$name exited during startup"; sleep 0.05
    done
  else
    wait_up "$SURL/" "$SPID"
  fi
  sleep 0.3  # settle before reading idle RSS
}

stop_server() {
  kill -TERM "$SPID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SPID" 2>/dev/null || true
}

round() {  # round LABEL ITEMS DB(yes/no) SCENARIOS...
  local label="$1" items="$2" use_db="$3"; shift 3
  for target in dynemu ${DYNOXIDE:+dynoxide}; do
    local db=""
    [[ "$use_db" == yes ]] && db="$WORK/$target-$label.db"
    start_server "$target" "$db"
    local idle; idle="$(rss_kb "$SPID" VmRSS)"
    echo "== $target ($label, $items items${db:+, file $db}) up at $SURL, idle RSS ${idle} kB"
    local tables=(--table "" --query-table "" --stream-table "" --pitr-table "")
    [[ " $* " =~ " "(Query|PartiQLQuery)" " ]] && tables[3]=BenchQuery
    [[ " $* " == *" PutItemStream "* ]] && tables[5]=BenchStream
    [[ " $* " =~ " "(PutItemPITR|UpdateItemPITR)" " ]] && tables[7]=BenchPITR
    [[ " $* " =~ " "(GetItem|PutItem|UpdateItem|PartiQLGet)" " ]] && tables[1]="$TABLE"
    python3 "$BENCH_DIR/seed.py" "$SURL" --items "$items" "${tables[@]}"
    for sc in "$@"; do
      local script="$BENCH_DIR/$(echo "$sc" | tr '[:upper:]' '[:lower:]').lua"
      run_wrk "$target.$sc@$label" "$SURL/" "$script" "$items"
    done
    kill -0 "$SPID" 2>/dev/null || { cat "$WORK/$target.log" >&2; die "$target died during the benchmark"; }
    printf '%s\t%s\t%s\t%s\n' "$target@$label" "$items" "$idle" "$(rss_kb "$SPID" VmHWM)" >> "$MEM"
    stop_server
  done
}

round "${ITEMS}" "$ITEMS" "${FILE_DB:-no}" $SCENARIOS
if [[ "$LARGE_ITEMS" -gt 0 ]]; then round "${LARGE_ITEMS}" "$LARGE_ITEMS" yes $LARGE_SCENARIOS; fi

start_server bare ""
run_wrk "bare.GetItem" "$SURL/" "$BENCH_DIR/getitem.lua"
stop_server
# The same fixed answer through dynemu's connection layer: what dynemu's handler alone costs.
start_server bare-conn ""
run_wrk "bare-conn.GetItem" "$SURL/" "$BENCH_DIR/getitem.lua"
stop_server

# --- table -----------------------------------------------------------------------------------------
TABLE_OUT="$WORK/table.txt"
awk -F'\t' -v dur="$DURATION" -v t="$THREADS" -v c="$CONNECTIONS" '
  { name[NR] = $1; rps[NR] = $2; p50[NR] = $3; p99[NR] = $4; bad[NR] = $5; err[NR] = $6; rate[$1] = $2
    if ($1 == "bare.GetItem") bare = $2 }
  END {
    printf "\nwrk -t%s -c%s -d%s, 127.0.0.1 (scenario@items)\n", t, c, dur
    printf "%-30s %12s %9s %12s %10s %10s %8s  %s\n", "target.scenario", "requests/s", "vs bare", "vs dynoxide", "p50 (us)", "p99 (us)", "non-2xx", "socket errors"
    for (i = 1; i <= NR; i++) {
      ratio = (bare > 0) ? sprintf("%.3f", rps[i] / bare) : "n/a"
      peer = name[i]; sub(/^dynemu\./, "dynoxide.", peer)
      vs = (name[i] ~ /^dynemu\./ && rate[peer] > 0) ? sprintf("%.2fx", rps[i] / rate[peer]) : ""
      printf "%-30s %12.0f %9s %12s %10s %10s %8s  %s\n", name[i], rps[i], ratio, vs, p50[i], p99[i], bad[i], err[i]
    }
  }
  END {
    # PartiQL beside the operation it stands for, measured in the same round (issue 10: >= 0.8x), and
    # writes to a table with point-in-time recovery beside the same writes without it (issue 11: >= 0.75x).
    first = 1
    for (i = 1; i <= NR; i++) {
      twin = ""
      if (name[i] ~ /\.PartiQLGet@/) { twin = name[i]; sub(/\.PartiQLGet@/, ".GetItem@", twin) }
      if (name[i] ~ /\.PartiQLQuery@/) { twin = name[i]; sub(/\.PartiQLQuery@/, ".Query@", twin) }
      if (name[i] ~ /\.(PutItem|UpdateItem)PITR@/) { twin = name[i]; sub(/PITR@/, "@", twin) }
      if (twin == "" || rate[twin] + 0 == 0) continue
      if (first) { printf "\n%-30s %-24s %8s\n", "twin scenario", "vs", "ratio"; first = 0 }
      printf "%-30s %-24s %7.2fx\n", name[i], twin, rps[i] / rate[twin]
    }
  }' "$RESULTS" | tee "$TABLE_OUT"
awk -F'\t' 'BEGIN { printf "\n%-24s %10s %14s %14s\n", "server@round", "items", "idle RSS kB", "peak RSS kB" }
  { printf "%-24s %10s %14s %14s\n", $1, $2, $3, $4 }' "$MEM" | tee -a "$TABLE_OUT"
if [[ -n "${BENCH_OUT:-}" ]]; then cp "$TABLE_OUT" "$BENCH_OUT"; fi

# Fail loudly if a server answered errors: the numbers would not mean what they say.
if awk -F'\t' '$5 + 0 > 0 { found = 1 } END { exit !found }' "$RESULTS"; then
  echo "run.sh: a server answered non-2xx responses during the benchmark (see above)" >&2
  tail -n 20 "$WORK/dynemu.log" >&2 || true
  exit 1
fi
rm -rf "$WORK"
