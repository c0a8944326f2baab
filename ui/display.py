"""Is there a display to open a window on? Standard library only.

``scripts/run.sh`` runs this module with the system Python before any set-up, so a headless
machine gets the explanation at once; ``ui.app`` asks the same question before starting Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")

NO_DISPLAY_MESSAGE = """\
没有检测到图形界面（DISPLAY 和 WAYLAND_DISPLAY 均未设置），无法打开窗口。
  - 请在桌面会话中打开终端后运行 ./scripts/run.sh；
  - 通过 SSH 登录时，请使用 ssh -X 转发图形界面；
  - 仅做冒烟检查（不显示窗口）：QT_QPA_PLATFORM=offscreen ./scripts/run.sh --smoke

No display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can be opened.
  - Run ./scripts/run.sh from a terminal inside a desktop session;
  - over SSH, use ssh -X to forward the display;
  - for a headless smoke run: QT_QPA_PLATFORM=offscreen ./scripts/run.sh --smoke
"""


def display_problem(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """The message to show when no window can be opened, else ``None``."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0]
    if qpa in HEADLESS_PLATFORMS:
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY_MESSAGE


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "-h" in args or "--help" in args:
        return 0
    problem = display_problem()
    if problem:
        sys.stderr.write(problem)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
