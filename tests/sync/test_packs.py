"""A pack HQ publishes is validated, pulled and applied by the stations that use it, with its
version and an audit entry; a broken pack is refused at HQ and never applied."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from gridapp import audit
from gridapp.models import AuditEvent
from gridapp.paths import resources_dir
from gridapp.store import StationStore
from tests.sync.conftest import HQServer, enrolled, sync_once


def _pack(tmp_path: Path, version: str, *, code: str = "shanghai") -> Path:
    text = (resources_dir() / "packs" / f"{code}.toml").read_text(encoding="utf-8")
    text = text.replace('version = "2026.1"', f'version = "{version}"', 1)
    path = tmp_path / f"{code}-{version}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_published_pack_is_applied_with_its_version_and_an_audit_entry(
        hq: HQServer, store: StationStore, tmp_path: Path) -> None:
    enrolled(store, hq)
    assert store.pack.version == "2026.1"
    rc, out, err = hq.cli("publish-pack", str(_pack(tmp_path, "2026.2")))
    assert rc == 0 and "2026.2" in out, err
    assert hq.cli("publish-pack", str(_pack(tmp_path, "2026.1", code="beijing")))[0] == 0
    report = sync_once(store)
    assert report.pack_version == "2026.2"
    assert store.pack.version == "2026.2" and store.pack.code == "shanghai"
    with store.read() as s:
        [ev] = [e for e in s.scalars(select(AuditEvent)) if e.action == "pack.applied"]
        assert '"2026.2"' in ev.after_json and ev.actor == "指挥中心"
        assert audit.verify(s).ok
    # the next sync has nothing new to apply
    assert sync_once(store).pack_version == ""


def test_a_broken_pack_is_refused_at_hq_and_nothing_changes(
        hq: HQServer, store: StationStore, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('code = "shanghai"\nversion = "2026.9"\n', encoding="utf-8")
    rc, _, err = hq.cli("publish-pack", str(broken))
    assert rc == 1 and "校验未通过" in err
    enrolled(store, hq)
    assert sync_once(store).pack_version == ""
    assert store.pack.version == "2026.1"
