"""The ``gridapp`` CLI end to end on a real data directory (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DEMO_CASE_INPUT, fresh_database, station_sql


@pytest.fixture
def station_dir(tmp_path: Path, schema_template: Path, run_cli) -> Path:  # type: ignore[no-untyped-def]
    """A station made by ``gridapp init`` (in a copy of the migrated, empty schema template)."""
    d = tmp_path / "d"
    fresh_database(schema_template, d)
    r = run_cli("--data-dir", d, "init", "--station", "黄浦中队", "--pack", "shanghai",
                "--officer", "张建国", "--badge", "31010001", "--segment", "1")
    assert r.code == 0, r.err
    return d


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """An empty directory for ``gridapp demo`` (which refuses a station made by ``init``)."""
    return tmp_path / "demo"


def test_demo_search_flow(tmp_path: Path, run_cli, demo_dir: Path) -> None:
    station_dir = demo_dir
    r = run_cli("--data-dir", station_dir, "demo", "--cases", "50")
    assert r.code == 0, r.err
    r = run_cli("case", "search", "占道设摊", "--data-dir", station_dir, "--json")
    assert r.code == 0
    hits = r.json()
    assert 0 < hits["total"] < 50  # found, and not everything
    assert all("占道设摊" in (c["violation_name"] + c["address"]) for c in hits["cases"])
    two = run_cli("case", "search", "占道", "--data-dir", station_dir, "--json").json()
    assert two["total"] >= hits["total"]
    listed = run_cli("case", "list", "--status", "closed", "--data-dir", station_dir, "--json")
    assert {c["status"] for c in listed.json()["cases"]} == {"closed"}


def test_init_twice_is_refused(run_cli, station_dir: Path) -> None:
    r = run_cli("--data-dir", station_dir, "init", "--station", "x", "--officer", "y",
                "--badge", "z", "--segment", "2")
    assert r.code == 2 and "已有站点" in r.err


def test_init_with_unknown_pack_writes_nothing(tmp_path: Path, run_cli) -> None:
    d = tmp_path / "new"
    r = run_cli("--data-dir", d, "init", "--station", "x", "--pack", "atlantis",
                "--officer", "y", "--badge", "z", "--segment", "1")
    assert r.code == 2 and "atlantis" in r.err
    con = station_sql(d / "station.sqlite")
    assert con.execute("SELECT count(*) FROM station").fetchone()[0] == 0


def test_case_add_show_transition_history(tmp_path: Path, run_cli, station_dir: Path) -> None:
    f = tmp_path / "case.json"
    data = dict(DEMO_CASE_INPUT, officers=["31010001"])
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    first = run_cli("--data-dir", station_dir, "case", "add", "--from", f, "--json")
    assert first.code == 0, first.err
    number = first.json()["number"]
    assert first.json()["party"]["id_number"] == "3101**********1234"
    second = run_cli("--data-dir", station_dir, "case", "add", "--from", f, "--json").json()
    r = run_cli("--data-dir", station_dir, "party", "history", second["number"], "--json")
    assert r.json()["cases"] == []  # the first report is not verified yet
    r = run_cli("--data-dir", station_dir, "case", "transition", number, "verified")
    assert r.code == 0 and "已核实" in r.out
    r = run_cli("--data-dir", station_dir, "party", "history", second["number"], "--json")
    assert [c["number"] for c in r.json()["cases"]] == [number]
    r = run_cli("--data-dir", station_dir, "case", "transition", number, "executing")
    assert r.code == 2 and "不能转为" in r.err
    shown = run_cli("--data-dir", station_dir, "case", "show", number, "--json").json()
    assert shown["status"] == "verified"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "JSON 格式错误"),
        ('{"violation": "no-such", "source": "patrol"}', "no-such"),
        ('{"violation": "street-vending", "surprise": 1}', "surprise"),
        ("[1, 2]", "JSON 对象"),
    ],
)
def test_case_add_bad_files(tmp_path: Path, run_cli, station_dir: Path, content, message) -> None:
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    r = run_cli("--data-dir", station_dir, "case", "add", "--from", f)
    assert r.code == 2 and message in r.err
    assert "Traceback" not in r.err
    listed = run_cli("--data-dir", station_dir, "case", "list", "--json").json()
    assert listed["total"] == 0


def test_missing_file_and_unreadable_database(tmp_path: Path, run_cli, station_dir: Path) -> None:
    r = run_cli("--data-dir", station_dir, "case", "add", "--from", tmp_path / "nope.json")
    assert r.code == 2 and "找不到文件" in r.err
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "station.sqlite").write_bytes(b"this is not a database" * 100)
    r = run_cli("--data-dir", broken, "case", "list")
    assert r.code == 2 and "损坏" in r.err
    r = run_cli("--data-dir", tmp_path / "empty", "case", "list")
    assert r.code == 2 and "gridapp init" in r.err


def test_audit_verify_names_the_flipped_event(tmp_path: Path, run_cli, demo_dir: Path) -> None:
    station_dir = demo_dir
    assert run_cli("--data-dir", station_dir, "demo", "--cases", "5").code == 0
    assert run_cli("--data-dir", station_dir, "audit", "verify").code == 0
    db = station_dir / "station.sqlite"
    con = station_sql(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seq, ev_id, at_text, _device, _actor, _action = con.execute(
        "SELECT seq, id, at, device, actor, action FROM audit_event "
        "WHERE action='case.create' LIMIT 1 OFFSET 2"
    ).fetchone()
    con.close()
    # Someone holding the key edits one digit of the event's time (the encrypted file cannot
    # be edited byte-wise: any changed byte fails the page's authentication, reported as damage).
    flipped = at_text[:-3] + chr(ord(at_text[-3]) ^ 0x01) + at_text[-2:]
    con = station_sql(db)
    con.execute("UPDATE audit_event SET at = ? WHERE seq = ?", (flipped, seq))
    con.commit()
    con.close()
    r = run_cli("--data-dir", station_dir, "audit", "verify", "--json")
    assert r.code == 1
    result = r.json()
    assert result["ok"] is False and result["bad_seq"] == seq and result["bad_id"] == ev_id


def test_audit_show_and_history_errors(tmp_path: Path, run_cli, demo_dir: Path) -> None:
    station_dir = demo_dir
    assert run_cli("--data-dir", station_dir, "demo", "--cases", "3").code == 0
    number = run_cli("--data-dir", station_dir, "case", "list", "--json").json()["cases"][0]["number"]
    shown = run_cli("--data-dir", station_dir, "audit", "show", number, "--json").json()
    assert shown[0]["action"] == "case.create"
    assert [e["seq"] for e in shown] == sorted(e["seq"] for e in shown)
    r = run_cli("--data-dir", station_dir, "party", "history", "无此人")
    assert r.code == 2 and "找不到" in r.err
    r = run_cli("--data-dir", station_dir, "case", "list", "--limit", "0")
    assert r.code == 2
    r = run_cli("--data-dir", station_dir, "demo", "--cases", "-1")
    assert r.code == 2


def test_init_reads_password_from_stdin(tmp_path: Path, run_cli, monkeypatch) -> None:
    import io

    from gridapp.accounts.passwords import verify_password as check_password
    from gridapp.models import Officer
    from gridapp.store import open_store

    d = tmp_path / "pw"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    r = run_cli("--data-dir", d, "init", "--station", "x", "--officer", "张三", "--badge", "1",
                "--segment", "1", "--password-stdin")
    assert r.code == 2 and "至少 8 位" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    r = run_cli("--data-dir", d, "init", "--station", "x", "--officer", "张三", "--badge", "1",
                "--segment", "1", "--password-stdin")
    assert r.code == 0, r.err
    store = open_store(d)
    with store.read() as s:
        stored = s.query(Officer).one().password_hash
    store.close()
    assert "correct horse" not in stored and stored.startswith("$argon2id$")
    assert check_password(stored, "correct horse battery")
    assert not check_password(stored, "wrong password")


def test_party_history_needs_a_reference(run_cli, demo_dir: Path) -> None:
    station_dir = demo_dir
    assert run_cli("--data-dir", station_dir, "demo", "--cases", "3").code == 0
    r = run_cli("--data-dir", station_dir, "party", "history", "  ")
    assert r.code == 2 and "请给出" in r.err
