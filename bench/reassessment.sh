#!/usr/bin/env bash
# How long a new ruleset version takes to decide every inventoried use case again, and what that does
# to evaluations answered meanwhile.
#
# Usage: bench/reassessment.sh [use-cases]        (default 10000)
#
# Starts the packaged service (APP, default target/quarkus-app, built first if missing) on a new database
# aigov_reassessment of the server PGHOST:PGPORT as PGUSER (default 127.0.0.1:5432, postgres), on a copy
# of rules/, with ALLOWED proposals approved at submission. Submits the given number of distinct use cases
# (each approved at once: in use), then measures the latency of POST /api/evaluations, one client, every
# body distinct, for BASELINE_SECONDS (default 30): the usual latency. Then changes a threshold (a new
# version serves), keeps the same client evaluating while the service decides every use case again in
# the background, and prints how long the pass took (the service's own log line) and the latency of the
# evaluations answered during it, with the ratio of the two p99s. JAVA_OPTIONS is passed to the service.
set -euo pipefail
cd "$(dirname "$0")/.."
use_cases=${1:-10000}
baseline_seconds=${BASELINE_SECONDS:-30}
database=aigov_reassessment
port=${PORT:-18490}
base_url="http://127.0.0.1:$port"
password=reassessment-bench-password
# shellcheck source=bench/packaged-service.sh
source bench/packaged-service.sh
sampler=
stop() {
  if [[ -n $sampler ]]; then kill "$sampler" 2> /dev/null && wait "$sampler" 2> /dev/null || true; fi
  stop_service
}
trap stop EXIT

cp -r rules "$work/rules"
start_service "$database" "$port" "$password" -Daigov.rules.directory="$work/rules" -Daigov.rules.approval-required=false \
  -Daigov.proposals.auto-approve-allowed=true
add_bench_user "$port" "$password" submitter rule-author
auth="bench:$password"

# A use case no regime concerns, ALLOWED: approved at submission. Each has a volume of its own.
use_case() {
  printf '{"useCase": {"name": "Inventoried %s", "dailyRequestVolume": %s, "consistency": "STRICT", "labeledExamples": 400,
    "stableMonths": 2, "timeToProductionWeeks": 4, "latencyBudgetMs": 150, "vocabulary": "STANDARD"},
    "owner": "bench-owner", "businessJustification": "Inventory scale."}' "$1" "$((1000 + $1))"
}
export -f use_case
export auth base_url
state=$(use_case 0 | curl -s -u "$auth" -H 'Content-Type: application/json' --data-binary @- "$base_url/api/proposals" \
  | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p')
[[ $state == APPROVED ]] || { echo "the seed use case was not approved at submission: $state" >&2; exit 1; }
started=$(date +%s)
seq 1 $((use_cases - 1)) | xargs -P 4 -I{} bash -c 'use_case {} | curl -s -o /dev/null -w "%{http_code}\n" -u "$auth" \
  -H "Content-Type: application/json" --data-binary @- "$base_url/api/proposals"' | sort | uniq -c \
  | awk '{ print "submitted: " $1 " answered " $2 }'
in_use=$(psql -tA -d "$database" -c "select count(*) from proposal where state = 'APPROVED'")
echo "use cases in use: $in_use (seeded in $(( $(date +%s) - started )) s)"

# One client evaluating, every body distinct, writing each answer's status and seconds to the file named.
sample() {
  local i=0
  while :; do
    i=$((i + 1))
    sed "s/\"dailyRequestVolume\": [0-9]*/\"dailyRequestVolume\": $((200000000 + $1 * 1000000 + i))/" bench/use-case.json \
      | curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -u "$auth" -H 'Content-Type: application/json' \
        --data-binary @- "$base_url/api/evaluations" >> "$2"
  done
}
latency() {
  awk '$1 == 201 { print $2 * 1000 }' "$1" | sort -n | awk '
    { ms[NR] = $1 }
    function at(q) { i = int(q * NR + 0.999999); if (i < 1) i = 1; return ms[i] }
    END { printf "evaluations=%d median=%.1f ms p99=%.1f ms max=%.1f ms\n", NR, at(0.5), at(0.99), ms[NR] }'
}
p99() { awk '$1 == 201 { print $2 * 1000 }' "$1" | sort -n | awk '{ ms[NR] = $1 } END { i = int(0.99 * NR + 0.999999); print ms[i] }'; }

sample 1 "$work/warm-up" & sampler=$!; sleep 10; kill $sampler; wait $sampler 2> /dev/null || true
sample 2 "$work/baseline" & sampler=$!; sleep "$baseline_seconds"; kill $sampler; wait $sampler 2> /dev/null || true
sampler=
echo "usual:  $(latency "$work/baseline")"

# CPU seconds (user + system) the service's JVM and every PostgreSQL process have used so far.
cpu_seconds() {
  local tick; tick=$(getconf CLK_TCK)
  awk -v tick="$tick" '{ sum += $14 + $15 } END { printf "%.1f", sum / tick }' /proc/"$service"/stat
}
postgres_cpu_seconds() {
  local tick; tick=$(getconf CLK_TCK)
  for pid in $(pgrep -x postgres); do cat /proc/"$pid"/stat 2> /dev/null; done \
    | sed 's/^[0-9]* ([^)]*) //' | awk -v tick="$tick" '{ sum += $12 + $13 } END { printf "%.1f", sum / tick }'
}
passes() { grep -c 'serves (activated): .* decided again here' "$work/service.log" || true; }
before=$(passes)
java_before=$(cpu_seconds) postgres_before=$(postgres_cpu_seconds)
sample 3 "$work/during" & sampler=$!
sed 's/^volume.fineTuning.min = 50000/volume.fineTuning.min = 50001/' "$work/rules/thresholds.properties" \
  | curl -s -o /dev/null -w 'threshold changed: %{http_code}\n' -u "$auth" -X PUT -H 'Content-Type: text/plain' \
    --data-binary @- "$base_url/api/rules/files/thresholds.properties"
until (( $(passes) > before )); do
  kill -0 "$service" 2> /dev/null || { tail -50 "$work/service.log" >&2; exit 1; }
  sleep 0.5
done
kill $sampler; wait $sampler 2> /dev/null || true
sampler=
echo "CPU during the pass (the evaluations' included): service $(awk -v a="$(cpu_seconds)" -v b="$java_before" 'BEGIN { print a - b }') s," \
  "PostgreSQL $(awk -v a="$(postgres_cpu_seconds)" -v b="$postgres_before" 'BEGIN { print a - b }') s"
grep -o 'serves (activated): .* decided again here in .*' "$work/service.log" | tail -1
echo "during: $(latency "$work/during")"
awk -v during="$(p99 "$work/during")" -v usual="$(p99 "$work/baseline")" 'BEGIN { printf "p99 during / usual: %.2f\n", during / usual }'
