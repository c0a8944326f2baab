"""Reading the case log: filtered pages, full-text search and a party's earlier cases.

Search contract: every whitespace-separated term of 3+ characters is matched through the FTS5
trigram index (``case_fts``); a query whose terms are all shorter falls back to ``LIKE`` on the
base tables, because trigram cannot match 1–2 character strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    column,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, aliased

from gridapp import clock
from gridapp.caselog.states import NOT_A_PRIOR, TERMINAL
from gridapp.caselog.terms import MIN_TRIGRAM, short_search
from gridapp.errors import ValidationError
from gridapp.models import Case, CaseOfficer, Grid, Officer, Party
from gridapp.timeutil import station_day_end, station_day_start
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.stage import STAGE

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
    # Officer ids (``Officer.id``) that must all be on the case (the officer filter, 我的案件).
    officer_ids: tuple[str, ...] = ()
    # When every search term is shorter than the trigram (so the index cannot answer it), look
    # only at this many newest cases instead of scanning the whole log (search as you type:
    # the first one or two characters). None: the whole log.
    short_search_window: int | None = None

    def __post_init__(self) -> None:
        check_search_text(self.text)


MAX_SEARCH_TERMS = 12
MAX_SEARCH_CHARS = 200


def check_search_text(text: str | None) -> None:
    """Search text a person typed: at most ``MAX_SEARCH_TERMS`` words and
    ``MAX_SEARCH_CHARS`` characters (every word is one more condition on every case)."""
    if not text:
        return
    if len(text) > MAX_SEARCH_CHARS or len(text.split()) > MAX_SEARCH_TERMS:
        raise ValidationError(
            f"搜索内容过长：最多 {MAX_SEARCH_TERMS} 个词、{MAX_SEARCH_CHARS} 个字，请缩短后重试",
            f"search too long: at most {MAX_SEARCH_TERMS} words and {MAX_SEARCH_CHARS} characters",
            field="search",
        )


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
    party_id: str | None = None
    due_at: datetime | None = None


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
        if flt.short_search_window and short_search(flt.text):
            newest = (select(literal_column('"case".rowid'))
                      .where(Case.deleted == false())
                      .order_by(Case.opened_at.desc())
                      .limit(flt.short_search_window)
                      .scalar_subquery())
            conds.append(literal_column('"case".rowid').in_(newest))
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
    for officer_id in dict.fromkeys(flt.officer_ids):
        conds.append(
            exists().where(CaseOfficer.case_id == Case.id, CaseOfficer.deleted == false(),
                           CaseOfficer.officer_id == officer_id)
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


# Sort keys of the case list. ``status``, ``stage`` and ``source`` sort in the vocabulary's order
# (the order a case moves through, yellow → red), not by code. Ties are always newest first.
# Answered from an index: ``opened_at`` (ix_case_live_opened) and ``number`` (its unique
# index); ``status``, ``stage``, ``source`` and ``grid_code`` are read group by group, each group
# from its ``ix_case_<column>_live`` index in opening order (``GROUPED``), and ``due_at`` as the
# cases with a due time (ix_case_due) then those without. ``violation`` (by its name), the
# party's name and the address are sorted by SQLite over the filtered rows (measured in
# ``benchmarks/bench_caselog.py``).
SORT_KEYS = ("opened_at", "number", "status", "stage", "grid_code", "source", "violation",
             "party_name", "address", "due_at")
GROUPED: dict[str, tuple[Any, tuple[str, ...] | None]] = {
    "status": (Case.status, CASE_STATUS.codes),
    "stage": (Case.stage, STAGE.codes),
    "source": (Case.source, CASE_SOURCE.codes),
    "grid_code": (Case.grid_code, None),  # by code
}


def _vocab_order(col: Any, codes: tuple[str, ...]) -> Any:
    """The position of ``col``'s code in ``codes`` (unknown codes after, by code)."""
    return sql_case(*((col == code, f"{index:03d}") for index, code in enumerate(codes)),
                    else_=literal("999", String) + col)


