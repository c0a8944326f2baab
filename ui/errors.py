"""How the desktop app reports errors: a Chinese message box, the details in the log.

Contract: no traceback ever reaches the user. ``GridappError`` carries its own Chinese message;
anything else is an internal fault, logged with its traceback and shown as a short message that
says where the log is.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gridapp.errors import GridappError
from ui.language import pick
from ui.language import tr as _tr

log = logging.getLogger("ui")

_log_file: Path | None = None


def set_log_file(path: Path | None) -> None:
    global _log_file  # noqa: PLW0603 — one log per process, set once at start-up
    _log_file = path




def user_message(exc: BaseException) -> str:
    """The text a user sees for ``exc``, in the interface language (Chinese unless English was
    chosen; every ``GridappError`` carries both)."""
    if isinstance(exc, GridappError):
        return pick(exc.message_zh, exc.message_en)
    where = _tr("详细信息已写入日志：{path}").format(path=_log_file) if _log_file else ""
    return _tr("程序内部出现错误，操作未完成。") + ("\n" + where if where else "")


# Replaced in tests so that a message box never blocks; receives (title, text).
Presenter = Callable[[QWidget | None, str, str], None]


def _message_box(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


presenter: Presenter = _message_box


def log_error(exc: BaseException) -> None:
    """Log ``exc``: a user error briefly, an internal fault with its traceback."""
    if isinstance(exc, GridappError):
        log.warning("%s", exc.message_en, exc_info=exc)
    else:
        log.error("internal error", exc_info=exc)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Log ``exc`` (with traceback if it is not a user error) and tell the user in Chinese."""
    log_error(exc)
    presenter(parent, title or _tr("错误"), user_message(exc))


def _excepthook(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    show_error(QApplication.activeWindow(), exc.with_traceback(tb))


def install_excepthook() -> None:
    """Exceptions escaping Qt slots become message boxes instead of stderr tracebacks."""
    sys.excepthook = _excepthook
