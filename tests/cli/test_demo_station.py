"""``gridapp demo`` writes only into a demo station, never into a real one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import station_sql


def _order(con: Any, table: str) -> str:
    """rowid; a WITHOUT ROWID table's primary key."""
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    if "WITHOUT ROWID" not in sql.upper():
        return "rowid"
    keys = sorted((pk, name) for _, name, _, _, _, pk in con.execute(
        f'PRAGMA table_info("{table}")') if pk)
    return ", ".join(f'"{name}"' for _, name in keys)


def dump(data_dir: Path) -> list[str]:
    """Every row of the station database, as text (what a refused command must leave as is)."""
    con = station_sql(data_dir / "station.sqlite")
    try:
        # The contentless search index cannot be scanned; its source rows are all compared.
        tables = [name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'case_fts%'"
            " ORDER BY name")]
        rows = [f"{table}: {row!r}" for table in tables
                for row in con.execute(f'SELECT * FROM "{table}" ORDER BY {_order(con, table)}')]
        schema = [sql for (sql,) in con.execute("SELECT sql FROM sqlite_master ORDER BY name")]
        return rows + [str(s) for s in schema]
    finally:
        con.close()


def test_demo_into_a_station_made_by_init_is_refused(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "real"
    assert run_cli("--data-dir", d, "init", "--segment", "1", "--station", "南京东路中队", "--officer", "张建国",
                   "--badge", "31010001").code == 0
    before = dump(d)
    r = run_cli("--data-dir", d, "demo", "--cases", "5")
    assert r.code == 2
    assert "正式站点“南京东路中队”" in r.err and "不能写入" in r.err
    assert dump(d) == before
    assert run_cli("--data-dir", d, "--json", "case", "list").json()["total"] == 0


def test_demo_creates_a_marked_demo_station_and_adds_to_it(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "demo"
    assert run_cli("--data-dir", d, "demo", "--cases", "3").code == 0
    assert run_cli("--data-dir", d, "demo", "--cases", "2", "--seed", "8").code == 0
    assert run_cli("--data-dir", d, "--json", "case", "list").json()["total"] == 5
    con = station_sql(d / "station.sqlite")
    marker = con.execute("SELECT value FROM meta WHERE key = 'demo_station'").fetchone()
    station = con.execute("SELECT id FROM station").fetchone()
    con.close()
    assert marker == station
    # ``init`` refuses the demo station's directory too (one station per directory).
    r = run_cli("--data-dir", d, "init", "--segment", "1", "--station", "x", "--officer", "y", "--badge", "1")
    assert r.code == 2


def test_a_demo_station_made_before_the_marker_still_takes_demo_cases(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "old-demo"
    assert run_cli("--data-dir", d, "demo", "--cases", "1").code == 0
    con = station_sql(d / "station.sqlite")
    with con:
        con.execute("DELETE FROM meta WHERE key = 'demo_station'")
    con.close()
    assert run_cli("--data-dir", d, "demo", "--cases", "1", "--seed", "9").code == 0
    assert run_cli("--data-dir", d, "--json", "case", "list").json()["total"] == 2


@pytest.mark.parametrize("batch", ["0", "-3", "10001"])
def test_a_bad_demo_batch_is_refused_in_chinese_and_nothing_is_made(
        tmp_path: Path, run_cli, batch: str) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "demo"
    r = run_cli("--data-dir", d, "demo", "--cases", "3", "--batch", batch)
    assert r.code == 2
    assert "--batch 应在 1–10000 之间" in r.err
    assert not d.exists() or not any(d.iterdir())


def test_demo_commits_every_batch(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "demo"
    r = run_cli("--data-dir", d, "demo", "--cases", "5", "--batch", "2")
    assert r.code == 0, r.err
    assert [line for line in r.err.splitlines() if line.startswith("committed")] == [
        "committed 2/5", "committed 4/5", "committed 5/5"]
    assert run_cli("--data-dir", d, "--json", "case", "list").json()["total"] == 5
