#!/usr/bin/env bash
# Provides the PostgreSQL server the test suite runs against (see PLATFORM-NOTES: Debian package, no Docker).
# Idempotent: installs the postgresql package when absent, starts the cluster on 127.0.0.1:5432, creates the
# role ijw/ijw (with createdb, so tests can create a fresh database each) and the database ijw_test.
# Progress goes to stderr; stdout is exactly one line for `eval "$(bash .ci/postgres.sh)"`:
#   export IJW_TEST_POSTGRES_URL=postgresql+psycopg://ijw:ijw@127.0.0.1:5432/ijw_test
set -euo pipefail
exec 3>&1 1>&2

PG_PORT="${PG_PORT:-5432}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres.sh: installing the Debian postgresql package"
  $SUDO apt-get update -qq </dev/null 3>&-
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql </dev/null >/dev/null 3>&-
fi

# The newest installed cluster (Debian creates "main" on install).
read -r PG_VERSION PG_CLUSTER _ < <(pg_lsclusters --no-header | sort -k1,1nr | head -n1)
if [ -z "${PG_VERSION:-}" ]; then
  PG_VERSION="$(ls /usr/lib/postgresql | sort -nr | head -n1)"
  PG_CLUSTER=main
  $SUDO pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$PG_PORT" </dev/null 3>&-
fi
if ! pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' \
    | grep -q online; then
  echo "postgres.sh: starting cluster $PG_VERSION/$PG_CLUSTER"
  # The server must not inherit fd 3 (the pipe of `eval "$(...)"`): a daemon holding it open would keep the
  # command substitution waiting for end-of-file forever.
  $SUDO pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start </dev/null 3>&-
fi

for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PG_PORT"

psql_admin() { $SUDO su postgres -c "psql -v ON_ERROR_STOP=1 -p $PG_PORT -qAt $*"; }
if [ "$(psql_admin "-c \"select 1 from pg_roles where rolname='ijw'\"")" != "1" ]; then
  psql_admin "-c \"create role ijw login password 'ijw' createdb\""
else
  psql_admin "-c \"alter role ijw login password 'ijw' createdb\""
fi
if [ "$(psql_admin "-c \"select 1 from pg_database where datname='ijw_test'\"")" != "1" ]; then
  psql_admin "-c \"create database ijw_test owner ijw\""
fi

echo "export IJW_TEST_POSTGRES_URL=postgresql+psycopg://ijw:ijw@127.0.0.1:${PG_PORT}/ijw_test" >&3
