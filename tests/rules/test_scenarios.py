"""The scenario table: each file holds an input and the exact expected output of
``gridapp rules evaluate``, run through the real CLI in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))


def test_table_is_large_enough() -> None:
    assert len(SCENARIOS) >= 40


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["description"]
    source = tmp_path / "input.json"
    source.write_text(json.dumps(case["input"], ensure_ascii=False), encoding="utf-8")
    res = run_cli("rules", "evaluate", "--pack", case["pack"], "--input", source)
    assert res.code == 0, res.err
    assert res.json() == case["expected"]
