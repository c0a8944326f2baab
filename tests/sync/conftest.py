"""A real HQ server process on loopback (SQLite, and PostgreSQL when the test command started
one), stations enrolled with it, and a fault proxy in between."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gridapp.store import StationStore, open_store
from sync import station as sync_station
from sync.client import HQClient
from sync.hq.cli import main as hq_main
from tests.sync.faults import FaultProxy

PG_URL = os.environ.get("GRIDAPP_TEST_PG_URL", "")
BACKENDS = ["sqlite", "postgresql"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _new_pg_database() -> str:
    import psycopg

    name = f"hq_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _db = PG_URL.rpartition("/")
    return f"{base}/{name}"


@dataclass
class HQServer:
    data: Path
    db_url: str | None
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    extra: list[subprocess.Popen[bytes]] = field(default_factory=list)
    tls: tuple[Path, Path] | None = None  # certificate and key: serve HTTPS

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def db_args(self) -> list[str]:
        return ["--db", self.db_url] if self.db_url else []

    def spawn(self, port: int | None = None) -> subprocess.Popen[bytes]:
        port = port or _free_port()
        env = dict(os.environ)
        env.pop("GRIDAPP_NOW", None)  # HQ runs on the real clock
        tls = ["--certfile", str(self.tls[0]), "--keyfile", str(self.tls[1])] if self.tls else []
        proc = subprocess.Popen(
            [sys.executable, "-m", "sync.hq.cli", "serve", "--data", str(self.data),
             *self.db_args(), "--port", str(port), *tls],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"HQ exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            proc.kill()
            raise RuntimeError("HQ did not start within 30 s")
        proc.port = port  # type: ignore[attr-defined]
        return proc

    def start(self) -> None:
        self.proc = self.spawn(self.port or None)
        self.port = self.proc.port  # type: ignore[attr-defined]

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def stop(self) -> None:
        for proc in [self.proc, *self.extra]:
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.proc = None

    def cli(self, *args: str) -> tuple[int, str, str]:
        """``gridapp-hq`` in-process, with this server's data dir and database."""
        out, err = _Capture(), _Capture()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):  # type: ignore[type-var]
            code = hq_main([args[0], "--data", str(self.data), *self.db_args(), *args[1:]])
        return code, out.text, err.text

    def count(self, table: str, where: str = "") -> int:
        """Rows in an HQ table, read straight from HQ's database."""
        from sqlalchemy import text

        from sync.hq.database import create_hq_engine, database_url

        engine = create_hq_engine(database_url(self.data, self.db_url))
        try:
            with engine.connect() as conn:
                sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
                return int(conn.execute(text(sql)).scalar_one())
        finally:
            engine.dispose()

    def code(self, station: str) -> str:
        rc, out, err = self.cli("enroll-code", "--station", station)
        assert rc == 0, err
        return out.strip()


class _Capture:
    def __init__(self) -> None:
        self.text = ""

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


@pytest.fixture(params=BACKENDS)
def hq(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HQServer]:
    if request.param == "postgresql":
        if not PG_URL:
            if os.environ.get("GRIDAPP_REQUIRE_PG") == "1":
                pytest.fail("GRIDAPP_TEST_PG_URL is not set but PostgreSQL is required")
            pytest.skip("no PostgreSQL server (scripts/test.sh starts one)")
        db_url: str | None = _new_pg_database()
    else:
        db_url = None
    server = HQServer(tmp_path / "hq", db_url)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def proxy(hq: HQServer) -> Iterator[FaultProxy]:
    fp = FaultProxy(hq.port)
    yield fp
    fp.close()


def fast_client(url: str, token: str = "") -> HQClient:
    """A client whose retries do not make the tests wait."""
    return HQClient(url, token, timeout=(5.0, 30.0), retries=6, backoff=0.01)


def enrolled(store: StationStore, hq: HQServer, station: str = "南京东路中队",
             url: str | None = None) -> StationStore:
    sync_station.enrol(store, url or hq.url, hq.code(station),
                       client=fast_client(url or hq.url))
    return store


def sync_once(store: StationStore, url: str | None = None) -> sync_station.SyncReport:
    cfg = sync_station.config(store)
    http = fast_client(url or cfg.url, cfg.token)
    try:
        return sync_station.run(store, http=http)
    finally:
        http.close()


@pytest.fixture
def second_device(tmp_path: Path) -> Iterator[StationStore]:
    """A new, empty data directory: a second laptop of the same station, set up from HQ."""
    st = open_store(tmp_path / "second")
    yield st
    st.close()
