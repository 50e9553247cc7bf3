# An S3-compatible server (s3rver, from tools/node_modules) in a scratch folder, on 127.0.0.1 and a
# port of its own. It accepts any credentials and does not check signatures: bucket privacy can only
# be tested against real S3 or MinIO.

# start_s3 DIR PORT: starts the server in the background and waits until it answers. The pid goes
# to DIR/s3.pid.
start_s3() {
  local dir=$1 port=$2
  mkdir -p "$dir/data"
  node "$ideation_root/tools/s3-server.js" --port "$port" --directory "$dir/data" >"$dir/s3.log" 2>&1 &
  echo $! > "$dir/s3.pid"
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.1
  done
  echo "the S3 server did not start; see $dir/s3.log" >&2
  return 1
}

stop_s3() {
  local dir=$1
  [ -f "$dir/s3.pid" ] && kill "$(cat "$dir/s3.pid")" 2>/dev/null || true
}
