"""What the case list shows and asks for, as plain values (no SQLAlchemy).

Contract: the query (``CaseQuery``), the rows (``CaseListRow``), a page of them (``CasePage``) and
the filter choices (``FilterChoices``) are frozen plain data shared by the ORM read path
(``gridapp.workbench.cases``) and the plain-SQL first page (``gridapp.workbench.first_page``).
Importing this module never imports SQLAlchemy, so the desktop can show a page of cases before
the ORM has loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gridapp.caselog.terms import short_search as _short_search


@dataclass(frozen=True)
class CaseQuery:
    """What the list shows. Empty values do not filter. Dates are station-time days, both ends
    inclusive, on the opening time. ``officer_id`` (the officer filter) and ``mine_officer_id``
    (我的案件) are ``Officer.id`` values; when both are given a case must have both officers."""

    text: str | None = None
    status: str | None = None
    stage: str | None = None
    grid: str | None = None
    source: str | None = None
    officer_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    mine_officer_id: str | None = None
    # A search whose terms are all 1–2 characters looks at this many newest cases only (None:
    # all); the index answers 3+ characters over the whole log (``query.short_search``).
    short_search_window: int | None = None


@dataclass(frozen=True)
class CaseListRow:
    id: str
    number: str
    opened_on: date  # station-time day the case was opened (发现时间)
    status: str
    status_label: str
    stage: str
    stage_label: str
    violation_code: str
    violation_name: str
    party_name: str
    address: str
    grid_code: str
    source: str
    source_label: str
    officer_names: str  # "张建国、李明", in the order they were assigned
    overdue: bool
    repeat_offender: bool  # the party has earlier cases (``query.earlier_cases``)
    party_id: str = ""


@dataclass(frozen=True)
class CasePage:
    rows: tuple[CaseListRow, ...]
    offset: int


Choice = tuple[str, str, str]  # (code, Chinese label, English label)


@dataclass(frozen=True)
class FilterChoices:
    statuses: tuple[Choice, ...]
    stages: tuple[Choice, ...]
    grids: tuple[Choice, ...]  # (code, grid name, grid name)
    sources: tuple[Choice, ...]
    officers: tuple[Choice, ...]  # (Officer.id, "张建国（31010001）", same), retired included



def short_search(text: str | None) -> bool:
    """Whether a search of ``text`` is answered from the newest cases only when the query has a
    ``short_search_window`` (all its terms are 1–2 characters)."""
    return _short_search(text)
