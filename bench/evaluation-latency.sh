#!/usr/bin/env bash
# Sequential latency of POST /api/evaluations, audit write included, against a running service.
# Usage: AUTH=user:password bench/evaluation-latency.sh [requests] [base-url]   (a user with the submitter role)
# Prints the median, p90, p99 and max of curl's total time per request, after a warm-up.
set -euo pipefail
: "${AUTH:?set AUTH=user:password of a user with the submitter role}"
requests=${1:-1000}
base_url=${2:-http://localhost:8080}
warmup=${WARMUP:-200}
body=$(cd "$(dirname "$0")/.." && pwd)/bench/use-case.json
times=$(mktemp)
trap 'rm -f "$times"' EXIT

post() {
  curl -s -u "$AUTH" -o /dev/null -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/json' \
    --data-binary @"$body" "$base_url/api/evaluations"
}

for _ in $(seq 1 "$warmup"); do post > /dev/null; done
for _ in $(seq 1 "$requests"); do
  read -r status seconds < <(post)
  [[ $status == 201 ]] || { echo "unexpected status $status" >&2; exit 1; }
  echo "$seconds" >> "$times"
done

sort -n "$times" | awk -v n="$requests" '
  { ms[NR] = $1 * 1000 }
  function at(q) { i = int(q * n + 0.999999); if (i < 1) i = 1; return ms[i] }
  END { printf "requests=%d median=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms\n", n, at(0.5), at(0.9), at(0.99), ms[n] }'
