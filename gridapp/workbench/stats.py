"""统计 / statistics for a period: what a team lead reports every month.

Contract: plain frozen values; ``station_stats`` opens one read snapshot (plain SQL over the
store's DB-API connection) and writes nothing. Every figure is defined here, once; the CLI
(``gridapp stats``), the desktop's statistics page, the monthly report and the charts all read
the same ``Stats``.

A period is a range of station-time calendar days, both ends included. The filters (grid,
officer) narrow every figure to the cases of that grid / the cases the officer is on.

Which cases each figure counts:

- **opened** (cases opened in the period): ``stages`` (三色 stage distribution), ``by_grid``,
  ``by_officer``, ``by_violation``, ``hotline`` (12345 response time);
- **closed** (status 已结案 with ``closed_at`` in the period): ``mix`` (the 721 disposition
  recorded when the case was closed: 服务 / 管理 / 执法, and 未分类 when none was recorded),
  ``exemptions`` (不予处罚 used, by legal ground: a case on the enforcement track — 处置方式
  执法 — whose latest legal-engine evaluation ended in 不予行政处罚: the exemption branch of APL
  Art 33, or the outcome gates of Art 36 limitation and Art 30 age; a service or management
  case never entered the procedure that decides it), ``soft`` (柔性执法: closed without a
  penalty — every case but an enforcement-track case at the 红色 stage without such a ground),
  ``return_visits`` (回访 recorded for the closed cases, in time when recorded by the end of
  its due day — three working days after closing, set by ``gridapp.followups``; the
  satisfaction recorded), ``hotline`` feedback (12345 来电人反馈 of the closed hotline cases,
  in time likewise);
- **rectification** (复查 whose due date — the 改正期限 of the order to correct — falls in the
  period and has come): corrected on time when the re-check found it corrected and was recorded
  on or before that date; corrected late when recorded later; 未改正 when it found it not
  corrected; not done while nothing is recorded;
- **repeat offenders**: parties with ``REPEAT_MIN_CASES`` or more cases opened in the 12 months
  that end on the period's last day. "The same party" and "a case that counts" are the
  definition of ``gridapp.caselog.query.earlier_cases`` (same identity number, or the same
  normalised name + address for a party without one; tombstoned, 待核实 and 不予立案 cases do
  not count).

Response time of a hotline (12345) case: from its registration (``opened_at``) to the first
change of its status (核实 or 不予立案), as its audit events record it.

Per-case figures that live in other tables — a 12345 case's first response, its earliest done
回访 and 来电人反馈, the 不予处罚 ground of its latest evaluation — are read from ``case_stat``
(``gridapp.models.derived``), which triggers keep equal to those tables; ``derived=False``
computes them from the tables themselves (the same definitions; the tests compare the two).
"""

from __future__ import annotations

import calendar
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from gridapp.caselog.identity import mask_id_number
from gridapp.caselog.states import NOT_A_PRIOR
from gridapp.errors import ValidationError
from gridapp.timeutil import STATION_TZ, as_utc, station_date, station_day_start, station_today
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.exemption_ground import EXEMPTION_GROUND
from gridapp.vocab.follow_up import SATISFACTION
from gridapp.vocab.stage import STAGE

if TYPE_CHECKING:  # imported by the callers that have a store; the CLI's quick path has none
    from gridapp.store import StationStore

MIN_YEAR = 2000
MAX_YEAR = 2099
REPEAT_MIN_CASES = 2
RESPONSE_TARGET_HOURS = 2.0
TOP_REPEAT = 10
UNCLASSIFIED = "unclassified"
UNCLASSIFIED_LABEL = "未分类"
OUTCOME_GATES = ("limitation_expired", "minor_under_14")
EXEMPTION_GROUNDS = ("minor_no_harm", "first_offence", "no_fault", *OUTCOME_GATES)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")


# --- the period --------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Station-time days ``start`` … ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"


def _parse_day(text: str, field: str, what: str) -> date:
    raw = text.strip()
    if not _DATE.fullmatch(raw):
        raise ValidationError(f"{what}“{raw[:40]}”不是 年-月-日 格式的日期（如 2026-11-01）",
                              f"{field}: not a YYYY-MM-DD date", field=field)
    try:
        day = date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError(f"{what}“{raw}”不是有效日期", f"{field}: no such date",
                              field=field) from exc
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(f"{what} {raw} 超出可统计的年份（{MIN_YEAR}–{MAX_YEAR}）",
                              f"{field}: year outside {MIN_YEAR}-{MAX_YEAR}", field=field)
    return day


