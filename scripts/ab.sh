#!/usr/bin/env bash
# A/B of two builds side by side over HTTP, in one run: each folder (a checkout of this project, built with
#   ./mvnw -B -q -DskipTests test-compile
#   ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test)
# runs org.inocds.bench.BenchmarkServer on its own loopback port, and wrk drives one benchmark case (the heavy call by
# default) on each in alternating rounds (A B, B A, A B, …), so that the machine's drift falls on both alike.
#
#   A=/tmp/ab-base B=/tmp/ab-branch scripts/ab.sh        # ROUNDS=4 DURATION=10s CASE=heavy-prefetch
#
# Prints one line per round and build: req/s at 16 connections, p50 and p99 in ms at 1 connection.
set -euo pipefail
A=${A:?the first build's folder}
B=${B:?the second build's folder}
ROUNDS=${ROUNDS:-4}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-20s}
CASE=${CASE:-heavy-prefetch}
OUT=$(mktemp -d /tmp/ab.XXXXXX)
SCRIPT=$(cd "$(dirname "$0")" && pwd)/wrk-post.lua
command -v wrk >/dev/null || { echo "ab: wrk is not installed" >&2; exit 2; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

declare -A DIR=([A]=$A [B]=$B) PORT=([A]=${PORT_A:-18190} [B]=${PORT_B:-18191})
for x in A B; do
  (cd "${DIR[$x]}" && exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/benchmark.classpath)" \
    org.inocds.bench.BenchmarkServer "${PORT[$x]}" "$OUT/$x") > "$OUT/$x.log" 2>&1 &
  pids+=($!)
done
for x in A B; do
  for _ in $(seq 1 300); do grep -q READY "$OUT/$x.log" 2>/dev/null && break; sleep 1; done
  grep -q READY "$OUT/$x.log" || { echo "ab: $x did not start" >&2; cat "$OUT/$x.log" >&2; exit 1; }
done
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
url() { echo "http://127.0.0.1:${PORT[$1]}/cds-services/$(cat "$OUT/$1/$CASE.service")"; }
for x in A B; do
  echo "ab: $x = ${DIR[$x]}, $CASE $(stat -c %s "$OUT/$x/$CASE.json") bytes; $(grep "^case $CASE:" "$OUT/$x.log")"
  BODY="$OUT/$x/$CASE.json" wrk -t2 -c4 -d"$WARMUP" -s "$SCRIPT" "$(url $x)" > /dev/null
done
printf 'round\tbuild\treq/s (16 conn.)\tp50 ms (1 conn.)\tp99 ms (1 conn.)\tnon-2xx\n'
for r in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((r % 2)) -eq 0 ] && order="B A"
  for x in $order; do
    thr=$(BODY="$OUT/$x/$CASE.json" wrk -t2 -c16 -d"$DURATION" -s "$SCRIPT" "$(url $x)")
    lat=$(BODY="$OUT/$x/$CASE.json" wrk -t1 -c1 -d"$DURATION" --latency -s "$SCRIPT" "$(url $x)")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$x" "$(printf '%s\n' "$thr" | awk '/Requests\/sec/ { printf "%.0f", $2 }')" \
      "$(to_ms "$(printf '%s\n' "$lat" | awk '$1 == "50%" { print $2 }')")" \
      "$(to_ms "$(printf '%s\n' "$lat" | awk '$1 == "99%" { print $2 }')")" \
      "$(printf '%s\n%s\n' "$thr" "$lat" | awk '/Non-2xx/ { s += $NF } END { print s + 0 }')"
  done
done
