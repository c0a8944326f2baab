"""``gridapp evidence …``: the officer's flow end to end, integrity checks, export and gc.

Every test starts from its own copy of one station whose photos were added through the CLI once
per module (``photo_station``); bad input to the CLI is in ``test_bad_input.py``."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gridapp import audit, clock
from gridapp.caselog import service
from gridapp.cli.main import main as cli_main
from gridapp.evidence.blobstore import BlobStore
from gridapp.evidence.integrity import referenced_blobs
from gridapp.models import Case, Document, Evidence
from gridapp.store import StationStore, confirm_move, open_store
from tests.conftest import (
    DEMO_CASE_INPUT,
    LEAD_BADGE,
    OFFICER_BADGE,
    CliResult,
    made_before_the_test_clock,
    make_station,
)
from tests.evidence.conftest import PHOTOS


@dataclass(frozen=True)
class PhotoStation:
    data_dir: Path
    case_id: str
    items: list[dict]


@pytest.fixture(scope="module")
def photo_station(tmp_path_factory: pytest.TempPathFactory, schema_template: Path,
                  photo_12mp: Path) -> PhotoStation:
    """The conftest station with its demo case and three photos added through the CLI, made
    once per module; every test works on its own copy (``store``)."""
    data_dir = tmp_path_factory.mktemp("evidence-cli") / "station"
    with made_before_the_test_clock(2):
        st = make_station(data_dir, schema_template)
        try:
            with st.session() as s:
                case = service.create_case(st, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        finally:
            st.close()
        r = run_captured("evidence", "add", case.number, photo_12mp,
                         PHOTOS / "heic_IMG_5195.HEIC", PHOTOS / "jpg_xmp_no_exif.jpg",
                         "--caption", "现场照片", "--reason", "已核实，属本案证据",
                         "--as", OFFICER_BADGE, "--data-dir", data_dir)
        assert r.code == 0, r.err
        assert "已导入 3 件证据" in r.out
        assert hashlib.sha256(photo_12mp.read_bytes()).hexdigest() in r.out
        listed = run_captured("evidence", "list", case.number, "--json", "--data-dir", data_dir)
    return PhotoStation(data_dir, case.id, json.loads(listed.out))


def run_captured(*argv: str | Path) -> CliResult:
    """``gridapp ARGV`` in-process, outside a test (no ``capsys``)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main([str(a) for a in argv])
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def store(photo_station: PhotoStation, data_dir: Path) -> Iterator[StationStore]:
    """This test's own copy of ``photo_station`` (a copied directory: its move is confirmed)."""
    shutil.copytree(photo_station.data_dir, data_dir, dirs_exist_ok=True)
    st = open_store(data_dir, create=False)
    confirm_move(st)
    yield st
    st.close()


@pytest.fixture
def demo_case(store: StationStore, photo_station: PhotoStation) -> Case:
    with store.read() as s:
        case = s.get(Case, photo_station.case_id)
        assert case is not None
        return case


@pytest.fixture
def imported(store: StationStore, photo_station: PhotoStation) -> list[dict]:
    return photo_station.items


def _events(store: StationStore, case: Case) -> list[tuple[str, str]]:
    with store.read() as s:
        return [(e.action, e.actor) for e in audit.events_for_case(s, case.id)
                if e.action.startswith("evidence.")]


def test_add_list_show(store: StationStore, demo_case: Case, imported: list[dict],
                       run_cli: Any) -> None:
    assert [i["item_no"] for i in imported] == [1, 2, 3]
    first = imported[0]
    assert (first["mime"], first["width"], first["height"]) == ("image/jpeg", 4000, 3000)
    assert first["officer_badge"] == OFFICER_BADGE and first["caption"] == "现场照片"
    assert first["captured_at"] == "2026-11-20T09:15:30+08:00"
    # No EXIF capture time; its XMP says when it was made (xmp:CreateDate, +02:00), which beats
    # the save time Photoshop wrote into the basic EXIF DateTime (2014-09-22).
    assert imported[2]["capture_time_source"] == "xmp"
    assert imported[2]["captured_at"] == "2013-09-23T10:09:46+02:00"
    human = run_cli("evidence", "list", demo_case.number, "--data-dir", store.data_dir)
    assert "共 3 件证据" in human.out and "（文件时间）" not in human.out
    shown = run_cli("evidence", "show", f"{demo_case.number}#2", "--data-dir", store.data_dir)
    assert shown.code == 0 and "Apple iPhone 11 Pro Max" in shown.out
    by_prefix = run_cli("evidence", "show", first["id"][:8], "--data-dir", store.data_dir)
    assert first["sha256"] in by_prefix.out
    assert _events(store, demo_case) == [("evidence.add", OFFICER_BADGE)] * 3


