# Sourced by bench scripts: a throwaway PostgreSQL (Debian's postgresql 15) in a temporary folder on a free port,
# started as tests/Pharos.Tests/Support/PostgresServer.cs starts it, but with durable commits (fsync on), as a user
# would run it.
# start_postgres FOLDER  initdb + start; sets pg_port, pg_data, pg_bin and pg_url (a connection string, database pharos)
# stop_postgres          stops it (immediate); safe to call twice
# pg_sql SQL             runs SQL in the database pharos, unaligned, tuples only
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
pg_data=""

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_run() {  # tool args… as the postgres user when root (initdb refuses root)
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_bin/$1" "${@:2}"; else "$pg_bin/$1" "${@:2}"; fi
}

start_postgres() {
  local folder=$1
  if [ ! -x "$pg_bin/initdb" ]; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  mkdir -p "$folder"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$folder"
  pg_data="$folder/data"
  pg_run initdb -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
  pg_port=$(free_port)
  pg_run pg_ctl -D "$pg_data" -l "$folder/server.log" -w -t 60 start \
    -o "-p $pg_port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=128MB -c log_min_messages=warning ${PG_OPTS:-}" >/dev/null
  pg_socket=$folder
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qAt -c "CREATE DATABASE pharos" >/dev/null
  pg_url="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=pharos"
}

stop_postgres() {
  [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ] && pg_run pg_ctl -D "$pg_data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
}

pg_sql() {
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d pharos -qAt -F ' ' -c "$1"
}

# The CPU seconds PostgreSQL has used so far: the postmaster's own and its exited children's (utime, stime, cutime,
# cstime) plus every live child's utime and stime, from /proc (clock ticks).
pg_cpu_seconds() {
  local pm ticks
  pm=$(head -1 "$pg_data/postmaster.pid")
  ticks=$(getconf CLK_TCK)
  # cat, not awk on the files: a process that ends between the glob and the read must not stop the sum.
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$pm" -v hz="$ticks" '
    { pid = $1; sub(/^.*\) /, "") }            # drop "pid (comm) ": fields now start at state (field 3)
    pid == pm { total += $12 + $13 + $14 + $15; next }
    $2 == pm { total += $12 + $13 }             # ppid is field 4 (now $2); utime, stime fields 14, 15 (now $12, $13)
    END { printf "%.2f\n", total / hz }'
}
