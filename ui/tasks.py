"""Background work for the desktop app: two lanes, operations that announce what they changed.

Contract:
- ``TaskRunner.run(fn, lane=...)`` runs ``fn`` off the GUI thread and delivers its result, its
  error or its cancellation to callbacks on the GUI thread. The **database lane** has one worker,
  so station reads and writes happen one at a time, in submission order. The **file lane** has a
  few workers for file and network work (thumbnails, imports' hashing, exports).
- A task given a ``key`` supersedes the earlier task with the same key: the earlier one is asked
  to cancel and its result, if it still arrives, is dropped (a stale page never overwrites a
  newer one).
- A task that raises ``Cancelled`` (or finishes after its ``Progress`` was cancelled and raises)
  was cancelled, which is not an error: ``on_cancel`` runs, no message is shown.
- An operation that succeeds and declares ``changes`` makes the runner emit ``changed`` with
  them, so every open view refreshes itself; views never call each other to refresh.
- Errors without an ``on_error`` are emitted as ``failed(exc, title)``; the main window shows them
  in its message bar without blocking.
- Work reports progress through a Qt-free ``Progress`` (``progress.update(done, total)``) and
  stops early when ``progress.cancelled`` is set. ``ProgressWatcher`` shows a dialog only when
  the work takes longer than ``DIALOG_DELAY_MS``.
"""

from __future__ import annotations

import gc
import itertools
import logging
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from ui.language import tr as _tr

log = logging.getLogger(__name__)

T = TypeVar("T")
DIALOG_DELAY_MS = 500
FILE_WORKERS = 2
SWITCH_INTERVAL_S = 0.001


class Lane(Enum):
    DB = "db"
    FILES = "files"


class Cancelled(Exception):
    """Raised by work that stopped because it was asked to; not an error."""


@dataclass(frozen=True)
class Changes:
    """What an operation changed. ``kinds``: "case", "evidence", "checklist", "party",
    "officer", "station", "document"; ``case_id``: the case concerned, if one."""

    kinds: frozenset[str]
    case_id: str | None = None

    @classmethod
    def of(cls, *kinds: str, case_id: str | None = None) -> Changes:
        return cls(frozenset(kinds), case_id)

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(kinds))


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

    def check(self) -> None:
        """Raise ``Cancelled`` if the task was asked to stop."""
        if self.cancelled:
            raise Cancelled


@dataclass
class Task(Generic[T]):
    """A submitted piece of work: its future and its progress (cancel through it)."""

    future: Future[T]
    progress: Progress
    key: str | None
    generation: int

    def cancel(self) -> None:
        self.progress.cancel()
        self.future.cancel()


