"""A case is found from any way an officer writes it; several matches are listed, nothing done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from gridapp import clock
from gridapp.caselog import service
from gridapp.caselog.lookup import AmbiguousCaseError, find_case
from gridapp.models import Case
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE


def add_case(store: StationStore, act_date: str = "2026-11-19") -> Case:
    with store.session() as s:
        return service.create_case(store, s, dict(DEMO_CASE_INPUT, act_date=act_date), LEAD_BADGE)


@pytest.fixture
def two_years(store: StationStore) -> Iterator[tuple[Case, Case]]:
    """Case 〔2025〕01-000001 and case 〔2026〕01-000001: the same tail in two years."""
    clock.start_at(datetime(2025, 12, 30, 10, 0, tzinfo=STATION_TZ))
    try:
        old = add_case(store, "2025-12-29")
    finally:
        clock.start_at(datetime(2026, 11, 28, 10, 0, tzinfo=STATION_TZ))
    try:
        yield old, add_case(store)
    finally:
        clock.start_at(None)


def test_every_written_form_finds_the_case(store: StationStore, demo_case: Case) -> None:
    number = demo_case.number
    assert number.endswith("〕01-000001"), number
    bracketless = number.replace("〔", "{").replace("〕", "}")
    forms = [
        number, f"  {number} ", demo_case.id, demo_case.id[:8], demo_case.id[:13].upper(),
        "000001", "01-000001", "1", "〔2026〕01-000001",
        bracketless.replace("{", "[").replace("}", "]"),
        bracketless.replace("{", "(").replace("}", ")"),
        bracketless.replace("{", "（").replace("}", "）"),
        bracketless.replace("{", "【").replace("}", "】"),
    ]
    with store.read() as s:
        for form in forms:
            assert find_case(s, form).id == demo_case.id, form


@pytest.mark.parametrize("ref", ["000002", "1-000001", "2-000001", "0000001x", "3f2a9c1", "〔2025〕"])
def test_forms_that_name_no_case(store: StationStore, demo_case: Case, ref: str) -> None:
    from gridapp.errors import NotFoundError

    with store.read() as s, pytest.raises(NotFoundError):
        find_case(s, ref)


def test_the_same_tail_in_two_years_is_listed_not_guessed(
        store: StationStore, two_years: tuple[Case, Case], run_cli) -> None:  # type: ignore[no-untyped-def]
    old, new = two_years
    assert old.number.endswith("〔2025〕01-000001") and new.number.endswith("〔2026〕01-000001")
    with store.read() as s:
        with pytest.raises(AmbiguousCaseError) as exc:
            find_case(s, "000001")
        assert [m.number for m in exc.value.matches] == [old.number, new.number]
        assert find_case(s, "〔2025〕01-000001").id == old.id
        assert find_case(s, "[2026]01-000001").id == new.id

    before = run_cli("--data-dir", store.data_dir, "--json", "audit", "show", new.number).json()
    r = run_cli("--data-dir", store.data_dir, "case", "transition", "01-000001", "verified")
    assert r.code == 2
    assert "对应 2 件案件" in r.err and old.number in r.err and new.number in r.err
    after = run_cli("--data-dir", store.data_dir, "--json", "audit", "show", new.number).json()
    assert after == before  # nothing done
    with store.read() as s:
        assert s.get(Case, new.id).status == new.status  # type: ignore[union-attr]


def test_every_command_taking_a_case_accepts_the_tail(
        store: StationStore, demo_case: Case, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = store.data_dir
    assert run_cli("--data-dir", d, "case", "show", "000001").code == 0
    assert run_cli("--data-dir", d, "audit", "show", "01-000001").code == 0
    assert run_cli("--data-dir", d, "evidence", "list", "[2026]01-000001").code == 0
    assert run_cli("--data-dir", d, "doc", "list", demo_case.id[:8]).code == 0
    assert run_cli("--data-dir", d, "party", "history", "000001").code == 0
    r = run_cli("--data-dir", d, "case", "assign", "1", "31010002")
    assert r.code == 0, r.err
    assert demo_case.number in r.out
