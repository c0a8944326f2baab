"""The case detail read model (``gridapp.workbench.detail``) and the quick ``case show``.

The read model is plain SQL over a DB-API connection; what it returns must be what the ORM sees,
on a real demo station, read through either connection it is given (the read-only quick one and
the one the store lends). ``case show`` answers through it without opening the store, and falls
back to the store (which migrates) for a station at an older schema.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp import store as store_module
from gridapp.caselog import service
from gridapp.caselog.refs import AmbiguousCaseError
from gridapp.db import cipher
from gridapp.db.migrate import current_revision, head_revision
from gridapp.db.readonly import open_read_only
from gridapp.demo import seed_demo
from gridapp.documents.context import latest_evaluation
from gridapp.errors import NotFoundError, ValidationError
from gridapp.evidence.service import withdraw
from gridapp.keys import unlock
from gridapp.models import Case, Evidence
from gridapp.paths import BACKUPS_DIRNAME, DB_FILENAME
from gridapp.rules.record import evaluate_stored_case
from gridapp.store import StationStore, confirm_move, open_store
from gridapp.timeutil import STATION_TZ
from gridapp.workbench.detail import CaseDetail, case_detail, station_pack_code
from tests.conftest import (
    DEMO_CASE_INPUT,
    LEAD_BADGE,
    TEST_DATA_KEY,
    fresh_database,
    made_before_the_test_clock,
    station_sql,
)

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
FACTS = {"facts": {"harm": "slight", "corrected": True}}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory, schema_template: Path) -> Path:
    """A demo station with 40 cases and evaluations on two of them, made once per module."""
    data = tmp_path_factory.mktemp("demo-detail") / "station"
    fresh_database(schema_template, data)
    with made_before_the_test_clock(2):
        st = open_store(data)
        try:
            seed_demo(st, 40, seed=3)
            with st.read() as s:
                numbers = sorted(s.scalars(select(Case.number)))
            evaluate_stored_case(st, numbers[0], FACTS)
            evaluate_stored_case(st, numbers[1], FACTS)
            evaluate_stored_case(st, numbers[1], {"facts": {"harm": "serious",
                                                            "corrected": False}})
        finally:
            st.close()
    return data


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[StationStore]:
    data = tmp_path / "demo"
    shutil.copytree(demo_template, data)
    st = open_store(data, create=False)
    confirm_move(st)  # a copy of the template: this test's own station
    yield st
    st.close()


def quick(data_dir: Path) -> sqlite3.Connection:
    conn = open_read_only(data_dir / DB_FILENAME, unlock.data_key(data_dir))
    assert conn is not None, "the quick path declined a station at the head revision"
    return conn


def assert_detail_is_what_the_orm_sees(st: StationStore, detail: CaseDetail) -> None:
    with st.read() as s:
        case = service.find_case(s, detail.number)
        assert (detail.id, detail.number, detail.status, detail.stage, detail.disposition,
                detail.source, detail.grid, detail.address, detail.lat, detail.lon,
                detail.violation, detail.facts, detail.act_date, detail.opened_at,
                detail.closed_at, detail.due_at, detail.outcome, detail.revision) == (
            case.id, case.number, case.status, case.stage, case.disposition, case.source,
            case.grid_code, case.address, case.lat, case.lon, case.violation_code, case.facts,
            case.act_date, case.opened_at, case.closed_at, case.due_at, case.outcome,
            case.revision)
        assert detail.violation_name == st.pack.violations[case.violation_code].name
        if case.party_id is None:
            assert detail.party is None
        else:
            party = service.find_party(s, case.party_id)
            assert detail.party is not None
            assert (detail.party.id, detail.party.kind, detail.party.name, detail.party.phone,
                    detail.party.address) == (party.id, party.kind, party.name, party.phone,
                                              party.address)
            if party.id_number:
                # Masked: only the first and last four characters are shown.
                masked = detail.party.id_number
                assert masked != party.id_number and len(masked) == len(party.id_number)
                assert masked[:4] == party.id_number[:4] and masked[-4:] == party.id_number[-4:]
                assert set(masked[4:-4]) == {"*"}
        officers = service.case_officers(s, case.id)
        assert [(o.id, o.name, o.badge) for o in detail.officers] == [
            (o.id, o.name, o.badge_no) for o in officers]
        live = s.scalar(select(func.count()).select_from(Evidence).where(
            Evidence.case_id == case.id, Evidence.deleted.is_(False),
            Evidence.withdrawn_at.is_(None)))
        assert detail.evidence_count == live
        ev = latest_evaluation(s, case.id)
        if ev is None:
            assert detail.evaluation is None
        else:
            assert detail.evaluation is not None
            assert (detail.evaluation.evaluated_at, detail.evaluation.action,
                    detail.evaluation.pack_version, detail.evaluation.provisional) == (
                ev.evaluated_at, ev.action, ev.pack_version, ev.provisional)


def test_every_case_of_a_demo_station_reads_as_the_orm_sees_it(demo_store: StationStore) -> None:
    with demo_store.read() as s:
        numbers = sorted(s.scalars(select(Case.number)))
    assert len(numbers) == 40
    with closing(quick(demo_store.data_dir)) as conn:
        code = station_pack_code(conn)
        assert code == demo_store.pack.code
        quick_details = [case_detail(conn, n, demo_store.pack) for n in numbers]
    with demo_store.read_connection() as conn:
        lent_details = [case_detail(conn, n, demo_store.pack) for n in numbers]
    assert quick_details == lent_details
    for detail in quick_details:
        assert_detail_is_what_the_orm_sees(demo_store, detail)
    # The demo covers more than one status and both kinds of party.
    assert len({d.status for d in quick_details}) > 2
    assert {d.party.kind for d in quick_details if d.party} == {"person", "organisation"}
    evaluated = [d for d in quick_details if d.evaluation is not None]
    assert [d.number for d in evaluated] == numbers[:2]
    latest = evaluated[1].evaluation
    assert latest is not None and latest.stage and latest.stage_label and latest.deadlines is not None


def test_evidence_counts_and_a_station_from_another_machine(tmp_path: Path) -> None:
    """The 0003 fixture (head schema, a copied data directory, one photo): read as it is;
    a withdrawn photo no longer counts."""
    data = tmp_path / "s3"
    shutil.copytree(FIXTURES / "station_schema_0003", data)
    st = open_store(data, create=False)
    try:
        assert st.identity_error is not None  # a copy: writes refused, reads fine
        with st.read() as s:
            photo = s.scalars(select(Evidence)).one()
            number = s.get(Case, photo.case_id).number  # type: ignore[union-attr]
        with closing(quick(data)) as conn:
            before = case_detail(conn, number, st.pack)
        assert (before.evidence_count, before.withdrawn_evidence_count) == (1, 0)
        assert_detail_is_what_the_orm_sees(st, before)
        confirm_move(st)
        with st.session() as s:
            withdraw(st, s, photo.id, "拍摄对象有误", LEAD_BADGE)
        with closing(quick(data)) as conn:
            after = case_detail(conn, number, st.pack)
        assert (after.evidence_count, after.withdrawn_evidence_count) == (0, 1)
        assert_detail_is_what_the_orm_sees(st, after)
    finally:
        st.close()


@pytest.fixture
def two_years(store: StationStore) -> tuple[Case, Case]:
    """Case 〔2025〕01-000001 and case 〔2026〕01-000001: the same tail in two years."""
    clock.start_at(datetime(2025, 12, 30, 10, 0, tzinfo=STATION_TZ))
    with store.session() as s:
        old = service.create_case(store, s, dict(DEMO_CASE_INPUT, act_date="2025-12-29"),
                                  LEAD_BADGE)
    clock.start_at(datetime(2026, 11, 28, 10, 0, tzinfo=STATION_TZ))
    with store.session() as s:
        new = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    return old, new


@pytest.fixture
def no_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the command opens the store (the quick path must answer alone)."""
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the quick path opened the store")

    monkeypatch.setattr(store_module, "open_store", refuse)


