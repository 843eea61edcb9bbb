#!/usr/bin/env bash
# The decision core alone, on the shipped rules, with JMH (src/test/java/io/aigov/bench/core/DecisionCoreBenchmark.java):
# one decision of bench/use-case.json, one of bench/use-case-all-regimes.json, and the why-not search an answer carries.
# No HTTP, no database. Prints JMH's sample-time table: the median is the p0.50 row of each benchmark, in microseconds.
# Usage: bench/decision-core.sh [JMH options]   e.g. -f 3 for three forks, or a benchmark name pattern such as searchWhyNot
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main "$@"
