"""What every window and page of a running desktop shares: the station, the task lanes, the
acting officer and the settings.

Contract: ``AppContext.officer`` is the one place that yields the acting officer; every write the
desktop makes is recorded as that officer (``officer.id``). Sign-in decides who it is
(``ui.signin``), and ``authenticate`` below is the one place the desktop checks a password —
at sign-in and to unlock the idle lock (``ui.lock``).

``AppContext.store`` is the opened station — or, when the window was shown before the store
opened (the quick start, ``ui.quick_start``), a ``StoreOpening`` standing in for it: pages hand
it to work on the task lanes exactly like the store, and the work waits there until the store
is open (the GUI thread never waits; on it only ``data_dir`` is available meanwhile).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings

from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from gridapp.store import StationStore

OPEN_WAIT_S = 600.0  # a worker gives up waiting for the store after this long


@dataclass(frozen=True)
class ActingOfficer:
    id: str
    name: str
    badge_no: str
    role: str = "officer"


@dataclass(frozen=True)
class SignedIn:
    """Who proved their password, and what they must do before working: ``needs`` is ""
    (nothing), "temporary" (signed in with a reset password) or "first_password" (the account
    has none yet); either way the sign-in dialog makes them set a new one first."""

    officer: ActingOfficer
    needs: str = ""


log = logging.getLogger(__name__)


def authenticate(store: StationStore, badge: str, password: str) -> SignedIn:
    """THE password check of the desktop (sign-in and unlock). Runs on a worker, never on the GUI
    thread (Argon2id takes about half a second). Refusals are ``GridappError``s whose Chinese
    text the dialogs show as is (wrong password, back-off wait, lockout).

    ``store`` is the opened station (or the ``StoreOpening`` standing in for it): today the
    check is ``gridapp.workbench.accounts.authenticate`` against its officer table. With the
    station encrypted at rest, this is where the password unwraps the station key and the store
    is opened with it; the sign-in dialog already runs before anything is shown and waits for
    this call, so only this body changes."""
    from gridapp.workbench.accounts import authenticate as check

    proven = ""
    if isinstance(store, StoreOpening) and store.locked and store.store is None:
        proven = store.unlock_and_open(badge, password)  # the password opens the station
    who = check(store, badge, password, proven=proven)
    if isinstance(store, StoreOpening) and store.store is not None:
        store.encrypt_if_plain(badge, password)
    return SignedIn(ActingOfficer(who.officer_id, who.name, who.badge, who.role), who.needs)


def set_own_password(store: StationStore, badge: str, old: str, new: str, confirm: str) -> None:
    """The officer sets a new password (after a temporary one, a first one, or any time). Runs on
    a worker; with encryption at rest this also rewraps the officer's key slot."""
    from gridapp.workbench.accounts import set_new_password

    set_new_password(store, badge, old, new, confirm)


class StoreOpening:
    """The station store while it opens on the database lane: attribute access from a worker
    thread waits for ``opened`` (or ``failed``) and then reads the store's attribute."""

    def __init__(self, data_dir: Path, *, locked: bool = False) -> None:
        self.data_dir = data_dir
        # An encrypted station nobody has unlocked yet: it opens only with the password given
        # at sign-in (``unlock_and_open``), never by a task started before.
        self.locked = locked
        self._ready = threading.Event()
        self._store: StationStore | None = None
        self._error: BaseException | None = None

    def unlock_and_open(self, badge: str, password: str) -> str:
        """Open the locked station with ``badge``'s password (a worker: Argon2id, then the
        store). Returns the id of the officer the key slot proved. A wrong password raises and
        leaves it locked."""
        from gridapp.keys import unlock
        from gridapp.store import open_store

        unlock.unlock_with_password(self.data_dir, badge, password)
        try:
            store = open_store(self.data_dir, create=False)
        except BaseException as exc:
            self.failed(exc)
            raise
        self.opened(store)
        return unlock.proven_officer(self.data_dir)

    def encrypt_if_plain(self, badge: str, password: str) -> None:
        """A plain station made by an earlier version is converted at its first sign-in
        (``gridapp.conversion``), before the window shows: the store is closed, converted with
        the officer's password (a demo station needs none) and opened again. Runs on a worker."""
        from gridapp.conversion import encrypt_station, needs_conversion
        from gridapp.store import open_store

        store = self._store
        if store is None or store.read_only or not needs_conversion(self.data_dir):
            return
        log.info("converting the plain station in %s to encrypted storage", self.data_dir)
        store.close()
        try:
            encrypt_station(self.data_dir, badge, password)
        finally:
            # Encrypted, or — a conversion that stopped — the plain database as it was (the
            # next start finishes it; until then the station says so when opened).
            self._store = open_store(self.data_dir, create=False)

    def opened(self, store: StationStore) -> None:
        self._store = store
        self._ready.set()

    def failed(self, exc: BaseException) -> None:
        self._error = exc
        self._ready.set()

    def wait(self, timeout: float = OPEN_WAIT_S) -> StationStore:
        """The store, once opened (a worker, or a test, may wait; the GUI thread never does)."""
        if not self._ready.wait(timeout):
            raise TimeoutError("the station store did not open")
        if self._store is None:
            raise RuntimeError("the station store could not be opened") from self._error
        return self._store

    @property
    def store(self) -> StationStore | None:
        """The store once opened, else None (never waits)."""
        return self._store

    def __getattr__(self, name: str) -> Any:
        if threading.current_thread() is threading.main_thread() and not self._ready.is_set():
            raise RuntimeError(f"the station store is still opening (asked for {name!r})")
        if not self._ready.wait(OPEN_WAIT_S):
            raise TimeoutError("the station store did not open")
        if self._store is None:
            raise RuntimeError("the station store could not be opened") from self._error
        return getattr(self._store, name)


@dataclass
class AppContext:
    store: StationStore
    tasks: TaskRunner
    officer: ActingOfficer
    settings: QSettings | None = None

    def message(self, text: str) -> None:
        """Tell the officer what an operation did (the main window's message bar)."""
        self.tasks.notice.emit(text)
