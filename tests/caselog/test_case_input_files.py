"""Case files as officers' editors save them: a BOM, GBK, nulls for empty fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DEMO_CASE_INPUT


@pytest.fixture
def station_dir(store) -> Path:  # type: ignore[no-untyped-def]
    return Path(store.data_dir)


def _cases(run_cli, station_dir: Path) -> int:  # type: ignore[no-untyped-def]
    listed = run_cli("--data-dir", station_dir, "case", "list", "--json")
    return int(listed.json()["total"])


def test_utf8_file_with_bom_is_accepted(tmp_path: Path, run_cli, station_dir: Path) -> None:
    # Windows Notepad saves UTF-8 with a byte-order mark.
    f = tmp_path / "case.json"
    f.write_bytes(b"\xef\xbb\xbf" + json.dumps(DEMO_CASE_INPUT, ensure_ascii=False).encode())
    r = run_cli("--data-dir", station_dir, "case", "add", "--from", f, "--json")
    assert r.code == 0, r.err
    assert r.json()["party"]["name"] == "王小明"


def test_gbk_file_is_refused_with_a_chinese_explanation(
    tmp_path: Path, run_cli, station_dir: Path
) -> None:
    f = tmp_path / "case.json"
    f.write_bytes(json.dumps(DEMO_CASE_INPUT, ensure_ascii=False).encode("gbk"))
    r = run_cli("--data-dir", station_dir, "case", "add", "--from", f)
    assert r.code == 2
    zh = r.err.split(" / ")[0]
    assert "UTF-8" in zh and "codec" not in zh
    assert _cases(run_cli, station_dir) == 0


def test_null_means_empty_for_every_optional_field(
    tmp_path: Path, run_cli, station_dir: Path
) -> None:
    # Exporters write null for an empty value; every optional field takes it as "not given".
    data = dict(DEMO_CASE_INPUT, grid=None, facts=None, lat=None, lon=None, act_date=None,
                officers=None)
    data["party"] = dict(DEMO_CASE_INPUT["party"], phone=None, care_flags=None)  # type: ignore[arg-type]
    f = tmp_path / "case.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run_cli("--data-dir", station_dir, "case", "add", "--from", f, "--json")
    assert r.code == 0, r.err
    shown = r.json()
    assert shown["facts"] == "" and shown["officers"] == []
