#!/usr/bin/env bash
# Start to ready (readiness answering 200) of the packaged service: plain on the default java, with class data sharing
# on it, and — when a Java 25 or later is found (JAVA_AOT, or /usr/lib/jvm/*-25*) — with its ahead-of-time cache, the
# Dockerfile's steps: the jar extracted with Spring Boot's jarmode tools, the cache written by a training start that
# stops once the context is refreshed, then every start mapping it, with the GC and JVM options of deploy/kubernetes.
# Each is timed RUNS times (3). About 2 minutes.
#   scripts/start-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18226}
RUNS=${RUNS:-3}
OUT=target/start-time
JAVA_AOT=${JAVA_AOT:-$(ls -d /usr/lib/jvm/*-25*/bin/java /usr/lib/jvm/*-2[6-9]*/bin/java 2>/dev/null | head -1 || true)}
# the deployment's JVM options (deploy/kubernetes/deployment.yaml), its memory limit standing for the container's
DEPLOYED=$(scripts/deployed-jvm-options.sh)
./mvnw -B -q -DskipTests package
rm -rf "$OUT" && mkdir -p "$OUT"
cp target/inotuzumab-cds-*.jar "$OUT/inotuzumab-cds.jar"
java -Djarmode=tools -jar "$OUT/inotuzumab-cds.jar" extract --destination "$OUT/app" > /dev/null
# training starts: an in-memory database, so that nothing of them is kept but the archive or cache
train() { "$@" -Dspring.context.exit=onRefresh -jar "$OUT/app/inotuzumab-cds.jar" --spring.datasource.url=jdbc:h2:mem:training \
  --server.port=0 > "$OUT/training.log" 2>&1; }
train java -XX:ArchiveClassesAtExit="$OUT/app/app.jsa"
if [ -n "$JAVA_AOT" ]; then
  # shellcheck disable=SC2086
  train "$JAVA_AOT" $DEPLOYED -XX:AOTCacheOutput="$OUT/app/app.aot"
fi

# seconds from launch to the first 200 from the readiness probe
ready_after() {
  local start end pid
  start=$(date +%s%N)
  MALLOC_ARENA_MAX=2 "$@" -jar "$OUT/app/inotuzumab-cds.jar" --spring.datasource.url=jdbc:h2:mem:start --server.port="$PORT" \
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
times() { local all=() i; for i in $(seq 1 "$RUNS"); do all+=("$(ready_after "$@")"); done; (IFS=/; echo "${all[*]}"); }

echo "Start to ready on $(nproc) cores, seconds, $RUNS starts each:"
echo "  $(java -version 2>&1 | head -1), plain: $(times java -Xshare:auto)"
echo "  same, class data sharing: $(times java -XX:SharedArchiveFile="$OUT/app/app.jsa")"
if [ -n "$JAVA_AOT" ]; then
  # shellcheck disable=SC2086
  echo "  $("$JAVA_AOT" -version 2>&1 | head -1), deployment's options, plain: $(times "$JAVA_AOT" $DEPLOYED)"
  # shellcheck disable=SC2086
  echo "  same, ahead-of-time cache (the Dockerfile): $(times "$JAVA_AOT" $DEPLOYED -XX:AOTCache="$OUT/app/app.aot")"
else
  echo "  no Java 25 found (JAVA_AOT): the Dockerfile's ahead-of-time cache not measured"
fi
