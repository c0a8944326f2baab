"""Background work for the desktop app.

Contract: ``TaskRunner.run_db`` runs a function on the single database lane (one worker thread,
so station writes happen one at a time, in submission order) and delivers its result or its
exception to callbacks on the Qt main thread. Work reports progress through a Qt-free
``Progress`` object (``progress.update(done, total)``) and should stop early when
``progress.cancelled`` is set. A progress dialog appears only when the work takes longer than
``DIALOG_DELAY_MS``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")
DIALOG_DELAY_MS = 500


@dataclass
class Progress:
    """Thread-safe progress and cancel flag shared by a task and the UI."""

    done: int = 0
    total: int = 0
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def update(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass
class _Outcome(Generic[T]):
    on_done: Callable[[T], None]
    on_error: Callable[[BaseException], None]
    future: Future[T]


class _Bridge(QObject):
    """Lives on the main thread; signals emitted from workers are queued to it."""

    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, outcome: _Outcome[Any]) -> None:
        try:
            result = outcome.future.result()
        except BaseException as exc:  # delivered to the caller, which decides how to report it
            outcome.on_error(exc)
        else:
            outcome.on_done(result)


class TaskRunner:
    """One lane for database work; results come back on the main thread."""

    def __init__(self) -> None:
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridapp-db")
        self._bridge = _Bridge()
        self._pending = 0

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run_db(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> Future[T]:
        self._pending += 1
        future: Future[T] = self._db.submit(fn)

        def finish(result: T) -> None:
            self._pending -= 1
            on_done(result)

        def fail(exc: BaseException) -> None:
            self._pending -= 1
            on_error(exc)

        outcome = _Outcome(finish, fail, future)
        future.add_done_callback(lambda _f: self._bridge.finished.emit(outcome))
        return future

    def shutdown(self) -> None:
        """Wait for the running task (a database write is never abandoned half-way)."""
        self._db.shutdown(wait=True, cancel_futures=True)


class ProgressWatcher(QObject):
    """Shows a progress dialog for ``progress`` if the task is still running after a delay."""

    def __init__(self, parent: QWidget | None, label: str, progress: Progress) -> None:
        super().__init__(parent)
        self._progress = progress
        self._label = label
        self._parent = parent
        self._dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._refresh)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.timeout.connect(self._show)
        self._delay.start(DIALOG_DELAY_MS)

    @property
    def dialog(self) -> QProgressDialog | None:
        return self._dialog

    def _show(self) -> None:
        log.debug("work still running after %d ms: showing progress", DIALOG_DELAY_MS)
        dialog = QProgressDialog(self._label, self.tr("取消"), 0, 0, self._parent)
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._progress.cancel)
        self._dialog = dialog
        self._refresh()
        dialog.show()
        self._timer.start()

    def _refresh(self) -> None:
        if self._dialog is None:
            return
        total = self._progress.total
        if total > 0:
            self._dialog.setMaximum(total)
            self._dialog.setValue(min(self._progress.done, total))

    def finish(self) -> None:
        self._delay.stop()
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._progress.cancel)
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
