#!/bin/sh
# Scheduled backups (the `backup` service of docker-compose.yml): every BACKUP_INTERVAL_SECONDS a
# pg_dump of the zibo database (custom format: compressed, restorable table by table) and a dump of
# the cluster's roles, into /backups; the newest BACKUP_KEEP of each are kept.
# Connection from PGHOST, PGUSER, PGPASSWORD (the postgres superuser: it may read every table).
set -eu

interval="${BACKUP_INTERVAL_SECONDS:-86400}"
keep="${BACKUP_KEEP:-14}"
dir=/backups

until pg_isready -q; do sleep 2; done

prune() {
  # Newest first; everything after the first $keep goes.
  ls -1t "$dir"/$1 2>/dev/null | tail -n +"$((keep + 1))" | while read -r old; do rm -f "$old"; done
}

while true; do
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  # Written under a temporary name: a file named .dump is always complete.
  if pg_dump --format=custom --dbname=zibo --file="$dir/zibo-$stamp.dump.partial" &&
    pg_dumpall --roles-only --file="$dir/roles-$stamp.sql.partial"; then
    mv "$dir/zibo-$stamp.dump.partial" "$dir/zibo-$stamp.dump"
    mv "$dir/roles-$stamp.sql.partial" "$dir/roles-$stamp.sql"
    echo "backup written: $dir/zibo-$stamp.dump"
    prune 'zibo-*.dump'
    prune 'roles-*.sql'
  else
    echo "backup FAILED at $stamp" >&2
    rm -f "$dir/zibo-$stamp.dump.partial" "$dir/roles-$stamp.sql.partial"
  fi
  sleep "$interval"
done
