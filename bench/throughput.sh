#!/usr/bin/env bash
# Audited evaluations per second under concurrent load, against the raw insert rate of rows of the
# same size into a plain table of the same PostgreSQL, measured side by side in each round.
#
# Usage: bench/throughput.sh [seconds] [clients] [rounds]        (defaults: 20 16 3)
#
# Starts the packaged service (APP, default target/quarkus-app, built first if missing) on a new database
# aigov_throughput of the server PGHOST:PGPORT as PGUSER (default 127.0.0.1:5432, postgres), then,
# warms it up with each of bench/use-case.json and bench/use-case-all-regimes.json (WARMUP_SECONDS
# each, default 20: the JIT compiler is still busy for the first seconds), then, per round and body:
# `wrk` with the given clients for the given seconds (and once more with bench/use-case.json, every request
# with a dailyRequestVolume of its own: use-case-distinct), a check that every 201 has its audit row, and
# `pgbench` inserting rows of that body's average audit-row size with as many clients for as long.
# Prints each measurement, then the medians over the rounds. Installs wrk and pgbench from Debian
# when they are missing. JAVA_OPTIONS, if set, is passed to the service's JVM (a flight recording, say).
# BODIES names the bodies to run (default: use-case use-case-all-regimes use-case-distinct). STRESS_CPUS=N
# keeps N workers of `stress-ng --cpu` busy beside the service from the warm-up to the end (installed
# from Debian when missing), as other work on the same machine would. Each measurement also counts the
# answers whose counterfactuals were incomplete (`"complete":false` in their audit rows), and of those how
# many still had no COUNTERFACTUALS record completing them a minute after the clients stopped, and the
# answers whose counterfactuals the service gave again from those it keeps (search_cache_hits: none
# where every body is distinct, across the warm-up and every round).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
clients=${2:-16}
rounds=${3:-3}
database=aigov_throughput
port=${PORT:-18480}
base_url="http://127.0.0.1:$port"
password=throughput-bench-password

if ! command -v wrk > /dev/null || ! command -v pgbench > /dev/null; then
  apt-get update -q && apt-get install -y -q wrk postgresql-client
fi
if [[ -n ${STRESS_CPUS:-} ]] && ! command -v stress-ng > /dev/null; then
  apt-get update -q && apt-get install -y -q stress-ng
fi
# shellcheck source=bench/packaged-service.sh
source bench/packaged-service.sh
stress=
stop() {
  if [[ -n $stress ]]; then kill "$stress" 2> /dev/null && wait "$stress" 2> /dev/null || true; fi
  stop_service
}
trap stop EXIT

start_service "$database" "$port" "$password" -Daigov.rules.directory=rules
add_bench_user "$port" "$password" submitter
export AUTH_BASE64
AUTH_BASE64=$(printf 'bench:%s' "$password" | base64 -w0)

count_rows() { psql -tA -d "$database" -c "select count(*) from audit_log where kind = 'EVALUATION'"; }
# Evaluations after $first_seq answered with their counterfactuals incomplete and not completed since.
uncompleted() {
  psql -tA -d "$database" -c "select count(*) from audit_log e where seq > $first_seq and kind = 'EVALUATION'
    and counterfactuals ->> 'complete' = 'false' and not exists (select 1 from audit_log c where c.completes = e.id)"
}
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" "$2"; }
# Answers the service gave from the counterfactuals it keeps for inputs seen before: none, where every body is distinct.
search_cache_hits() {
  curl -s "$base_url/q/metrics" | awk '/^cache_gets_total\{/ && /cache="counterfactuals"/ && /result="hit"/ { printf "%.0f", $2 }'
}

read -r -a runs <<< "${BODIES:-use-case use-case-all-regimes use-case-distinct}"
if [[ -n ${STRESS_CPUS:-} ]]; then
  stress-ng --cpu "$STRESS_CPUS" --quiet &
  stress=$!
