#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster on 127.0.0.1 and makes the test role and database; safe to run twice.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$ver main"; then pg_createcluster "$ver" main >/dev/null; fi
pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -q -tc \"select 1 from pg_roles where rolname='app'\" | grep -q 1 || psql -q -c \"create role app login password 'app'\""
su postgres -c "psql -q -tc \"select 1 from pg_database where datname='app_test'\" | grep -q 1 || psql -q -c 'create database app_test owner app'"
echo "postgres://app:app@127.0.0.1:5432/app_test"
