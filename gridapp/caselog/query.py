"""Reading the case log: filtered pages, full-text search and a party's earlier cases.

Search contract: every whitespace-separated term of 3+ characters is matched through the FTS5
trigram index (``case_fts``); a query whose terms are all shorter falls back to ``LIKE`` on the
base tables, because trigram cannot match 1–2 character strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    and_,
    column,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.caselog.states import TERMINAL
from gridapp.models import Case, CaseOfficer, Grid, Officer, Party
from gridapp.timeutil import station_day_end, station_day_start

MIN_TRIGRAM = 3
# A search term matching more cases than this is answered by an ordered LIKE scan for pages.
COMMON_TERM_ROWS = 4000


@dataclass(frozen=True)
class CaseFilter:
    text: str | None = None
    status: str | None = None
    grid: str | None = None
    stage: str | None = None
    officer: str | None = None  # badge number
    source: str | None = None
    date_from: date | None = None  # station-time date, inclusive
    date_to: date | None = None  # station-time date, inclusive
    overdue: bool = False


@dataclass(frozen=True)
class CaseRow:
    id: str
    number: str
    opened_at: datetime
    status: str
    stage: str
    grid_code: str
    violation_code: str
    violation_name: str
    party_name: str
    address: str
    source: str
    overdue: bool


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_any_field(term: str) -> ColumnElement[bool]:
    pattern = f"%{_like_escape(term)}%"
    return or_(
        Case.number.like(pattern, escape="\\"),
        Case.address.like(pattern, escape="\\"),
        Case.facts.like(pattern, escape="\\"),
        Party.name.like(pattern, escape="\\"),
    )


def _is_common(session: Session, term: str) -> bool:
    """Whether ``term`` matches more than ``COMMON_TERM_ROWS`` cases (a bounded FTS probe)."""
    probe = text(
        "SELECT count(*) FROM (SELECT rowid FROM case_fts WHERE case_fts MATCH :q LIMIT :n)"
    )
    found = session.execute(probe, {"q": _fts_phrase(term), "n": COMMON_TERM_ROWS + 1}).scalar()
    return int(found or 0) > COMMON_TERM_ROWS


def _text_condition(search: str, common: frozenset[str] = frozenset()) -> ColumnElement[bool] | None:
    """Match every term. ``common`` terms (already known to match many cases) are tested with
    ``LIKE`` instead of the index: walking the newest cases first then finds a page of hits
    within a few hundred rows, which beats sorting tens of thousands of FTS matches.
    """
    terms = [t for t in search.split() if t]
    if not terms:
        return None
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM and t not in common]
    short_terms = [t for t in terms if len(t) < MIN_TRIGRAM or t in common]
    conditions: list[ColumnElement[bool]] = []
    if long_terms:
        match = " AND ".join(_fts_phrase(t) for t in long_terms)
        fts_rowids = (
            text("SELECT rowid FROM case_fts WHERE case_fts MATCH :fts_query")
            .bindparams(fts_query=match)
            .columns(column("rowid"))
        )
        conditions.append(literal_column('"case".rowid').in_(fts_rowids))
    conditions += [_like_any_field(term) for term in short_terms]
    return and_(*conditions)


def _conditions(
    flt: CaseFilter, now: datetime | None = None, common: frozenset[str] = frozenset()
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Case.deleted == false()]
    if flt.text:
        cond = _text_condition(flt.text, common)
        if cond is not None:
            conds.append(cond)
    for col, value in (
        (Case.status, flt.status),
        (Case.grid_code, flt.grid),
        (Case.stage, flt.stage),
        (Case.source, flt.source),
    ):
        if value:
            conds.append(col == value)
    # Filter dates are station-time calendar days, both ends inclusive.
    if flt.date_from:
        start = station_day_start(flt.date_from)
        if start is not None:
            conds.append(Case.opened_at >= start)
    if flt.date_to:
        end = station_day_end(flt.date_to)
        if end is not None:
            conds.append(Case.opened_at < end)
    if flt.officer:
        conds.append(
            exists()
            .where(CaseOfficer.case_id == Case.id, CaseOfficer.deleted == false())
            .where(CaseOfficer.officer_id == Officer.id, Officer.badge_no == flt.officer)
        )
    if flt.overdue:
        moment = now or clock.now()
        conds += [Case.due_at.is_not(None), Case.due_at < moment, Case.status.not_in(TERMINAL)]
    return conds


def _needs_party(flt: CaseFilter) -> bool:
    """Only short (LIKE) search terms look at the party's name in the WHERE clause."""
    return bool(flt.text) and any(len(t) < MIN_TRIGRAM for t in (flt.text or "").split())