def parse_period(start: str, end: str) -> Period:
    """The period ``start`` … ``end`` (YYYY-MM-DD, both included); refuses, in Chinese, a date
    that is malformed, outside ``MIN_YEAR``–``MAX_YEAR``, or an end before the start."""
    first = _parse_day(start, "from", "起始日期")
    last = _parse_day(end, "to", "截止日期")
    if last < first:
        raise ValidationError(f"截止日期 {last} 早于起始日期 {first}",
                              "the period ends before it starts", field="to")
    return Period(first, last)


def parse_month(text: str) -> Period:
    """The calendar month ``YYYY-MM`` as a period; refuses anything else in Chinese."""
    raw = text.strip()
    if not _MONTH.fullmatch(raw):
        raise ValidationError(f"月份“{raw[:40]}”不是 年-月 格式（如 2026-11）",
                              "month: not YYYY-MM", field="month")
    year, month = int(raw[:4]), int(raw[5:])
    if not 1 <= month <= 12:
        raise ValidationError(f"月份“{raw}”不存在（月应为 01–12）", "month: no such month",
                              field="month")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"月份 {raw} 超出可统计的年份（{MIN_YEAR}–{MAX_YEAR}）",
                              f"month: year outside {MIN_YEAR}-{MAX_YEAR}", field="month")
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


# --- the result --------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int
    share: float | None  # count ÷ the figure's total; None when the total is 0


@dataclass(frozen=True)
class RepeatParty:
    name: str
    id_number_masked: str  # masked (``mask_id_number``); "" for a party without a number
    cases: int


@dataclass(frozen=True)
class RepeatOffenders:
    window_start: date  # the 12 months ending on the period's last day
    window_end: date
    parties: int  # parties with any counted case in the window
    repeat_parties: int  # … with ``REPEAT_MIN_CASES`` or more
    repeat_cases: int  # the cases of those parties in the window
    rate: float | None  # repeat_parties ÷ parties
    top: tuple[RepeatParty, ...]  # most cases first, at most ``TOP_REPEAT``


@dataclass(frozen=True)
class Rectification:
    due: int  # 复查 due in the period, due date come
    on_time: int  # found corrected, recorded on or before the due date
    late: int  # found corrected, recorded after it
    not_corrected: int  # found not corrected (未改正)
    not_done: int  # nothing recorded yet
    rate: float | None  # on_time ÷ due


@dataclass(frozen=True)
class ReturnVisits:
    closed: int  # cases closed in the period
    visited: int  # … with a 回访 done
    in_time: int  # … recorded by the end of its due day
    completion: float | None  # visited ÷ closed
    in_time_rate: float | None  # in_time ÷ closed
    satisfaction: tuple[Count, ...]  # 满意 / 基本满意 / 不满意 among visits with an answer
    satisfied_rate: float | None  # (满意 + 基本满意) ÷ answered


@dataclass(frozen=True)
class Hotline:
    cases: int  # 12345 cases opened in the period
    responded: int  # … whose status has changed since
    average_hours: float | None  # mean response time of the responded, hours
    within_target: int  # responded within RESPONSE_TARGET_HOURS
    within_target_rate: float | None  # within_target ÷ responded
    closed: int = 0  # 12345 cases closed in the period
    fed_back: int = 0  # … whose caller was given feedback (来电人反馈 recorded)
    fed_back_in_time: int = 0  # … by its due date
    feedback_rate: float | None = None  # fed_back ÷ closed


@dataclass(frozen=True)
class Stats:
    period: Period
    grid_code: str  # "" = every grid
    grid_label: str
    officer_id: str  # "" = every officer
    officer_label: str
    opened: int
    closed: int
    mix: tuple[Count, ...]  # service, management, enforcement, unclassified (closed)
    soft: int  # closed without a penalty
    soft_rate: float | None  # soft ÷ closed
    penalised: int  # closed with a penalty (红色, no 不予处罚 outcome)
    exemptions: tuple[Count, ...]  # 不予处罚 among closed, by legal ground (share of closed)
    stages: tuple[Count, ...]  # yellow, orange, red (opened)
    rectification: Rectification
    return_visits: ReturnVisits
    hotline: Hotline
    repeat: RepeatOffenders
    by_grid: tuple[Count, ...]  # opened, most first
    by_officer: tuple[Count, ...]  # opened cases each officer is on (a case counts for each)
    by_violation: tuple[Count, ...]  # opened, most first


@dataclass(frozen=True)
class StatsFilter:
    period: Period
    grid_code: str = ""
    officer_id: str = ""


# --- helpers -----------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _instant(at: datetime | None) -> str:
    """An instant as a ``UTCDateTime`` column stores it (compared as text)."""
    assert at is not None
    return as_utc(at).strftime("%Y-%m-%d %H:%M:%S.%f")


def instant_bounds(first: date, last: date) -> tuple[str, str]:
    """[start of ``first``, start of the day after ``last``) as stored instants."""
    return _instant(station_day_start(first)), _instant(station_day_start(last + timedelta(days=1)))


