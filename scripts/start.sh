#!/usr/bin/env bash
# Starts the whole platform locally: installs what is missing, starts PostgreSQL, Redis, clamd and
# the S3-compatible server in a scratch folder, applies migrations, starts the services, the gateway
# and Prometheus (scraping them, with the alert rules), prints how to use them, and stops everything
# on Ctrl-C, or when `dotnet cake --target=Down` signals it (its pid is in $state/start.pid).
set -euo pipefail
source "$(dirname "$0")/lib/prerequisites.sh"
source "$(dirname "$0")/lib/postgres.sh"
source "$(dirname "$0")/lib/certificates.sh"
source "$(dirname "$0")/lib/redis.sh"
source "$(dirname "$0")/lib/s3.sh"
source "$(dirname "$0")/lib/clamd.sh"
source "$(dirname "$0")/lib/prometheus.sh"

state=${IDEATION_STATE_DIR:-/tmp/ideation-local}
pg_port=55432
redis_port=55379
s3_port=55569
clamd_port=55310
prometheus_port=55090
# One setting for the upload limit: documents refuses anything larger, and clamd's stream and file
# limits sit above it so that every accepted upload can be scanned whole.
upload_limit_mb=${IDEATION_UPLOAD_LIMIT_MB:-50}
clamd_limit_mb=$((upload_limit_mb + 14))
pids=()

# One stack per state folder: a second would find every port taken. Checked before the trap below,
# which would otherwise stop the running stack's servers on the way out.
# (A pid file whose process is gone, or is no longer this script, is stale.)
if [ -f "$state/start.pid" ] && grep -qs start.sh "/proc/$(cat "$state/start.pid")/cmdline"; then
  echo "Ideation is already running from $state (pid $(cat "$state/start.pid")); stop it with Ctrl-C in its shell or: dotnet cake --target=Down" >&2
  exit 1
fi

stop_all() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_prometheus "$state/prometheus"
  stop_s3 "$state/s3"
  stop_redis "$state/redis"
  stop_clamd "$state/clamd"
  stop_postgres "$state/postgres"
  rm -f "$state/start.pid"
}
# Stopped on purpose (Ctrl-C, or Down's SIGTERM) is success; any other exit keeps its status.
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

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
# Down (build.cake) sends SIGTERM to this pid: the same as Ctrl-C.
echo $$ > "$state/start.pid"

log "building"
cd "$ideation_root"
# The four apps only (Ideation.Apps.slnf), in one build that compiles their shared projects once.
dotnet build Ideation.Apps.slnf -c Release -v q -nologo -clp:ErrorsOnly
bin() { echo "$ideation_root/$1/bin/Release/net10.0"; }

log "starting PostgreSQL on 127.0.0.1:$pg_port (data in $state/postgres)"
start_postgres "$state/postgres" "$pg_port"
for database in ideation documents; do
  as_postgres "psql -h 127.0.0.1 -p $pg_port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='$database'\" | grep -q 1 || createdb -h 127.0.0.1 -p $pg_port -U postgres $database"
done

log "starting Redis on 127.0.0.1:$redis_port"
start_redis "$state/redis" "$redis_port"
log "starting the S3 server on 127.0.0.1:$s3_port (objects in $state/s3)"
start_s3 "$state/s3" "$s3_port"
log "starting clamd on 127.0.0.1:$clamd_port (limit ${clamd_limit_mb} MiB)"
start_clamd "$state/clamd" "$clamd_port" "$clamd_limit_mb"
if command -v freshclam >/dev/null && freshclam --datadir="$state/clamd/db" --quiet 2>/dev/null; then
  log "signatures updated with freshclam"
else
  log "freshclam could not download signatures: clamd knows only the EICAR test signature"
fi

export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Ideas="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=ideation"
export ConnectionStrings__Documents="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=documents"
s3_settings() { # PREFIX: the S3 server's settings for a service's storage section.
  echo "--$1:ServiceUrl=http://127.0.0.1:$s3_port --$1:ForcePathStyle=true --$1:AccessKey=S3RVER --$1:SecretKey=S3RVER"
}

log "applying migrations"
(cd "$(bin services/ideas/src)" && dotnet Ideation.Ideas.dll migrate)
(cd "$(bin services/documents/src)" && dotnet Ideation.Documents.dll migrate)

log "starting the ideas service (gRPC h2c 127.0.0.1:5101, management :9101)"
(cd "$(bin services/ideas/src)" && exec dotnet Ideation.Ideas.dll) >"$state/logs/ideas.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:9101/ready ideas "${pids[-1]}"

