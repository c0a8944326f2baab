"""Malformed rules input → a clear error naming the field (exit 2 from the CLI)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gridapp.errors import ValidationError
from tests.rules.helpers import base_input, patched, run


def _set(raw: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    node: Any = raw
    keys = path.split(".")
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = value
    return raw


BAD = [
    ("facts.corrected", "yes", "facts.corrected", "true 或 false"),
    ("violation", "jaywalking", "violation", "未知的违法行为类型"),
    ("colour", "red", "colour", "未知字段"),
    ("facts.weather", "rain", "facts.weather", "未知字段"),
    ("party.kind", "alien", "party.kind", "当事人类型"),
    ("party.age", "35", "party.age", "整数"),
    ("facts.act_date", "2026-11-21", "facts.act_date", "晚于评估日期"),
    ("facts.act_date", "19/11/2026", "facts.act_date", "YYYY-MM-DD"),
    ("facts.harm", "moderate", "facts.harm", "危害后果"),
    ("facts.area_m2", -1, "facts.area_m2", "负数"),
    ("action", "fine_everyone", "action", "操作"),
    ("as_of", None, "as_of", "YYYY-MM-DD"),
    ("history", [{"violation": "street-vending", "date": "2027-01-01"}], "history[0].date",
     "晚于评估日期"),
    ("history", [{"violation": "street-vending", "date": "2026-01-01", "note": "x"}],
     "history[0].note", "未知字段"),
    ("case.served", [{"document": "love_letter", "date": "2026-11-01"}],
     "case.served[0].document", "文书"),
    ("case.served", [{"document": "advance_notice", "date": "2026-12-01"}], "case.served[0].date",
     "晚于评估日期"),
    ("case.severity", "极其严重", "case.severity", "情节档次"),
    ("case.officers", 1.5, "case.officers", "整数"),
    ("case.procedure", "express", "case.procedure", "程序"),
    ("history_synced_at", "yesterday", "history_synced_at", "ISO-8601"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "field", "fragment"), BAD, ids=[b[2] for b in BAD])
def test_bad_input_names_the_field(path: str, value: Any, field: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as err:
        run(_set(base_input(), path, value))
    assert err.value.field == field
    assert fragment in err.value.message_zh


def test_party_kind_without_a_fine_clause() -> None:
    with pytest.raises(ValidationError) as err:
        run(base_input(violation="muck-truck-uncovered"))
    assert err.value.field == "party.kind" and "不适用于公民" in err.value.message_zh


def test_decision_actions_need_case_and_fine() -> None:
    with pytest.raises(ValidationError) as err:
        run(base_input(action="issue_penalty_decision"))
    assert err.value.field == "case"
    with pytest.raises(ValidationError) as err:
        run(base_input(action="issue_penalty_decision", case={"officers": 2}))
    assert err.value.field == "case.proposed_fine"


def test_scheduled_hearing_may_lie_after_as_of() -> None:
    ev = run(patched(base_input(), case={"hearing_date": "2026-12-10"}))
    assert ev.input.case is not None and ev.input.case.hearing_date is not None


def write(tmp_path: Path, raw: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_evaluate_without_station(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GRIDAPP_DATA_DIR", str(tmp_path / "nowhere"))
    res = run_cli(
        "rules", "evaluate", "--pack", "shanghai", "--input", write(tmp_path, base_input())
    )
    assert res.code == 0, res.err
    out = res.json()
    assert out["pack"]["code"] == "shanghai" and out["stage"] == "yellow"  # type: ignore[index]
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    ("content", "field"),
    [("{not json", "input"), ("[1, 2]", "$"),
     (json.dumps(base_input(extra=1)), "extra"),
     (json.dumps(_set(base_input(), "facts.corrected", 1)), "facts.corrected")],
)  # fmt: skip
def test_cli_malformed_input_exit_2(tmp_path: Path, run_cli, content: str, field: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    res = run_cli("rules", "evaluate", "--pack", "shanghai", "--input", path)
    assert res.code == 2 and res.out == ""
    assert f"[{field}]" in res.err and "错误" in res.err


def test_cli_unknown_pack_and_missing_file(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli(
        "rules", "evaluate", "--pack", "atlantis", "--input", write(tmp_path, base_input())
    )
    assert res.code == 2 and "未知的规则包" in res.err
    res = run_cli("rules", "evaluate", "--input", tmp_path / "missing.json")
    assert res.code == 2 and "找不到文件" in res.err and "[input]" in res.err


def test_cli_subprocess_round_trip(tmp_path: Path) -> None:
    raw = patched(base_input(), facts={"harm": "none", "corrected": True})
    proc = subprocess.run(
        [sys.executable, "-m", "gridapp", "rules", "evaluate", "--pack", "beijing", "--input", "-",
         "--checklist"],
        input=json.dumps(raw), capture_output=True, text=True, encoding="utf-8", check=False,
        cwd=tmp_path, env={"GRIDAPP_DATA_DIR": str(tmp_path / "d"), "PATH": ""},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["pack"]["code"] == "beijing"
    assert out["checklist"]["provisional"] is True
    bad = subprocess.run(
        [sys.executable, "-m", "gridapp", "rules", "evaluate", "--input", "-"],
        input=json.dumps(base_input(as_of="2026-13-01")), capture_output=True, text=True,
        encoding="utf-8", check=False, cwd=tmp_path,
    )  # fmt: skip
    assert bad.returncode == 2 and "[as_of]" in bad.stderr
