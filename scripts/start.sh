#!/usr/bin/env bash
# Starts the whole platform locally: installs what is missing, starts PostgreSQL in a scratch
# folder, applies migrations, starts the services and the gateway, prints how to use them, and
# stops everything on Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/lib/prerequisites.sh"
source "$(dirname "$0")/lib/postgres.sh"
source "$(dirname "$0")/lib/certificates.sh"

state=${IDEATION_STATE_DIR:-/tmp/ideation-local}
pg_port=55432
pids=()

stop_all() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_postgres "$state/postgres"
}
trap stop_all INT TERM EXIT

# wait_for URL NAME PID: polls until the URL answers 200 (self-signed TLS accepted) or the process dies.
wait_for() {
  local url=$1 name=$2 pid=$3
  for _ in $(seq 1 120); do
    curl -ksf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; see $state/logs/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$name did not become ready; see $state/logs/$name.log" >&2
  exit 1
}

ensure_prerequisites
mkdir -p "$state/logs"
chmod 755 "$state"

log "building"
cd "$ideation_root"
dotnet build gateway/src/Ideation.Gateway.csproj -c Release -v q -nologo -clp:ErrorsOnly
dotnet build services/ideas/src/Ideation.Ideas.csproj -c Release -v q -nologo -clp:ErrorsOnly
bin() { echo "$ideation_root/$1/bin/Release/net10.0"; }

log "starting PostgreSQL on 127.0.0.1:$pg_port (data in $state/postgres)"
start_postgres "$state/postgres" "$pg_port"
as_postgres "psql -h 127.0.0.1 -p $pg_port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='ideation'\" | grep -q 1 || createdb -h 127.0.0.1 -p $pg_port -U postgres ideation"

export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Ideas="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=ideation"

log "applying migrations"
(cd "$(bin services/ideas/src)" && dotnet Ideation.Ideas.dll migrate)

log "starting the ideas service (gRPC h2c 127.0.0.1:5101, management :9101)"
(cd "$(bin services/ideas/src)" && exec dotnet Ideation.Ideas.dll) >"$state/logs/ideas.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:9101/ready ideas "${pids[-1]}"

ensure_dev_certificate "$state/certs"
log "starting the gateway (https://localhost:8443, management :9080)"
(cd "$(bin gateway/src)" && exec dotnet Ideation.Gateway.dll \
  --Gateway:CertificatePath="$state/certs/gateway.crt" --Gateway:CertificateKeyPath="$state/certs/gateway.key") \
  >"$state/logs/gateway.log" 2>&1 &
pids+=($!)
wait_for https://localhost:8443/health gateway "${pids[-1]}"

token() { (cd "$(bin gateway/src)" && dotnet Ideation.Gateway.dll token "$@"); }
submitter=$(token --sub alice --name "Alice Author" --roles submitter)
reviewer=$(token --sub rita --name "Rita Reviewer" --roles reviewer,submitter)

cat <<USAGE

Ideation is running.
  REST and gRPC   https://localhost:8443   (self-signed certificate: $state/certs/gateway.crt)
  OpenAPI         https://localhost:8443/openapi/v1.json
  Health/metrics  http://127.0.0.1:9080/ready  http://127.0.0.1:9080/metrics  (ideas: :9101)
  Logs            $state/logs/

Tokens for a submitter (alice) and a reviewer (rita), valid 12 hours; paste into another shell:
  export SUBMITTER=$submitter
  export REVIEWER=$reviewer

Then, for example:
  curl -k -H "Authorization: Bearer \$SUBMITTER" https://localhost:8443/v1/categories
  curl -k -H "Authorization: Bearer \$SUBMITTER" -H 'Content-Type: application/json' \\
       -d '{"title":"Bike racks at HQ","description":"More racks near the east door","category":"workplace"}' \\
       https://localhost:8443/v1/ideas

Press Ctrl-C to stop everything.
USAGE

wait -n "${pids[@]}"
