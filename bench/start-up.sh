#!/usr/bin/env bash
# Time from starting the packaged service to its readiness probe answering 200, with an existing
# database: the first start creates the database aigov_start_up of PGHOST:PGPORT as PGUSER (default
# 127.0.0.1:5432, postgres) and is not counted; each of the next [starts] (default 5) is timed from
# `java -jar` until /q/health/ready answers, polled every 50 ms, and the service is stopped again.
# The service keeps what it writes beside the database (compiled rules, signing key, checkpoints) in a
# folder of its own for the run, so nothing from another database's chain is mistaken for this one's.
# Prints each start with the service's own start-up time and whether it loaded its compiled rules, then the median.
# APP names another packaged service to time (default target/quarkus-app, built if missing); JAVA_OPTIONS,
# if set, is passed to the service's JVM. As ./start does, the first start writes a class-data-sharing
# archive when it stops and the timed ones map it; CLASS_SHARING=off times them without it.
#
# Usage: bench/start-up.sh [starts]
set -euo pipefail
cd "$(dirname "$0")/.."
starts=${1:-5}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
database=aigov_start_up
port=${PORT:-18490}
app=${APP:-target/quarkus-app}
[[ -f $app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests

work=$(mktemp -d)
service=
stop_service() {
  if [[ -n $service ]]; then kill "$service" 2> /dev/null && wait "$service" 2> /dev/null || true; fi
  service=
}
trap 'stop_service; rm -rf "$work"' EXIT

psql -v ON_ERROR_STOP=1 -q -d postgres -c "drop database if exists $database" -c "create database $database"
printf 'start-up-bench-password\n' > "$work/admin-password"

archive=$work/app-cds.jsa
class_sharing=-XX:ArchiveClassesAtExit=$archive
# Sets millis to the milliseconds from launch to ready.
start_service() {
  local began
  began=$(date +%s%N)
  # JAVA_OPTIONS come after the folders, so that they can name others (the JVM takes the last of a property).
  # shellcheck disable=SC2086 # JAVA_OPTIONS holds several options.
  java "$class_sharing" "-Xlog:cds*=error" -Daigov.rules.compiled-cache-directory="$work/compiled-rules" -Daigov.audit.checkpoint.directory="$work/audit-evidence" \
    ${JAVA_OPTIONS:-} -Dquarkus.http.port="$port" -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$PGHOST:$PGPORT/$database" \
    -Dquarkus.datasource.username="$PGUSER" -Daigov.access.initial-admin.password-file="$work/admin-password" \
    -Daigov.rules.directory=rules -jar "$app/quarkus-run.jar" > "$work/service.log" 2>&1 &
  service=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 "$service" 2> /dev/null || { cat "$work/service.log" >&2; exit 1; }
    sleep 0.05
  done
  millis=$(( ($(date +%s%N) - began) / 1000000 ))
}

start_service
stop_service
class_sharing=-XX:SharedArchiveFile=$archive
[[ ${CLASS_SHARING:-on} == off ]] && class_sharing=-Xshare:auto
times=()
for run in $(seq 1 "$starts"); do
  start_service
  echo "start $run: ready after $millis ms"
  grep -E 'Loaded the compiled rules|started in' "$work/service.log" | sed 's/^/  /' || true
  stop_service
  times+=("$millis")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "starts=$starts median=$median ms"