def _counts(counter: Mapping[str, int], labels: Mapping[str, str], total: int,
            order: Iterable[str] | None = None) -> tuple[Count, ...]:
    """``Count`` per code: in ``order`` (every code of it, zeros included) or most first."""
    codes = list(order) if order is not None else sorted(counter, key=lambda c: (-counter[c], c))
    return tuple(Count(c, labels.get(c, c) or c, counter.get(c, 0), _ratio(counter.get(c, 0), total))
                 for c in codes)


def _stored(text: str | None) -> datetime | None:
    return as_utc(datetime.fromisoformat(text)) if text else None


def _audit_instant(text: str) -> datetime:
    """An audit event's ``at`` (ISO-8601 UTC, ``Z``)."""
    return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


def one_year_before(day: date) -> date:
    """The first day of the 12 months that end on ``day`` (29 February → 1 March)."""
    try:
        return day.replace(year=day.year - 1) + timedelta(days=1)
    except ValueError:
        return date(day.year - 1, 3, 1)


# --- the figures ---------------------------------------------------------------------------


class CaseScope:
    """The WHERE clause (alias ``c``) every query shares: live cases of the grid / officer."""

    def __init__(self, flt: StatsFilter, covering: bool, derived: bool = False) -> None:
        # Every case scan reads the covering index (revision 0007): no table row is visited.
        # ``derived``: per-case figures come from ``case_stat`` (revision 0009), kept by
        # triggers, instead of the audit chain, follow-ups and evaluations case by case.
        self.covering = covering
        self.derived = derived
        self.cases = '"case" c INDEXED BY ix_case_stats' if covering else '"case" c'
        self.sql = "c.deleted = 0"
        self.params: dict[str, str] = {}
        if flt.grid_code:
            self.sql += " AND c.grid_code = :grid"
            self.params["grid"] = flt.grid_code
        if flt.officer_id:
            self.sql += (" AND EXISTS (SELECT 1 FROM case_officer co WHERE co.case_id = c.id"
                         " AND co.officer_id = :officer AND co.deleted = 0)")
            self.params["officer"] = flt.officer_id

    def with_(self, **params: str) -> dict[str, str]:
        return {**self.params, **params}


def _labels(conn: sqlite3.Connection) -> tuple[dict[str, str], dict[str, str]]:
    grids = {code: f"{code} {name}".strip() for code, name in conn.execute(
        "SELECT code, name FROM grid WHERE deleted = 0")}
    officers = {oid: f"{name}（{badge}）" for oid, name, badge in conn.execute(
        "SELECT id, name, badge_no FROM officer WHERE deleted = 0")}
    return grids, officers


def _opened(conn: sqlite3.Connection, scope: CaseScope, lo: str, hi: str
            ) -> tuple[int, Counter[str], Counter[str], Counter[str]]:
    stages: Counter[str] = Counter()
    grids: Counter[str] = Counter()
    violations: Counter[str] = Counter()
    total = 0
    for stage, grid, violation, n in conn.execute(
            f'SELECT c.stage, c.grid_code, c.violation_code, count(*) FROM {scope.cases} '
            f"WHERE {scope.sql} AND c.opened_at >= :lo AND c.opened_at < :hi "
            f"GROUP BY c.stage, c.grid_code, c.violation_code", scope.with_(lo=lo, hi=hi)):
        total += n
        stages[stage] += n
        grids[grid] += n
        violations[violation] += n
    return total, stages, grids, violations


def _by_officer(conn: sqlite3.Connection, scope: CaseScope, lo: str, hi: str) -> Counter[str]:
    """Opened cases per officer on them. The assignments are counted from the unique
    (case_id, officer_id) index alone; tombstoned ones (rare: received from HQ) are found
    through their partial index and taken off again."""
    opened = (f"SELECT c.id FROM {scope.cases} WHERE {scope.sql} AND c.opened_at >= :lo "
              "AND c.opened_at < :hi")
    out: Counter[str] = Counter(dict(conn.execute(
        f"SELECT o.officer_id, count(*) FROM case_officer o WHERE o.case_id IN ({opened}) "
        "GROUP BY o.officer_id", scope.with_(lo=lo, hi=hi))))
    tombstoned = "INDEXED BY ix_case_officer_tombstoned " if scope.covering else ""
    for officer, n in conn.execute(
            f"SELECT o.officer_id, count(*) FROM case_officer o {tombstoned}WHERE o.deleted = 1 "
            f"AND o.case_id IN ({opened}) GROUP BY o.officer_id", scope.with_(lo=lo, hi=hi)):
        out[officer] -= n
    return +out


