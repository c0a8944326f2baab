"""A lost laptop: HQ revokes it, the station wipes its key slots at the next contact, HQ knows
whose data was on it, and HQ's recovery key restores access if the laptop comes back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from gridapp.keys import slots, unlock
from gridapp.models import Case
from gridapp.store import StationStore, open_store
from sync.errors import Revoked
from tests.conftest import DEMO_PARTY_ID, LEAD_BADGE
from tests.sync.conftest import HQServer, enrolled, sync_once


def test_a_revoked_device_wipes_its_slots_and_hq_can_restore_it(
        hq: HQServer, store: StationStore, demo_case: Case, run_cli,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    enrolled(store, hq)
    keys = slots.load(store.data_dir)
    assert keys is not None and any(s.kind == "recovery" for s in keys.slots), \
        "enrolment wraps the data key for HQ's recovery key"
    sync_once(store)
    rc, out, _ = hq.cli("exposure", store.device_id, "--json")
    parties = json.loads(out)
    assert rc == 0 and [p["name"] for p in parties] == ["王小明"]
    assert parties[0]["id_number"] != DEMO_PARTY_ID and parties[0]["id_number"].endswith("1234")
    rc, out, _ = hq.cli("exposure", store.device_id, "--json", "--full")
    assert json.loads(out)[0]["id_number"] == DEMO_PARTY_ID

    assert hq.cli("revoke", store.device_id)[0] == 0
    with pytest.raises(Revoked):
        sync_once(store)
    wiped = slots.load(store.data_dir)
    assert wiped is not None and wiped.wiped_at
    assert [s.kind for s in wiped.slots] == ["recovery"], "only HQ's slot is left"
    data = store.data_dir
    store.close()
    unlock.forget()
    r = run_cli("--data-dir", data, "case", "list")
    assert r.code == 3 and "撤销" in r.err and "恢复" in r.err
    # The right password no longer opens anything.
    with pytest.raises(unlock.DeviceWiped):
        unlock.unlock_with_password(data, LEAD_BADGE, "Gridapp-test-2026")

    # The laptop came back: HQ opens the recovery slot; the lead gets a new password.
    rc, code, err = hq.cli("recover", str(data / slots.KEYS_FILENAME))
    assert rc == 0, err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{code.strip()}\n新的密码-2026-12\n"))
    r = run_cli("--data-dir", data, "device", "recover", LEAD_BADGE)
    assert r.code == 0, r.err
    unlock.forget()
    unlock.use_credentials(LEAD_BADGE, "新的密码-2026-12")
    again = open_store(data, create=False)
    try:
        with again.read() as s:
            assert s.get(Case, demo_case.id) is not None
    finally:
        again.close()


def test_a_wrong_recovery_code_is_refused_and_changes_nothing(
        store: StationStore, run_cli, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    data = store.data_dir
    store.close()
    before = (data / slots.KEYS_FILENAME).read_bytes()
    for code in ("not-a-code", "00" * 32, "zz" * 32, ""):
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{code}\n新的密码-2026-12\n"))
        r = run_cli("--data-dir", data, "device", "recover", LEAD_BADGE)
        assert r.code == 2 and "恢复码" in r.err, (code, r.err)
    assert (data / slots.KEYS_FILENAME).read_bytes() == before
    rc = hq_recover_of_unknown(tmp_path)
    assert rc == 2


def hq_recover_of_unknown(tmp_path: Path) -> int:
    from sync.hq.cli import main

    bogus = tmp_path / "other" / "keys.json"
    bogus.parent.mkdir()
    bogus.write_text("{not json", encoding="utf-8")
    return main(["recover", "--data", str(tmp_path / "hqdata"), str(bogus)])


def test_an_unknown_device_and_a_malformed_recovery_key_are_refused_cleanly(
        hq: HQServer, store: StationStore) -> None:
    from sync.station import _keep_recovery_key

    rc, out, err = hq.cli("exposure", "no-such-device", "--json")
    assert rc == 1 and "没有设备" in err and out == ""
    before = (store.data_dir / slots.KEYS_FILENAME).read_bytes()
    for bad in ("not base64!", "AAAA", ""):  # what a broken HQ answer could carry
        _keep_recovery_key(store, bad)
    assert (store.data_dir / slots.KEYS_FILENAME).read_bytes() == before, "no slot, no change"
