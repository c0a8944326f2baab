"""A plain station made by an earlier version is converted in place: backup, verified
encrypted copy, files encrypted, plaintext and its backups removed — and a crash half-way
loses nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from gridapp import conversion
from gridapp.db import cipher
from gridapp.errors import StorageError
from gridapp.keys import slots, streams, unlock
from gridapp.paths import BACKUPS_DIRNAME
from gridapp.store import confirm_move, open_store

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "station_schema_0003"
LEAD = "31010001"
PASSWORD = "转换用的密码-2026"


@pytest.fixture
def plain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "old"
    shutil.copytree(FIXTURE, data)
    unlock.forget()
    monkeypatch.delenv("GRIDAPP_PASSWORD")
    monkeypatch.delenv("GRIDAPP_OFFICER")
    st = open_store(data, create=False)  # this version migrates it (a plain backup is taken)
    confirm_move(st)  # the fixture came from another machine: this is now its home
    st.close()
    assert list((data / BACKUPS_DIRNAME).glob("*.sqlite")), "a migration backup to remove"
    return data


def _numbers(run_cli, data: Path) -> list[str]:  # type: ignore[no-untyped-def]
    r = run_cli("--data-dir", data, "--json", "case", "list")
    assert r.code == 0, r.err
    return sorted(c["number"] for c in r.json()["cases"])


def _encrypt(run_cli, data: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
             password: str = PASSWORD):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return run_cli("--data-dir", data, "--officer", LEAD, "--password-stdin", "device", "encrypt")


def test_a_plain_station_is_encrypted_in_place(plain: Path, run_cli,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    before = _numbers(run_cli, plain)
    assert conversion.needs_conversion(plain)
    r = _encrypt(run_cli, plain, monkeypatch)
    assert r.code == 0, r.err
    assert "已将站点数据转换为加密存储" in r.out and "明文备份" in r.out and "31010002" in r.out
    assert not cipher.is_plain_sqlite(plain / "station.sqlite")
    assert not conversion.needs_conversion(plain)
    for path in (plain / "blobs").rglob("*"):
        if path.is_file():
            assert streams.is_encrypted(path.read_bytes()[:8]), path
    assert [p for p in (plain / BACKUPS_DIRNAME).glob("*.sqlite")
            if cipher.is_plain_sqlite(p)] == []
    # Nothing opens it without the password now; with it, every case is there and verifies.
    unlock.forget()
    r = run_cli("--data-dir", plain, "case", "list")
    assert r.code == 2 and "已加密" in r.err
    monkeypatch.setenv("GRIDAPP_OFFICER", LEAD)
    monkeypatch.setenv("GRIDAPP_PASSWORD", PASSWORD)
    assert _numbers(run_cli, plain) == before
    r = run_cli("--data-dir", plain, "verify")
    assert r.code == 0, r.out + r.err
    r = _encrypt(run_cli, plain, monkeypatch)
    assert r.code == 0 and "无需转换" in r.out


def test_a_wrong_password_converts_nothing(plain: Path, run_cli,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # The lead sets a password first (stations before accounts had none).
    st = open_store(plain, create=False)
    from gridapp.accounts.signin import set_password

    with st.session() as s:
        set_password(st, s, st.officer_by_badge(s, LEAD), PASSWORD, actor=LEAD)
    st.close()
    db_before = (plain / "station.sqlite").read_bytes()
    r = _encrypt(run_cli, plain, monkeypatch, password="不是这个密码-1")
    assert r.code == 2 and "密码不正确" in r.err
    assert not (plain / slots.KEYS_FILENAME).exists()
    assert (plain / "station.sqlite").read_bytes() == db_before
    r = _encrypt(run_cli, plain, monkeypatch, password="")
    assert r.code == 2


def test_a_crash_after_the_key_file_is_finished_by_the_next_attempt(
        plain: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    before = _numbers(run_cli, plain)

    def crash(*_: object) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(conversion, "_swap", crash)
    with pytest.raises(OSError):
        conversion.encrypt_station(plain, LEAD, PASSWORD)
    monkeypatch.undo()
    monkeypatch.delenv("GRIDAPP_PASSWORD", raising=False)
    monkeypatch.delenv("GRIDAPP_OFFICER", raising=False)
    assert (plain / slots.KEYS_FILENAME).exists() and cipher.is_plain_sqlite(
        plain / "station.sqlite"), "the plain database is still the data"
    unlock.forget()
    unlock.use_credentials(LEAD, PASSWORD)
    with pytest.raises(StorageError, match="加密转换没有完成"):
        open_store(plain, create=False)
    r = _encrypt(run_cli, plain, monkeypatch)
    assert r.code == 0, r.err
    assert not cipher.is_plain_sqlite(plain / "station.sqlite")
    monkeypatch.setenv("GRIDAPP_OFFICER", LEAD)
    monkeypatch.setenv("GRIDAPP_PASSWORD", PASSWORD)
    assert _numbers(run_cli, plain) == before


def test_a_plain_demo_station_converts_without_a_password(
        tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from gridapp.db.engine import create_station_engine
    from gridapp.db.migrate import upgrade
    from gridapp.demo import seed_demo

    data = tmp_path / "demo"
    data.mkdir()
    engine = create_station_engine(data / "station.sqlite")  # as an earlier version made it
    upgrade(engine, data / "station.sqlite")
    engine.dispose()
    st = open_store(data)
    assert st.data_key is None
    seed_demo(st, 5, seed=3)
    st.close()
    monkeypatch.delenv("GRIDAPP_PASSWORD")
    monkeypatch.delenv("GRIDAPP_OFFICER")
    unlock.forget()
    before = _numbers(run_cli, data)
    r = run_cli("--data-dir", data, "device", "encrypt")
    assert r.code == 0, r.err
    assert not cipher.is_plain_sqlite(data / "station.sqlite")
    unlock.forget()
    assert _numbers(run_cli, data) == before  # opens without a password: a demo station


def test_a_crash_after_the_swap_is_finished_and_leaves_no_plaintext(
        plain: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def crash(*_: object) -> None:
        raise OSError("power cut")

    (plain / "blobs" / "tmp").mkdir(parents=True, exist_ok=True)
    (plain / "blobs" / "tmp" / "in-staged").write_bytes(b"\xff\xd8\xff\xe0 a staged photo")
    monkeypatch.setattr(conversion, "_finish_files", crash)
    with pytest.raises(OSError):
        conversion.encrypt_station(plain, LEAD, PASSWORD)
    monkeypatch.undo()
    monkeypatch.delenv("GRIDAPP_PASSWORD", raising=False)
    monkeypatch.delenv("GRIDAPP_OFFICER", raising=False)
    assert not cipher.is_plain_sqlite(plain / "station.sqlite")  # swapped before the crash
    assert conversion.needs_conversion(plain), "plain files and backups are left: not done"
    unlock.forget()
    r = _encrypt(run_cli, plain, monkeypatch)
    assert r.code == 0, r.err
    assert not conversion.needs_conversion(plain)
    plain_left = [p.name for p in (plain / BACKUPS_DIRNAME).iterdir()
                  if cipher.is_plain_sqlite(p)] + [p.name for p in (plain / "blobs").rglob("*")
                                                   if p.is_file() and not
                                                   streams.is_encrypted(p.read_bytes()[:8])]
    assert plain_left == []
    monkeypatch.setenv("GRIDAPP_OFFICER", LEAD)
    monkeypatch.setenv("GRIDAPP_PASSWORD", PASSWORD)
    assert run_cli("--data-dir", plain, "case", "list").code == 0  # bound: writes allowed too
    r = run_cli("--data-dir", plain, "verify")
    assert r.code == 0, r.out + r.err
