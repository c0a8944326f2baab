#!/usr/bin/env bash
# Runs every check CI runs: ruff, mypy (strict, gridapp + sync), the import-layer contract and the
# whole pytest suite (Qt offscreen). Extra arguments go to pytest, e.g. ./scripts/test.sh -k audit
# Exit status is non-zero if any step fails; all steps run so one report shows every problem.
set -uo pipefail
# shellcheck source=scripts/_bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"
# shellcheck source=scripts/_postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/_postgres.sh"
bootstrap test || exit 1
# The HQ tests run against SQLite and against this real PostgreSQL server.
postgres_start || exit 1
trap postgres_stop EXIT
cd "$GRIDAPP_ROOT" || exit 1

export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
unset GRIDAPP_DATA_DIR  # tests must never touch a real station

failed=()
step() {
    local name="$1"
    shift
    printf '\n==> %s\n' "$name"
    "$@"
    local rc=$?
    if ((rc != 0)); then
        printf '==> %s 失败 / FAILED (exit %d)\n' "$name" "$rc"
        failed+=("$name")
    fi
    return 0
}

pytest_all() {
    "$VENV/bin/pytest" -n "${GRIDAPP_TEST_WORKERS:-2}" "$@"
    local rc=$?
    # pytest exits 5 when it collected nothing: that is a broken suite, never a pass.
    if ((rc == 5)); then
        printf '没有收集到任何测试 / no tests were collected\n'
    fi
    return "$rc"
}

step "ruff check" "$VENV/bin/ruff" check .
step "mypy (strict: gridapp, sync)" "$VENV/bin/mypy"
step "mypy (ui)" "$VENV/bin/mypy" --strict --follow-imports=silent -p ui
step "import contract (lint-imports)" "$VENV/bin/lint-imports" --no-cache
step "translations complete" "$VENV/bin/python" scripts/update_translations.py --check
step "pytest" pytest_all "$@"

if ((${#failed[@]})); then
    printf '\n失败的步骤 / failed steps: %s\n' "${failed[*]}"
    exit 1
fi
printf '\n全部通过 / all checks passed\n'
