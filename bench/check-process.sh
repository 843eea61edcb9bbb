#!/usr/bin/env bash
# The CPU time of one spare check process, as the service starts it: the JVM's start, the warm-up on the
# bundled rules, the exit (no candidate is sent). Runs it several times one after the other and prints each
# run's user + system CPU seconds, sorted, then the median.
# Usage: bench/check-process.sh [runs]      (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/check-classpath.txt -Dmdep.includeScope=runtime
# The class path the service gives a check process (ChildClassPath), out of the application's.
classpath=$(java -cp "target/test-classes:target/classes:$(cat target/check-classpath.txt)" \
  io.aigov.ruleset.isolation.service.ChildClassPathPrinter)
TIMEFORMAT='%U %S'
for _ in $(seq "$runs"); do
  { time java -Xmx256m -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      -cp "$classpath" io.aigov.ruleset.isolation.child.CandidateCheckMain --warm-up < /dev/null > /dev/null 2> /dev/null; } 2>&1
done | awk '{ printf "%.2f\n", $1 + $2 }' | sort -n \
  | awk '{ cpu[NR] = $1; print "run: " $1 " s" } END { print "median: " cpu[int((NR + 1) / 2)] " s of CPU time" }'
