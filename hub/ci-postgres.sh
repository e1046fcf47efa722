#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the hub's integration tests and prints its URL.
# Idempotent: installs PostgreSQL if missing (Debian/Ubuntu, apt), reuses the cluster and the
# running server when they exist. Everything but the URL goes to stderr, so CI can do:
#
#   export CUECARD_TEST_PG_URL="$(bash hub/ci-postgres.sh)"
#   npx vitest run hub/
#
# Settings: CUECARD_PG_DIR (default /tmp/cuecard-pg), CUECARD_PG_PORT (default 5433).
# Stop it with: runuser -u postgres -- "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl" -D /tmp/cuecard-pg/data stop
set -euo pipefail

DIR="${CUECARD_PG_DIR:-/tmp/cuecard-pg}"
PORT="${CUECARD_PG_PORT:-5433}"
DB_USER=cuecard
DB_PASSWORD=cuecard
DB_NAME=cuecard

log() { echo "[ci-postgres] $*" >&2; }

find_pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

PGBIN="$(find_pgbin || true)"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  log "installing postgresql"
  as_root apt-get install -y postgresql >&2 || { as_root apt-get update >&2 && as_root apt-get install -y postgresql >&2; }
  PGBIN="$(find_pgbin)"
fi

# The server refuses to run as root: the cluster belongs to the postgres user (created by the
# Debian package) or, when not root, to whoever runs this script.
if [ "$(id -u)" = 0 ]; then
  RUN_AS=(runuser -u postgres --)
  OWNER=postgres
else
  RUN_AS=()
  OWNER="$(id -un)"
fi
pg() { "${RUN_AS[@]}" "$@"; }

mkdir -p "$DIR"
chown "$OWNER" "$DIR" 2>/dev/null || true
chmod 700 "$DIR"

if [ ! -f "$DIR/data/PG_VERSION" ]; then
  log "initdb in $DIR/data"
  pg "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >&2
fi

if ! pg "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PORT"
  pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR" start >&2
fi

psql_admin() { pg "$PGBIN/psql" -h "$DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != 1 ]; then
  psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2
fi

echo "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"
