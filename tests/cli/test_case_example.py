"""``gridapp case add --example`` prints a case file that ``case add`` accepts as printed."""

from __future__ import annotations

import json
from pathlib import Path

from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE, OFFICER_BADGE


def test_the_printed_example_registers_a_case(store: StationStore, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = store.data_dir
    printed = run_cli("--data-dir", d, "case", "add", "--example")
    assert printed.code == 0, printed.err
    assert printed.out.lstrip().startswith("//")
    assert sum(1 for line in printed.out.splitlines() if line.strip().startswith("//")) >= 15
    f = tmp_path / "case.json"
    f.write_text(printed.out, encoding="utf-8")
    r = run_cli("--data-dir", d, "--json", "case", "add", "--from", f)
    assert r.code == 0, r.err
    case = r.json()
    assert case["violation"] == "street-vending"  # type: ignore[index]
    assert case["grid"] == "G0101"  # type: ignore[index]  # the station's own grid
    assert [o["badge"] for o in case["officers"]] == [LEAD_BADGE, OFFICER_BADGE]  # type: ignore[index]
    assert case["party"]["name"] == "王小明"  # type: ignore[index]
    # --json prints the same case as bare JSON.
    bare = run_cli("--data-dir", d, "--json", "case", "add", "--example").json()
    assert bare["party"]["id_number"] == "310101199001011234"  # type: ignore[index]


def test_the_example_fits_the_station_it_is_printed_for(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    nowhere = tmp_path / "none"
    generic = run_cli("--data-dir", nowhere, "case", "add", "--example")
    assert generic.code == 0 and '"31010001"' in generic.out
    assert not nowhere.exists()  # printing an example creates nothing
    d = tmp_path / "st"
    assert run_cli("--data-dir", d, "init", "--segment", "1", "--station", "外滩中队", "--officer", "周强",
                   "--badge", "A-77").code == 0
    assert run_cli("--data-dir", d, "officer", "add", "--name", "陈刚", "--badge", "A-78").code == 0
    f = tmp_path / "case.json"
    f.write_text(run_cli("--data-dir", d, "case", "add", "--example").out, encoding="utf-8")
    r = run_cli("--data-dir", d, "--json", "case", "add", "--from", f)
    assert r.code == 0, r.err
    assert [o["badge"] for o in r.json()["officers"]] == ["A-77", "A-78"]  # type: ignore[index]


def test_comment_lines_only_whole_lines(store: StationStore, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = store.data_dir
    f = tmp_path / "case.json"
    f.write_text('// 说明\n{\n  // 违法行为\n  "violation": "street-vending",\n'
                 '  "facts": "见 http://example.cn//a"\n}\n', encoding="utf-8")
    r = run_cli("--data-dir", d, "--json", "case", "add", "--from", f)
    assert r.code == 0, r.err
    assert r.json()["facts"] == "见 http://example.cn//a"  # type: ignore[index]
    # A comment after a value is not a comment line: refused, naming the line, nothing written.
    before = run_cli("--data-dir", d, "--json", "case", "list").json()["total"]  # type: ignore[index]
    f.write_text('{\n  "violation": "street-vending", // 违法行为\n}\n', encoding="utf-8")
    r = run_cli("--data-dir", d, "case", "add", "--from", f)
    assert r.code == 2 and "第 2 行" in r.err
    assert run_cli("--data-dir", d, "--json", "case", "list").json()["total"] == before  # type: ignore[index]


def test_example_and_file_cannot_be_given_together(store: StationStore, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    with pytest.raises(SystemExit) as exc:
        run_cli("--data-dir", store.data_dir, "case", "add", "--example", "--from", tmp_path / "x.json")
    assert exc.value.code == 2


def test_rules_input_takes_comment_lines_too(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "in.json"
    f.write_text(json.dumps({"violation": "street-vending", "as_of": "2026-11-28"}), encoding="utf-8")
    plain = run_cli("rules", "evaluate", "--input", f)
    f.write_text("// 评估输入\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
    commented = run_cli("rules", "evaluate", "--input", f)
    assert plain.code == commented.code
    assert plain.out == commented.out
