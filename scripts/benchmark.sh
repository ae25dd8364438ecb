#!/usr/bin/env bash
# Load benchmark beside the peer, in one run: this service (org.inocds.bench.BenchmarkServer, its embedded FHIR server
# holding the benchmark patients) and, when PEER_SRC names its Maven project, a peer — HAPI FHIR's own CDS Hooks module
# answering a trivial patient-view (main class probe.CdsProbeApp, POST /cds-services/probe-service) — both driven by
# wrk on loopback with the same settings.
#
#   scripts/benchmark.sh            # about 8 minutes on 2 cores; needs wrk (Debian: apt-get install wrk), gnuplot for the plot
#   DURATION=20s scripts/benchmark.sh
#
# Prints a Markdown table (throughput at 16 connections, p50/p99 at 1 connection, ratio to the peer's throughput)
# and writes target/bench/results.tsv, and target/bench/latency-vs-history.png when gnuplot is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
PORT=${PORT:-18090}
PEER_PORT=${PEER_PORT:-18111}
OUT=target/bench
PEER_SRC=${PEER_SRC:-}

command -v wrk >/dev/null || { echo "benchmark: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$OUT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "benchmark: building" >&2
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test

java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/benchmark.classpath)" org.inocds.bench.BenchmarkServer \
  "$PORT" "$OUT/requests" > "$OUT/server.log" 2>&1 &
pids+=($!)
SERVICE_PID=$!

peer=""
if [ -n "$PEER_SRC" ] && [ -d "$PEER_SRC" ]; then
  rm -rf "$OUT/peer" && cp -r "$PEER_SRC" "$OUT/peer"
  (cd "$OUT/peer" && mvn -q -B -DskipTests package && mvn -q -B dependency:build-classpath -Dmdep.outputFile=cp.txt) >&2
  (cd "$OUT/peer" && exec java -Xmx1g -cp "target/classes:$(cat cp.txt)" probe.CdsProbeApp --server.port="$PEER_PORT" \
    --logging.level.root=warn) > "$OUT/peer.log" 2>&1 &
  pids+=($!)
  peer=yes
  cat > "$OUT/requests/peer.json" <<'JSON'
{"hook":"patient-view","hookInstance":"x","context":{"userId":"Practitioner/1","patientId":"p1"},
 "prefetch":{"patient":{"resourceType":"Patient","id":"p1","name":[{"family":"Tanaka"}]}}}
JSON
else
  echo "benchmark: no peer (PEER_SRC unset or not a folder); the ratio column is left empty" >&2
fi

for _ in $(seq 1 120); do grep -q READY "$OUT/server.log" 2>/dev/null && break; sleep 1; done
grep -q READY "$OUT/server.log" || { echo "benchmark: the service did not start" >&2; cat "$OUT/server.log" >&2; exit 1; }
if [ -n "$peer" ]; then
  for _ in $(seq 1 120); do
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$OUT/requests/peer.json" \
      "http://127.0.0.1:$PEER_PORT/cds-services/probe-service" && break
    sleep 1
  done
fi


# wrk's latency figures in ms ("1.07ms", "812.00us", "1.20s")
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# one case: warm-up and p50/p99 at 1 connection, then throughput at 16 connections (latency first, so that it is not
# measured in the garbage the 16 connections leave behind)
run() {
  local name=$1 url=$2 body=$3 thr lat p50 p99 non2xx
  BODY="$body" wrk -t1 -c1 -d"$DURATION" -s scripts/wrk-post.lua "$url" > /dev/null
  lat=$(BODY="$body" wrk -t1 -c1 -d"$DURATION" --latency -s scripts/wrk-post.lua "$url")
  thr=$(BODY="$body" wrk -t2 -c16 -d"$DURATION" -s scripts/wrk-post.lua "$url")
  non2xx=$(printf '%s\n%s\n' "$thr" "$lat" | awk '/Non-2xx/ { s += $NF } END { print s + 0 }')
  p50=$(to_ms "$(printf '%s\n' "$lat" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(printf '%s\n' "$lat" | awk '$1 == "99%" { print $2 }')")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(printf '%s\n' "$thr" | awk '/Requests\/sec/ { printf "%.0f", $2 }')" "$p50" "$p99" \
    "$(stat -c %s "$body")" "$non2xx"
}

