#!/usr/bin/env bash
# JMH: an order-sign call in process from request bytes to response bytes, for the typical and heavy (× 1, 4, 8)
# patients, beside its floors (Jackson reading the request, HAPI parsing its resources), in one run. Not part of verify.
# Each call is timed (JMH sample mode); the table to read is the p0.50 rows (the median), and the ratio of a call to its
# floors in the same run.
#   scripts/jmh.sh                 # about 9 minutes on 2 cores
#   scripts/jmh.sh -p patient=heavy8 -wi 1 -i 3     # any JMH options
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Pjmh -DskipTests test-compile
./mvnw -B -q -Pjmh dependency:build-classpath -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main RequestToResponseBenchmark \
  -rf text -rff target/jmh-result.txt "$@"
