#!/usr/bin/env bash
# Starts the local stack (scripts/start.sh) the way the documents benchmark measures it, in the
# foreground (Ctrl-C stops it):
# - uploads up to 60 MiB, so that 50 MiB files pass with room to spare;
# - timestamped one-line logs, for reading afterwards (the bench itself reads the services' metrics).
#   FormatterName must be set: without it the console logger ignores FormatterOptions for its legacy settings;
# - pinned to the CPUs in BENCH_STACK_CPUS (default: core 0), so that the load generator, started
#   with `taskset -c 1`, does not take CPU from the servers. BENCH_STACK_CPUS=all leaves it unpinned.
#   (The scanning scenarios move clamd alone to core 1 while they run, and put it back.)
set -euo pipefail
cd "$(dirname "$0")/.."
cpus=${BENCH_STACK_CPUS:-0}
pin=(taskset -c "$cpus")
[ "$cpus" = all ] && pin=()
# The bench's load comes from one address and few users: the gateway's rate limits stay on (their
# cost is part of every request) but high enough never to refuse it.
exec env IDEATION_UPLOAD_LIMIT_MB=60 \
  Gateway__RateLimits__PerClientAddress__RequestsPerSecond=1000000 Gateway__RateLimits__PerClientAddress__Burst=1000000 \
  Gateway__RateLimits__PerUser__RequestsPerSecond=1000000 Gateway__RateLimits__PerUser__Burst=1000000 \
  Logging__Console__FormatterName=simple \
  Logging__Console__FormatterOptions__SingleLine=true \
  Logging__Console__FormatterOptions__UseUtcTimestamp=true \
  'Logging__Console__FormatterOptions__TimestampFormat=yyyy-MM-ddTHH:mm:ss.fffZ ' \
  "${pin[@]}" scripts/start.sh
