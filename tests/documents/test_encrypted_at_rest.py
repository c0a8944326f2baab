"""Someone who copies a station's data directory reads nothing: after a full case — party,
photos, issued documents, a case file, a backup — no file in the directory holds a party's
name, identity number or phone number (UTF-8 or UTF-16), nor a JPEG or PDF."""

from __future__ import annotations

from pathlib import Path

from gridapp.db.migrate import backup
from gridapp.documents.casefile import build_casefile
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, DEMO_PARTY_ID
from tests.documents.conftest import issue

# Byte runs that would betray a plaintext photo or PDF anywhere in a file (long enough that
# ciphertext never holds them by chance).
MAGIC = (b"\xff\xd8\xff\xe0\x00\x10JFIF", b"\xff\xd8\xff\xe1", b"Exif\x00\x00", b"%PDF-1.",
         b"SQLite format 3")


def _secrets() -> list[bytes]:
    party = DEMO_CASE_INPUT["party"]
    assert isinstance(party, dict)
    texts = [str(party["name"]), DEMO_PARTY_ID, str(party["phone"]), str(party["address"])]
    return [t.encode(enc) for t in texts for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def test_no_personal_data_or_plain_file_in_the_data_directory(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    for template in ("case_source_register", "site_inspection_record", "photo_evidence_sheet"):
        issue(store, photo_case, template)
    with store.read() as s:
        built = build_casefile(store, s, photo_case.number)
    outside = tmp_path / "printed" / "案卷.pdf"  # the officer's own copy, outside the station
    outside.parent.mkdir()
    outside.write_bytes(built.pdf)
    assert b"%PDF-1." in outside.read_bytes()  # the check below can see a PDF
    backup(store.db_path, "0005", store.data_key)  # what a migration leaves in backups/
    data = store.data_dir
    open_files = _scan(data)  # while the station is open: its WAL and shared memory too
    assert {"station.sqlite-wal", "station.sqlite-shm"} <= set(open_files), open_files
    store.close()
    closed = _scan(data)
    names = {name.split("/")[0] for name in closed}
    assert {"station.sqlite", "keys.json", "blobs", "backups"} <= names, names
    assert sum(1 for name in closed if name.startswith("blobs/")) >= 9  # photos, copies, PDFs


def _scan(data: Path) -> list[str]:
    """The files in ``data`` (relative names); fails naming any that holds a secret or magic."""
    files = [p for p in data.rglob("*") if p.is_file()]
    found = []
    for path in files:
        raw = path.read_bytes()
        found += [(str(path.relative_to(data)), needle) for needle in (*_secrets(), *MAGIC)
                  if needle in raw]
    assert found == []
    return [str(p.relative_to(data)) for p in files]
