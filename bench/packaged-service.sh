# Sourced by the benchmarks that run the packaged service on a database of their own. Builds the
# service first when APP (default target/quarkus-app) holds none, makes a temporary folder `work`,
# removed on exit with the service stopped (stop_service; a script with more to stop traps EXIT
# itself and calls it), and offers:
#   start_service DATABASE PORT PASSWORD [-Dname=value ...]
#       (re)creates DATABASE on PGHOST:PGPORT as PGUSER (default 127.0.0.1:5432, postgres), starts the
#       service on PORT with PASSWORD for the first administrator, JAVA_OPTIONS and the given
#       properties (the rules folder's watcher off), and waits until it is ready; `service` is its pid
#   add_bench_user PORT PASSWORD ROLE...
#       creates the user `bench` with PASSWORD and the roles
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
app=${APP:-target/quarkus-app}
[[ -f $app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests

work=$(mktemp -d)
service=
stop_service() {
  if [[ -n $service ]]; then kill "$service" 2> /dev/null && wait "$service" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap stop_service EXIT

start_service() {
  local database=$1 port=$2 password=$3
  shift 3
  psql -v ON_ERROR_STOP=1 -q -d postgres -c "drop database if exists $database" -c "create database $database"
  printf '%s\n' "$password" > "$work/admin-password"
  # shellcheck disable=SC2086 # JAVA_OPTIONS holds several options, e.g. a flight recording for a profile.
  java ${JAVA_OPTIONS:-} -Dquarkus.http.port="$port" -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$PGHOST:$PGPORT/$database" \
    -Dquarkus.datasource.username="$PGUSER" -Daigov.access.initial-admin.password-file="$work/admin-password" \
    -Daigov.rules.watch=false "$@" -jar "$app/quarkus-run.jar" > "$work/service.log" 2>&1 &
  service=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && return 0
    kill -0 "$service" 2> /dev/null || { cat "$work/service.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the service was not ready within 120 s" >&2
  exit 1
}

add_bench_user() {
  local port=$1 password=$2
  shift 2
  local roles
  roles=$(printf '"%s", ' "$@")
  curl -sf -o /dev/null -u "admin:$password" -H 'Content-Type: application/json' \
    -d "{\"username\": \"bench\", \"password\": \"$password\", \"roles\": [${roles%, }]}" "http://127.0.0.1:$port/api/users"
}
