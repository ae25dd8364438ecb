#!/usr/bin/env bash
# Resident memory of the packaged service under the benchmark's prefetch load, with the JVM options given (default: the
# deployment's, scripts/deployed-jvm-options.sh: its heap share of its memory limit). Each case is driven with
# wrk -t2 -c16 for DURATION; RSS is read after each, then Native Memory Tracking's summary (what the JVM holds beside
# its heap), after a warm-up pass over the cases. The requests are those scripts/benchmark.sh wrote (target/bench/requests): run it once first.
#   scripts/memory-under-load.sh
#   scripts/memory-under-load.sh -Xmx1g                # any JVM options instead
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18227}
DURATION=${DURATION:-10s}
REQ=target/bench/requests
OUT=target/memory
[ -f "$REQ/heavy8-prefetch.json" ] || { echo "memory: no $REQ; run scripts/benchmark.sh first" >&2; exit 2; }
command -v wrk >/dev/null || { echo "memory: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
if [ $# -eq 0 ]; then
  # shellcheck disable=SC2046
  set -- $(scripts/deployed-jvm-options.sh)
fi
./mvnw -B -q -DskipTests package
mkdir -p "$OUT"
MALLOC_ARENA_MAX=2 java -XX:NativeMemoryTracking=summary "$@" -jar target/inotuzumab-cds-*.jar --server.port="$PORT" \
  --spring.datasource.url=jdbc:h2:mem:memory --inocds.limits.max-concurrent-per-client=1000 > "$OUT/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness")" = 200 ] && break
  sleep 0.5
done
# the compiler warmed on every case first (WARMUP each, 4 connections), as in scripts/benchmark.sh
CASES="typical-prefetch heavy-prefetch heavy4-prefetch heavy8-prefetch untreated-pv-prefetch"
for c in $CASES; do
  BODY="$REQ/$c.json" wrk -t2 -c4 -d"${WARMUP:-5s}" -s scripts/wrk-post.lua \
    "http://127.0.0.1:$PORT/cds-services/$(cat "$REQ/$c.service")" > /dev/null
done
rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }
echo "JVM options: $*"
echo "| case | req/s (16 conn.) | non-2xx | RSS MB after |"
echo "| --- | --- | --- | --- |"
echo "| ready, after the warm-up | | | $(rss) |"
for c in $CASES typical-prefetch; do # the typical call again last: after the large calls
  w=$(BODY="$REQ/$c.json" wrk -t2 -c16 -d"$DURATION" -s scripts/wrk-post.lua \
    "http://127.0.0.1:$PORT/cds-services/$(cat "$REQ/$c.service")")
  printf '| %s | %s | %s | %s |\n' "$c" "$(printf '%s\n' "$w" | awk '/Requests\/sec/ { printf "%.0f", $2 }')" \
    "$(printf '%s\n' "$w" | awk '/Non-2xx/ { s += $NF } END { print s + 0 }')" "$(rss)"
done
echo
echo "OutOfMemoryErrors in the log: $(grep -c OutOfMemoryError "$OUT/server.log" || true)"
jcmd "$pid" VM.native_memory summary | grep -E '^(Total|-)' | sed 's/(reserved=[0-9]*KB, //; s/)//' | head -14