def _sort_column(sort: str, names: Mapping[str, str]) -> Any:
    if sort in GROUPED:
        col, codes = GROUPED[sort]
        return col if codes is None else _vocab_order(col, codes)
    if sort == "number":
        return Case.number
    if sort == "violation":
        if not names:
            return Case.violation_code
        return sql_case(*((Case.violation_code == code, name) for code, name in names.items()),
                        else_=Case.violation_code)
    if sort == "party_name":
        return func.coalesce(Party.name, "")
    if sort == "address":
        return Case.address
    raise ValidationError(
        f"不能按“{sort}”排序，可用的排序：{'、'.join(SORT_KEYS)}",
        f"cannot sort by {sort!r}; choose one of {', '.join(SORT_KEYS)}",
        field="sort",
    )


# The row id: the last column of every index, so "newest first, then last inserted first" is
# read from an index without touching the table (ties on the opening time are rare).
ROWID: ColumnElement[int] = literal_column('"case".rowid')
_NEWEST_FIRST: tuple[Any, ...] = (Case.opened_at.desc(), ROWID.desc())


def _segments(
    session: Session, sort: str, descending: bool
) -> list[tuple[ColumnElement[bool], tuple[Any, ...]]]:
    """The sort as consecutive segments (condition, order within the segment)."""
    if sort == "due_at":
        due = Case.due_at.desc() if descending else Case.due_at.asc()
        return [(Case.due_at.is_not(None), (due, *_NEWEST_FIRST)),
                (Case.due_at.is_(None), _NEWEST_FIRST)]
    col, codes = GROUPED[sort]
    known = list(codes or ())
    # Every value present (a walk over the column's index), so a code this version does not
    # know (or a grid not in the grid table) still has its place: after the known ones.
    present = {str(v) for v in session.scalars(select(col).distinct())}
    order = known + sorted(present - set(known))
    if descending:
        order.reverse()
    return [(col == code, _NEWEST_FIRST) for code in order]


def _page_rowids(session: Session, flt: CaseFilter, conds: list[ColumnElement[bool]],
                 sort: str, descending: bool, offset: int, limit: int,
                 names: Mapping[str, str], fts: bool) -> list[int]:
    """The row ids of the page in order. Only row ids are sorted and skipped (most sorts and
    offsets are then answered from an index alone); the rows are read afterwards."""
    with_party = bool(flt.text) or sort == "party_name"  # text terms may test the party name

    def ids(extra: tuple[ColumnElement[bool], ...], order: tuple[Any, ...], skip: int,
            want: int) -> list[int]:
        query = select(ROWID).select_from(Case)
        if with_party:
            query = query.outerjoin(Party, Party.id == Case.party_id)
        query = query.where(*conds, *extra).order_by(*order).offset(skip).limit(want)
        return [int(v) for v in session.scalars(query)]

    if sort == "opened_at":
        order = _NEWEST_FIRST if descending else (Case.opened_at.asc(), ROWID.asc())
        return ids((), order, offset, limit)
    if sort == "number":  # unique: no tie-break needed, read from its index
        return ids((), (Case.number.desc() if descending else Case.number.asc(),), offset, limit)
    if (sort in GROUPED or sort == "due_at") and not fts:
        # Walk the index group by group. (A search through the FTS index matches few enough
        # rows, and each group would repeat it: it is sorted as a whole, below. Common terms
        # are tested row by row with LIKE, which the walk stops early.)
        found: list[int] = []
        skip = offset
        for cond, order in _segments(session, sort, descending):
            if skip:
                # Rows of this segment before the page: skip the whole segment when they are
                # all before it (counted from the segment's index).
                count_query = select(func.count()).select_from(Case)
                if with_party:
                    count_query = count_query.outerjoin(Party, Party.id == Case.party_id)
                count = int(session.scalar(count_query.where(*conds, cond)) or 0)
                if skip >= count:
                    skip -= count
                    continue
            found += ids((cond,), order, skip, limit - len(found))
            skip = 0
            if len(found) >= limit:
                break
        return found
    if sort == "due_at":
        key_order: list[Any] = [Case.due_at.is_(None),
                                Case.due_at.desc() if descending else Case.due_at.asc()]
    else:
        key = _sort_column(sort, names)
        key_order = [key.desc() if descending else key.asc()]
    return ids((), (*key_order, *_NEWEST_FIRST), offset, limit)


