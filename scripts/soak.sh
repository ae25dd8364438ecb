#!/usr/bin/env bash
# Soak: the packaged service on its embedded default (demo profile: file H2 in a fresh folder, JWT off, the default
# per-client limit) under the highest load this machine gives it for a while, on loopback only, with wrk. Every call
# fetches the patient's record from the service's own embedded FHIR server (no prefetch). The JVM runs with the pod's
# options (scripts/deployed-jvm-options.sh: serial GC, code cache and metaspace bounds) and a heap bounded at HEAP, with
# MALLOC_ARENA_MAX=2 as in the image. Prints the errors (non-2xx and socket errors), the resident memory every 10 s as
# it is sampled, a class histogram diff between minute 1 and the end (growth vs warm-up), how much the database grew
# per call answered, and a verdict on RSS: the last minute's range, and the growth of the final third of the run over
# the middle third, which must stay within RSS_BOUND_MB.
#
#   scripts/soak.sh                       # 3 minutes, 8 connections; needs wrk
#   CONNECTIONS=32 scripts/soak.sh        # as many as the default per-client limit lets one client hold
#   DURATION=600 HEAP=256m scripts/soak.sh
#
# Exits non-zero on any non-2xx answer, any socket error, or RSS growing past the bound. Figures of a run: docs/soak.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-180}
CONNECTIONS=${CONNECTIONS:-8}
HEAP=${HEAP:-256m}
RSS_BOUND_MB=${RSS_BOUND_MB:-24}
TIMEOUT=${TIMEOUT:-10s}
PORT=${PORT:-18095}
OUT=target/soak
BODY=${BODY:-examples/order-sign-wrong-dose.json}

command -v wrk >/dev/null || { echo "soak: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ "$DURATION" -ge 90 ] || { echo "soak: DURATION must be at least 90 s (thirds of at least 30 s)" >&2; exit 2; }
jar=$(ls target/inotuzumab-cds-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$jar" ]; then
  echo "soak: packaging" >&2
  ./mvnw -B -q -DskipTests package
  jar=$(ls target/inotuzumab-cds-*.jar | grep -v plain | head -1)
fi
rm -rf "$OUT" && mkdir -p "$OUT/data"
# shellcheck disable=SC2046
jvm=($(scripts/deployed-jvm-options.sh) "-Xmx$HEAP")
echo "soak: JVM options ${jvm[*]}, MALLOC_ARENA_MAX=2" >&2
MALLOC_ARENA_MAX=2 java "${jvm[@]}" -jar "$jar" --server.port="$PORT" \
  --spring.datasource.url="jdbc:h2:file:./$OUT/data/inocds;RETENTION_TIME=0" \
  --logging.level.root=warn > "$OUT/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness" && break
  sleep 1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness" || { echo "soak: the service did not start" >&2; cat "$OUT/server.log" >&2; exit 1; }

url="http://127.0.0.1:$PORT/cds-services/inotuzumab-order-sign"
# the example names the embedded FHIR server on the default port: here it is on this run's port (no prefetch: fetched)
sed "s#http://localhost:8080/fhir#http://localhost:$PORT/fhir#g" "$BODY" > "$OUT/request.json"
BODY="$OUT/request.json"
BODY="$BODY" wrk -t2 -c4 -d10s -s scripts/wrk-post.lua "$url" > /dev/null   # warm-up
db_before=$(du -sb "$OUT/data" | cut -f1)

echo "soak: ${DURATION}s at $CONNECTIONS connections against $url" >&2
BODY="$BODY" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout "$TIMEOUT" -s scripts/wrk-post.lua "$url" > "$OUT/wrk.txt" &
wrk_pid=$!
: > "$OUT/rss.tsv"
start=$SECONDS
next=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  t=$((SECONDS - start))
  if [ "$t" -ge "$next" ]; then   # every 10 s of the run, whatever the machine's pace
    rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
    printf '%s\t%s\n' "$t" "$rss" >> "$OUT/rss.tsv"
    echo "soak: ${t}s RSS $((rss / 1024)) MB" >&2
    next=$((next + 10))
  fi
  if [ "$t" -ge 60 ] && [ ! -s "$OUT/histogram-60s.txt" ]; then
    jcmd "$pid" GC.class_histogram > "$OUT/histogram-60s.txt" 2>/dev/null || true
  fi
  sleep 1
done
wait "$wrk_pid"
jcmd "$pid" GC.class_histogram > "$OUT/histogram-end.txt" 2>/dev/null || true
db_after=$(du -sb "$OUT/data" | cut -f1)

requests=$(awk '/requests in/ { print $1 }' "$OUT/wrk.txt")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$OUT/wrk.txt")
socket=$(awk '/Socket errors/ { print }' "$OUT/wrk.txt")
echo "requests: $requests ($(awk '/Requests\/sec/ { print $2 }' "$OUT/wrk.txt") a second); latency $(awk '/Latency/ { print "mean " $2 ", max " $4 }' "$OUT/wrk.txt")"
echo "non-2xx: ${non2xx:-0}; socket errors: ${socket:-none}"
echo "RSS (MB) every 10 s: $(awk '{ printf "%d ", $2 / 1024 }' "$OUT/rss.tsv")"
echo "database: $db_before → $db_after bytes; $(awk -v a="$db_before" -v b="$db_after" -v r="$requests" 'BEGIN { printf "%.1f", (b - a) / r }') bytes a call"
if [ -s "$OUT/histogram-60s.txt" ] && [ -s "$OUT/histogram-end.txt" ]; then
  echo "heap classes that grew most from minute 1 to the end (bytes, instances; a full GC precedes each histogram):"
  awk 'FNR == NR && $1 ~ /^[0-9]+:$/ { b[$4] = $3; n[$4] = $2; next }
       $1 ~ /^[0-9]+:$/ { d = $3 - b[$4]; if (d > 0) printf "  %+12d %+10d %s\n", d, $2 - n[$4], $4 }' \
    "$OUT/histogram-60s.txt" "$OUT/histogram-end.txt" | sort -k1,1nr | sed -n 1,8p
  echo "  live heap: $(awk '/^Total/ { print $3 }' "$OUT/histogram-60s.txt") → $(awk '/^Total/ { print $3 }' "$OUT/histogram-end.txt") bytes"
fi

# The verdict on RSS: the samples in thirds of the run; the final third's highest over the middle third's highest.
verdict=$(awk -v bound="$RSS_BOUND_MB" '
  { v[NR] = $2 / 1024 } END {
    n = NR; third = int(n / 3); if (third < 1) { print "FAIL too few samples"; exit }
    for (i = third + 1; i <= 2 * third; i++) if (v[i] > mid) mid = v[i]
    for (i = 2 * third + 1; i <= n; i++) if (v[i] > last) last = v[i]
    lo = 1e9; hi = 0; for (i = (n > 6 ? n - 5 : 1); i <= n; i++) { if (v[i] < lo) lo = v[i]; if (v[i] > hi) hi = v[i] }
    verdict = "ok"; if (last - mid > bound) verdict = "FAIL"
    printf "%s last minute %d–%d MB; highest in the middle third %d MB, in the final third %d MB (growth %+d MB, bound %d MB)", verdict, lo, hi, mid, last, last - mid, bound }' "$OUT/rss.tsv")
echo "RSS: $verdict"
[ "${non2xx:-0}" = 0 ] && [ -z "$socket" ] && [ "${verdict%% *}" = ok ]
