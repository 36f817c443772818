#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (a CTest fixture, see tests/support/CMakeLists.txt).
#
#   postgres-fixture.sh start DIR [PORT]   initdb into DIR/data, start on 127.0.0.1:PORT (a free
#                                          port when PORT is 0 or omitted), create the database
#                                          `gatehouse_test` and write its URL to DIR/url
#   postgres-fixture.sh stop DIR           stop the server and delete DIR
#
# As root the server runs as the `postgres` user (PostgreSQL refuses root), otherwise as the
# caller. DIR belongs to one build tree, so two build trees never share a server; a server left
# behind by an interrupted run is stopped and wiped by the next start. Trust authentication is
# acceptable only because the server listens on loopback and on a socket in DIR, and lives for
# one test run; fsync is off because the data is thrown away.
set -euo pipefail

PG_BIN=${GATEHOUSE_PG_BIN:-}
if [[ -z "$PG_BIN" ]]; then
    for candidate in /usr/lib/postgresql/*/bin; do
        [[ -x "$candidate/pg_ctl" ]] && PG_BIN=$candidate
    done
fi
[[ -n "$PG_BIN" && -x "$PG_BIN/pg_ctl" ]] || {
    echo "postgres-fixture: no PostgreSQL server binaries (set GATEHOUSE_PG_BIN)" >&2
    exit 1
}

usage() {
    echo "usage: $0 start DIR [PORT] | stop DIR" >&2
    exit 2
}

# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Where the server's files live: DIR itself, unless the server's user cannot reach it (a build
# tree under a private home directory) or it is too deep for a Unix socket path (~107 bytes);
# then a directory in /tmp, recorded in DIR/runtime so that stop and the next start find it.
choose_runtime_dir() {
    local dir=$1
    if ((${#dir} < 80)) && as_owner test -w "$dir" 2>/dev/null; then
        echo "$dir"
        return
    fi
    local runtime
    runtime=$(mktemp -d /tmp/gatehouse-pg.XXXXXX)
    [[ $(id -u) -ne 0 ]] || chown postgres: "$runtime"
    echo "$runtime" >"$dir/runtime"
    echo "$runtime"
}

runtime_dir() {
    local dir=$1
    if [[ -f "$dir/runtime" ]]; then
        cat "$dir/runtime"
    else
        echo "$dir"
    fi
}

free_port() {
    python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 30000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
PY
}

stop_server() {
    local data=$1 mode=$2
    [[ -f "$data/postmaster.pid" ]] || return 0
    as_owner "$PG_BIN/pg_ctl" stop -D "$data" -m "$mode" -w -t 30 >/dev/null 2>&1 || true
    # If pg_ctl gave up and the pid file still names a running postgres, make sure it is gone;
    # a pid reused by another program since a crash is left alone.
    local pid
    pid=$(head -n1 "$data/postmaster.pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(ps -o comm= -p "$pid" 2>/dev/null)" == postgres ]]; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

wipe() {
    local dir=$1 runtime
    runtime=$(runtime_dir "$dir")
    [[ "$runtime" == "$dir" ]] || rm -rf -- "$runtime"
    rm -rf -- "$dir"
}

start() {
    local dir=$1 port=${2:-0}
    if [[ -d "$dir" ]]; then
        echo "postgres-fixture: cleaning up a leftover server in $dir" >&2
        stop_server "$(runtime_dir "$dir")/data" immediate
        wipe "$dir"
    fi
    mkdir -p "$dir"
    [[ $(id -u) -ne 0 ]] || chown postgres: "$dir"
    local runtime
    runtime=$(choose_runtime_dir "$dir")
    local data=$runtime/data sockets=$runtime/run
    as_owner mkdir -p "$sockets"

    as_owner "$PG_BIN/initdb" --pgdata="$data" --username=postgres --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    as_owner tee -a "$data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockets'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
CONF

    # Another process can take a port between choosing and binding it: try a few.
    local attempt started=0
    for attempt in 1 2 3 4 5; do
        [[ "$port" != 0 ]] || port=$(free_port)
        if as_owner "$PG_BIN/pg_ctl" start -D "$data" -w -t 60 -l "$runtime/server.log" \
            -o "-p $port" >/dev/null 2>&1; then
            started=1
            break
        fi
        echo "postgres-fixture: start on port $port failed (attempt $attempt)" >&2
        [[ $# -ge 2 && "$2" != 0 ]] && break
        port=0
    done
    if ((started == 0)); then
        cat "$runtime/server.log" >&2 || true
        exit 1
    fi

    as_owner "$PG_BIN/psql" -h "$sockets" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -qc 'CREATE DATABASE gatehouse_test' >&2
    echo "postgres://postgres@127.0.0.1:$port/gatehouse_test" >"$dir/url.tmp"
    mv -f "$dir/url.tmp" "$dir/url"
    echo "postgres-fixture: PostgreSQL on 127.0.0.1:$port, URL in $dir/url"
}

stop() {
    local dir=$1
    [[ -d "$dir" ]] || return 0
    stop_server "$(runtime_dir "$dir")/data" fast
    wipe "$dir"
}

case "${1:-}" in
start)
    [[ $# -ge 2 ]] || usage
    start "$2" "${3:-0}"
    ;;
stop)
    [[ $# -ge 2 ]] || usage
    stop "$2"
    ;;
*) usage ;;
esac