def _is_overdue(case: Case, now: datetime) -> bool:
    if case.due_at is None or case.status in TERMINAL:
        return False
    return case.due_at < now


def list_cases(
    session: Session,
    flt: CaseFilter,
    offset: int = 0,
    limit: int = 100,
    violation_names: Mapping[str, str] | None = None,
) -> list[CaseRow]:
    """One page of the filtered case list, newest first."""
    now = clock.now()
    names = violation_names or {}
    common = frozenset(
        t for t in (flt.text or "").split() if len(t) >= MIN_TRIGRAM and _is_common(session, t)
    )
    query = (
        select(Case, Party.name)
        .outerjoin(Party, Party.id == Case.party_id)
        .where(*_conditions(flt, now, common))
        .order_by(Case.opened_at.desc(), Case.id)
        .offset(offset)
        .limit(limit)
    )
    rows = session.execute(query).all()
    return [
        CaseRow(
            id=case.id,
            number=case.number,
            opened_at=case.opened_at,
            status=case.status,
            stage=case.stage,
            grid_code=case.grid_code,
            violation_code=case.violation_code,
            violation_name=names.get(case.violation_code, case.violation_code),
            party_name=party_name or "",
            address=case.address,
            source=case.source,
            overdue=_is_overdue(case, now),
        )
        for case, party_name in rows
    ]


def count_cases(session: Session, flt: CaseFilter) -> int:
    query = select(func.count()).select_from(Case)
    if _needs_party(flt):
        query = query.outerjoin(Party, Party.id == Case.party_id)
    return int(session.scalar(query.where(*_conditions(flt))) or 0)


@dataclass(frozen=True)
class PriorCase:
    case_id: str
    number: str
    opened_at: datetime
    violation_code: str
    status: str
    stage: str
    outcome: str
    disposition: str | None


# Statuses whose cases are never a party's earlier case: only a violation the officers have
# verified (核实) counts against a party (首违不罚, APL Art 33; the three-colour stage). A report
# still awaiting verification (待核实) has established nothing, and 不予立案 established that
# there was nothing to pursue. Every status after ``verified`` can only be reached through it.
NOT_A_PRIOR = frozenset({"discovered", "dismissed"})


def earlier_cases(session: Session, party: Party, *, case: Case | None = None) -> list[PriorCase]:
    """A party's earlier cases (以往案件) — the one definition the rules, CLI and desktop use.

    The same party: the same identity number, or — for a party registered without one — the
    same normalised name + address among parties without a number. Left out: tombstoned cases
    and cases not established (``NOT_A_PRIOR``). Given ``case``, only cases opened strictly
    before it (never the case itself, never a later one). Newest first. No time window: the
    look-back windows are law and belong to the rules engine (escalation ``window_days``,
    exemption ``lookback_days``, both from the pack), which counts only same-code entries.
    """
    if party.id_number:
        same = Party.id_number == party.id_number
    else:
        same = and_(Party.id_number == "", Party.match_key == party.match_key)
    query = (
        select(Case)
        .join(Party, Party.id == Case.party_id)
        .where(same, Case.deleted.is_(False), Case.status.not_in(NOT_A_PRIOR))
        .order_by(Case.opened_at.desc(), Case.id)
    )
    if case is not None:
        query = query.where(Case.id != case.id, Case.opened_at < case.opened_at)
    return [
        PriorCase(
            case_id=c.id,
            number=c.number,
            opened_at=c.opened_at,
            violation_code=c.violation_code,
            status=c.status,
            stage=c.stage,
            outcome=c.outcome,
            disposition=c.disposition,
        )
        for c in session.scalars(query)
    ]


def list_grids(session: Session) -> list[tuple[str, str]]:
    """The station's live grids as ``(code, name)``, by code."""
    rows = session.execute(
        select(Grid.code, Grid.name).where(Grid.deleted == false()).order_by(Grid.code)
    ).all()
    return [(code, name) for code, name in rows]
