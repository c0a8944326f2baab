"""Shared fixtures: a real station database in a temporary directory, and the CLI in-process."""

from __future__ import annotations

import os

# Qt widgets in the tests never need a screen; without this a bare `pytest` aborts in Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite runs on the core's clock seam, started at a fixed instant, so it passes whatever the
# machine's clock says (subprocesses inherit it). Tests that need another day call clock.start_at.
os.environ["GRIDAPP_NOW"] = "2026-11-28T10:00:00+08:00"
# Test stations are encrypted like real ones; their officers share this password, which every
# command (in-process or a subprocess) unlocks with. Tests of refusals remove it.
os.environ["GRIDAPP_PASSWORD"] = "Gridapp-test-2026"
os.environ["GRIDAPP_OFFICER"] = "31010001"

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gridapp import clock
from gridapp.caselog import service
from gridapp.cli.main import main as cli_main
from gridapp.db.engine import create_station_engine
from gridapp.db.migrate import upgrade
from gridapp.evidence.worker import DecodeWorker
from gridapp.keys import slots, unlock
from gridapp.models import Case, Station
from gridapp.paths import DB_FILENAME
from gridapp.setup import add_officer, init_station, set_payment
from gridapp.store import StationStore, confirm_move, open_store

LEAD_BADGE = "31010001"
TEST_PASSWORD = os.environ["GRIDAPP_PASSWORD"]
OFFICER_BADGE = "31010002"
# A lead who is on none of the test cases: the 负责人 who reviews and approves a case's
# 处罚审批 and 结案审批 and records the 法制审核 (行政处罚法第五十七条、第五十八条: not an
# officer who investigated it). Added by ``add_reviewer`` where a test needs them.
REVIEWER_BADGE = "31010009"
REVIEWER_NAME = "陈立"
DEMO_PARTY_ID = "310101199001011234"
# Key slots made by the test process use cheap Argon2id parameters (the real cost is measured
# by benchmarks/bench_crypto.py); slots keep their own parameters, so subprocesses read them.
slots.NEW_SLOT_PARAMS = slots.KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
# The data key of every database copied from ``schema_template`` (known to the test process).
TEST_DATA_KEY = bytes(range(32))
unlock.remember(TEST_DATA_KEY)


_OWN_KEY = b"station's own"


def station_sql(db: Path | str, key: bytes | None = _OWN_KEY, **kwargs: Any) -> Any:
    """A DB-API connection to a station's database file, keyed with the data key of the
    station whose directory holds it (this process knows it; a plain station made by an earlier
    version gets a plain connection), or with ``key`` (a copy elsewhere: a backup).
    ``db`` may be a ``file:`` URI (pass ``uri=True``)."""
    from gridapp.db import cipher

    if key == _OWN_KEY:
        path = Path(str(db).removeprefix("file:").split("?")[0])
        key = unlock.data_key(path.parent)
    return cipher.connect(db, key, **kwargs)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the long ``slow`` tests first: pytest-xdist hands the first tests out one per
    worker, so each long test starts at once on its own worker while the others share the
    remaining tests, instead of one long test holding up the end of the run."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _test_clock() -> Iterator[None]:
    """Every test starts on the suite's clock, whatever an earlier test set it to."""
    clock.start_at(datetime.fromisoformat(os.environ["GRIDAPP_NOW"]))
    unlock.forget()  # no officer proven by an earlier test's unlock
    unlock.use_credentials(LEAD_BADGE, TEST_PASSWORD)
    unlock.remember(TEST_DATA_KEY)
    yield
    clock.start_at(datetime.fromisoformat(os.environ["GRIDAPP_NOW"]))
    unlock.use_credentials(LEAD_BADGE, TEST_PASSWORD)  # a test may have forgotten them
    unlock.remember(TEST_DATA_KEY)


