#!/usr/bin/env bash
# Load benchmark: order-sign latency and throughput over HTTP on this machine (see LoadBenchmark).
#   scripts/benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=test
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/benchmark.classpath)" org.inocds.bench.LoadBenchmark
