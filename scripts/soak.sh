#!/usr/bin/env bash
# Soak: the packaged service on its embedded default (demo profile: file H2 in a fresh folder, JWT off) under the
# highest load this machine gives it for a while, on loopback only, with wrk. Prints the errors (non-2xx and socket
# errors), the resident memory sampled every 10 s (it must level off, not climb), and how much the database grew per
# call answered (the issued-card log: one small row a card, purged by retention).
#
#   scripts/soak.sh                       # 3 minutes, 16 connections; needs wrk (Debian: apt-get install wrk)
#   DURATION=60 CONNECTIONS=32 scripts/soak.sh
#
# What it checks and the figures of a run: docs/soak.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-180}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18095}
OUT=target/soak
BODY=${BODY:-examples/order-sign-wrong-dose.json}

command -v wrk >/dev/null || { echo "soak: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
jar=$(ls target/inotuzumab-cds-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$jar" ]; then
  echo "soak: packaging" >&2
  ./mvnw -B -q -DskipTests package
  jar=$(ls target/inotuzumab-cds-*.jar | grep -v plain | head -1)
fi
rm -rf "$OUT" && mkdir -p "$OUT/data"
java -Xmx512m -jar "$jar" --server.port="$PORT" --spring.datasource.url="jdbc:h2:file:./$OUT/data/inocds;RETENTION_TIME=0" \
  --logging.level.root=warn > "$OUT/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
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
BODY="$BODY" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s scripts/wrk-post.lua "$url" > "$OUT/wrk.txt" &
wrk_pid=$!
: > "$OUT/rss.tsv"
t=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  printf '%s\t%s\n' "$t" "$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")" >> "$OUT/rss.tsv"
  sleep 10
  t=$((t + 10))
done
wait "$wrk_pid"
db_after=$(du -sb "$OUT/data" | cut -f1)

requests=$(awk '/requests in/ { print $1 }' "$OUT/wrk.txt")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$OUT/wrk.txt")
socket=$(awk '/Socket errors/ { print }' "$OUT/wrk.txt")
echo "requests: $requests ($(awk '/Requests\/sec/ { print $2 }' "$OUT/wrk.txt") a second)"
echo "non-2xx: ${non2xx:-0}; socket errors: ${socket:-none}"
echo "RSS (kB) every 10 s: $(cut -f2 "$OUT/rss.tsv" | paste -sd' ')"
echo "RSS first / last minute mean (kB): $(awk 'NR<=6 { a += $2; n++ } END { printf "%.0f", a / n }' "$OUT/rss.tsv") / $(tail -6 "$OUT/rss.tsv" | awk '{ a += $2; n++ } END { printf "%.0f", a / n }')"
echo "database: $db_before → $db_after bytes; $(awk -v a="$db_before" -v b="$db_after" -v r="$requests" 'BEGIN { printf "%.1f", (b - a) / r }') bytes a call"
[ "${non2xx:-0}" = 0 ] && [ -z "$socket" ]
