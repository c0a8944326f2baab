#!/usr/bin/env bash
# Starts the gridapp desktop app, setting up .venv and system libraries first if needed.
# Arguments are passed to the app: ./scripts/run.sh --data-dir ~/gridapp-data
set -uo pipefail
# shellcheck source=scripts/_bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/_bootstrap.sh"

wants_help=0
for arg in "$@"; do
    [[ "$arg" == -h || "$arg" == --help ]] && wants_help=1
done

platform="${QT_QPA_PLATFORM:-}"
if ((!wants_help)) && [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "$platform" ]]; then
    cat >&2 <<'MSG'
没有检测到图形界面（DISPLAY 和 WAYLAND_DISPLAY 均未设置），无法打开窗口。
  - 请在桌面会话中打开终端后运行 ./scripts/run.sh；
  - 通过 SSH 登录时，请使用 ssh -X 转发图形界面；
  - 仅做冒烟检查（不显示窗口）：QT_QPA_PLATFORM=offscreen ./scripts/run.sh --smoke

No display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can be opened.
  - Run ./scripts/run.sh from a terminal inside a desktop session;
  - over SSH, use ssh -X to forward the display;
  - for a headless smoke run: QT_QPA_PLATFORM=offscreen ./scripts/run.sh --smoke
MSG
    exit 2
fi

profile=desktop
[[ "$platform" == offscreen || "$platform" == minimal ]] && profile=offscreen
bootstrap "$profile" || exit 1
exec "$VENV/bin/python" -m ui "$@"
