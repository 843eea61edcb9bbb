#!/usr/bin/env bash
# Time of POST /api/rules/validate for the shipped rules and golden cases, against a running service.
# Each request carries a new comment in thresholds.properties, so it is a candidate the service has
# not checked before (one that passed is remembered), and it waits for the warm check process that
# each check starts for the next (docs/rules.md), as an author validating a while after the last
# time would find it. A service without one (no "spare" in its health) is not waited for.
# Usage: AUTH=user:password bench/validate-latency.sh [requests] [base-url]   (a user with the rule-author role)
set -euo pipefail
: "${AUTH:?set AUTH=user:password of a user with the rule-author role}"
requests=${1:-9}
base_url=${2:-http://localhost:8080}
rules=$(cd "$(dirname "$0")/.." && pwd)/rules
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for run in $(seq 1 "$requests"); do
  while curl -s "$base_url/q/health/ready" | grep -q '"spare" *: *"starting"'; do sleep 0.05; done
  { cat "$rules/thresholds.properties"; printf '\n# validate-latency %s %s\n' "$run" "$(date +%s%N)"; } > "$work/thresholds.properties"
  files=(-F "file=@$work/thresholds.properties")
  for f in "$rules"/*.drl; do files+=(-F "file=@$f"); done
  for t in "$rules"/tests/*.json; do files+=(-F "file=@$t;filename=tests/$(basename "$t")"); done
  read -r status seconds < <(curl -s -u "$AUTH" -o "$work/answer.json" -w '%{http_code} %{time_total}\n' "${files[@]}" "$base_url/api/rules/validate")
  [[ $status == 200 ]] && grep -q '"passed":true' "$work/answer.json" || { echo "unexpected answer $status: $(cat "$work/answer.json")" >&2; exit 1; }
  echo "$seconds"
done | sort -n | awk '{ ms[NR] = $1 * 1000 } END { printf "requests=%d median=%.0f ms max=%.0f ms\n", NR, ms[int((NR + 1) / 2)], ms[NR] }'
