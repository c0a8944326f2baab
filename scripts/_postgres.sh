# shellcheck shell=bash
# A private PostgreSQL server for the HQ tests (sourced by scripts/test.sh).
#
# Contract: `postgres_start` installs Debian's postgresql package when it is missing, creates a
# throw-away cluster in a temporary directory owned by an unprivileged user (the package's
# `postgres` user when running as root), starts it on a free loopback port with its socket in
# that directory, and exports GRIDAPP_TEST_PG_URL (a superuser URL the tests create databases
# with) and GRIDAPP_REQUIRE_PG=1. `postgres_stop` stops it and removes the directory.
# Durability settings are relaxed (fsync off): the tests kill HQ processes, never the server.

_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { printf '%s' "$dir"; return 0; }
    done
    return 1
}

_pg_free_port() {
    "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

postgres_start() {
    local bin
    if ! bin="$(_pg_bin)" || _pretend_missing postgresql; then
        apt_ensure postgresql || return 1
        bin="$(_pg_bin)" || _die "PostgreSQL installed but initdb/pg_ctl not found" || return 1
    fi
    PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/gridapp-pg.XXXXXX")"
    local run_as=()
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres || return 1
        chown postgres "$PG_DIR"
        run_as=(runuser -u postgres --)
    fi
    PG_RUN=("${run_as[@]}")
    local port
    port="$(_pg_free_port)" || return 1
    "${run_as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U gridapp -A trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
        { cat "$PG_DIR/initdb.log" >&2; _die "initdb failed"; return 1; }
    "${run_as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        start >/dev/null ||
        { cat "$PG_DIR/server.log" >&2; _die "PostgreSQL did not start"; return 1; }
    PG_BIN="$bin"
    export GRIDAPP_TEST_PG_URL="postgresql://gridapp@127.0.0.1:$port/postgres"
    export GRIDAPP_REQUIRE_PG=1
    _say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

postgres_stop() {
    [[ -n "${PG_DIR:-}" ]] || return 0
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
}
