"""The quick start: the main window with its first page, before the station store has opened.

Opening the store imports the ORM and the mapped classes (about a second), so when the station
is exactly what this version reads — at the shipped schema revision, a demo station, and the
acting officer a password-less demo account known without asking (``--officer``, or any active
one for a smoke run) — the launcher reads what the first paint needs in plain SQL
(``gridapp.workbench.first_page`` over ``gridapp.db.readonly``): the station's name, the acting
officer and, when the window opens on a case list, its first page. The window shows that while
the store opens on the database lane behind it (``ui.context.StoreOpening``).

Contract: ``read_quick_view`` runs on a worker (it queries); it returns None — and the launcher
then takes the full path behind the splash (backup, migration, demo station, sign-in dialog,
errors explained) — whenever the database is not at the head revision, has no station, is not
a demo station, the officer is unknown, retired or has a password, or anything fails. It never writes. Importing this module does
not import SQLAlchemy.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from gridapp.db import cipher
from gridapp.db.readonly import open_read_only
from gridapp.errors import GridappError
from gridapp.keys import unlock
from gridapp.paths import DB_FILENAME
from gridapp.workbench.case_rows import CasePage
from gridapp.workbench.first_page import (
    OfficerSummary,
    active_officer,
    first_case_page,
    is_demo,
    station_summary,
)
from ui.context import ActingOfficer
from ui.pages.cases import PAGE_SIZE

log = logging.getLogger(__name__)

CASE_LISTS = ("all", "mine")  # the start pages (``--page``) whose rows are read here


@dataclass(frozen=True)
class QuickView:
    station_name: str
    officer: ActingOfficer
    first_page: CasePage | None  # the start page's rows; None when it is not a case list


def _officer(conn: sqlite3.Connection, station_id: str, *, badge: str | None,
             remembered: str | None, anyone: bool) -> OfficerSummary | None:
    if badge is not None:
        return active_officer(conn, station_id, badge_no=badge)
    if remembered is not None:
        found = active_officer(conn, station_id, officer_id=remembered)
        if found is not None or not anyone:
            return found
    return active_officer(conn, station_id) if anyone else None


def station_locked(data_dir: Path) -> bool:
    """True for an encrypted station this process cannot open without a password (it opens
    at sign-in: ``StoreOpening.unlock_and_open``). Reads the key file: runs on a worker."""
    try:
        unlock.data_key(data_dir)
    except unlock.StationLocked:
        return True
    except GridappError:
        return False  # a damaged or wiped key file: opening it explains
    return False


def read_station(data_dir: Path) -> tuple[str, bool] | None:
    """The station's name and whether it is a demo station, read in plain SQL before the store
    opens (sign-in shows them before the station opens), or None: take the full path (no
    database at the head revision, no station, an encrypted station not unlocked yet, any
    failure). Runs on a worker."""
    try:
        key = unlock.data_key(data_dir)
    except GridappError:
        return None
    conn = open_read_only(data_dir / DB_FILENAME, key)
    if conn is None:
        return None
    try:
        station = station_summary(conn)
        return None if station is None else (station.name, is_demo(conn, station))
    except (cipher.Error, GridappError, OSError) as exc:
        log.info("station not read before opening (%s): opening it first", exc)
        return None
    finally:
        conn.close()


def read_quick_view(data_dir: Path, *, page: str, badge: str | None = None,
                    remembered: str | None = None, anyone: bool = False) -> QuickView | None:
    """What the first paint shows, or None (take the full start-up path). ``badge``: the
    officer named on the command line; ``remembered``: the officer id sign-in remembered;
    ``anyone``: otherwise the first active officer (smoke runs)."""
    try:
        key = unlock.data_key(data_dir)  # a locked station waits for sign-in: the full path
    except GridappError:
        return None
    conn = open_read_only(data_dir / DB_FILENAME, key)
    if conn is None:
        return None
    try:
        station = station_summary(conn)
        if station is None:
            return None
        if not is_demo(conn, station):
            return None  # a real station: the officer signs in with a password first
        officer = _officer(conn, station.id, badge=badge, remembered=remembered, anyone=anyone)
        if officer is None or officer.has_password:
            return None
        rows = None
        if page in CASE_LISTS:
            from gridapp.packs import load_pack

            pack = load_pack(station.pack_code, data_dir=data_dir)
            names = {code: v.name for code, v in pack.violations.items()}
            rows = first_case_page(conn, names, limit=PAGE_SIZE,
                                   mine_officer_id=officer.id if page == "mine" else None)
        return QuickView(station.name, ActingOfficer(officer.id, officer.name, officer.badge_no,
                                                     officer.role), rows)
    except (cipher.Error, GridappError, OSError) as exc:
        log.info("quick start declined (%s): opening the station in full", exc)
        return None
    finally:
        conn.close()
