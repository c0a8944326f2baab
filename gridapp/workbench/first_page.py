"""The first page of the case list and who is signing in, read in plain SQL (no ORM).

The desktop shows its window before the ORM has loaded: what it needs for that — the station's
name and pack, the acting officer, the newest page of cases — is read here through a DB-API
``sqlite3.Connection`` (``gridapp.db.readonly.open_read_only``, which only answers for a database
at the shipped head revision), while the station store opens in the background.

Contract: ``first_case_page(conn, names, limit=…, mine_officer_id=…)`` returns exactly what
``gridapp.workbench.cases.case_page(store, CaseQuery(mine_officer_id=…), limit=…)`` returns for
the same database — the newest cases first (ties: the case registered last first), with the
same labels, officers' names, overdue and repeat-offender markers (a test compares the two).
Other filters, sorts and further pages stay with ``case_page``. ``station_summary`` and
``active_officer`` read the station row and one active officer of it. Everything here only reads;
run it inside one read transaction (the read-only connection is) so the parts agree. Importing
this module never imports SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from gridapp import clock
from gridapp.caselog.states import TERMINAL
from gridapp.timeutil import station_date, stored_instant
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.stage import STAGE
from gridapp.workbench.case_rows import CaseListRow, CasePage

# Statuses whose cases never count as a party's earlier case (``gridapp.caselog.query``).
_NOT_A_PRIOR = ("discovered", "dismissed")


@dataclass(frozen=True)
class StationSummary:
    id: str
    name: str
    pack_code: str


@dataclass(frozen=True)
class OfficerSummary:
    id: str
    name: str
    badge_no: str
    role: str = "officer"
    has_password: bool = False


def station_summary(conn: sqlite3.Connection) -> StationSummary | None:
    """The station (the first live one, as ``StationStore.station``); None before set-up."""
    row = conn.execute(
        "SELECT id, name, pack_code FROM station WHERE deleted = 0 LIMIT 1").fetchone()
    return None if row is None else StationSummary(str(row[0]), str(row[1]), str(row[2]))


def active_officer(conn: sqlite3.Connection, station_id: str, *, officer_id: str | None = None,
                   badge_no: str | None = None) -> OfficerSummary | None:
    """The active officer of the station with ``officer_id`` or ``badge_no`` — or, given neither,
    the first by badge number (the order sign-in offers them); None when there is none."""
    sql = ("SELECT id, name, badge_no, role, password_hash FROM officer "
           "WHERE station_id = ? AND deleted = 0 "
           "AND active = 1")
    args: list[str] = [station_id]
    if officer_id is not None:
        sql, args = sql + " AND id = ?", [*args, officer_id]
    if badge_no is not None:
        sql, args = sql + " AND badge_no = ?", [*args, badge_no]
    row = conn.execute(sql + " ORDER BY badge_no LIMIT 1", args).fetchone()
    return None if row is None else OfficerSummary(str(row[0]), str(row[1]), str(row[2]),
                                                   str(row[3]), bool(row[4]))


def is_demo(conn: sqlite3.Connection, station: StationSummary) -> bool:
    """As ``gridapp.demo.is_demo_station``: the station ``demo`` made (by its marker, or before
    the marker by its name)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'demo_station'").fetchone()
    if row is not None:
        return str(row[0]) == station.id
    return station.name == "演示中队（黄浦城管执法中队）"


_PAGE = """
SELECT c.id, c.number, c.opened_at, c.status, c.stage, c.grid_code, c.violation_code,
       c.address, c.source, c.due_at, c.party_id, p.name
FROM "case" AS c LEFT OUTER JOIN party AS p ON p.id = c.party_id
WHERE c.deleted = 0 {mine}
ORDER BY c.opened_at DESC, c.rowid DESC
LIMIT ?
"""
_MINE = ("AND EXISTS (SELECT 1 FROM case_officer AS co WHERE co.case_id = c.id "
         "AND co.deleted = 0 AND co.officer_id = ?)")


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _officer_names(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    rows = conn.execute(
        "SELECT co.case_id, o.name FROM case_officer AS co JOIN officer AS o "
        f"ON o.id = co.officer_id WHERE co.case_id IN ({_marks(len(ids))}) AND co.deleted = 0 "
        "ORDER BY co.updated_at, o.badge_no", ids)
    names: dict[str, list[str]] = {}
    for case_id, name in rows:
        names.setdefault(case_id, []).append(name)
    return {case_id: "、".join(found) for case_id, found in names.items()}


def _with_earlier_cases(conn: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    """``gridapp.caselog.query.with_earlier_cases`` in plain SQL (the same definition)."""
    prior = (
        'EXISTS (SELECT 1 FROM "case" AS pc, party AS pp WHERE pc.party_id = pp.id AND {same} '
        f"AND pc.deleted = 0 AND pc.status NOT IN ({_marks(len(_NOT_A_PRIOR))}) "
        "AND pc.id != c.id AND pc.opened_at < c.opened_at)")
    by_number = prior.format(same="pp.id_number = tp.id_number")
    by_key = prior.format(same="pp.id_number = '' AND pp.match_key = tp.match_key")
    rows = conn.execute(
        f'SELECT c.id FROM "case" AS c JOIN party AS tp ON tp.id = c.party_id '
        f"WHERE c.id IN ({_marks(len(ids))}) AND ((tp.id_number != '' AND {by_number}) "
        f"OR (tp.id_number = '' AND {by_key}))",
        [*ids, *_NOT_A_PRIOR, *_NOT_A_PRIOR])
    return {str(row[0]) for row in rows}


def _overdue(due_at: datetime | None, status: str, now: datetime) -> bool:
    return due_at is not None and status not in TERMINAL and due_at < now


def first_case_page(conn: sqlite3.Connection, violation_names: Mapping[str, str], *,
                    limit: int, mine_officer_id: str | None = None) -> CasePage:
    """The newest ``limit`` live cases (of ``mine_officer_id`` when given), as ``case_page``
    returns them; ``violation_names`` maps violation codes to names (the station's pack)."""
    now = clock.now()
    mine = _MINE if mine_officer_id is not None else ""
    args = [mine_officer_id, limit] if mine_officer_id is not None else [limit]
    found = conn.execute(_PAGE.format(mine=mine), args).fetchall()
    ids = [str(r[0]) for r in found]
    officers = _officer_names(conn, ids) if ids else {}
    repeat = _with_earlier_cases(conn, ids) if ids else set()
    rows = []
    for (case_id, number, opened_text, status, stage, grid, violation, address, source,
         due_text, party_id, party_name) in found:
        opened_at = stored_instant(opened_text)
        assert opened_at is not None  # NOT NULL column
        rows.append(CaseListRow(
            id=case_id, number=number, opened_on=station_date(opened_at),
            status=status, status_label=CASE_STATUS.zh(status),
            stage=stage, stage_label=STAGE.zh(stage),
            violation_code=violation, violation_name=violation_names.get(violation, violation),
            party_name=party_name or "", address=address, grid_code=grid,
            source=source, source_label=CASE_SOURCE.zh(source),
            officer_names=officers.get(case_id, ""),
            overdue=_overdue(stored_instant(due_text), status, now),
            repeat_offender=case_id in repeat, party_id=party_id or "",
        ))
    return CasePage(rows=tuple(rows), offset=0)