def list_cases(
    session: Session,
    flt: CaseFilter,
    offset: int = 0,
    limit: int = 100,
    violation_names: Mapping[str, str] | None = None,
    *,
    sort: str = "opened_at",
    descending: bool = True,
) -> list[CaseRow]:
    """One page of the filtered case list, sorted by ``sort`` (``SORT_KEYS``), newest first by
    default (ties: the case registered last first). Unknown ``sort`` → ``ValidationError``."""
    now = clock.now()
    names = violation_names or {}
    if sort not in SORT_KEYS:
        _sort_column(sort, names)  # raises the Chinese error
    common = frozenset(
        t for t in (flt.text or "").split() if len(t) >= MIN_TRIGRAM and _is_common(session, t)
    )
    conds = _conditions(flt, now, common)
    fts = any(len(t) >= MIN_TRIGRAM and t not in common for t in (flt.text or "").split())
    rowids = _page_rowids(session, flt, conds, sort, descending, offset, limit, names, fts)
    if not rowids:
        return []
    loaded = {
        int(rowid): (c, party_name) for c, party_name, rowid in session.execute(
            select(Case, Party.name, ROWID).outerjoin(Party, Party.id == Case.party_id)
            .where(ROWID.in_(rowids)))
    }
    rows = [loaded[r] for r in rowids if r in loaded]
    return [
        CaseRow(
            id=c.id,
            number=c.number,
            opened_at=c.opened_at,
            status=c.status,
            stage=c.stage,
            grid_code=c.grid_code,
            violation_code=c.violation_code,
            violation_name=names.get(c.violation_code, c.violation_code),
            party_name=party_name or "",
            address=c.address,
            source=c.source,
            overdue=_is_overdue(c, now),
            party_id=c.party_id,
            due_at=c.due_at,
        )
        for c, party_name in rows
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
    act_date: str = ""  # the date of the act as recorded (YYYY-MM-DD), "" when not recorded


# Statuses whose cases are never a party's earlier case: only a violation the officers have
# verified (核实) counts against a party (首违不罚, APL Art 33; the three-colour stage). A report
# still awaiting verification (待核实) has established nothing, and 不予立案 established that
# there was nothing to pursue. Every status after ``verified`` can only be reached through it.


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
            act_date=c.act_date,
        )
        for c in session.scalars(query)
    ]


def with_earlier_cases(session: Session, case_ids: Iterable[str]) -> set[str]:
    """Which of ``case_ids`` have a party with at least one earlier case — exactly
    ``bool(earlier_cases(session, party, case=c))`` for each case ``c``, answered for a whole
    page in one query (through the party identity-number / match-key indexes and the case's
    party index) instead of one ``earlier_cases`` call per row.
    """
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        return set()
    this_party = aliased(Party)
    prior_case = aliased(Case)
    prior_party = aliased(Party)

    def prior(same: ColumnElement[bool]) -> ColumnElement[bool]:
        return (
            exists()
            .where(prior_case.party_id == prior_party.id, same)
            .where(prior_case.deleted.is_(False), prior_case.status.not_in(NOT_A_PRIOR))
            .where(prior_case.id != Case.id, prior_case.opened_at < Case.opened_at)
        )

    by_number = and_(this_party.id_number != "",
                     prior(prior_party.id_number == this_party.id_number))
    by_key = and_(this_party.id_number == "",
                  prior(and_(prior_party.id_number == "",
                             prior_party.match_key == this_party.match_key)))
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        query = (
            select(Case.id)
            .join(this_party, this_party.id == Case.party_id)
            .where(Case.id.in_(chunk), or_(by_number, by_key))
        )
        found.update(session.scalars(query))
    return found


def list_grids(session: Session) -> list[tuple[str, str]]:
    """The station's live grids as ``(code, name)``, by code."""
    rows = session.execute(
        select(Grid.code, Grid.name).where(Grid.deleted == false()).order_by(Grid.code)
    ).all()
    return [(code, name) for code, name in rows]
