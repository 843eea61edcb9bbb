#!/usr/bin/env bash
# The decision core's JMH benchmarks (bench/decision-core.sh) on this tree and on an earlier commit, run
# alternately in one go, so both sides see the same machine: figures on a shared machine drift by a fifth
# within minutes, and only a comparison made side by side says what a change did.
# Prints each round's medians (JMH's p0.50, in microseconds), then the median of the rounds for each side
# and this tree's figure as a share of the earlier one.
# Usage: bench/decision-core-versus.sh <commit> [rounds] [JMH options]
#   e.g. bench/decision-core-versus.sh HEAD~3 3        (the earlier commit must have the benchmark)
#        bench/decision-core-versus.sh main 5 decideTheReadmeUseCase -wi 3
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: $0 <commit> [rounds] [JMH options]" >&2
  exit 2
fi
earlier_commit=$1
rounds=${2:-3}
shift $(( $# < 2 ? $# : 2 ))

earlier=$(mktemp -d)/earlier
git worktree add --detach --quiet "$earlier" "$earlier_commit"
trap 'git worktree remove --force "$earlier"' EXIT

prepare() {
  (cd "$1" && ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test)
}
medians() { # tree, JMH options: one line per benchmark, "<benchmark> <median>"
  (cd "$1" && java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main "${@:2}") |
    awk '$1 ~ /:p0\.50$/ { sub(/:p0\.50$/, "", $1); sub(/^.*\./, "", $1); print $1, $(NF - 1) }'
}

prepare "$earlier"
prepare .
results=$(mktemp)
for round in $(seq 1 "$rounds"); do
  medians "$earlier" "$@" | sed "s/^/$round earlier /" | tee -a "$results"
  medians . "$@" | sed "s/^/$round this /" | tee -a "$results"
done

echo
echo "Median of $rounds rounds, microseconds (earlier = $earlier_commit):"
for benchmark in $(awk '{ print $3 }' "$results" | sort -u); do
  median() { awk -v side="$1" -v b="$benchmark" '$2 == side && $3 == b { print $4 }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
  before=$(median earlier)
  after=$(median this)
  awk -v b="$benchmark" -v x="$before" -v y="$after" 'BEGIN { printf "%-36s earlier %10.1f  this %10.1f  ratio %.2f\n", b, x, y, y / x }'
done