# (opened_at < :hi holds for every such case; it lets the covering index ix_case_stats answer)
_CLOSED = ("c.status = 'closed' AND c.closed_at >= :lo AND c.closed_at < :hi AND c.opened_at < :hi")
_LATEST_RESULT = ("(SELECT e.result_json FROM rule_evaluation e WHERE e.case_id = c.id "
                  "AND e.deleted = 0 ORDER BY e.evaluated_at DESC, e.rowid DESC LIMIT 1)")


def _closed(conn: sqlite3.Connection, scope: CaseScope, lo: str, hi: str
            ) -> tuple[int, Counter[str], int, Counter[str], int]:
    """Closed cases: total, 721 mix, soft count, 不予处罚 by ground, closed 12345 cases. Only a
    case on the enforcement track (处置方式 执法) can end in a 不予行政处罚 decision: the latest
    evaluation is read for those alone, once each (a materialised step; the ground's CASE
    would otherwise run the lookup once per reference)."""
    gates = ", ".join(f"'{g}'" for g in OUTCOME_GATES)
    # One pass over the index, no sorting: a sum per figure.
    sums = ", ".join(f"sum(c.disposition = '{code}')" for code in DISPOSITION.codes)
    row = conn.execute(
        f"SELECT count(*), sum(c.source = 'hotline'), "
        f"sum(c.stage = 'red' AND c.disposition = 'enforcement'), {sums} "
        f"FROM {scope.cases} WHERE {scope.sql} AND {_CLOSED}", scope.with_(lo=lo, hi=hi)
    ).fetchone()
    total, hotline, penalised = (int(v or 0) for v in row[:3])
    mix: Counter[str] = Counter()
    for code, n in zip(DISPOSITION.codes, row[3:], strict=True):
        if n:
            mix[code] = int(n)
    if total - sum(mix.values()):
        mix[UNCLASSIFIED] = total - sum(mix.values())
    soft = total - penalised
    grounds: Counter[str] = Counter()
    query = (
        f"WITH latest AS MATERIALIZED (SELECT c.stage AS stage, {_LATEST_RESULT} AS r "
            f"  FROM {scope.cases} WHERE {scope.sql} AND {_CLOSED} "
            "  AND c.disposition = 'enforcement') "
            "SELECT CASE WHEN json_extract(r, '$.exemption.applies') "
            "THEN json_extract(r, '$.exemption.branch') ELSE "
            "(SELECT json_extract(g.value, '$.gate') FROM json_each(r, '$.gates') g "
            f" WHERE json_extract(g.value, '$.gate') IN ({gates}) LIMIT 1) END, stage, count(*) "
            "FROM latest GROUP BY 1, 2")
    for ground, stage, n in conn.execute(query, scope.with_(lo=lo, hi=hi)):
        if ground:
            grounds[str(ground)] += n
            if stage == "red":
                soft += n  # a red case that ended in 不予处罚
    return total, mix, soft, grounds, hotline


def _day_end() -> str:
    """The UTC time of day that ends a station day, as appended to a stored due day."""
    offset = STATION_TZ.utcoffset(None)
    assert offset is not None and timedelta(0) < offset < timedelta(days=1)
    return f" {(timedelta(days=1) - offset).seconds // 3600:02d}:00:00"  # " 16:00:00"


FollowUps = dict[str, tuple[int, int, Counter[str]]]
# ``case_stat.visit_satisfaction`` 1, 2, 3 (revision 0009; 0 for none)
CASE_STAT_SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied")
Closed = tuple[int, Counter[str], int, Counter[str], int]


