"""Background sync: runs ``sync.station.run`` on the file lane when HQ may be reachable.

Contract: at most one run at a time; a run starts ``FIRST_DELAY_S`` after start-up, every
``sync/intervalSeconds`` (QSettings, default 300), ``AFTER_CHANGE_S`` after local work, and when
asked (立即同步). It never blocks the window and never pops up a dialog: a failure is kept for
the 同步 page (and, for a run the officer asked for, shown in the message bar). A station that
is not enrolled is never contacted. Closing the window cancels a run between batches.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from sync.errors import Revoked, SyncError
from ui.context import AppContext
from ui.language import tr as _tr
from ui.tasks import Changes, Lane, Progress, Task

if TYPE_CHECKING:
    from sync.station import SyncReport

log = logging.getLogger(__name__)
FIRST_DELAY_S = 5
AFTER_CHANGE_S = 30
DEFAULT_INTERVAL_S = 300
# What a sync can change locally: every view that shows station data refreshes.
PULLED = ("case", "evidence", "document", "party", "officer", "station", "checklist", "sync")


class BackgroundSync(QObject):
    started = Signal()
    finished = Signal(object)  # SyncReport
    failed = Signal(str)  # the Chinese message
    # HQ revoked this device: its key slots were wiped (``sync.station.wipe_after_revocation``);
    # the window locks and no password opens it again.
    revoked = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._task: Task[SyncReport | None] | None = None
        self._asked = False
        interval = DEFAULT_INTERVAL_S
        if ctx.settings is not None:
            raw = str(ctx.settings.value("sync/intervalSeconds", DEFAULT_INTERVAL_S))
            interval = int(raw) if raw.isdigit() and int(raw) >= 30 else interval
        self.timer = QTimer(self)
        self.timer.setInterval(interval * 1000)
        self.timer.timeout.connect(lambda: self.run_now(asked=False))
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.timeout.connect(lambda: self.run_now(asked=False))
        ctx.tasks.changed.connect(self._local_change)

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        self.timer.start()
        self.soon.start(FIRST_DELAY_S * 1000)

    def _local_change(self, changes: Changes) -> None:
        if changes.touches("sync"):
            return  # what a sync itself changed
        if not self.soon.isActive():
            self.soon.start(AFTER_CHANGE_S * 1000)

    def run_now(self, *, asked: bool = True) -> bool:
        """Start a run unless one is running; False when none was started."""
        if self._task is not None:
            return False
        self._asked = asked
        store = self.ctx.store

        def work(progress: Progress) -> SyncReport | None:
            from sync import station as sync_station  # requests and pydantic: off start-up

            if not sync_station.status(store)["enrolled"]:
                return None
            return sync_station.run(
                store, cancelled=lambda: progress.cancelled,
                progress=lambda _phase, done, total: progress.update(done, total))

        self.started.emit()
        self._task = self.ctx.tasks.run(
            work, lane=Lane.FILES, key="sync", on_done=self._done, on_error=self._error,
            on_cancel=self._cancelled, owner=self,
            changes=lambda r: Changes.of(*PULLED) if r is not None and r.pulled
            else Changes.of("sync"))
        return True

    def _done(self, report: SyncReport | None) -> None:
        self._task = None
        if report is None:
            if self._asked:
                self.ctx.message(_tr("本站尚未注册到指挥中心，请先在“同步”页注册。"))
            self.finished.emit(None)
            return
        if self._asked:
            self.ctx.message(_tr("同步完成：上传 {up} 项、{files} 个文件，接收 {down} 项。").format(
                up=report.pushed, files=report.blobs_uploaded, down=report.pulled))
        self.finished.emit(report)

    def _error(self, exc: BaseException) -> None:
        self._task = None
        text = exc.zh if isinstance(exc, SyncError) else _tr("同步失败：{e}").format(e=exc)
        if not isinstance(exc, SyncError):
            log.error("sync failed", exc_info=exc)
        if self._asked:
            self.ctx.message(text)
        if isinstance(exc, Revoked):
            self.timer.stop()
            self.soon.stop()
            self.revoked.emit(text)
        self.failed.emit(text)
        self.ctx.tasks.changed.emit(Changes.of("sync"))

    def _cancelled(self) -> None:
        self._task = None
        self.finished.emit(None)
