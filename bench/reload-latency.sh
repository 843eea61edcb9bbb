#!/usr/bin/env bash
# Time from saving a rule file to its outcome showing in GET /api/rules, against a running service
# that watches the folder. Each run saves an edit, waits until GET /api/rules answers differently
# (a new active version, a new pending change, or a new last failed attempt), then restores the file
# and waits for that to show too. Edits: a comment line appended to thresholds.properties and to
# verdict.drl (a new version that decides the same: ACTIVATED with approval off, PENDING with it on),
# and a syntax error appended to verdict.drl (REJECTED). Run it against a service started on a copy
# of the rules, not on a folder others are editing.
# Usage: AUTH=user:password bench/reload-latency.sh <rules-folder> [runs] [base-url]   (any user who may read rules)
set -euo pipefail
: "${AUTH:?set AUTH=user:password of a user who may read the rules}"
folder=${1:?usage: bench/reload-latency.sh <rules-folder> [runs] [base-url]}
runs=${2:-10}
base_url=${3:-http://localhost:8080}

rules_status() {
  curl -s -u "$AUTH" "$base_url/api/rules"
}

outcome() {
  local status=$1
  if [[ $status == *'"lastFailedAttempt":{'* ]]; then echo REJECTED
  elif [[ $status != *'"pendingChanges":0'* ]]; then echo PENDING
  else echo ACTIVATED; fi
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Each check uses the warm check process standing by and starts the next, which takes a few seconds
# to warm up (docs/rules.md): wait for it, as an author saving an edit a while after the last
# one would find it. A service without one (no "spare" in its health) is not waited for.
await_warm_check_process() {
  while curl -s "$base_url/q/health/ready" | grep -q '"spare" *: *"starting"'; do sleep 0.2; done
}

await_change_from() {
  local before=$1 started=$2 status
  status=$before
  while [[ $status == "$before" ]]; do
    (( $(now_ms) - started > 10000 )) && { echo "no outcome within 10 s" >&2; exit 1; }
    sleep 0.1
    status=$(rules_status)
  done
  printf '%s' "$status"
}

# measure <file> <label> <text appended>
measure() {
  local file=$1 label=$2 appended=$3 original before started status
  original=$(cat "$folder/$file"; printf x)
  for run in $(seq 1 "$runs"); do
    await_warm_check_process
    before=$(rules_status)
    started=$(now_ms)
    printf '\n%s %s\n' "$appended" "$run" >> "$folder/$file"
    status=$(await_change_from "$before" "$started")
    echo "$(( $(now_ms) - started )) $(outcome "$status")"
    printf '%s' "${original%x}" > "$folder/$file"
    await_change_from "$status" "$(now_ms)" > /dev/null
  done | sort -n | awk -v what="$label" '{ v[NR] = $1; seen[$2] = 1 }
      END { for (o in seen) outcomes = outcomes (outcomes ? "," : "") o
            printf "%s: %s runs=%d median=%d ms max=%d ms\n", what, outcomes, NR, v[int((NR + 1) / 2)], v[NR] }'
}

measure thresholds.properties "thresholds.properties comment" '# reload probe'
measure verdict.drl "verdict.drl comment" '// reload probe'
measure verdict.drl "verdict.drl syntax error" 'rule "reload probe" when then end end'