def _closed_derived(conn: sqlite3.Connection, scope: CaseScope, lo: str, hi: str
                    ) -> tuple[Closed, FollowUps]:
    """``_closed`` and ``_follow_ups_of_closed`` in one pass over the period's closed cases,
    their per-case figures read from ``case_stat`` (same definitions; no sorting)."""
    sums = [f"sum(c.disposition = '{code}')" for code in DISPOSITION.codes]
    enforcement = "c.disposition = 'enforcement' AND s.ground"
    sums += [f"sum({enforcement} = '{g}')" for g in EXEMPTION_GROUNDS]
    sums += [f"sum({enforcement} = '{g}' AND c.stage = 'red')" for g in EXEMPTION_GROUNDS]
    sums += [f"sum(s.visit IS NOT NULL AND s.visit_satisfaction = {n})"
             for n, _ in enumerate(CASE_STAT_SATISFACTION, 1)]
    row = conn.execute(
        "SELECT count(*), sum(c.source = 'hotline'), "
        "sum(c.stage = 'red' AND c.disposition = 'enforcement'), "
        "count(s.visit), sum(s.visit), count(s.feedback), sum(s.feedback), "
        f"{', '.join(sums)} FROM {scope.cases} LEFT JOIN case_stat s ON s.case_rowid = c.rowid "
        f"WHERE {scope.sql} AND {_CLOSED}", scope.with_(lo=lo, hi=hi)
    ).fetchone()
    values = [int(v or 0) for v in row]
    total, hotline, penalised, visits, visits_in_time, feedback, feedback_in_time = values[:7]
    rest = values[7:]
    n, g = len(DISPOSITION.codes), len(EXEMPTION_GROUNDS)
    mix = Counter({code: v for code, v in zip(DISPOSITION.codes, rest[:n], strict=True) if v})
    if total - sum(mix.values()):
        mix[UNCLASSIFIED] = total - sum(mix.values())
    grounds = Counter({code: v for code, v in zip(EXEMPTION_GROUNDS, rest[n:n + g], strict=True)
                       if v})
    soft = total - penalised + sum(rest[n + g:n + 2 * g])  # a red case that ended in 不予处罚
    answers = Counter({code: v for code, v in zip(CASE_STAT_SATISFACTION, rest[n + 2 * g:],
                                                  strict=True) if v})
    return ((total, mix, soft, grounds, hotline),
            {"return_visit": (visits, visits_in_time, answers),
             "caller_feedback": (feedback, feedback_in_time, Counter())})


def _follow_ups_of_closed(conn: sqlite3.Connection, scope: CaseScope, lo: str, hi: str
                          ) -> dict[str, tuple[int, int, Counter[str]]]:
    """kind → (recorded, … recorded in time, their satisfaction) for the 回访 and 12345
    feedback of the cases closed in the period: a case counts once, by its earliest done one
    (the follow-up service records each at most once per case; sync could bring two). In
    time: recorded before the end of its due day, station time — the stored
    UTC text compared with the instant that ends the due day, ``due`` + ``day_end``."""
    day_end = _day_end()
    out: dict[str, tuple[int, int, Counter[str]]] = {
        "return_visit": (0, 0, Counter()), "caller_feedback": (0, 0, Counter())}
    params = scope.with_(lo=lo, hi=hi, day_end=day_end)
    rows: list[tuple[str, str | None, int, int | None]] = (
        conn.execute(
            "SELECT f.kind, f.satisfaction, count(*), sum(f.done_at < f.due || :day_end) "
            f"FROM {scope.cases} CROSS JOIN follow_up f ON f.case_id = c.id "
            f"WHERE {scope.sql} AND {_CLOSED} AND f.kind IN ('return_visit', 'caller_feedback') "
            "AND f.rowid = (SELECT g.rowid FROM follow_up g WHERE g.case_id = c.id "
            "  AND g.kind = f.kind AND g.deleted = 0 AND g.done_at IS NOT NULL "
            "  ORDER BY g.done_at, g.rowid LIMIT 1) "
            "GROUP BY 1, 2", params).fetchall())
    for kind, satisfaction, done, in_time in rows:
        total, timely, answers = out[kind]
        answers[str(satisfaction or "")] += done
        out[kind] = (total + done, timely + int(in_time or 0), answers)
    return out


def _return_visits(done: int, in_time: int, answers: Counter[str], closed: int
                   ) -> ReturnVisits:
    counted = Counter({k: v for k, v in answers.items() if k in SATISFACTION})
    answered = sum(counted.values())
    satisfied = counted["satisfied"] + counted["basically_satisfied"]
    return ReturnVisits(
        closed=closed, visited=done, in_time=in_time,
        completion=_ratio(done, closed), in_time_rate=_ratio(in_time, closed),
        satisfaction=_counts(counted, SATISFACTION.zh_labels(), answered, SATISFACTION.codes),
        satisfied_rate=_ratio(satisfied, answered))


def _rectification(conn: sqlite3.Connection, scope: CaseScope, period: Period) -> Rectification:
    last = min(period.end, station_today())
    on_time = late = not_corrected = not_done = 0
    if last >= period.start:
        for due, done_at, finding in conn.execute(
                f"SELECT f.due, f.done_at, f.finding FROM follow_up f "
                f'CROSS JOIN "case" c ON c.id = f.case_id '
                f"WHERE f.deleted = 0 AND f.kind = 'recheck' AND {scope.sql} "
                f"AND f.due >= :first AND f.due <= :last",
                scope.with_(first=period.start.isoformat(), last=last.isoformat())):
            done = _stored(done_at)
            if done is None:
                not_done += 1
            elif finding == "not_corrected":
                not_corrected += 1
            elif station_date(done) <= date.fromisoformat(due):
                on_time += 1
            else:
                late += 1
    due_total = on_time + late + not_corrected + not_done
    return Rectification(due_total, on_time, late, not_corrected, not_done,
                         _ratio(on_time, due_total))