def test_caption_edit_and_withdrawal_are_audited_and_nothing_is_deleted(
    store: StationStore, demo_case: Case, imported: list[dict], run_cli: Any
) -> None:
    d = ("--data-dir", store.data_dir)
    r = run_cli("evidence", "caption", f"{demo_case.number}#1", "南京东路100号门前，摊位全景", *d)
    assert r.code == 0 and "已修改证据" in r.out
    r = run_cli("evidence", "withdraw", imported[2]["id"], "--reason", "与本案无关", *d)
    assert r.code == 0 and "已撤回证据" in r.out
    blank = run_cli("evidence", "withdraw", imported[1]["id"], "--reason", "  ", *d)
    assert blank.code == 2 and "撤回证据必须填写理由" in blank.err
    again = run_cli("evidence", "withdraw", imported[2]["id"], "--reason", "再次", *d)
    assert again.code == 2 and "已经撤回" in again.err
    items = run_cli("evidence", "list", demo_case.number, "--json", *d).json()
    assert len(items) == 3, "a withdrawn item stays listed"  # type: ignore[arg-type]
    assert items[0]["caption"] == "南京东路100号门前，摊位全景"  # type: ignore[index]
    assert items[2]["withdrawn"] and items[2]["withdrawn_reason"] == "与本案无关"  # type: ignore[index]
    assert BlobStore(store.blobs_dir, key=store.data_key).exists(imported[2]["sha256"])
    with store.read() as s:
        events = [e for e in audit.events_for_case(s, demo_case.id)
                  if e.action in ("evidence.caption", "evidence.withdraw")]
        assert json.loads(events[0].before_json) == {"caption": "现场照片"}
        assert json.loads(events[1].after_json)["withdrawn_reason"] == "与本案无关"
        assert audit.verify(s).ok
    with pytest.raises(SystemExit):
        run_cli("evidence", "delete", imported[0]["id"], *d)


def test_verify_names_missing_and_altered_files_by_case_and_item(
    store: StationStore, demo_case: Case, imported: list[dict], run_cli: Any
) -> None:
    d = ("--data-dir", store.data_dir)
    ok = run_cli("evidence", "verify", *d)
    assert ok.code == 0 and "证据完整：已校验 3 件证据、9 个文件" in ok.out
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    altered = blobs.path_for(imported[0]["sha256"])
    altered.chmod(0o644)
    with altered.open("r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00")
    blobs.path_for(imported[1]["thumb_sha256"]).unlink()
    bad = run_cli("evidence", "verify", demo_case.number, *d)
    assert bad.code == 1
    assert f"{demo_case.number}#1（{imported[0]['id'][:8]}）原件：内容被改动（哈希不符）" in bad.out
    assert f"{demo_case.number}#2（{imported[1]['id'][:8]}）缩略图：文件缺失" in bad.out
    report = run_cli("evidence", "verify", "--json", *d).json()
    assert {(p["item_no"], p["role"], p["status"]) for p in report["problems"]} == {  # type: ignore[index]
        (1, "original", "altered"), (2, "thumbnail", "missing")}


