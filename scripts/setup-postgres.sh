#!/usr/bin/env bash
# Start a local PostgreSQL for qawl's tests and print the URL to use.
#
#   eval "$(scripts/setup-postgres.sh)"      # sets QAWL_TEST_PG_URL
#
# Idempotent: installs the server with apt-get only when it is missing (Debian, as root), creates a
# cluster listening on 127.0.0.1 only, a role and databases qawl / qawl_test, the pg_trgm extension,
# and prints QAWL_TEST_PG_URL=postgresql://... on stdout (everything else goes to stderr).
set -euo pipefail

PORT="${QAWL_PG_PORT:-5432}"
PASSWORD="${QAWL_PG_PASSWORD:-qawl}"
log() { echo "setup-postgres: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL is not installed and I cannot install it (need Debian and root)"; exit 1
  fi
  log "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || log "apt-get update failed; trying the cached package lists"
  apt-get install -y -qq postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if [ "${VERSION%%.*}" -lt 15 ]; then log "PostgreSQL $VERSION is older than 15"; exit 1; fi
CLUSTER=main
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER"
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" >&2
fi
CONF="/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf"
# loopback only: the test server must never listen on a public interface
if ! grep -q "^listen_addresses = '127.0.0.1'" "$CONF"; then
  echo "listen_addresses = '127.0.0.1'" >>"$CONF"
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  log "starting cluster $VERSION/$CLUSTER on 127.0.0.1:$PORT"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

psql_su() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
for _ in $(seq 1 30); do psql_su -c "select 1" >/dev/null 2>&1 && break; sleep 1; done
if [ "$(psql_su -c "select 1 from pg_roles where rolname='qawl'")" != 1 ]; then
  psql_su -c "create role qawl login password '$PASSWORD'" >&2
fi
for db in qawl qawl_test; do
  if [ "$(psql_su -c "select 1 from pg_database where datname='$db'")" != 1 ]; then
    psql_su -c "create database $db owner qawl" >&2
  fi
  # pg_trgm needs a superuser to create; the store only uses it when present
  psql_su -d "$db" -c "set client_min_messages = warning; create extension if not exists pg_trgm" >&2
done
echo "QAWL_TEST_PG_URL=postgresql://qawl:$PASSWORD@127.0.0.1:$PORT/qawl_test"
