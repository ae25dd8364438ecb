#!/usr/bin/env bash
# Two replicas behind HAProxy on loopback, sharing one PostgreSQL: load through the balancer, one replica killed with
# SIGKILL mid-run, then the ledger (org.inocds.bench.ScaleOutRun): answers by status, errors after the kill, feedback
# acknowledged vs found in the database, and a token id replayed on the other replica.
#
#   scripts/scale-out.sh        # needs haproxy and PostgreSQL (Debian: apt-get install haproxy postgresql); ~2 minutes
#
# PostgreSQL: INOCDS_SCALE_POSTGRES_URL/_USER/_PASSWORD name an empty database (default: the CI test database that
# .ci/run creates, jdbc:postgresql://127.0.0.1:5432/inocds_test as inocds/inocds). It is cleared by Flyway's migrations
# only in the sense that the service creates its tables there if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
DB_URL=${INOCDS_SCALE_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/inocds_test}
DB_USER=${INOCDS_SCALE_POSTGRES_USER:-inocds}
DB_PASSWORD=${INOCDS_SCALE_POSTGRES_PASSWORD:-inocds}
SECONDS_OF_LOAD=${SECONDS_OF_LOAD:-30}
LB=18180; A=18181; B=18182
OUT=target/scale-out
command -v haproxy >/dev/null || { echo "scale-out: haproxy is not installed (apt-get install haproxy)" >&2; exit 2; }
mkdir -p "$OUT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/benchmark.classpath)"
JWKS=$(java -cp "$CP" org.inocds.bench.ScaleOutRun keys "$OUT/issuer-key.json")
JAR=$(ls target/inotuzumab-cds-*.jar | grep -v original | head -1)

replica() {
  java -Xmx512m -jar "$JAR" --server.port="$1" --logging.level.root=warn \
    --spring.datasource.url="$DB_URL" --spring.datasource.username="$DB_USER" --spring.datasource.password="$DB_PASSWORD" \
    --inocds.security.jwt.required=true --inocds.security.jwt.replay-store=DATABASE \
    --inocds.security.jwt.audience=https://cds.bench.example/cds-services \
    --inocds.security.jwt.issuers[0].iss=https://scale-out.bench.example --inocds.security.jwt.issuers[0].jwks="$JWKS" \
    --inocds.sandbox.open=true --inocds.security.fhir-servers.allowlist[0].origin=http://127.0.0.1:$LB \
    --inocds.limits.max-concurrent-per-client=1000 > "$OUT/replica-$1.log" 2>&1 &
  echo $!
}
PID_A=$(replica $A); pids+=("$PID_A")
PID_B=$(replica $B); pids+=("$PID_B")

cat > "$OUT/haproxy.cfg" <<CFG
global
  maxconn 2000
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  # a connection refused by a dead replica is tried on the other; a request already sent is not (it may have been acted on)
  retries 2
  option redispatch
frontend cds
  bind 127.0.0.1:$LB
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /actuator/health/readiness
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2
  server a 127.0.0.1:$A check
  server b 127.0.0.1:$B check
CFG
haproxy -f "$OUT/haproxy.cfg" > "$OUT/haproxy.log" 2>&1 &
pids+=($!)

for port in $A $B; do
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" && break
    sleep 1
  done
  curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" || { echo "replica $port did not start" >&2; cat "$OUT/replica-$port.log" >&2; exit 1; }
done
sleep 2 # both marked up by the balancer's checks

java -cp "$CP" org.inocds.bench.ScaleOutRun run "$OUT/issuer-key.json" "http://127.0.0.1:$LB" "http://127.0.0.1:$A" "http://127.0.0.1:$B" \
  "$PID_A" "$DB_URL" "$DB_USER" "$DB_PASSWORD" "$SECONDS_OF_LOAD"
