#!/usr/bin/env bash
# Builds and starts the HAPI FHIR JPA server of it/hapi-jpa (hapi-fhir-jpaserver-base 8.8.0, in-memory H2, pages of 20)
# in the background on loopback, waits until it answers, and prints its FHIR base URL; the server stops with the shell
# that started it or with `kill $(cat target/hapi-jpa.pid)`. ScenariosOnHapiJpaTest runs the scenario suite against it:
#   export INOCDS_HAPI_JPA_URL=$(scripts/hapi-jpa.sh) && ./mvnw -B verify
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${HAPI_JPA_PORT:-18200}
mkdir -p target
./mvnw -B -q -f it/hapi-jpa/pom.xml -DskipTests package >&2
./mvnw -B -q -f it/hapi-jpa/pom.xml dependency:build-classpath -Dmdep.outputFile="$PWD/target/hapi-jpa.classpath" >&2
nohup java -Xmx768m -cp "it/hapi-jpa/target/classes:$(cat target/hapi-jpa.classpath)" org.inocds.it.HapiJpaServer \
  --server.port="$PORT" --server.address=127.0.0.1 > target/hapi-jpa.log 2>&1 &
echo $! > target/hapi-jpa.pid
for _ in $(seq 1 180); do
  if curl -sf -o /dev/null "http://127.0.0.1:$PORT/fhir/metadata"; then
    echo "http://127.0.0.1:$PORT/fhir"
    exit 0
  fi
  kill -0 "$(cat target/hapi-jpa.pid)" 2>/dev/null || break
  sleep 1
done
echo "hapi-jpa: the server did not start; see target/hapi-jpa.log" >&2
tail -20 target/hapi-jpa.log >&2
exit 1