def _hotline(conn: sqlite3.Connection, scope: CaseScope, lo: str, hi: str, closed: int,
             fed_back: int, in_time: int) -> Hotline:
    """12345 cases opened in the period and their response times, summed in SQL: seconds
    from ``opened_at`` to the first transition, to the millisecond (never below 0)."""
    first_response = (
        "(SELECT s.first_response_at FROM case_stat s WHERE s.case_rowid = c.rowid)"
        if scope.derived
        else '(SELECT min(e."at") FROM audit_event e '
        "WHERE substr(e.case_id, 1, 8) = substr(c.id, 1, 8) AND e.case_id = c.id "
        "AND e.action LIKE 'case.transition.%')")
    cases, responded, seconds, within = conn.execute(
        f"SELECT count(*), count(r), total(r), total(r <= {RESPONSE_TARGET_HOURS * 3600.0!r}) "
        "FROM (SELECT max(round(("
        f"julianday({first_response}) - julianday(c.opened_at)) * 86400.0, 3), 0.0) AS r "
        f"FROM {scope.cases} WHERE {scope.sql} AND c.source = 'hotline' "
        "AND c.opened_at >= :lo AND c.opened_at < :hi)",
        scope.with_(lo=lo, hi=hi)).fetchone()
    responded, within = int(responded), int(within)
    return Hotline(cases=int(cases), responded=responded,
                   average_hours=seconds / responded / 3600.0 if responded else None,
                   within_target=within, within_target_rate=_ratio(within, responded),
                   closed=closed, fed_back=fed_back, fed_back_in_time=in_time,
                   feedback_rate=_ratio(fed_back, closed))


def _repeat(conn: sqlite3.Connection, scope: CaseScope, end: date) -> RepeatOffenders:
    first = one_year_before(end)
    lo, hi = instant_bounds(first, end)
    not_counted = ", ".join(f"'{s}'" for s in sorted(NOT_A_PRIOR))
    # Cases per party row, from the case index alone.
    per_row: dict[str, int] = dict(conn.execute(
        f"SELECT c.party_id, count(*) FROM {scope.cases} WHERE {scope.sql} "
        f"AND c.status NOT IN ({not_counted}) AND c.opened_at >= :lo AND c.opened_at < :hi "
        "AND c.party_id IS NOT NULL GROUP BY c.party_id", scope.with_(lo=lo, hi=hi)))
    # A party is usually one row (a case links the existing party of the same identity); the
    # rows that share an identity — the same identity number, or the same match key among
    # rows without one — are found from the party indexes and counted as one party.
    identity: dict[str, str] = {}
    for pid, number, key in conn.execute(
            "SELECT id, id_number, match_key FROM party WHERE (id_number != '' AND id_number IN "
            "(SELECT id_number FROM party WHERE id_number != '' GROUP BY id_number "
            " HAVING count(*) > 1)) OR (id_number = '' AND match_key IN "
            "(SELECT match_key FROM party GROUP BY match_key HAVING count(*) > 1))"):
        identity[pid] = f"n:{number}" if number else f"k:{key}"
    people: Counter[str] = Counter()
    sample: dict[str, str] = {}  # identity → one of its party rows (for the name)
    for pid, n in per_row.items():
        who = identity.get(pid, pid)
        people[who] += n
        sample.setdefault(who, pid)
    repeat = [(who, n) for who, n in people.items() if n >= REPEAT_MIN_CASES]
    names: dict[str, tuple[str, str]] = {}
    ranked = sorted(repeat, key=lambda r: -r[1])
    # Names only for the top (ties at the cut-off included, then ordered by name).
    cut = ranked[TOP_REPEAT - 1][1] if len(ranked) >= TOP_REPEAT else 0
    shown = [r for r in ranked if r[1] >= cut]
    for who, _ in shown:
        row = conn.execute("SELECT name, id_number FROM party WHERE id = ?",
                           (sample[who],)).fetchone()
        names[who] = (str(row[0]), str(row[1])) if row else ("", "")
    shown.sort(key=lambda r: (-r[1], names[r[0]][0], r[0]))
    top = tuple(RepeatParty(names[who][0], mask_id_number(names[who][1]) if names[who][1] else "",
                            n) for who, n in shown[:TOP_REPEAT])
    return RepeatOffenders(first, end, len(people), len(repeat), sum(n for _, n in repeat),
                           _ratio(len(repeat), len(people)), top)