def test_export_writes_originals_and_a_checkable_manifest(
    store: StationStore, demo_case: Case, imported: list[dict], run_cli: Any, tmp_path: Path
) -> None:
    d = ("--data-dir", store.data_dir)
    run_cli("evidence", "withdraw", imported[2]["id"], "--reason", "拍摄对象错误", *d)
    out = tmp_path / "export"
    r = run_cli("evidence", "export", demo_case.number, out, "--as", LEAD_BADGE, *d)
    assert r.code == 0, r.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["case_number"] == demo_case.number and manifest["exported_by"] == LEAD_BADGE
    assert [e["item_no"] for e in manifest["items"]] == [1, 2], "withdrawn items left out"
    for entry in manifest["items"]:
        data = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert entry["file"].endswith(".heic")
    sums = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sums == [f"{e['sha256']}  {e['file']}" for e in manifest["items"]]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(e["file"] for e in manifest["items"]), "manifest.json", "SHA256SUMS"])
    assert ("evidence.export", LEAD_BADGE) in _events(store, demo_case)

    again = run_cli("evidence", "export", demo_case.number, out, *d)
    assert again.code == 2 and "已存在且不为空" in again.err
    onto_file = run_cli("evidence", "export", demo_case.number, out / "manifest.json", *d)
    assert onto_file.code == 2 and "是一个文件" in onto_file.err


def test_export_stops_on_an_altered_file_and_leaves_nothing(
    store: StationStore, demo_case: Case, imported: list[dict], run_cli: Any, tmp_path: Path
) -> None:
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    path = blobs.path_for(imported[1]["sha256"])
    path.chmod(0o644)
    path.write_bytes(b"replaced")
    out = tmp_path / "export"
    before = _events(store, demo_case)
    r = run_cli("evidence", "export", demo_case.number, out, "--data-dir", store.data_dir)
    assert r.code == 1 and f"证据 {demo_case.number}#2 的文件内容与采集时的哈希不符" in r.err
    assert not out.exists()
    assert _events(store, demo_case) == before


def test_export_file_names_stay_inside_the_destination(
    store: StationStore, demo_case: Case, imported: list[dict], run_cli: Any, tmp_path: Path
) -> None:
    with store.session() as s:
        row = s.get(Evidence, imported[0]["id"])
        assert row is not None
        row.original_name = "../../../etc/证据 照片?.jpg"
        store.record(s, row, op="update", actor=LEAD_BADGE, action="evidence.rename")
    out = tmp_path / "export"
    assert run_cli("evidence", "export", demo_case.number, out,
                   "--data-dir", store.data_dir).code == 0
    names = sorted(p.name for p in out.iterdir())
    assert "001_证据_照片.jpg" in names
    assert all(p.parent == out for p in out.rglob("*"))


def test_gc_removes_only_unreferenced_files(
    store: StationStore, demo_case: Case, imported: list[dict], run_cli: Any
) -> None:
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    orphan = blobs.put_bytes(b"left by an import that crashed before its commit")
    issued_pdf = blobs.put_bytes(b"%PDF-1.7 issued decision")
    with store.session() as s:
        doc = Document(case_id=demo_case.id, template_id="decision", number="沪城管罚〔2026〕1号",
                       fields_json="{}", content_hash="0" * 64, pdf_sha256=issued_pdf.sha256,
                       issued_at=clock.now())
        store.record(s, doc, op="insert", actor=LEAD_BADGE, action="doc.issue",
                     case_id=demo_case.id)
    old = blobs.path_for(orphan.sha256).stat().st_mtime - 7200  # file-system clock
    for sha, _ in blobs.iter_blobs():
        os.utime(blobs.path_for(sha), (old, old))
    with store.read() as s:
        assert issued_pdf.sha256 in referenced_blobs(s)
    dry = run_cli("evidence", "gc", "--dry-run", "--data-dir", store.data_dir)
    assert dry.code == 0 and "可清理 1 个未引用文件" in dry.out and blobs.exists(orphan.sha256)
    r = run_cli("evidence", "gc", "--data-dir", store.data_dir)
    assert r.code == 0 and "已清理 1 个未引用文件" in r.out
    assert not blobs.exists(orphan.sha256) and blobs.exists(issued_pdf.sha256)
    ok = run_cli("evidence", "verify", "--data-dir", store.data_dir)
    assert ok.code == 0
