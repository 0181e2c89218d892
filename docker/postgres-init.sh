#!/bin/sh
# First start of the PostgreSQL container: the two roles of rules.md and the database.
# zibo_owner owns the schema and runs migrations; zibo_app is what the api runs as.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE zibo_owner LOGIN PASSWORD '${ZIBO_OWNER_PASSWORD}';
CREATE ROLE zibo_app LOGIN PASSWORD '${ZIBO_APP_PASSWORD}';
CREATE DATABASE zibo OWNER zibo_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE zibo FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE zibo TO zibo_app;
SQL
