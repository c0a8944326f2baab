#!/usr/bin/env bash
# Runs a command with a private PostgreSQL server (GRIDAPP_TEST_PG_URL set), stopped afterwards.
# Example: benchmarks/with_postgres.sh .venv/bin/python benchmarks/bench_sync.py --parts d
set -uo pipefail
# shellcheck source=scripts/_bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_bootstrap.sh"
# shellcheck source=scripts/_postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_postgres.sh"
postgres_start || exit 1
trap postgres_stop EXIT
"$@"
