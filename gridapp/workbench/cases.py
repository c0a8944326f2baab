"""The case list (我的案件 / 全部案件): filtered, searched, sorted pages and their count.

Contract: ``case_page`` and ``case_count`` take the same ``CaseQuery`` and are separate so a
front end can run them as two tasks; both open their own read session. Rows are plain frozen
values with codes and Chinese labels (English labels come from ``gridapp.vocab`` by code).
Filtering, search and sorting are ``gridapp.caselog.query``'s (one implementation for the CLI
and the desktop); this module adds the labels, the officers' names and the repeat-offender
marker for the rows of one page.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog import query
from gridapp.errors import ValidationError
from gridapp.models import CaseOfficer, Officer
from gridapp.store import StationStore
from gridapp.timeutil import station_date
from gridapp.vocab import Vocabulary
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.stage import STAGE
from gridapp.workbench.case_rows import (
    CaseListRow,
    CasePage,
    CaseQuery,
    Choice,
    FilterChoices,
    short_search,
)
from gridapp.workbench.status import officer_choices

__all__ = ["SORT_KEYS", "CaseListRow", "CasePage", "CaseQuery", "Choice", "FilterChoices",
           "case_count", "case_page", "filter_choices", "short_search"]

MAX_PAGE = 1000
SORT_KEYS = query.SORT_KEYS


def _check_code(value: str | None, vocab: Vocabulary, field: str, label: str) -> None:
    if value and value not in vocab:
        raise ValidationError(f"未知的{label}“{value}”，可选：{vocab.choices_zh()}",
                              f"unknown {field} {value!r}", field=field)


def _filter(q: CaseQuery) -> query.CaseFilter:
    _check_code(q.status, CASE_STATUS, "status", "案件状态")
    _check_code(q.stage, STAGE, "stage", "预警阶段")
    _check_code(q.source, CASE_SOURCE, "source", "案件来源")
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise ValidationError("起始日期晚于截止日期，请核对日期范围",
                              "date_from is after date_to", field="date_from")
    officers = tuple(o for o in (q.officer_id, q.mine_officer_id) if o)
    return query.CaseFilter(
        text=(q.text or "").strip() or None, status=q.status or None, grid=q.grid or None,
        stage=q.stage or None, source=q.source or None, date_from=q.date_from,
        date_to=q.date_to, overdue=q.overdue, officer_ids=officers,
        short_search_window=q.short_search_window,
    )


def _officer_names(session: Session, case_ids: Iterable[str]) -> dict[str, str]:
    ids = list(case_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(CaseOfficer.case_id, Officer.name)
        .join(Officer, Officer.id == CaseOfficer.officer_id)
        .where(CaseOfficer.case_id.in_(ids), CaseOfficer.deleted.is_(False))
        .order_by(CaseOfficer.updated_at, Officer.badge_no)
    ).all()
    names: dict[str, list[str]] = {}
    for case_id, name in rows:
        names.setdefault(case_id, []).append(name)
    return {case_id: "、".join(found) for case_id, found in names.items()}


def case_page(store: StationStore, q: CaseQuery, *, offset: int = 0, limit: int = 100,
              sort: str = "opened_at", descending: bool = True) -> CasePage:
    """One page of the cases matching ``q``, sorted by ``sort`` (one of ``SORT_KEYS``)."""
    if offset < 0 or limit < 1 or limit > MAX_PAGE:
        raise ValidationError(f"分页参数无效（offset ≥ 0，1 ≤ limit ≤ {MAX_PAGE}）",
                              f"bad page: offset {offset}, limit {limit}", field="page")
    if sort not in SORT_KEYS:
        raise ValidationError(f"不能按“{sort}”排序，可用的排序：{'、'.join(SORT_KEYS)}",
                              f"cannot sort by {sort!r}", field="sort")
    flt = _filter(q)
    names = {code: v.name for code, v in store.pack.violations.items()}
    with store.read() as s:
        rows = query.list_cases(s, flt, offset, limit, names, sort=sort, descending=descending)
        ids = [r.id for r in rows]
        officers = _officer_names(s, ids)
        repeat = query.with_earlier_cases(s, ids)
    return CasePage(
        rows=tuple(
            CaseListRow(
                id=r.id, number=r.number, opened_on=station_date(r.opened_at),
                status=r.status, status_label=CASE_STATUS.zh(r.status),
                stage=r.stage, stage_label=STAGE.zh(r.stage),
                violation_code=r.violation_code, violation_name=r.violation_name,
                party_name=r.party_name, address=r.address, grid_code=r.grid_code,
                source=r.source, source_label=CASE_SOURCE.zh(r.source),
                officer_names=officers.get(r.id, ""), overdue=r.overdue,
                repeat_offender=r.id in repeat, party_id=r.party_id or "",
            )
            for r in rows
        ),
        offset=offset,
    )


def case_count(store: StationStore, q: CaseQuery) -> int:
    """How many cases match ``q`` (the same filter as ``case_page``)."""
    flt = _filter(q)
    with store.read() as s:
        return query.count_cases(s, flt)


def _choices(vocab: Vocabulary) -> tuple[Choice, ...]:
    return tuple((t.code, t.zh, t.en) for t in vocab)


def filter_choices(store: StationStore) -> FilterChoices:
    """What each filter offers: statuses, stages and sources in vocabulary order, the station's
    grids by code, and every officer (retired ones too: their cases stay findable)."""
    with store.read() as s:
        grids = tuple((code, name, name) for code, name in query.list_grids(s))
    officers = tuple((o.id, o.label, o.label) for o in officer_choices(store, include_retired=True))
    return FilterChoices(
        statuses=_choices(CASE_STATUS), stages=_choices(STAGE), grids=grids,
        sources=_choices(CASE_SOURCE), officers=officers,
    )
