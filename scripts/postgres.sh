#!/usr/bin/env bash
# Prints a URL for a PostgreSQL server the tests may create databases on, starting the
# local cluster (or installing Debian's postgresql) when none answers on 127.0.0.1:5432.
set -euo pipefail
log() { printf '[postgres] %s\n' "$*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing postgresql"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >&2 || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# Where trust auth is not configured, a password role with CREATEDB works everywhere.
if psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1 </dev/null; then
  echo "postgres://postgres@127.0.0.1:5432/postgres"
else
  runuser -u postgres -- psql -q -d postgres -c "do \$\$ begin
    if not exists (select from pg_roles where rolname = 'hopso_test') then
      create role hopso_test login createdb password 'hopso_test'; end if; end \$\$;" >&2
  echo "postgres://hopso_test:hopso_test@127.0.0.1:5432/postgres"
fi
