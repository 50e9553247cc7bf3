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
# IDEATION_PORT_OFFSET moves every port by the same amount, so that a second stack (a benchmark
# beside a development run) can run on this machine with its own IDEATION_STATE_DIR. Use multiples
# of 100 below 1000: the gateway's HTTP port (8080) is 1000 below its management port (9080).
offset=${IDEATION_PORT_OFFSET:-0}
pg_port=$((55432 + offset))
redis_port=$((55379 + offset))
s3_port=$((55569 + offset))
clamd_port=$((55310 + offset))
prometheus_port=$((55090 + offset))
ideas_port=$((5101 + offset)) ideas_management=$((9101 + offset))
documents_port=$((5102 + offset)) documents_management=$((9102 + offset))
scanner_port=$((5103 + offset)) scanner_management=$((9103 + offset))
gateway_port=$((8443 + offset)) gateway_http_port=$((8080 + offset)) gateway_management=$((9080 + offset))
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
hosting() { # SERVICE_PORT MANAGEMENT_PORT: where a service listens.
  echo "--Hosting:ServicePort=$1 --Hosting:ManagementPort=$2"
}
s3_settings() { # PREFIX: the S3 server's settings for a service's storage section.
  echo "--$1:ServiceUrl=http://127.0.0.1:$s3_port --$1:ForcePathStyle=true --$1:AccessKey=S3RVER --$1:SecretKey=S3RVER"
}

log "applying migrations"
(cd "$(bin services/ideas/src)" && dotnet Ideation.Ideas.dll migrate)
(cd "$(bin services/documents/src)" && dotnet Ideation.Documents.dll migrate)

log "starting the ideas service (gRPC h2c 127.0.0.1:$ideas_port, management :$ideas_management)"
# The idea cache (Ideas:Cache) and the events stream share the stack's Redis.
# shellcheck disable=SC2046
(cd "$(bin services/ideas/src)" && exec dotnet Ideation.Ideas.dll $(hosting $ideas_port $ideas_management) \
  --Ideas:Events:Redis="127.0.0.1:$redis_port" --Ideas:Cache:Redis="127.0.0.1:$redis_port") >"$state/logs/ideas.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:$ideas_management/ready ideas "${pids[-1]}"

log "starting the documents service (gRPC h2c 127.0.0.1:$documents_port, management :$documents_management)"
# shellcheck disable=SC2046 # the settings are words on purpose
(cd "$(bin services/documents/src)" && exec dotnet Ideation.Documents.dll $(hosting $documents_port $documents_management) \
  $(s3_settings Documents:Storage) --Documents:Ideas:Address=http://127.0.0.1:$ideas_port \
  --Documents:Storage:CreateBuckets=true --Documents:Redis:Configuration="127.0.0.1:$redis_port" \
  --Documents:Upload:MaxBytes=$((upload_limit_mb * 1024 * 1024)) \
  --Documents:Upload:ScannerStreamLimitBytes=$((clamd_limit_mb * 1024 * 1024))) >"$state/logs/documents.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:$documents_management/ready documents "${pids[-1]}"

log "starting the scanner (gRPC h2c 127.0.0.1:$scanner_port, management :$scanner_management)"
# shellcheck disable=SC2046
(cd "$(bin services/scanner/src)" && exec dotnet Ideation.Scanner.dll $(hosting $scanner_port $scanner_management) \
  $(s3_settings Scanner:Storage) --Scanner:Documents:Address=http://127.0.0.1:$documents_port \
  --Scanner:Clamd:Endpoints:0="127.0.0.1:$clamd_port" --Scanner:Redis:Configuration="127.0.0.1:$redis_port") \
  >"$state/logs/scanner.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:$scanner_management/ready scanner "${pids[-1]}"

