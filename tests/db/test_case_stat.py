"""``case_stat`` (revision 0009): the per-case statistics rows kept by triggers say what their
sources say — after every kind of write, and when the revision fills them on an existing
station — so the statistics read from them equal the statistics computed from the sources."""

from __future__ import annotations

import importlib.util
from dataclasses import asdict
from typing import Any

from sqlalchemy import select

from gridapp.db.engine import writer
from gridapp.db.migrate import MIGRATIONS_DIR
from gridapp.models import Case, FollowUp, RuleEvaluation
from gridapp.store import StationStore
from gridapp.vocab.follow_up import SATISFACTION
from gridapp.workbench.stats import (
    CASE_STAT_SATISFACTION,
    OUTCOME_GATES,
    StatsFilter,
    _day_end,
    parse_period,
    stats_on,
)
from tests.workbench.stats_data import OCTOBER, Builder, L, dataset

__all__ = ["dataset"]

YEAR = parse_period("2025-11-01", "2026-11-28")


def _revision() -> Any:
    spec = importlib.util.spec_from_file_location(
        "rev0009", MIGRATIONS_DIR / "versions" / "0009_case_stat.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figures(store: StationStore, flt: StatsFilter, *, derived: bool) -> dict[str, Any]:
    names = {code: v.name for code, v in store.pack.violations.items()}
    with store.read_connection() as conn:
        return asdict(stats_on(conn, flt, names, derived=derived))


def assert_agree(store: StationStore) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for flt in (StatsFilter(OCTOBER), StatsFilter(YEAR), StatsFilter(OCTOBER, grid_code="G0102")):
        derived = figures(store, flt, derived=True)
        assert derived == figures(store, flt, derived=False)
        out[str(flt)] = derived
    return out


def test_the_codes_fixed_in_the_revision_are_the_statistics_own() -> None:
    revision = _revision()
    assert _day_end() == revision.DAY_END
    assert revision.OUTCOME_GATES == OUTCOME_GATES
    assert revision.SATISFACTION == CASE_STAT_SATISFACTION == SATISFACTION.codes


def test_every_trigger_exists_at_head(store: StationStore) -> None:
    """A later revision that rebuilds audit_event, follow_up, rule_evaluation or case drops
    their triggers: this fails until it creates them again."""
    with store.read_connection() as conn:
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(_revision().TRIGGERS) <= names


def test_derived_figures_equal_the_sources_after_every_kind_of_change(
        store: StationStore, dataset: Builder) -> None:
    assert_agree(store)
    october = figures(store, StatsFilter(OCTOBER), derived=True)
    assert {c["code"]: c["count"] for c in october["exemptions"]}["first_offence"] == 1  # C4
    assert october["hotline"]["responded"] == 2 and october["return_visits"]["visited"] == 3

    # C4's only evaluation tombstoned (as sync would bring it): no ground left.
    with store.session() as s:
        row = s.scalars(select(RuleEvaluation).where(
            RuleEvaluation.case_id == dataset.cases["C4"])).one()
        row.deleted = True
        store.record(s, row, op="update", actor=L, action="rules.evaluate",
                     case_id=row.case_id)
    # C2's 回访 undone; C6 visited now (late) — the follow-up rows edited in place.
    with store.session() as s:
        visit = s.scalars(select(FollowUp).where(FollowUp.case_id == dataset.cases["C2"],
                                                 FollowUp.kind == "return_visit")).one()
        visit.done_at = None
        visit.satisfaction = ""
        store.record(s, visit, op="update", actor=L, action="follow_up.record",
                     case_id=visit.case_id)
    dataset.record("C6", "2026-11-28 11:00", "return_visit", satisfaction="satisfied")
    # C8 (patrol, dismissed 10-22 10:00) corrected to a 12345 case: it responded in 1 h.
    with store.session() as s:
        case = s.get(Case, dataset.cases["C8"])
        assert case is not None
        case.source = "hotline"
        store.record(s, case, op="update", actor=L, action="case.edit", case_id=case.id)
    after = assert_agree(store)[str(StatsFilter(OCTOBER))]
    assert (after["hotline"]["cases"], after["hotline"]["responded"]) == (4, 3)
    assert after["hotline"]["within_target"] == 2  # C1 1.5 h, C8 1 h
    assert {c["code"]: c["count"] for c in after["exemptions"]}["first_offence"] == 0
    rv = after["return_visits"]
    # Visited now C1, C4, C6 (C2 undone); in time C1 and C4 only.
    assert (rv["visited"], rv["in_time"]) == (3, 2)
    assert {c["code"]: c["count"] for c in rv["satisfaction"]} == {
        "satisfied": 2, "basically_satisfied": 0, "dissatisfied": 1}


def test_a_second_done_visit_of_one_case_counts_once(store: StationStore, dataset: Builder) -> None:
    """Two devices can each record a 回访 of a case; the case was visited once, by the first."""
    with store.session() as s:
        first = s.scalars(select(FollowUp).where(FollowUp.case_id == dataset.cases["C1"],
                                                 FollowUp.kind == "return_visit")).one()
        extra = FollowUp(case_id=first.case_id, kind="return_visit", due=first.due,
                         done_at=first.done_at.replace(day=first.done_at.day + 1)
                         if first.done_at else None, satisfaction="dissatisfied")
        s.add(extra)
        store.record(s, extra, op="insert", actor=L, action="follow_up.record",
                     case_id=first.case_id)
    rv = assert_agree(store)[str(StatsFilter(OCTOBER))]["return_visits"]
    assert (rv["closed"], rv["visited"]) == (5, 3)
    assert {c["code"]: c["count"] for c in rv["satisfaction"]}["dissatisfied"] == 1  # C4's only


def test_the_revision_fills_the_rows_from_what_the_station_holds(
        store: StationStore, dataset: Builder) -> None:
    before = assert_agree(store)
    revision = _revision()
    with writer(store.engine).begin() as conn:
        for name in revision.TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        conn.exec_driver_sql("DELETE FROM case_stat")
        assert conn.exec_driver_sql("SELECT count(*) FROM case_stat").scalar() == 0
        for sql in (*revision._fill(), *revision._trigger_sql()):
            conn.exec_driver_sql(sql)
        assert conn.exec_driver_sql("SELECT count(*) FROM case_stat").scalar() > 0
    assert assert_agree(store) == before
