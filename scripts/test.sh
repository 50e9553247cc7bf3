#!/usr/bin/env bash
# Runs every test of the platform against real servers, which it installs (when missing) and starts
# in a scratch folder, then stops. Prints the totals as "N passed, N failed".
set -euo pipefail
source "$(dirname "$0")/lib/prerequisites.sh"
source "$(dirname "$0")/lib/postgres.sh"
source "$(dirname "$0")/lib/clamd.sh"
source "$(dirname "$0")/lib/redis.sh"
source "$(dirname "$0")/lib/s3.sh"

ensure_prerequisites

scratch=$(mktemp -d /tmp/ideation-test.XXXXXX)
# The postgres user must be able to traverse into the scratch folder.
chmod 755 "$scratch"
cleanup() {
  stop_s3 "$scratch/s3"; stop_redis "$scratch/redis"; stop_clamd "$scratch/clamd"; stop_postgres "$scratch/postgres"
  rm -rf "$scratch"
}
trap cleanup EXIT

pg_port=$(free_port 56432)
log "starting PostgreSQL on 127.0.0.1:$pg_port"
# Test data is disposable: skipping fsync makes the suite several times faster.
PG_FSYNC=off start_postgres "$scratch/postgres" "$pg_port"

clamd_port=$(free_port 56310)
log "starting clamd on 127.0.0.1:$clamd_port (test signature database)"
start_clamd "$scratch/clamd" "$clamd_port" 20

redis_port=$(free_port 56379)
log "starting Redis on 127.0.0.1:$redis_port"
start_redis "$scratch/redis" "$redis_port"

s3_port=$(free_port 56569)
log "starting the S3 server on 127.0.0.1:$s3_port"
start_s3 "$scratch/s3" "$s3_port"

export IDEATION_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export IDEATION_TEST_CLAMD="127.0.0.1:$clamd_port"
export IDEATION_TEST_REDIS="127.0.0.1:$redis_port"
export IDEATION_TEST_S3="http://127.0.0.1:$s3_port"
export IDEATION_BUF="$ideation_root/tools/node_modules/.bin/buf"

cd "$ideation_root"
dotnet cake --target=Test "$@"
