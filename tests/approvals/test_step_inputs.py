"""What each approval step takes (行政强制法第二十五条第一款; 行政处罚法第五十七条、第五十八条):
延长扣押 only for a seizure in force (a valid 扣押决定书, not released, approved or made 情况紧急
on the spot); a proposed fine and the 重大复杂 reason only for the 处罚审批 — refused otherwise
(exit 2, a Chinese message naming the field, nothing written)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gridapp.models import Approval, Case
from gridapp.store import StationStore
from tests.conftest import OFFICER_BADGE
from tests.documents.conftest import issue


def _approvals(store: StationStore) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Approval.id))) or 0


def _submit(store: StationStore, case: Case, run_cli, *argv: str):  # type: ignore[no-untyped-def]
    return run_cli("approval", "submit", case.number, *argv, "--note", "建议批准",
                   "--as", OFFICER_BADGE, "--data-dir", store.data_dir)


@pytest.mark.parametrize(("argv", "field", "needle"), [
    (["--step", "seizure_extend"], "step", "没有有效的扣押决定书"),
    (["--step", "preservation", "--fine", "300"], "fine", "只用于处罚审批"),
    (["--step", "seizure", "--major", "案情复杂"], "major", "只用于处罚审批"),
    (["--step", "filing", "--fine", "300"], "fine", "只用于处罚审批"),
    (["--step", "closing", "--major", "案情复杂"], "major", "只用于处罚审批"),
])
def test_a_step_is_refused_what_it_does_not_take(
        store: StationStore, photo_case: Case, run_cli,  # type: ignore[no-untyped-def]
        argv: list[str], field: str, needle: str) -> None:
    before = _approvals(store)
    res = _submit(store, photo_case, run_cli, *argv)
    assert res.code == 2, res.out + res.err
    assert f"[{field}]" in res.err and needle in res.err, res.err
    assert _approvals(store) == before


def test_an_extension_is_asked_for_a_seizure_in_force_only(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    issue(store, photo_case, "seizure_decision")  # on the approved 扣押审批
    release = issue(store, photo_case, "seizure_release")
    res = _submit(store, photo_case, run_cli, "--step", "seizure_extend")
    assert res.code == 2 and "已解除扣押" in res.err and release.number in res.err, res.err
    assert "第二十五条第一款" in res.err


def test_an_extension_of_an_approved_seizure_is_submitted(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    issue(store, photo_case, "seizure_decision")
    res = _submit(store, photo_case, run_cli, "--step", "seizure_extend")
    assert res.code == 0, res.err
