#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL 15 cluster: initdb in a
# temporary directory, listening on loopback only, removed at the end.
# The command sees OCOP_TEST_PG_URL=postgresql://ocop@127.0.0.1:PORT/ocop_test.
set -euo pipefail
pgbin=/usr/lib/postgresql/15/bin
dir=$(mktemp -d /tmp/ocop-pg.XXXXXX)
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi

stop() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U ocop --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log"; exit 1; }

started=""
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  if "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
    started=yes
    break
  fi
done
[[ -n "$started" ]] || { echo "PostgreSQL did not start"; cat "$dir/server.log"; exit 1; }

"${as_pg[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U ocop ocop_test
export OCOP_TEST_PG_URL="postgresql://ocop@127.0.0.1:$port/ocop_test"
echo "PostgreSQL 15 on 127.0.0.1:$port (throw-away cluster in $dir)"
"$@"
