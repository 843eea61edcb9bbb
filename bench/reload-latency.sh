#!/usr/bin/env bash
# Time from saving a rule file to its version serving, against a running service that watches
# the folder. It appends a comment line to a file (a new version that decides the same), waits
# until GET /api/rules shows a new active version, then restores the file. Run it against a
# service started on a copy of the rules, not on a folder others are editing.
# Usage: AUTH=user:password bench/reload-latency.sh <rules-folder> [runs] [base-url]   (any user who may read rules)
set -euo pipefail
: "${AUTH:?set AUTH=user:password of a user who may read the rules}"
folder=${1:?usage: bench/reload-latency.sh <rules-folder> [runs] [base-url]}
runs=${2:-10}
base_url=${3:-http://localhost:8080}

active_version() {
  curl -s -u "$AUTH" "$base_url/api/rules" | grep -o '"active":{"version":"[0-9a-f]*"' | cut -d '"' -f 6
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Each check uses the warm check process standing by and starts the next, which takes a few seconds
# to warm up (README, "Rules"): wait for it, as an author saving an edit a while after the last
# one would find it. A service without one (no "spare" in its health) is not waited for.
await_warm_check_process() {
  while curl -s "$base_url/q/health/ready" | grep -q '"spare" *: *"starting"'; do sleep 0.05; done
}

measure() {
  local file=$1 original before started version
  original=$(cat "$folder/$file"; printf x)
  for run in $(seq 1 "$runs"); do
    await_warm_check_process
    before=$(active_version)
    started=$(now_ms)
    if [[ $file == *.drl ]]; then comment='//'; else comment='#'; fi
    printf '\n%s reload probe %s\n' "$comment" "$run" >> "$folder/$file"
    version=$before
    while [[ $version == "$before" ]]; do
      (( $(now_ms) - started > 10000 )) && { echo "no reload within 10 s" >&2; exit 1; }
      sleep 0.02
      version=$(active_version)
    done
    echo $(( $(now_ms) - started ))
    printf '%s' "${original%x}" > "$folder/$file"
    before=$version
    while [[ $(active_version) == "$before" ]]; do sleep 0.05; done
  done | sort -n | awk -v what="$file" '{ v[NR] = $1 } END { printf "%s: runs=%d median=%d ms max=%d ms\n", what, NR, v[int((NR + 1) / 2)], v[NR] }'
}

measure thresholds.properties
measure verdict.drl