def _has(conn: sqlite3.Connection, kind: str, name: str) -> bool:
    """False only on a station read from read-only media before the revision that made it."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?",
                        (kind, name)).fetchone() is not None


def station_stats(store: StationStore, flt: StatsFilter) -> Stats:
    """Every figure for ``flt`` (see the module docstring for what each counts)."""
    names = {code: v.name for code, v in store.pack.violations.items()}
    with store.read_connection() as conn:
        return stats_on(conn, flt, names, helper=store.read_connection)


# A second connection for half of the figures, opened (and used) on a worker thread; None when
# there is none to be had.
HelperConnection = Callable[[], AbstractContextManager[sqlite3.Connection | None]]
_SecondHalf = tuple[Counter[str], Rectification, RepeatOffenders]


def _fingerprint(conn: sqlite3.Connection) -> tuple[object, ...]:
    """What changes with every committed write of a station: its audit chain's last event and
    its outbox's last change (``store.record`` appends both; sync's pages add audit events)."""
    return tuple(conn.execute(
        "SELECT (SELECT max(seq) FROM audit_event), "
        "(SELECT seq FROM sqlite_sequence WHERE name = 'outbox')").fetchone())


def _second_half_on(conn: sqlite3.Connection, scope: CaseScope, lo: str, hi: str,
                    period: Period) -> _SecondHalf:
    return (_by_officer(conn, scope, lo, hi), _rectification(conn, scope, period),
            _repeat(conn, scope, period.end))


def _second_half(helper: HelperConnection, mark: tuple[object, ...], scope: CaseScope, lo: str,
                 hi: str, period: Period) -> _SecondHalf | None:
    """``_second_half_on`` through ``helper`` — only when it reads the very data ``mark`` was
    taken from (same fingerprint inside its snapshot); else None, and the caller reads them."""
    with helper() as conn:
        if conn is None or _fingerprint(conn) != mark:
            return None
        return _second_half_on(conn, scope, lo, hi, period)


def stats_on(conn: sqlite3.Connection, flt: StatsFilter, violation_labels: Mapping[str, str],
             *, covering: bool | None = None, derived: bool | None = None,
             helper: HelperConnection | None = None) -> Stats:
    """``station_stats`` on an open DB-API connection inside one read snapshot (the CLI's quick
    path reads it without opening the store); ``violation_labels``: code → name from the pack.
    ``covering`` False reads without the statistics index, ``derived`` False computes the
    per-case figures from their sources instead of ``case_stat`` (the benchmark's baselines,
    and the tests' check that the two agree). ``helper``: a second connection to the same
    station, on which half of the figures are read in parallel on a worker thread (SQLite runs
    without the interpreter lock) when it sees the same data as ``conn``."""
    period = flt.period
    lo, hi = instant_bounds(period.start, period.end)
    scope = CaseScope(flt, _has(conn, "index", "ix_case_stats") if covering is None else covering,
                      _has(conn, "table", "case_stat") if derived is None else derived)
    worker: ThreadPoolExecutor | None = None
    second: Future[_SecondHalf | None] | None = None
    if helper is not None:
        worker = ThreadPoolExecutor(1, thread_name_prefix="stats")
        second = worker.submit(_second_half, helper, _fingerprint(conn), scope, lo, hi, period)
    try:
        grid_labels, officer_labels = _labels(conn)
        opened, stages, grids, violations = _opened(conn, scope, lo, hi)
        if scope.derived:
            (closed, mix, soft, grounds, hotline_closed), follow_ups = _closed_derived(
                conn, scope, lo, hi)
        else:
            closed, mix, soft, grounds, hotline_closed = _closed(conn, scope, lo, hi)
            follow_ups = _follow_ups_of_closed(conn, scope, lo, hi)
        fed_back, fed_back_in_time, _ = follow_ups["caller_feedback"]
        hotline = _hotline(conn, scope, lo, hi, hotline_closed, fed_back, fed_back_in_time)
        half = second.result() if second is not None else None
    finally:
        if worker is not None:
            worker.shutdown(wait=True)
    officers, rect, repeat = half or _second_half_on(conn, scope, lo, hi, period)
    visits = _return_visits(*follow_ups["return_visit"], closed)
    mix_labels = {**DISPOSITION.zh_labels(), UNCLASSIFIED: UNCLASSIFIED_LABEL}
    return Stats(
        period=period,
        grid_code=flt.grid_code,
        grid_label=grid_labels.get(flt.grid_code, flt.grid_code) if flt.grid_code else "全部网格",
        officer_id=flt.officer_id,
        officer_label=officer_labels.get(flt.officer_id, flt.officer_id) if flt.officer_id
        else "全部执法人员",
        opened=opened,
        closed=closed,
        mix=_counts(mix, mix_labels, closed, (*DISPOSITION.codes, UNCLASSIFIED)),
        soft=soft,
        soft_rate=_ratio(soft, closed),
        penalised=closed - soft,
        exemptions=_counts(grounds, EXEMPTION_GROUND.zh_labels(), closed, EXEMPTION_GROUNDS),
        stages=_counts(stages, STAGE.zh_labels(), opened, STAGE.codes),
        rectification=rect,
        return_visits=visits,
        hotline=hotline,
        repeat=repeat,
        by_grid=_counts(grids, {**grid_labels, "": "（未填网格）"}, opened),
        by_officer=_counts(officers, officer_labels, opened),
        by_violation=_counts(violations, violation_labels, opened),
    )


# --- resolving what a person typed ----------------------------------------------------------


def resolve_filter(store: StationStore, period: Period, *, grid: str = "", officer: str = ""
                   ) -> StatsFilter:
    """A filter from a grid code and an officer's badge number (or id) as typed; an unknown
    one is refused in Chinese (``ValidationError``), so a typo never reports zeros."""
    with store.read_connection() as conn:
        return resolve_on(conn, period, grid=grid, officer=officer)


def resolve_on(conn: sqlite3.Connection, period: Period, *, grid: str = "", officer: str = ""
               ) -> StatsFilter:
    """``resolve_filter`` on an open DB-API connection."""
    grid, officer = grid.strip(), officer.strip()
    officer_id = ""
    if grid and conn.execute("SELECT 1 FROM grid WHERE code = ? AND deleted = 0",
                             (grid,)).fetchone() is None:
        raise ValidationError(f"本站没有网格“{grid[:40]}”", "no such grid", field="grid")
    if officer:
        row = conn.execute("SELECT id FROM officer WHERE (badge_no = ? OR id = ?) "
                           "AND deleted = 0", (officer, officer)).fetchone()
        if row is None:
            raise ValidationError(f"本站没有执法证号为“{officer[:40]}”的执法人员",
                                  "no such officer", field="officer")
        officer_id = str(row[0])
    return StatsFilter(period, grid, officer_id)


def default_month(today: date | None = None) -> Period:
    """The last full calendar month before ``today`` (station time)."""
    day = today or station_today()
    last = day.replace(day=1) - timedelta(days=1)
    return Period(last.replace(day=1), last)


# --- the figures in words (CLI table, report, desktop summary) ------------------------------


def percent(value: float | None) -> str:
    """``70.2%``; ``—`` when there was nothing to divide by."""
    return "—" if value is None else f"{value * 100:.1f}%"


def count_text(c: Count) -> str:
    return f"{c.count} 件（{percent(c.share)}）"


def headline_rows(st: Stats) -> tuple[tuple[str, str], ...]:
    """The period's key figures as (label, value) lines, in the order a lead reports them."""
    mix = "；".join(f"{c.label} {c.count}（{percent(c.share)}）" for c in st.mix
                   if c.code != UNCLASSIFIED or c.count)
    rv, rect, hot, rep = st.return_visits, st.rectification, st.hotline, st.repeat
    avg = "—" if hot.average_hours is None else f"{hot.average_hours:.1f} 小时"
    sat = "；".join(f"{c.label} {c.count}" for c in rv.satisfaction)
    return (
        ("统计期间", st.period.label),
        ("范围", f"{st.grid_label}；{st.officer_label}"),
        ("新立案件", f"{st.opened} 件"),
        ("办结案件", f"{st.closed} 件"),
        ("721 处置结构（办结）", mix or "—"),
        ("柔性执法率", f"{percent(st.soft_rate)}（柔性办结 {st.soft} 件，处罚结案 {st.penalised} 件）"),
        ("不予处罚（免罚）", f"{sum(c.count for c in st.exemptions)} 件"),
        ("按期整改率", f"{percent(rect.rate)}（到期复查 {rect.due} 件：按期整改 {rect.on_time}，"
                    f"逾期整改 {rect.late}，未改正 {rect.not_corrected}，未复查 {rect.not_done}）"),
        ("回访完成率", f"{percent(rv.completion)}（已回访 {rv.visited}/{rv.closed} 件；"
                    f"按期 {rv.in_time} 件）"),
        ("满意率", f"{percent(rv.satisfied_rate)}（{sat}）"),
        ("12345 平均响应时间", f"{avg}（{hot.responded}/{hot.cases} 件已响应；"
                          f"{RESPONSE_TARGET_HOURS:g} 小时内 {hot.within_target} 件，"
                          f"{percent(hot.within_target_rate)}）"),
        ("12345 来电人反馈", f"{percent(hot.feedback_rate)}（已反馈 {hot.fed_back}/{hot.closed} 件"
                         f"办结热线案件；按期 {hot.fed_back_in_time} 件）"),
        ("重复违法当事人", f"{rep.repeat_parties} 人（涉及 {rep.repeat_cases} 件；占当事人 "
                     f"{percent(rep.rate)}；{rep.window_start} 至 {rep.window_end}）"),
    )