# a warm-up pass over every case first (WARMUP each, 4 connections), so that the compiler has seen all of them before
# any is measured: on two cores the first case measured otherwise ran at half its later throughput
WARMUP=${WARMUP:-10s}
CASES="typical-prefetch typical-fetch heavy-prefetch heavy4-prefetch heavy8-prefetch heavy-fetch untreated-pv-prefetch untreated-pv-fetch"
echo "benchmark: warming up ($WARMUP a case)" >&2
if [ -n "$peer" ]; then
  BODY="$OUT/requests/peer.json" wrk -t2 -c4 -d"$WARMUP" -s scripts/wrk-post.lua "http://127.0.0.1:$PEER_PORT/cds-services/probe-service" > /dev/null
fi
for c in $CASES; do
  BODY="$OUT/requests/$c.json" wrk -t2 -c4 -d"$WARMUP" -s scripts/wrk-post.lua "http://127.0.0.1:$PORT/cds-services/$(cat "$OUT/requests/$c.service")" > /dev/null
done

: > "$OUT/results.tsv"
if [ -n "$peer" ]; then
  run "HAPI trivial patient-view (peer)" "http://127.0.0.1:$PEER_PORT/cds-services/probe-service" "$OUT/requests/peer.json" >> "$OUT/results.tsv"
fi
for c in $CASES; do
  echo "benchmark: $c" >&2
  run "$c" "http://127.0.0.1:$PORT/cds-services/$(cat "$OUT/requests/$c.service")" "$OUT/requests/$c.json" >> "$OUT/results.tsv"
done
rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVICE_PID/status")

peer_rps=$(awk -F'\t' 'NR == 1 && /peer/ { print $2 }' "$OUT/results.tsv")
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1); wrk -t2 -c16 -d$DURATION (throughput), -t1 -c1 (latency); $(date -u +%F)"
echo
echo "| case | request bytes | req/s (16 conn.) | × peer | p50 ms (1 conn.) | p99 ms | non-2xx |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
awk -F'\t' -v peer="$peer_rps" '{ ratio = (peer > 0) ? sprintf("%.2f ×", $2 / peer) : ""; printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $5, $2, ratio, $3, $4, $6 }' "$OUT/results.tsv"
echo
echo "Service RSS after the run: ${rss} MB. Resources per patient: $(grep '^resources' "$OUT/server.log" | sed 's/resources //' | paste -sd ',' | sed 's/,/, /g')."

if command -v gnuplot >/dev/null; then
  awk -F'\t' '
    FNR == NR { if ($0 ~ /^resources /) { split($0, a, /[ :]+/); n[a[2]] = a[3] } ; next }
    $1 ~ /^heavy[0-9]*-prefetch$/ { k = $1; sub(/-prefetch/, "", k); print n[k], $3, $4 }' "$OUT/server.log" "$OUT/results.tsv" \
    | sort -n > "$OUT/latency-vs-history.dat"
  gnuplot <<GP
set terminal pngcairo size 800,500
set output "$OUT/latency-vs-history.png"
set title "order-sign with full prefetch: latency against history size (1 connection)"
set xlabel "resources in the prefetch"; set ylabel "ms"; set key left top; set grid
first = system("head -1 $OUT/latency-vs-history.dat")
n1 = real(word(first, 1)); p1 = real(word(first, 2))
plot "$OUT/latency-vs-history.dat" using 1:2 with linespoints title "p50", "" using 1:3 with linespoints title "p99", \
     p1 * x / n1 with lines dashtype 2 title "linear from the heavy p50"
GP
  echo "Plot: $OUT/latency-vs-history.png"
fi