def test_an_ambiguous_reference_lists_the_cases_and_exits_2(
        store: StationStore, two_years: tuple[Case, Case], no_store: None,
        run_cli) -> None:  # type: ignore[no-untyped-def]
    old, new = two_years
    with closing(quick(store.data_dir)) as conn:
        with pytest.raises(AmbiguousCaseError) as exc:
            case_detail(conn, "000001", store.pack)
        assert [m.number for m in exc.value.matches] == [old.number, new.number]
        assert case_detail(conn, "[2025]01-000001", store.pack).id == old.id
    r = run_cli("--data-dir", store.data_dir, "case", "show", "01-000001")
    assert r.code == 2 and r.out == ""
    assert "“01-000001”对应 2 件案件，请写出更完整的案件编号或 id" in r.err
    assert old.number in r.err and new.number in r.err
    r = run_cli("--data-dir", store.data_dir, "--json", "case", "show", "〔2026〕01-000001")
    assert r.code == 0, r.err
    assert r.json()["id"] == new.id  # type: ignore[index]


@pytest.mark.parametrize("ref", ["000099", "沪城管案〔2026〕01-000002", "deadbeef", "无此案件"])
def test_an_unknown_reference_is_refused_in_chinese_and_nothing_is_written(
        store: StationStore, demo_case: Case, no_store: None, ref: str,
        run_cli) -> None:  # type: ignore[no-untyped-def]
    db = store.data_dir / DB_FILENAME
    store.close()  # everything checkpointed: the file alone is the station
    before = db.read_bytes()
    r = run_cli("--data-dir", store.data_dir, "case", "show", ref)
    assert r.code == 2 and r.out == ""
    assert f"找不到案件 {ref}" in r.err and "Traceback" not in r.err
    assert db.read_bytes() == before
    # A read-only connection leaves SQLite's shared-memory index behind, never a logged change.
    wal = db.with_name(DB_FILENAME + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    with closing(quick(store.data_dir)) as conn, pytest.raises(NotFoundError):
        case_detail(conn, ref, store.pack)


def test_an_empty_reference_is_refused(store: StationStore, demo_case: Case,
                                       run_cli) -> None:  # type: ignore[no-untyped-def]
    with closing(quick(store.data_dir)) as conn, pytest.raises(ValidationError) as exc:
        case_detail(conn, "  ", store.pack)
    assert exc.value.message_zh == "请给出案件编号"
    r = run_cli("--data-dir", store.data_dir, "case", "show", "")
    assert r.code == 2 and "请给出案件编号" in r.err


def test_quick_and_store_paths_print_the_same(
        store: StationStore, demo_case: Case, monkeypatch: pytest.MonkeyPatch,
        run_cli) -> None:  # type: ignore[no-untyped-def]
    d = store.data_dir
    quick_text = run_cli("--data-dir", d, "case", "show", "1")
    quick_json = run_cli("--data-dir", d, "--json", "case", "show", demo_case.id[:8])
    import gridapp.db.readonly as readonly

    monkeypatch.setattr(readonly, "open_read_only", lambda _path, _key=None: None)
    slow_text = run_cli("--data-dir", d, "case", "show", "1")
    slow_json = run_cli("--data-dir", d, "--json", "case", "show", demo_case.id[:8])
    assert quick_text.code == slow_text.code == quick_json.code == slow_json.code == 0
    assert quick_text.out == slow_text.out and quick_json.out == slow_json.out
    assert "当事人：王小明 3101**********1234" in quick_text.out
    assert quick_json.json()["officers"] == [  # type: ignore[index]
        {"name": "张建国", "badge": "31010001"}, {"name": "李明", "badge": "31010002"}]


def test_a_station_at_an_older_schema_falls_back_migrates_and_shows_the_case(
        tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "old"
    shutil.copytree(FIXTURES / "station_schema_0001", data)
    db = data / DB_FILENAME
    assert open_read_only(db) is None  # schema 0001: the quick path declines
    con = station_sql(db)
    number = con.execute('SELECT number FROM "case" ORDER BY number LIMIT 1').fetchone()[0]
    con.close()
    r = run_cli("--data-dir", data, "--json", "case", "show", number)
    assert r.code == 0, r.err
    assert r.json()["number"] == number  # type: ignore[index]
    assert len(list((data / BACKUPS_DIRNAME).glob("*-0001.sqlite"))) == 1  # migrated
    st = open_store(data, create=False)
    try:
        with closing(quick(data)) as conn:  # now at the head: the quick path reads it
            assert station_pack_code(conn) == "shanghai"
            assert_detail_is_what_the_orm_sees(st, case_detail(conn, number, st.pack))
    finally:
        st.close()


def test_the_quick_path_requires_alembics_head_and_never_writes(tmp_path: Path,
                                                               schema_template: Path) -> None:
    data = tmp_path / "s"
    db = fresh_database(schema_template, data)
    from gridapp.db.engine import create_station_engine

    engine = create_station_engine(db, key=TEST_DATA_KEY)
    try:
        assert current_revision(engine) == head_revision()  # Alembic's own head
    finally:
        engine.dispose()
    with closing(quick(data)) as conn:
        assert station_pack_code(conn) is None  # no station yet
        with pytest.raises(cipher.OperationalError, match=r"readonly|read-only|query_only"):
            conn.execute("DELETE FROM alembic_version")
    con = station_sql(db)
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0002'")
    con.close()
    assert open_read_only(db, TEST_DATA_KEY) is None  # an older revision
    assert open_read_only(db) is None  # no key: not a database this path reads
    assert open_read_only(data / "missing.sqlite") is None
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    assert open_read_only(garbage) is None
    assert not (tmp_path / "missing.sqlite").exists()


def test_case_show_in_a_data_directory_without_a_station_says_so(
        tmp_path: Path, schema_template: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "empty"
    fresh_database(schema_template, data)
    r = run_cli("--data-dir", data, "case", "show", "000001")
    assert r.code == 2
    assert "该数据目录尚未初始化站点，请先运行 gridapp init 或 gridapp demo" in r.err


def test_importing_the_read_path_does_not_import_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "import gridapp.workbench.detail, gridapp.db.readonly, gridapp.cli.case_cmd\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic'))\n"
        "print(loaded)\n"
        "assert 'gridapp.workbench.detail' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