@dataclass
class _Delivery:
    task: Task[Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_cancel: Callable[[], None] | None
    changes: Changes | Callable[[Any], Changes | None] | None
    error_title: str
    owner: QObject | None = None
    # The task's function, kept on the GUI thread: a closure over a widget must not lose its
    # last reference on a worker (PySide would delete the widget from there and crash).
    fn: Callable[..., Any] | None = None


# How long after delivery the GUI thread keeps a task's function: far longer than the few
# bytecodes in which the worker drops its own reference after finishing.
RELEASE_AFTER_MS = 2000


class _Dispatcher(QObject):
    """The one object workers signal through: it lives as long as the process, so a worker
    that finishes after its runner was deleted never emits on a deleted object. Every runner
    listens (queued, on the GUI thread) and takes the numbers it handed out.

    It also holds finished tasks' functions until ``RELEASE_AFTER_MS`` after delivery (see
    ``_Delivery.fn``), on one long-lived timer: no timer object is made per task."""

    finished = Signal(int)
    _instance: _Dispatcher | None = None

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[tuple[float, object]] = deque()
        self._release = QTimer(self)
        self._release.setInterval(RELEASE_AFTER_MS // 4)
        self._release.timeout.connect(self._release_due)

    @classmethod
    def get(cls) -> _Dispatcher:
        if cls._instance is None:
            cls._instance = _Dispatcher()
        return cls._instance

    def hold(self, obj: object) -> None:
        """Keep ``obj`` referenced until ``RELEASE_AFTER_MS`` from now (GUI thread only)."""
        self._held.append((time.monotonic() + RELEASE_AFTER_MS / 1000, obj))
        if not self._release.isActive():
            self._release.start()

    def _release_due(self) -> None:
        now = time.monotonic()
        while self._held and self._held[0][0] <= now:
            self._held.popleft()
        if not self._held:
            self._release.stop()


_serials = itertools.count(1)


class GuiThreadCollector(QObject):
    """Python's cyclic garbage collector runs in whichever thread crosses its allocation
    threshold — often a worker here. A collection there can free widgets caught in reference
    cycles (a widget and a lambda connected to its signal) from the wrong thread, which crashes
    PySide. While any task runner lives, automatic collection is off and this timer on the GUI
    thread collects instead, generation by generation at the usual thresholds.

    ``install`` once the QApplication exists (the desktop does it at start, for the process's
    life); ``uninstall`` gives collection back to the interpreter (tests)."""

    INTERVAL_MS = 250
    _instance: GuiThreadCollector | None = None

    def __init__(self) -> None:
        super().__init__()
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect)

    def collect(self) -> None:
        count0, count1, count2 = gc.get_count()
        t0, t1, t2 = self._thresholds
        if count0 <= t0:
            return
        generation = 0
        if count1 > t1:
            generation = 2 if count2 > t2 else 1
        gc.collect(generation)

    @classmethod
    def install(cls) -> None:
        if cls._instance is None:
            cls._instance = GuiThreadCollector()
        gc.disable()
        cls._instance._timer.start()

    @classmethod
    def uninstall(cls) -> None:
        if cls._instance is not None:
            cls._instance._timer.stop()
        gc.enable()


class TaskRunner(QObject):
    """Runs work on the database lane or the file lane; results come back on the GUI thread."""

    changed = Signal(object)  # Changes
    failed = Signal(object, str)  # exception, title
    notice = Signal(str)  # a finished operation's result in words (the message bar shows it)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Workers run Python (layout, PDF writing) while the GUI thread needs the interpreter
        # for every slot it dispatches; at the default 5 ms switch interval each hand-over can
        # wait 5 ms and a repaint that dispatches twenty slots stalls for 100 ms. 1 ms keeps a
        # busy worker from freezing the window, at a small cost in worker throughput.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._lanes = {
            Lane.DB: ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridapp-db"),
            Lane.FILES: ThreadPoolExecutor(
                max_workers=FILE_WORKERS, thread_name_prefix="gridapp-files"
            ),
        }
        self._latest: dict[str, Task[Any]] = {}
        self._deliveries: dict[int, _Delivery] = {}
        self._generation = 0
        self._pending = 0
        self._closed = False
        _Dispatcher.get().finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        fn: Callable[[Progress], T],
        *,
        lane: Lane = Lane.DB,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        changes: Changes | Callable[[T], Changes | None] | None = None,
        key: str | None = None,
        progress: Progress | None = None,
        error_title: str = "",
        owner: QObject | None = None,
    ) -> Task[T]:
        """Run ``fn(progress)`` on ``lane``. See the module contract. When ``owner`` (the widget
        the callbacks update) is destroyed first, its callbacks are not called: an error with an
        ``error_title`` still reaches the message bar, and ``changes`` are still announced."""
        progress = progress or Progress()
        if self._closed:  # the app is closing: nothing new starts, nothing is delivered
            log.debug("task refused: the runner is shut down")
            progress.cancel()
            refused: Future[T] = Future()
            refused.cancel()
            return Task(refused, progress, key, self._generation)
        self._generation += 1
        if key is not None and (earlier := self._latest.get(key)) is not None:
            earlier.cancel()
        future: Future[T] = self._lanes[lane].submit(self._guarded, fn, progress)
        task: Task[T] = Task(future, progress, key, self._generation)
        if key is not None:
            self._latest[key] = task
        delivery = _Delivery(task, on_done, on_error, on_cancel, changes, error_title, owner, fn)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        # The worker's callback carries only a number: a delivery (its callbacks close over
        # widgets) referenced from the future would form a cycle that the garbage collector may
        # break on a worker thread, deleting widgets there.
        number = next(_serials)
        self._deliveries[number] = delivery
        dispatcher = _Dispatcher.get()
        future.add_done_callback(lambda _f: dispatcher.finished.emit(number))
        return task

    def run_db(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> Future[T]:
        """Run ``fn()`` on the database lane (the start-up path's simple form)."""
        return self.run(lambda _p: fn(), on_done=on_done, on_error=on_error).future

    def run_with_progress(
        self,
        parent: QWidget | None,
        label: str,
        fn: Callable[[Progress], T],
        **kwargs: Any,
    ) -> Task[T]:
        """``run`` with a progress dialog that appears after ``DIALOG_DELAY_MS`` and can cancel."""
        progress = Progress()
        watcher = ProgressWatcher(parent, label, progress)
        callbacks = {name: kwargs.pop(name, None) for name in ("on_done", "on_error", "on_cancel")}

        def finishing(name: str) -> Callable[..., None]:
            def call(*args: Any) -> None:
                watcher.finish()
                watcher.deleteLater()
                callback = callbacks[name]
                if callback is not None:
                    callback(*args)
                elif name == "on_error":
                    self.failed.emit(args[0], kwargs.get("error_title", ""))
            return call

        return self.run(fn, progress=progress, on_done=finishing("on_done"),
                        on_error=finishing("on_error"), on_cancel=finishing("on_cancel"),
                        **kwargs)

    @staticmethod
    def _guarded(fn: Callable[[Progress], T], progress: Progress) -> T:
        if progress.cancelled:
            raise Cancelled
        return fn(progress)

    @Slot(int)
    def _deliver(self, number: int) -> None:
        delivery = self._deliveries.pop(number, None)
        if delivery is None:
            return  # another runner's task
        try:
            self._deliver_one(delivery)
        except RuntimeError as exc:
            if "already deleted" not in str(exc):
                raise
            # The widget the callback updates was closed meanwhile: nothing left to show.
            log.debug("a task's callback found its widget deleted: %s", exc)

    def _deliver_one(self, delivery: _Delivery) -> None:
        _Dispatcher.get().hold(delivery.fn)  # released on this thread, after the worker's copy
        task = delivery.task
        self._pending -= 1
        if self._closed:
            return
        if self._pending == 0:
            self.busy_changed.emit(False)
        superseded = task.key is not None and self._latest.get(task.key) is not task
        if task.key is not None and not superseded:
            del self._latest[task.key]
        if delivery.owner is not None and not shiboken6.isValid(delivery.owner):
            # The widget is gone: nothing to show. A write that went through still announces
            # what it changed, so the other views refresh.
            log.debug("dropping the callbacks of a task whose owner was closed (key=%s)", task.key)
            quiet = None if delivery.error_title else (lambda _e: None)
            delivery = _Delivery(task, None, quiet, None, delivery.changes, delivery.error_title)
        try:
            result = task.future.result()
        except BaseException as exc:  # delivered to the caller, which decides how to report it
            if isinstance(exc, Cancelled) or task.future.cancelled() or task.progress.cancelled:
                log.debug("task cancelled (key=%s): %r", task.key, exc)
                if delivery.on_cancel is not None and not superseded:
                    delivery.on_cancel()
                return
            if superseded:
                log.debug("dropping the error of a superseded task: %r", exc)
                return
            if delivery.on_error is not None:
                delivery.on_error(exc)
            else:
                self.failed.emit(exc, delivery.error_title)
            return
        if superseded:
            log.debug("dropping the result of a superseded task (key=%s)", task.key)
        elif delivery.on_done is not None:
            delivery.on_done(result)
        changes = delivery.changes
        if callable(changes):
            changes = changes(result)
        if changes is not None:
            self.changed.emit(changes)

    def shutdown(self) -> None:
        """Stop file work; wait for the running database task (a write is never abandoned
        half-way)."""
        self._closed = True
        for task in list(self._latest.values()):
            task.progress.cancel()
        self._lanes[Lane.FILES].shutdown(wait=True, cancel_futures=True)
        self._lanes[Lane.DB].shutdown(wait=True, cancel_futures=True)


class ProgressWatcher(QObject):
    """Shows a progress dialog for ``progress`` if the task is still running after a delay."""

    def __init__(self, parent: QWidget | None, label: str, progress: Progress) -> None:
        super().__init__(parent)
        self._progress = progress
        self._label = label
        # (the parent is asked of Qt when needed: a Python reference to it from here would
        # close a reference cycle — the parent keeps this child's wrapper alive — that only the
        # cyclic collector breaks, deleting the parent at an arbitrary moment)
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
        owner = self.parent()
        parent = owner if isinstance(owner, QWidget) else None
        dialog = QProgressDialog(self._label, _tr("取消"), 0, 0, parent)
        dialog.setWindowTitle(_tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal if parent is not None
                                 else Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._progress.cancel)
        self._dialog = dialog
        self._refresh()
        dialog.show()
        self._timer.start()

    def _refresh(self) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        total = self._progress.total
        if total > 0:
            done = min(self._progress.done, total)
            dialog.setLabelText(f"{self._label}\n{done} / {total}")
            # The dialog's own setValue() runs the event loop when the dialog is modal — this
            # very task's delivery could then finish and delete the dialog under the call. Its
            # bar is set directly instead: nothing runs in between.
            bar = dialog.findChild(QProgressBar)
            if bar is not None:
                bar.setMaximum(total)
                bar.setValue(done)

    def finish(self) -> None:
        self._delay.stop()
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._progress.cancel)
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