fi
body_of() { if [[ $1 == use-case-distinct ]]; then echo bench/use-case.json; else echo "bench/$1.json"; fi; }
distinct() { if [[ $1 == *-distinct ]]; then echo yes; fi; }
run=0
for name in "${runs[@]}"; do
  run=$((run + 1))
  RUN=$run BODY=$(body_of "$name") DISTINCT=$(distinct "$name") TALLY=/dev/null wrk -t2 -c"$clients" -d"${WARMUP_SECONDS:-20}s" -s bench/post-evaluation.lua "$base_url/api/evaluations" > /dev/null
done

results="$work/results"
for round in $(seq 1 "$rounds"); do
  for name in "${runs[@]}"; do
    before=$(count_rows)
    hits_before=$(search_cache_hits)
    first_seq=$(psql -tA -d "$database" -c "select coalesce(max(seq), 0) from audit_log")
    run=$((run + 1))
    RUN=$run BODY=$(body_of "$name") DISTINCT=$(distinct "$name") TALLY="$work/tally" wrk -t2 -c"$clients" -d"${seconds}s" --timeout 10s -s bench/post-evaluation.lua \
      "$base_url/api/evaluations" > /dev/null
    stopped=$(date +%s)
    added=$(( $(count_rows) - before ))
    cache_hits=$(( $(search_cache_hits) - hits_before ))
    created=$(field created "$work/tally")
    if (( added < created )); then
      echo "FAILED: $created evaluations answered 201 but only $added audit rows were added" >&2
      exit 1
    fi
    incomplete=$(psql -tA -d "$database" -c "select count(*) from audit_log where seq > $first_seq and kind = 'EVALUATION'
      and (counterfactuals is null or counterfactuals ->> 'complete' = 'false')")
    evaluations=$(awk -v n="$created" -v s="$(field seconds "$work/tally")" 'BEGIN { printf "%.0f", n / s }')

    row_bytes=$(psql -tA -d "$database" -c "select round(avg(pg_column_size(a.*))) from audit_log a where seq > $first_seq and kind = 'EVALUATION'")
    payload=$(head -c "$row_bytes" /dev/urandom | base64 -w0 | cut -c "1-$row_bytes")
    psql -q -d "$database" -c "drop table if exists raw_insert" -c "create table raw_insert (id bigserial primary key, payload text not null)"
    printf "insert into raw_insert (payload) values ('%s');\n" "$payload" > "$work/insert.sql"
    inserts=$(pgbench -n -c "$clients" -j 2 -T "$seconds" -f "$work/insert.sql" "$database" 2> /dev/null \
      | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)
    ratio=$(awk -v e="$evaluations" -v i="$inserts" 'BEGIN { printf "%.2f", e / i }')
    if (( $(uncompleted) > 0 )); then sleep $(( stopped + 60 - $(date +%s) > 0 ? stopped + 60 - $(date +%s) : 0 )); fi
    not_completed=$(uncompleted)
    printf 'round=%d body=%s evaluations/s=%s p50=%sms p90=%sms p99=%sms max=%sms created=%s other=%s socket_errors=%s audit_rows_added=%s search_cache_hits=%s incomplete=%s not_completed_in_60s=%s row_bytes=%s inserts/s=%.0f ratio=%s\n' \
      "$round" "$name" "$evaluations" "$(field p50_ms "$work/tally")" "$(field p90_ms "$work/tally")" \
      "$(field p99_ms "$work/tally")" "$(field max_ms "$work/tally")" "$created" "$(field other "$work/tally")" \
      "$(field socket_errors "$work/tally")" "$added" "$cache_hits" "$incomplete" "$not_completed" "$row_bytes" "$inserts" "$ratio" | tee -a "$results"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for name in "${runs[@]}"; do
  pick() { grep "body=$name " "$results" | sed -n "s|.* $1=\([0-9.]*\).*|\1|p" | median; }
  printf 'MEDIAN body=%s rounds=%d evaluations/s=%s p50=%sms p99=%sms inserts/s=%s ratio=%s\n' "$name" "$rounds" \
    "$(pick 'evaluations/s')" "$(pick p50)" "$(pick p99)" "$(pick 'inserts/s')" "$(pick ratio)"
done