log "starting the documents service (gRPC h2c 127.0.0.1:5102, management :9102)"
# shellcheck disable=SC2046 # the settings are words on purpose
(cd "$(bin services/documents/src)" && exec dotnet Ideation.Documents.dll $(s3_settings Documents:Storage) \
  --Documents:Storage:CreateBuckets=true --Documents:Redis:Configuration="127.0.0.1:$redis_port" \
  --Documents:Upload:MaxBytes=$((upload_limit_mb * 1024 * 1024)) \
  --Documents:Upload:ScannerStreamLimitBytes=$((clamd_limit_mb * 1024 * 1024))) >"$state/logs/documents.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:9102/ready documents "${pids[-1]}"

log "starting the scanner (gRPC h2c 127.0.0.1:5103, management :9103)"
# shellcheck disable=SC2046
(cd "$(bin services/scanner/src)" && exec dotnet Ideation.Scanner.dll $(s3_settings Scanner:Storage) \
  --Scanner:Clamd:Endpoints:0="127.0.0.1:$clamd_port" --Scanner:Redis:Configuration="127.0.0.1:$redis_port") \
  >"$state/logs/scanner.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:9103/ready scanner "${pids[-1]}"

ensure_dev_certificate "$state/certs"
log "starting the gateway (https://localhost:8443, management :9080)"
# The gateway lets uploads a little over documents' limit through, so that documents answers with its exact error.
(cd "$(bin gateway/src)" && exec dotnet Ideation.Gateway.dll --Gateway:MaxUploadBytes=$((clamd_limit_mb * 1024 * 1024)) \
  --Gateway:CertificatePath="$state/certs/gateway.crt" --Gateway:CertificateKeyPath="$state/certs/gateway.key") \
  >"$state/logs/gateway.log" 2>&1 &
pids+=($!)
wait_for https://localhost:8443/health gateway "${pids[-1]}"

log "starting Prometheus on http://127.0.0.1:$prometheus_port (scraping every process, alert rules loaded)"
start_prometheus "$state/prometheus" "$prometheus_port" "$ideation_root/deploy/prometheus/local.yml"

token() { (cd "$(bin gateway/src)" && dotnet Ideation.Gateway.dll token "$@"); }
submitter=$(token --sub alice --name "Alice Author" --roles submitter)
reviewer=$(token --sub rita --name "Rita Reviewer" --roles reviewer,submitter)

cat <<USAGE

Ideation is running.
  REST and gRPC   https://localhost:8443   (self-signed certificate: $state/certs/gateway.crt)
  OpenAPI         https://localhost:8443/openapi/v1.json
  Health/metrics  http://127.0.0.1:9080/ready  http://127.0.0.1:9080/metrics  (ideas :9101, documents :9102, scanner :9103)
  Prometheus      http://127.0.0.1:$prometheus_port   (alerts: http://127.0.0.1:$prometheus_port/alerts)
  Backing servers PostgreSQL :$pg_port  Redis :$redis_port  S3 http://127.0.0.1:$s3_port  clamd :$clamd_port
  Logs            $state/logs/

Tokens for a submitter (alice) and a reviewer (rita), valid 12 hours; paste into another shell:
  export SUBMITTER=$submitter
  export REVIEWER=$reviewer

Then, for example:
  curl -k -H "Authorization: Bearer \$SUBMITTER" https://localhost:8443/v1/categories
  curl -k -H "Authorization: Bearer \$SUBMITTER" -H 'Content-Type: application/json' \\
       -d '{"title":"Bike racks at HQ","description":"More racks near the east door","category":"workplace"}' \\
       https://localhost:8443/v1/ideas
  # attach a file to an idea (raw body), then read its scan state; download once SCAN_STATE_CLEAN:
  curl -k -H "Authorization: Bearer \$SUBMITTER" -H 'Content-Type: application/pdf' --data-binary @plan.pdf \\
       'https://localhost:8443/v1/ideas/<id>/documents?filename=plan.pdf'
  curl -k -H "Authorization: Bearer \$SUBMITTER" https://localhost:8443/v1/ideas/<id>/documents/<document>
  curl -k -OJ -H "Authorization: Bearer \$SUBMITTER" https://localhost:8443/v1/ideas/<id>/documents/<document>:download

Press Ctrl-C to stop everything.
USAGE

wait -n "${pids[@]}"
