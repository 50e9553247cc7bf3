# A throwaway PostgreSQL cluster in a scratch folder, on 127.0.0.1 and a port of its own.

# The newest installed server (Debian 12 ships 15, Ubuntu 24.04 ships 16).
postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# start_postgres DATA_DIR PORT
start_postgres() {
  local dir=$1 port=$2
  local pg_bin; pg_bin=$(postgres_bin)
  mkdir -p "$dir"
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_postgres "$pg_bin/initdb -D '$dir' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  as_postgres "$pg_bin/pg_ctl -D '$dir' -l '$dir/server.log' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-on}\" -w start" >/dev/null
}

stop_postgres() {
  local dir=$1 pg_bin; pg_bin=$(postgres_bin)
  [ -f "$dir/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl -D '$dir' -m fast -w stop" >/dev/null 2>&1 || true
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}
