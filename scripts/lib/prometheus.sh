# Prometheus (Debian's package) in a scratch folder, on 127.0.0.1 and a port of its own, scraping
# the platform's management ports with the configuration it is given.

# start_prometheus DIR PORT CONFIG: starts prometheus in the background with its data in DIR and
# waits until it is ready. The pid goes to DIR/prometheus.pid.
start_prometheus() {
  local dir=$1 port=$2 config=$3
  mkdir -p "$dir/data"
  # Short retention: the local run and the tests look at the last hours only.
  prometheus --config.file="$config" --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=2d \
    --web.listen-address="127.0.0.1:$port" >"$dir/prometheus.log" 2>&1 &
  echo $! > "$dir/prometheus.pid"
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" && return 0
    kill -0 "$(cat "$dir/prometheus.pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "Prometheus did not start; see $dir/prometheus.log" >&2
  return 1
}

stop_prometheus() {
  local dir=$1
  [ -f "$dir/prometheus.pid" ] && kill "$(cat "$dir/prometheus.pid")" 2>/dev/null || true
}
