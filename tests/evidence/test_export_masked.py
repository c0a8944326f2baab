"""An evidence export is meant for others (a court, a review): identity and phone numbers an
officer wrote into a caption or a file name are masked in the manifest and the file names."""

from __future__ import annotations

import shutil
from pathlib import Path

from gridapp.caselog.identity import mask_numbers_in
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import DEMO_PARTY_ID

PHOTO = Path(__file__).resolve().parent.parent / "data" / "photos" / "jpg_Canon_40D.jpg"
PHONE = "13800138000"


def test_numbers_in_captions_and_file_names_are_masked_in_the_export(
        store: StationStore, demo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    named = tmp_path / f"王小明_{PHONE}.jpg"
    shutil.copyfile(PHOTO, named)
    d = store.data_dir
    res = run_cli("--data-dir", d, "evidence", "add", demo_case.number, named, "--caption",
                  f"王小明（身份证 {DEMO_PARTY_ID}，电话 {PHONE}）的水果摊",
                  "--reason", "核实为本案现场照片")
    assert res.code == 0, res.err
    out = tmp_path / "export"
    res = run_cli("--data-dir", d, "evidence", "export", demo_case.number, out)
    assert res.code == 0, res.err
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert "3101**********1234" in manifest and "138****8000" in manifest
    for path in out.rglob("*"):
        assert PHONE not in path.name
        if path.suffix in (".json", ".txt", ".sha256") or path.name.startswith("SHA"):
            data = path.read_bytes()
            for full in (DEMO_PARTY_ID, PHONE):
                assert full.encode() not in data, path.name


def test_mask_numbers_in_free_text() -> None:
    text = f"身份证{DEMO_PARTY_ID}，手机{PHONE}，座机021-63211234，案号沪城管案〔2026〕03-000001"
    masked = mask_numbers_in(text)
    assert masked == ("身份证3101**********1234，手机138****8000，座机021-****1234，"
                      "案号沪城管案〔2026〕03-000001")
