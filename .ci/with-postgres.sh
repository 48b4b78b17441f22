#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on loopback, exported as
# WENLV_TEST_DATABASE_URL, and stops the cluster afterwards even when the command fails.
# Installs Debian's postgresql package when no server binaries are found.
set -euo pipefail

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

if ! PG_BIN=$(find_pg_bin); then
  echo "with-postgres: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(find_pg_bin)
fi

PG_DIR=$(mktemp -d /tmp/wenlv-pg.XXXXXX)
PG_PORT=${WENLV_TEST_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$PG_DIR"
fi
cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT

as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/log" \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null
export WENLV_TEST_PG_BIN="$PG_BIN"  # pg_dump / pg_restore of the same version
export WENLV_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "with-postgres: PostgreSQL on 127.0.0.1:$PG_PORT" >&2
"$@"
