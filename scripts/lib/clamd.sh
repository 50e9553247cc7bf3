# ClamAV's clamd in a scratch folder, on 127.0.0.1 and a port of its own. Signatures cannot be
# downloaded here, so the database holds one test signature: the EICAR test file (as hex). In
# production freshclam keeps real signatures current.

# start_clamd DIR PORT LIMIT_MB: writes the configuration and database, starts clamd in the
# background and waits until it answers PING. LIMIT_MB caps a stream and a file inside an archive;
# the platform's upload limit must stay below it. The pid goes to DIR/clamd.pid.
start_clamd() {
  local dir=$1 port=$2 limit_mb=$3
  mkdir -p "$dir/db" "$dir/tmp"
  echo 'Eicar-Signature:0:*:45494341522d5354414e444152442d414e544956495255532d544553542d46494c45' > "$dir/db/eicar.ndb"
  # Limits are explicit so that nothing is silently passed as clean: AlertExceedsMax and
  # AlertEncrypted turn "could not scan" into a Heuristics.* answer instead of OK. MaxScanSize must
  # not exceed MaxFileSize: clamd stops unpacking a compressed member at MaxFileSize without any
  # alert, so with a larger MaxScanSize a zip bomb's first MaxFileSize bytes pass as "OK".
  cat > "$dir/clamd.conf" <<CONF
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
TCPSocket $port
TCPAddr 127.0.0.1
Foreground yes
StreamMaxLength ${limit_mb}M
MaxFileSize ${limit_mb}M
MaxScanSize ${limit_mb}M
MaxRecursion 16
MaxFiles 10000
AlertExceedsMax yes
AlertEncrypted yes
AlertBrokenExecutables yes
CONF
  clamd --config-file="$dir/clamd.conf" >"$dir/clamd.log" 2>&1 &
  echo $! > "$dir/clamd.pid"
  for _ in $(seq 1 100); do
    [ "$(clamd_command "$port" PING 2>/dev/null)" = "PONG" ] && return 0
    sleep 0.1
  done
  echo "clamd did not start; see $dir/clamd.log" >&2
  return 1
}

# clamd_command PORT COMMAND: sends one null-terminated command and prints the reply.
clamd_command() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'z%s\0' "$2" >&3 && timeout 2 head -c 256 <&3 | tr -d '\0')
}

stop_clamd() {
  local dir=$1
  [ -f "$dir/clamd.pid" ] && kill "$(cat "$dir/clamd.pid")" 2>/dev/null || true
}