ensure_dev_certificate "$state/certs"
log "starting the gateway (https://localhost:$gateway_port, management :$gateway_management)"
# The gateway lets uploads a little over documents' limit through, so that documents answers with its exact error.
(cd "$(bin gateway/src)" && exec dotnet Ideation.Gateway.dll --Gateway:MaxUploadBytes=$((clamd_limit_mb * 1024 * 1024)) \
  --Gateway:HttpsPort=$gateway_port --Gateway:HttpPort=$gateway_http_port --Hosting:ManagementPort=$gateway_management \
  --Gateway:RateLimits:Redis=127.0.0.1:$redis_port \
  --ReverseProxy:Clusters:ideas:Destinations:ideas:Address=http://127.0.0.1:$ideas_port \
  --ReverseProxy:Clusters:documents:Destinations:documents:Address=http://127.0.0.1:$documents_port \
  --Gateway:CertificatePath="$state/certs/gateway.crt" --Gateway:CertificateKeyPath="$state/certs/gateway.key") \
  >"$state/logs/gateway.log" 2>&1 &
pids+=($!)
wait_for https://localhost:$gateway_port/health gateway "${pids[-1]}"

log "starting Prometheus on http://127.0.0.1:$prometheus_port (scraping every process, alert rules loaded)"
prometheus_config=$ideation_root/deploy/prometheus/local.yml
if [ "$offset" != 0 ]; then
  # The same configuration with the scrape targets moved; rule paths made absolute for the copy.
  prometheus_config=$state/prometheus-local.yml
  awk -v offset="$offset" -v root="$ideation_root/deploy/prometheus/" '
    { sub(/rules\//, root "rules/") }
    match($0, /127\.0\.0\.1:[0-9]+/) { port = substr($0, RSTART + 10, RLENGTH - 10); $0 = substr($0, 1, RSTART + 9) (port + offset) substr($0, RSTART + RLENGTH) }
    { print }' "$ideation_root/deploy/prometheus/local.yml" >"$prometheus_config"
fi
start_prometheus "$state/prometheus" "$prometheus_port" "$prometheus_config"

token() { (cd "$(bin gateway/src)" && dotnet Ideation.Gateway.dll token "$@"); }
submitter=$(token --sub alice --name "Alice Author" --roles submitter)
reviewer=$(token --sub rita --name "Rita Reviewer" --roles reviewer,submitter)

cat <<USAGE

Ideation is running.
  REST and gRPC   https://localhost:$gateway_port   (self-signed certificate: $state/certs/gateway.crt)
  OpenAPI         https://localhost:$gateway_port/openapi/v1.json
  Health/metrics  http://127.0.0.1:$gateway_management/ready  http://127.0.0.1:$gateway_management/metrics  (ideas :$ideas_management, documents :$documents_management, scanner :$scanner_management)
  Prometheus      http://127.0.0.1:$prometheus_port   (alerts: http://127.0.0.1:$prometheus_port/alerts)
  Backing servers PostgreSQL :$pg_port  Redis :$redis_port  S3 http://127.0.0.1:$s3_port  clamd :$clamd_port
  Logs            $state/logs/

Tokens for a submitter (alice) and a reviewer (rita), valid 12 hours; paste into another shell:
  export SUBMITTER=$submitter
  export REVIEWER=$reviewer

Then, for example:
  curl -k -H "Authorization: Bearer \$SUBMITTER" https://localhost:$gateway_port/v1/categories
  curl -k -H "Authorization: Bearer \$SUBMITTER" -H 'Content-Type: application/json' \\
       -d '{"title":"Bike racks at HQ","description":"More racks near the east door","category":"workplace"}' \\
       https://localhost:$gateway_port/v1/ideas
  # attach a file to an idea (raw body), then read its scan state; download once SCAN_STATE_CLEAN:
  curl -k -H "Authorization: Bearer \$SUBMITTER" -H 'Content-Type: application/pdf' --data-binary @plan.pdf \\
       'https://localhost:$gateway_port/v1/ideas/<id>/documents?filename=plan.pdf'
  curl -k -H "Authorization: Bearer \$SUBMITTER" https://localhost:$gateway_port/v1/ideas/<id>/documents/<document>
  curl -k -OJ -H "Authorization: Bearer \$SUBMITTER" https://localhost:$gateway_port/v1/ideas/<id>/documents/<document>:download

Press Ctrl-C to stop everything.
USAGE

wait -n "${pids[@]}"
