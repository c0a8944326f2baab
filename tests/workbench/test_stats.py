"""统计: every figure on a fixed, hand-built station (``tests/workbench/stats_data.py``, where
the dataset is tabulated) against values worked out by hand in the comments below."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from gridapp import clock
from gridapp.errors import ValidationError
from gridapp.models import FollowUp
from gridapp.store import StationStore
from gridapp.workbench.stats import (
    StatsFilter,
    parse_month,
    parse_period,
    resolve_filter,
    station_stats,
)
from tests.conftest import DEMO_PARTY_ID
from tests.workbench.conftest import assert_plain, officer_id
from tests.workbench.stats_data import OCTOBER, OF, Builder, L, T, dataset

__all__ = ["dataset"]


def counts(items: Any) -> dict[str, int]:
    return {c.code: c.count for c in items}


def test_every_figure_for_october(store: StationStore, dataset: Builder) -> None:
    st = station_stats(store, StatsFilter(OCTOBER))
    assert_plain(st)
    # Opened in October: C1 C2 C3 C4 C5 C7 C8 = 7. Closed in October: C6 (10-01), C1, C2, C3,
    # C4 = 5 (C5 closed 11-02, C9 in 2025; C8 was dismissed, not closed).
    assert (st.opened, st.closed) == (7, 5)
    # 721 over the 5 closed: service C6 C1 = 2 (40%), management C2 = 1 (20%), enforcement
    # C3 C4 = 2 (40%).
    assert [(c.code, c.count, c.share) for c in st.mix] == [
        ("service", 2, 0.4), ("management", 1, 0.2), ("enforcement", 2, 0.4),
        ("unclassified", 0, 0.0)]
    # Soft: C6 yellow, C1 yellow, C2 orange (rectified), C4 red but 首违不罚 in its latest
    # evaluation = 4 of 5 = 80%. C3 (执法, red) has no exemption in its latest evaluation (10-18;
    # the earlier one of 10-09 does not count): penalised 1.
    assert (st.soft, st.soft_rate, st.penalised) == (4, 0.8, 1)
    # 不予处罚 used, by ground, among the enforcement-track cases (C3, C4): first_offence C4 = 1
    # of the 5 closed (20%). C6 was solved by service: its evaluation's limitation gate is not
    # an exemption used.
    assert counts(st.exemptions) == {"minor_no_harm": 0, "first_offence": 1, "no_fault": 0,
                                     "limitation_expired": 0, "minor_under_14": 0}
    assert {c.code: c.share for c in st.exemptions}["first_offence"] == 0.2
    # Stages of the 7 opened: yellow C1 C5 C7 C8 = 4, orange C2 = 1, red C3 C4 = 2.
    assert [(c.code, c.count) for c in st.stages] == [("yellow", 4), ("orange", 1), ("red", 2)]
    assert [round(c.share or 0, 4) for c in st.stages] == [round(4 / 7, 4), round(1 / 7, 4),
                                                           round(2 / 7, 4)]
    # Cases per grid: G0101 C1 C2 C5 C7 = 4, G0102 C3 C4 C8 = 3 (most first).
    assert [(c.code, c.count) for c in st.by_grid] == [("G0101", 4), ("G0102", 3)]
    assert st.by_grid[1].label == "G0102 南京东路第2网格"
    # Per officer (a case counts for each officer on it): L on C1 C2 C3 C5 C7 C8 = 6,
    # OF on C1 C2 C4 C5 C7 = 5, T on C3 C4 C8 = 3.
    lead, officer, third = (officer_id(store, b) for b in (L, OF, T))
    assert [(c.code, c.count) for c in st.by_officer] == [(lead, 6), (officer, 5), (third, 3)]
    assert st.by_officer[2].label == "王芳（31010003）"
    # Per violation: street-vending 6, road-piling (C3) 1.
    assert [(c.code, c.count) for c in st.by_violation] == [("street-vending", 6),
                                                            ("road-piling", 1)]
    assert st.by_violation[0].label == "占道设摊经营"


def test_follow_up_and_hotline_figures(store: StationStore, dataset: Builder) -> None:
    # The 回访 due days the follow-up service set, as worked out in stats_data.py.
    with store.read() as s:
        due = {(dataset.name_of(f.case_id), f.kind): f.due for f in s.scalars(select(FollowUp))}
    assert {k: v for k, v in due.items() if k[1] == "return_visit"} == {
        ("C9", "return_visit"): "2025-11-25", ("C6", "return_visit"): "2026-10-10",
        ("C1", "return_visit"): "2026-10-10", ("C2", "return_visit"): "2026-10-14",
        ("C3", "return_visit"): "2026-10-23", ("C4", "return_visit"): "2026-10-28",
        ("C5", "return_visit"): "2026-11-05"}
    assert due[("C1", "caller_feedback")] == "2026-10-10"
    st = station_stats(store, StatsFilter(OCTOBER))
    rv = st.return_visits
    # Closed in October 5; visited C1 C2 C4 = 3 (60%). Due three working days after closing:
    # C1 10-09 ≤ 10-10 and C4 10-27 ≤ 10-28 in time = 2 (40%); C2 10-16 > 10-14 late. C3 and
    # C6 never visited; C5's visit is for a case closed in November: not counted.
    assert (rv.closed, rv.visited, rv.in_time, rv.completion, rv.in_time_rate) == (5, 3, 2, 0.6, 0.4)
    # Satisfaction of the 3 answered: 满意 1, 基本满意 1, 不满意 1 → satisfied 2/3.
    assert counts(rv.satisfaction) == {"satisfied": 1, "basically_satisfied": 1, "dissatisfied": 1}
    assert [c.label for c in rv.satisfaction] == ["满意", "基本满意", "不满意"]
    assert rv.satisfied_rate == pytest.approx(2 / 3)
    # 复查 due in October (all come by 11-28): C2 10-09 corrected that day (on time), C4 10-13
    # never re-checked, C3 10-15 found not corrected, C5 10-20 corrected on 10-22 (late).
    # C9's (2025-11-18) is not October's. On time 1 of 4 = 25%.
    rect = st.rectification
    assert (rect.due, rect.on_time, rect.late, rect.not_corrected, rect.not_done) == (4, 1, 1, 1, 1)
    assert rect.rate == 0.25
    # 12345 cases opened in October: C1, C4, C7 = 3. C1 09:00 → verified 10:30 = 1.5 h;
    # C4 09:00 → verified 12:00 = 3 h; C7 untouched. Mean (1.5 + 3) / 2 = 2.25 h; within 2 h: C1.
    hot = st.hotline
    assert (hot.cases, hot.responded, hot.within_target) == (3, 2, 1)
    # (the clock runs on while a step is written: a few seconds' slack)
    assert hot.average_hours == pytest.approx(2.25, abs=1e-3)
    assert hot.within_target_rate == 0.5
    # 12345 cases closed in October: C1, C4. Caller feedback recorded for C1 on 10-09 (due
    # 10-10: in time); C4 none. 1 of 2.
    assert (hot.closed, hot.fed_back, hot.fed_back_in_time, hot.feedback_rate) == (2, 1, 1, 0.5)


def test_repeat_offenders_in_the_twelve_months(store: StationStore, dataset: Builder) -> None:
    rep = station_stats(store, StatsFilter(OCTOBER)).repeat
    # Window 2025-11-01 … 2026-10-31. Counted cases: P1 C6 C1 C2 = 3; P2 C9 C3 C4 = 3;
    # P3 C5 only (C7 待核实 and C8 不予立案 are not cases that count; C10 is before the window).
    assert (rep.window_start, rep.window_end) == (date(2025, 11, 1), date(2026, 10, 31))
    assert (rep.parties, rep.repeat_parties, rep.repeat_cases) == (3, 2, 6)
    assert rep.rate == pytest.approx(2 / 3)
    # Most cases first, then by name; identity numbers masked; P2 has none.
    assert [(p.name, p.id_number_masked, p.cases) for p in rep.top] == [
        ("李四", "", 3), ("王小明", "3101**********1234", 3)]


def test_filters_by_grid_and_officer(store: StationStore, dataset: Builder) -> None:
    grid = station_stats(store, resolve_filter(store, OCTOBER, grid="G0102"))
    # G0102: opened C3 C4 C8 = 3; closed C3 C4 = 2, both enforcement; soft C4 = 50%.
    assert (grid.opened, grid.closed, grid.soft, grid.soft_rate) == (3, 2, 1, 0.5)
    assert counts(grid.mix)["enforcement"] == 2
    assert grid.grid_label == "G0102 南京东路第2网格"
    # 12345 in G0102: C4 only, 3 h.
    assert (grid.hotline.cases, grid.hotline.average_hours) == (1, pytest.approx(3.0, abs=1e-3))
    third = station_stats(store, resolve_filter(store, OCTOBER, officer=T))
    # 王芳 is on C3 C4 C8: opened 3, closed 2; in her 12 months P2 has C3 C4 = 2 → a repeat
    # offender (C9 was not hers).
    assert (third.opened, third.closed) == (3, 2)
    assert (third.repeat.repeat_parties, third.repeat.repeat_cases) == (1, 2)
    assert [(c.code, c.count) for c in third.by_grid] == [("G0102", 3)]
    assert third.officer_label == "王芳（31010003）"
    # Rectification for 王芳: C3 found not corrected, C4 never re-checked.
    rect = third.rectification
    assert (rect.due, rect.on_time, rect.not_corrected, rect.not_done) == (2, 0, 1, 1)


def test_an_empty_period_divides_by_nothing(store: StationStore, dataset: Builder) -> None:
    st = station_stats(store, StatsFilter(parse_month("2026-07")))
    assert (st.opened, st.closed, st.soft_rate) == (0, 0, None)
    assert all(c.share is None for c in st.mix)
    assert st.return_visits.completion is None and st.hotline.average_hours is None


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2026-10-32", "2026-10-31", "不是有效日期"),
    ("2026/10/01", "2026-10-31", "不是 年-月-日 格式"),
    ("2026-10-31", "2026-10-01", "早于起始日期"),
    ("0001-01-01", "2026-10-01", "超出可统计的年份"),
    ("\x1b[31m", "2026-10-01", "不是 年-月-日 格式"),
])
def test_bad_periods_are_refused_in_chinese(start: str, end: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_period(start, end)


@pytest.mark.parametrize(("month", "message"), [
    ("2026-13", "不存在"), ("2026-00", "不存在"), ("2026-1", "不是 年-月 格式"),
    ("26-10", "不是 年-月 格式"), ("1999-12", "超出可统计的年份"), ("", "不是 年-月 格式"),
])
def test_bad_months_are_refused_in_chinese(month: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_month(month)


def test_months_and_unknown_filters(store: StationStore) -> None:
    feb = parse_month("2028-02")
    assert (feb.start, feb.end, feb.days) == (date(2028, 2, 1), date(2028, 2, 29), 29)
    with pytest.raises(ValidationError, match="本站没有网格“G9999”"):
        resolve_filter(store, feb, grid="G9999")
    with pytest.raises(ValidationError, match="本站没有执法证号为“99999999”的执法人员"):
        resolve_filter(store, feb, officer="99999999")



def test_rows_of_one_identity_count_as_one_party(store: StationStore, dataset: Builder) -> None:
    """Rows of one party from another station (synced): the same identity number as P1, the
    same name and address as P2 (no number) — one party each, as ``earlier_cases`` has it."""
    from gridapp.caselog import service
    from gridapp.caselog.identity import match_key
    from gridapp.models import Party
    from tests.workbench.stats_data import P1, P2, at

    clock.start_at(at("2026-10-28 09:00"))
    with store.session() as s:
        twins = [Party(kind="person", name="王小明", id_number=DEMO_PARTY_ID,
                       match_key=match_key("王小明", "别处")),
                 Party(kind="person", name="李四", id_number="",
                       match_key=match_key(P2["name"], P2["address"]))]
        for party in twins:
            s.add(party)
            store.record(s, party, op="insert", actor=L, action="party.create")
        for party in twins:
            data = {"violation": "street-vending", "address": "上海市黄浦区南京东路1号",
                    "grid": "G0101", "source": "patrol", "facts": "占道经营。",
                    "officers": [L, OF], "act_date": "2026-10-28",
                    "opened_at": at("2026-10-28 09:00").isoformat()}
            case = service.create_case(store, s, data, L, party_id=party.id)
            service.transition(store, s, case, "verified", L)
    assert P1["id_number"] == DEMO_PARTY_ID
    rep = station_stats(store, StatsFilter(OCTOBER)).repeat
    # P1 C6 C1 C2 + the twin's case = 4; P2 C9 C3 C4 + the twin's = 4; P3 1: still 3 parties.
    assert (rep.parties, rep.repeat_parties, rep.repeat_cases) == (3, 2, 8)
    assert sorted((p.cases, p.id_number_masked) for p in rep.top) == [
        (4, ""), (4, "3101**********1234")]


def test_an_assignment_taken_back_does_not_count(store: StationStore, dataset: Builder) -> None:
    from sqlalchemy import and_

    from gridapp.models import CaseOfficer

    officer = officer_id(store, OF)
    with store.session() as s:
        row = s.scalars(select(CaseOfficer).where(and_(
            CaseOfficer.case_id == dataset.cases["C1"], CaseOfficer.officer_id == officer))).one()
        store.record(s, row, op="tombstone", actor=L, action="case.assign_officer",
                     case_id=row.case_id)
    # 李明 was on C1 C2 C4 C5 C7 (5); C1's assignment is tombstoned: 4, and his filter agrees.
    st = station_stats(store, StatsFilter(OCTOBER))
    assert {c.code: c.count for c in st.by_officer}[officer] == 4
    assert station_stats(store, StatsFilter(OCTOBER, officer_id=officer)).opened == 4
