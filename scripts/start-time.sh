#!/usr/bin/env bash
# Start to ready (readiness answering 200) of the packaged service, plain and with class data sharing — the steps the
# Dockerfile takes: the jar extracted with Spring Boot's jarmode tools, an archive written by a training start that
# stops once the context is refreshed, then every start mapping that archive. About 1 minute.
#   scripts/start-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18226}
OUT=target/start-time
./mvnw -B -q -DskipTests package
rm -rf "$OUT" && mkdir -p "$OUT"
cp target/inotuzumab-cds-*.jar "$OUT/inotuzumab-cds.jar"
java -Djarmode=tools -jar "$OUT/inotuzumab-cds.jar" extract --destination "$OUT/app" > /dev/null
# the training start: an in-memory database, so that nothing of it is kept but the archive
java -XX:ArchiveClassesAtExit="$OUT/app/app.jsa" -Dspring.context.exit=onRefresh -jar "$OUT/app/inotuzumab-cds.jar" \
  --spring.datasource.url=jdbc:h2:mem:training --server.port=0 > "$OUT/training.log" 2>&1

# seconds from launch to the first 200 from the readiness probe
ready_after() {
  local start end pid
  start=$(date +%s%N)
  java "$@" -jar "$OUT/app/inotuzumab-cds.jar" --spring.datasource.url=jdbc:h2:mem:start --server.port="$PORT" \
    > "$OUT/start.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/actuator/health/readiness")" = 200 ] && break
    sleep 0.1
  done
  end=$(date +%s%N)
  kill "$pid" && wait "$pid" 2>/dev/null || true
  awk -v ns=$((end - start)) 'BEGIN { printf "%.1f", ns / 1e9 }'
}

plain=$(ready_after -Xshare:auto)
shared=$(ready_after -XX:SharedArchiveFile="$OUT/app/app.jsa")
echo "Start to ready on $(nproc) cores, $(java -version 2>&1 | head -1): plain ${plain} s; with class data sharing ${shared} s"
