"""``gridapp officer add/list/retire``: a second officer for two-officer documents, retiring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, OFFICER_BADGE, station_sql


def footprint(data_dir: Path) -> tuple[list[tuple[object, ...]], int, int]:
    """Officer rows, audit events and outbox rows: what a refused command must leave as is."""
    con = station_sql(data_dir / "station.sqlite")
    try:
        officers = con.execute(
            "SELECT badge_no, name, role, active FROM officer ORDER BY badge_no").fetchall()
        audit = con.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        outbox = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
    finally:
        con.close()
    return officers, audit, outbox


def test_a_new_station_gets_its_second_officer(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "st"
    assert run_cli("--data-dir", d, "init", "--segment", "1", "--station", "一中队", "--officer", "张建国",
                   "--badge", "31010001").code == 0
    r = run_cli("--data-dir", d, "officer", "add", "--name", "李明", "--badge", "31010002")
    assert r.code == 0, r.err
    assert "已添加执法人员 李明（31010002，执法队员）" in r.out
    listed = run_cli("--data-dir", d, "--json", "officer", "list").json()
    assert [(o["badge"], o["role"]) for o in listed] == [("31010001", "lead"), ("31010002", "officer")]
    events = run_cli("--data-dir", d, "--json", "audit", "verify").json()
    assert events["ok"]
    con = station_sql(d / "station.sqlite")
    actions = [a for (a,) in con.execute("SELECT action FROM audit_event ORDER BY seq")]
    con.close()
    assert actions.count("officer.create") == 2
    # The new officer can act at once: a case with both officers.
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(dict(DEMO_CASE_INPUT, grid="")), encoding="utf-8")
    r = run_cli("--data-dir", d, "case", "add", "--from", case_file, "--as", "31010002")
    assert r.code == 0, r.err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--name", "王五", "--badge", OFFICER_BADGE], f"执法证号 {OFFICER_BADGE} 已存在"),
        (["--name", "王五", "--badge", "31010009", "--role", "captain"], "未知角色 captain"),
        (["--name", "  ", "--badge", "31010009"], "姓名不能为空"),
        (["--name", "王五", "--badge", ""], "执法证号不能为空"),
        (["--name", "王五", "--badge", "31010009", "--as", "99999999"], "找不到执法证号为 99999999"),
    ],
)
def test_bad_officer_input_is_refused_and_nothing_written(
        store: StationStore, run_cli, argv: list[str], needle: str) -> None:  # type: ignore[no-untyped-def]
    before = footprint(store.data_dir)
    r = run_cli("--data-dir", store.data_dir, "officer", "add", *argv)
    assert r.code == 2
    assert needle in r.err and "错误" in r.err
    assert footprint(store.data_dir) == before


def test_a_retired_officer_stays_listed_but_can_no_longer_act(
        store: StationStore, demo_case: Case, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = store.data_dir
    r = run_cli("--data-dir", d, "officer", "retire", OFFICER_BADGE)
    assert r.code == 0, r.err
    assert "已停用执法人员 李明" in r.out
    assert [o["badge"] for o in run_cli("--data-dir", d, "--json", "officer", "list").json()] == [LEAD_BADGE]
    everyone = run_cli("--data-dir", d, "--json", "officer", "list", "--all").json()
    assert {o["badge"]: o["active"] for o in everyone} == {LEAD_BADGE: True, OFFICER_BADGE: False}
    # The case that names them still shows them.
    shown = run_cli("--data-dir", d, "--json", "case", "show", demo_case.number).json()
    assert OFFICER_BADGE in [o["badge"] for o in shown["officers"]]

    before = footprint(d)
    r = run_cli("--data-dir", d, "case", "transition", demo_case.number, "verified", "--as", OFFICER_BADGE)
    assert r.code == 2 and "已停用，不能再办案" in r.err
    r = run_cli("--data-dir", d, "case", "assign", demo_case.number, OFFICER_BADGE)
    assert r.code == 2 and "已停用" in r.err
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(DEMO_CASE_INPUT), encoding="utf-8")
    r = run_cli("--data-dir", d, "case", "add", "--from", case_file)
    assert r.code == 2 and "已停用" in r.err
    r = run_cli("--data-dir", d, "officer", "retire", OFFICER_BADGE)
    assert r.code == 2 and "已停用" in r.err
    assert footprint(d) == before


def test_retire_refuses_an_unknown_badge_and_the_last_lead(store: StationStore, run_cli) -> None:  # type: ignore[no-untyped-def]
    d = store.data_dir
    before = footprint(d)
    r = run_cli("--data-dir", d, "officer", "retire", "99999999")
    assert r.code == 2 and "找不到执法证号为 99999999" in r.err
    r = run_cli("--data-dir", d, "officer", "retire", LEAD_BADGE)
    assert r.code == 2 and "最后一位在岗的中队长或管理员" in r.err
    assert footprint(d) == before
    # With a second lead the first one can retire, and the station keeps a default actor.
    assert run_cli("--data-dir", d, "officer", "add", "--name", "赵强", "--badge", "31010003",
                   "--role", "lead").code == 0
    r = run_cli("--data-dir", d, "officer", "retire", LEAD_BADGE, "--as", "31010003")
    assert r.code == 0, r.err
    assert run_cli("--data-dir", d, "audit", "verify").code == 0
