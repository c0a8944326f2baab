"""What every window and page of a running desktop shares: the station, the task lanes, the
acting officer and the settings.

Contract: ``AppContext.officer`` is the one place that yields the acting officer; every write the
desktop makes is recorded as that officer (``officer.id``). Sign-in decides who it is
(``ui.signin``); passwords slot in there without touching the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from gridapp.store import StationStore
from ui.tasks import TaskRunner


@dataclass(frozen=True)
class ActingOfficer:
    id: str
    name: str
    badge_no: str


@dataclass
class AppContext:
    store: StationStore
    tasks: TaskRunner
    officer: ActingOfficer
    settings: QSettings | None = None

    def message(self, text: str) -> None:
        """Tell the officer what an operation did (the main window's message bar)."""
        self.tasks.notice.emit(text)
