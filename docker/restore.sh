#!/bin/sh
# Restores a backup made by backup.sh into the `db` service:
#   docker compose stop lb api
#   docker compose run --rm backup sh /usr/local/bin/zibo-restore.sh /backups/zibo-<stamp>.dump
#   docker compose up -d            # then verify the audit chain (README, Backup and restore)
# Recreates the two roles of rules.md if they are missing (passwords from ZIBO_OWNER_PASSWORD and
# ZIBO_APP_PASSWORD, as docker/postgres-init.sh does on a new volume), then the database, and
# restores into it as the superuser, so every object keeps its owner (zibo_owner) and its grants
# (zibo_app: no DDL, INSERT and SELECT only on the audit tables).
set -eu

dump="${1:?usage: zibo-restore.sh /backups/zibo-<stamp>.dump}"
[ -f "$dump" ] || { echo "no such file: $dump" >&2; exit 2; }
: "${ZIBO_OWNER_PASSWORD:?set ZIBO_OWNER_PASSWORD}" "${ZIBO_APP_PASSWORD:?set ZIBO_APP_PASSWORD}"

until pg_isready -q; do sleep 2; done

psql -v ON_ERROR_STOP=1 --dbname=postgres \
  -v owner_password="$ZIBO_OWNER_PASSWORD" -v app_password="$ZIBO_APP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE zibo_owner LOGIN PASSWORD %L', :'owner_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zibo_owner') \gexec
SELECT format('CREATE ROLE zibo_app LOGIN PASSWORD %L', :'app_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'zibo_app') \gexec
DROP DATABASE IF EXISTS zibo WITH (FORCE);
CREATE DATABASE zibo OWNER zibo_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE zibo FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE zibo TO zibo_app;
SQL

pg_restore --exit-on-error --dbname=zibo "$dump"
echo "restored $dump into zibo; start the api and check GET /api/audit/verify"
