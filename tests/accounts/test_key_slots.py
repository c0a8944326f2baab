"""Key slots: the password opens the station, wrong ones back off and lock, a relabelled slot
proves nothing, and without credentials a real station refuses in Chinese."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from gridapp.keys import backoff, slots, unlock
from gridapp.store import StationStore, open_store
from tests.conftest import LEAD_BADGE, OFFICER_BADGE, TEST_PASSWORD


@pytest.fixture
def closed(store: StationStore, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real (password) station, closed, and a process that holds no key or credentials."""
    data = store.data_dir
    store.close()
    unlock.forget()
    monkeypatch.delenv("GRIDAPP_PASSWORD")
    monkeypatch.delenv("GRIDAPP_OFFICER")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to ask
    return data


def test_without_credentials_a_real_station_refuses_in_chinese(
        closed: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = (closed / "station.sqlite").read_bytes()
    r = run_cli("--data-dir", closed, "case", "list")
    assert r.code == 2 and "已加密" in r.err and "--password-stdin" in r.err
    assert "Traceback" not in r.err
    with pytest.raises(unlock.StationLocked):
        open_store(closed, create=False)
    assert (closed / "station.sqlite").read_bytes() == before


def test_the_password_on_stdin_opens_it(closed: Path, run_cli,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(TEST_PASSWORD + "\n"))
    r = run_cli("--data-dir", closed, "--officer", OFFICER_BADGE, "--password-stdin", "--json",
                "officer", "list")
    assert r.code == 0, r.err
    assert {o["badge"] for o in r.json()} == {LEAD_BADGE, OFFICER_BADGE}  # type: ignore[union-attr]
    # Two accounts can open it: the badge must be named.
    unlock.forget()
    monkeypatch.setattr("sys.stdin", io.StringIO(TEST_PASSWORD + "\n"))
    r = run_cli("--data-dir", closed, "--password-stdin", "officer", "list")
    assert r.code == 2 and "--officer" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    r = run_cli("--data-dir", closed, "--password-stdin", "officer", "list")
    assert r.code == 2 and "标准输入中没有密码" in r.err


def test_wrong_passwords_back_off_then_lock(closed: Path, run_cli,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDAPP_OFFICER", LEAD_BADGE)
    messages = []
    real_now = backoff.now()
    for n in range(backoff.LOCK_AFTER):
        # Each attempt after the wait the previous one imposed.
        monkeypatch.setattr(backoff, "now", lambda n=n: real_now + timedelta(
            seconds=n * (backoff.MAX_WAIT_S + 1)))
        monkeypatch.setenv("GRIDAPP_PASSWORD", f"wrong-{n}")
        r = run_cli("--data-dir", closed, "case", "list")
        assert r.code == 2
        messages.append(r.err)
    assert all("执法证号或密码不正确" in m for m in messages)
    assert "再错" in messages[-2] and "已锁定" in messages[-1]
    keys = slots.load(closed)
    assert keys is not None
    slot = keys.password_slot(LEAD_BADGE)
    assert slot is not None and slot.attempts.failures == backoff.LOCK_AFTER
    # Locked: even the right password is refused, without being tried.
    monkeypatch.setenv("GRIDAPP_PASSWORD", TEST_PASSWORD)
    r = run_cli("--data-dir", closed, "case", "list")
    assert r.code == 2 and "锁定" in r.err
    # The other account is not locked; nor does a badge without a slot say it has none.
    monkeypatch.setenv("GRIDAPP_OFFICER", OFFICER_BADGE)
    assert run_cli("--data-dir", closed, "case", "list").code == 0
    unlock.forget()
    monkeypatch.setenv("GRIDAPP_OFFICER", "99999999")
    r = run_cli("--data-dir", closed, "case", "list")
    assert r.code == 2 and "执法证号或密码不正确" in r.err


def test_a_relabelled_slot_does_not_make_one_officer_another(
        closed: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Someone who can edit keys.json swaps the badges on the two slots: 李明's password then
    opens the slot labelled 张建国's, but the slot proves 李明, and acting as 张建国 still needs
    张建国's own password."""
    officer_password = "李明的密码-2026"
    monkeypatch.setenv("GRIDAPP_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("GRIDAPP_OFFICER", LEAD_BADGE)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{TEST_PASSWORD}\n{officer_password}\n"))
    r = run_cli("--data-dir", closed, "officer", "passwd", OFFICER_BADGE)
    assert r.code == 0, r.err
    unlock.forget()
    path = closed / slots.KEYS_FILENAME
    doc = json.loads(path.read_text(encoding="utf-8"))
    for slot in doc["slots"]:
        if slot["kind"] == "password":
            slot["badge"] = {LEAD_BADGE: OFFICER_BADGE, OFFICER_BADGE: LEAD_BADGE}[slot["badge"]]
    path.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("GRIDAPP_PASSWORD", officer_password)
    monkeypatch.setenv("GRIDAPP_OFFICER", LEAD_BADGE)
    r = run_cli("--data-dir", closed, "officer", "add", "--name", "冒名", "--badge", "31019999",
                "--role", "lead", "--as", LEAD_BADGE)
    assert r.code == 2 and "密码不正确" in r.err
    monkeypatch.setenv("GRIDAPP_PASSWORD", TEST_PASSWORD)
    unlock.forget()
    monkeypatch.setenv("GRIDAPP_OFFICER", OFFICER_BADGE)  # the slot labelled 李明 is 张建国's
    r = run_cli("--data-dir", closed, "--json", "officer", "list")
    assert r.code == 0 and "冒名" not in r.out


@pytest.mark.parametrize("content", [b"", b"{", b'{"format": "other"}', b"\xff" * 10,
                                     b'{"format": "gridapp-keys/1", "key_check": "x", "slots": '
                                     b'[{"kind": "password", "badge": "1", "officer_id": "o", '
                                     b'"kdf": {"t": 1, "m": 99999999, "p": 1, "salt": ""}, '
                                     b'"nonce": "", "wrapped": ""}]}'])
def test_a_damaged_key_file_is_refused_and_left_alone(
        closed: Path, run_cli, content: bytes,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDAPP_PASSWORD", TEST_PASSWORD)
    (closed / slots.KEYS_FILENAME).write_bytes(content)
    r = run_cli("--data-dir", closed, "case", "list")
    assert r.code == 2 and "密钥文件" in r.err and "已损坏" in r.err, r.err
    assert (closed / slots.KEYS_FILENAME).read_bytes() == content


def test_a_missing_key_file_is_named(closed: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    (closed / slots.KEYS_FILENAME).unlink()
    r = run_cli("--data-dir", closed, "case", "list")
    assert r.code == 2 and "缺少密钥文件" in r.err


def test_a_new_station_needs_a_password(tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRIDAPP_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    data = tmp_path / "new"
    r = run_cli("--data-dir", data, "init", "--station", "新中队", "--officer", "周海",
                "--badge", "31020001", "--segment", "5")
    assert r.code == 2 and "设置密码" in r.err
    assert not (data / "station.sqlite").exists(), "nothing is created before the password"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    r = run_cli("--data-dir", data, "init", "--station", "新中队", "--officer", "周海",
                "--badge", "31020001", "--segment", "5", "--password-stdin")
    assert r.code == 2 and "至少 8 位" in r.err


def test_a_wipe_is_never_undone_by_a_write_that_began_before_it(closed: Path) -> None:
    """A wrong password is being checked (Argon2id takes a while) when the sync wipes the key
    file: the failure count written afterwards must not bring the slots back."""
    keys = slots.load(closed)
    assert keys is not None
    slot = keys.password_slot(LEAD_BADGE)
    assert slot is not None
    real_open = slots.open_password_slot

    def slow_wrong(s: slots.Slot, password: str) -> bytes | None:
        slots.wipe(closed, "2026-11-29T09:00:00+08:00")  # meanwhile, HQ's revocation lands
        return real_open(s, password)

    import pytest as _pytest

    with _pytest.MonkeyPatch.context() as mp:
        mp.setattr(slots, "open_password_slot", slow_wrong)
        with _pytest.raises(backoff.SignInRefused):
            unlock.unlock_with_password(closed, LEAD_BADGE, "not-the-password")
    after = slots.load(closed)
    assert after is not None and after.wiped_at and after.badges == ()
    with _pytest.raises(unlock.DeviceWiped):
        unlock.unlock_with_password(closed, LEAD_BADGE, TEST_PASSWORD)


def test_a_file_put_into_the_store_without_the_key_is_refused(store: StationStore,
                                                              tmp_path: Path) -> None:
    from gridapp.evidence.blobstore import for_store
    from gridapp.keys.streams import CipherError

    blobs = for_store(store)
    real = blobs.put_bytes(b"a photo taken by the officer")
    other = blobs.put_bytes(b"another stored file")
    path = blobs.path_for(real.sha256)
    path.chmod(0o600)
    path.write_bytes(b"FORGED photo, planted without the key")
    with pytest.raises(CipherError, match="没有加密"):
        blobs.read_bytes(real.sha256)
    path.write_bytes(blobs.path_for(other.sha256).read_bytes())  # another file of the station
    with pytest.raises(CipherError, match="哈希值不符"):
        blobs.read_bytes(real.sha256)
