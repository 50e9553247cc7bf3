# Installs what the platform needs to run and test locally, only when it is missing.
# Sourced by scripts/start.sh and scripts/test.sh.

ideation_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_install PACKAGE...: installs the packages with apt; nothing when none is given.
apt_install() {
  [ $# -gt 0 ] || return 0
  log "installing $* (apt)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_system_packages() {
  local missing=()
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v clamd >/dev/null || missing+=(clamav-daemon clamav)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v node >/dev/null || missing+=(nodejs npm)
  # promtool checks and unit-tests the alert rules (tests/deploy); Debian ships it with Prometheus.
  command -v promtool >/dev/null || missing+=(prometheus)
  apt_install "${missing[@]}"
}

# The benchmarks' baselines and load generator (bench/README.md): nginx and HAProxy in front of the
# same backend as the gateway, h2load (nghttp2-client) driving them. Not needed to run or test.
ensure_bench_packages() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v h2load >/dev/null || missing+=(nghttp2-client)
  apt_install "${missing[@]}"
}

ensure_node_tools() {
  if [ ! -x "$ideation_root/tools/node_modules/.bin/buf" ] \
    || [ ! -d "$ideation_root/tools/node_modules/@20minutes/s3rver" ] \
    || [ ! -d "$ideation_root/tools/node_modules/kubernetes-models" ]; then
    log "installing node tools (npm ci in tools/)"
    (cd "$ideation_root/tools" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_dotnet_tools() {
  (cd "$ideation_root" && dotnet tool restore >/dev/null)
}

ensure_prerequisites() {
  ensure_system_packages
  ensure_node_tools
  ensure_dotnet_tools
}

# Prints a loopback TCP port nobody listens on, starting the search at $1.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