@contextmanager
def made_before_the_test_clock(minutes: int) -> Iterator[None]:
    """Run a template's set-up ``minutes`` before the instant every test's clock starts at.

    A template is built once, during whichever test first needs it, but copied into tests whose
    clocks restart at ``GRIDAPP_NOW``: made earlier, everything a copy holds comes before what
    the test then does, as it did when the fixture ran inside the test. Nested templates take
    more minutes than the templates they copy, so their rows keep that order too.
    """
    start = datetime.fromisoformat(os.environ["GRIDAPP_NOW"])
    clock.start_at(start - timedelta(minutes=minutes))
    try:
        yield
    finally:
        clock.start_at(start)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "station"
    d.mkdir()
    return d


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station database file migrated to the head revision, built once per test process.

    It holds the schema only: no device id, no station, no rows, so a copy opened with
    ``open_store`` is a brand-new station that gets its own device id. Each pytest-xdist worker
    has its own ``tmp_path_factory`` base, hence its own template: nothing is shared between
    processes. Do not open or modify it; copy it with ``fresh_database``.
    """
    path = tmp_path_factory.mktemp("schema-template") / DB_FILENAME
    slots.create(path.parent, TEST_DATA_KEY)
    engine = create_station_engine(path, key=TEST_DATA_KEY)
    try:
        upgrade(engine, path, TEST_DATA_KEY)
    finally:
        engine.dispose()
    # Closing the last connection checkpoints the WAL: the main file alone is the database.
    leftovers = [p.name for p in path.parent.iterdir()
                 if p.name not in (DB_FILENAME, slots.KEYS_FILENAME)]
    assert not leftovers, f"template not self-contained: {leftovers}"
    return path


def fresh_database(template: Path, data_dir: Path) -> Path:
    """Put a private copy of the migrated ``template`` into ``data_dir`` (a real SQLCipher
    file under ``TEST_DATA_KEY``, with its key file)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / DB_FILENAME
    assert not target.exists(), f"{target} already holds a database"
    shutil.copyfile(template, target)
    shutil.copyfile(template.with_name(slots.KEYS_FILENAME), data_dir / slots.KEYS_FILENAME)
    unlock.remember(TEST_DATA_KEY)
    return target


def make_station(data_dir: Path, template: Path) -> StationStore:
    """An initialised Shanghai station with a lead (31010001) and an officer (31010002).

    The database starts as a copy of the migrated template (``open_store`` finds it at the
    head revision and only assigns the device id); everything after that is the real set-up.
    """
    fresh_database(template, data_dir)
    st = open_store(data_dir)
    station = init_station(
        st, name="测试中队", pack_code="shanghai", officer_name="张建国", badge=LEAD_BADGE,
        password=TEST_PASSWORD, grids=[("G0101", "南京东路第1网格")],
    )
    with st.session() as s:
        row = s.get(Station, station.id)
        assert row is not None
        add_officer(st, s, row, "李明", OFFICER_BADGE, actor=LEAD_BADGE, password=TEST_PASSWORD)
    set_payment(st, dict(TEST_PAYMENT), actor=LEAD_BADGE, reason="测试站点的缴款信息")
    return st


def add_reviewer(st: StationStore) -> None:
    """Give the station the reviewing lead (``REVIEWER_BADGE``), once."""
    from sqlalchemy import select

    from gridapp.models import Officer

    with st.session() as s:
        if s.scalars(select(Officer.id).where(Officer.badge_no == REVIEWER_BADGE)).first():
            return
        add_officer(st, s, st.station(s), REVIEWER_NAME, REVIEWER_BADGE, role="lead",
                    actor=LEAD_BADGE, password=TEST_PASSWORD)


# Where the test station's fines are paid (invented; ``gridapp station set-payment``).
TEST_PAYMENT = (("payment_bank", "测试银行黄浦支行"), ("payment_account_name", "测试收款户"),
                ("payment_account", "1001 2002 3003 4004"))


def add_grid(st: StationStore, code: str, name: str) -> None:
    """Give the station one more grid (as an admin would)."""
    from gridapp.models import Grid

    with st.session() as s:
        station = st.station(s)
        st.record(s, Grid(station_id=station.id, code=code, name=name), op="insert",
                  actor=LEAD_BADGE, action="grid.create")


