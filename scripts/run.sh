#!/usr/bin/env bash
# Starts the gridapp desktop app, setting up .venv and system libraries first if needed.
# Arguments are passed to the app: ./scripts/run.sh --data-dir ~/gridapp-data
set -uo pipefail
# shellcheck source=scripts/_bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"

# Fail fast, before any set-up, when there is no display (the message lives in ui/display.py).
(cd "$GRIDAPP_ROOT" && "${PYTHON:-python3}" -m ui.display "$@") || exit 2

platform="${QT_QPA_PLATFORM:-}"
profile=desktop
[[ "$platform" == offscreen || "$platform" == minimal ]] && profile=offscreen
bootstrap "$profile" || exit 1
exec "$VENV/bin/python" -m ui "$@"