@pytest.fixture(scope="session")
def station_template(tmp_path_factory: pytest.TempPathFactory, schema_template: Path) -> Path:
    """The data directory of a ``make_station`` station, built once per test process.

    Do not open or modify it; ``store`` copies it. Like ``schema_template``, each pytest-xdist
    worker has its own.
    """
    data = tmp_path_factory.mktemp("station-template") / "station"
    with made_before_the_test_clock(3):
        make_station(data, schema_template).close()
    leftovers = [p.name for p in data.iterdir() if p.name.startswith(DB_FILENAME + "-")]
    assert not leftovers, f"template not self-contained: {leftovers}"
    return data


def open_copy(template: Path, data_dir: Path) -> StationStore:
    """Open a copy of the station directory ``template`` in ``data_dir`` as this test's own,
    writable station (the copy's move is confirmed)."""
    shutil.copytree(template, data_dir, dirs_exist_ok=True)
    st = open_store(data_dir, create=False)
    confirm_move(st)
    return st


@pytest.fixture
def store(request: pytest.FixtureRequest, data_dir: Path,
          station_template: Path) -> Iterator[StationStore]:
    """An initialised Shanghai station with a lead (31010001) and an officer (31010002).

    A copy of ``station_template`` (made by ``make_station``); for a test that uses
    ``demo_case``, a copy of ``demo_case_template`` (the same station with the demo case in it).
    The stations of one test process share their ids.
    """
    template = station_template
    if "demo_case" in request.fixturenames:
        template = request.getfixturevalue("demo_case_template").data_dir
    st = open_copy(template, data_dir)
    yield st
    st.close()


@pytest.fixture(scope="session")
def worker() -> Iterator[DecodeWorker]:
    """One photo decoder process shared by the tests of a test process (it restarts itself
    after a crash); the per-import decoder start is exercised by the CLI tests."""
    with DecodeWorker() as w:
        yield w


DEMO_CASE_INPUT = {
    "violation": "street-vending",
    "address": "上海市黄浦区南京东路100号门前",
    "grid": "G0101",
    "source": "patrol",
    "facts": "执法队员巡查发现当事人在人行道上占道设摊经营水果，占用面积约3平方米。",
    "party": {
        "kind": "person",
        "name": "王小明",
        "id_number": DEMO_PARTY_ID,
        "phone": "13800138000",
        "address": "上海市黄浦区福州路8号",
    },
    "officers": [LEAD_BADGE, OFFICER_BADGE],
    "act_date": "2026-11-19",
}


@dataclass(frozen=True)
class CaseTemplate:
    data_dir: Path
    case_id: str


@pytest.fixture(scope="session")
def demo_case_template(tmp_path_factory: pytest.TempPathFactory,
                       station_template: Path) -> CaseTemplate:
    """``station_template`` with the demo case added, built once per test process."""
    data = tmp_path_factory.mktemp("demo-case") / "station"
    with made_before_the_test_clock(2):
        st = open_copy(station_template, data)
        try:
            with st.session() as s:
                case = service.create_case(st, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        finally:
            st.close()
    return CaseTemplate(data, case.id)


def case_in(store: StationStore, template: CaseTemplate) -> Case | None:
    """The template's case in ``store`` (a copy of that template), else None."""
    with store.read() as s:
        return s.get(Case, template.case_id)


@pytest.fixture
def demo_case(request: pytest.FixtureRequest, store: StationStore) -> Case:
    """A street-vending case with a person party and two officers, in ``store`` (copied with it
    from ``demo_case_template``; created now when ``store`` came without it)."""
    found = case_in(store, request.getfixturevalue("demo_case_template"))
    if found is not None:
        return found
    with store.session() as s:
        return service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``gridapp`` in-process: ``run_cli("case", "list", "--data-dir", d)``."""

    def run(*argv: str | Path) -> CliResult:
        capsys.readouterr()
        code = cli_main([str(a) for a in argv])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def event_after(ev: Any) -> dict[str, Any]:
    """An audit event's "after" side without its row digest (which every row change carries)."""
    after: dict[str, Any] = json.loads(ev.after_json)
    digest = after.pop("@row")
    assert isinstance(digest, str) and len(digest) == 43, "the committed row's digest"
    return after
