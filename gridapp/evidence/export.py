"""Exporting a case's evidence for review (证据导出): the original files plus a manifest.

Contracts: the destination must be new or empty. Each original is copied from the blob store
while being re-hashed; a missing or altered file stops the export (``IntegrityError``) and
removes what was written. File names are built from the item number and a sanitised original
name, so nothing is written outside the destination. ``manifest.json`` lists every file with its
SHA-256 and capture facts, ``SHA256SUMS`` is checkable with ``sha256sum -c``. The export is
recorded in the audit trail; if that fails, the exported files are removed again.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

from gridapp import audit
from gridapp.caselog.identity import mask_numbers_in
from gridapp.caselog.service import find_case
from gridapp.errors import IntegrityError, StorageError, ValidationError, os_reason
from gridapp.evidence.blobstore import CHUNK, BlobStore, for_store
from gridapp.evidence.service import EvidenceView, list_items
from gridapp.evidence.sniff import EXTENSIONS
from gridapp.keys.streams import CipherError
from gridapp.models import utcnow
from gridapp.store import StationStore

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")


def safe_stem(original_name: str) -> str:
    stem = Path(original_name).stem if original_name else ""
    cleaned = _UNSAFE.sub("_", stem).strip("._")[:60]
    return cleaned or "item"


def _file_name(item: EvidenceView) -> str:
    own = not item.item_ref or item.item_ref == str(item.item_no)
    prefix = f"{item.item_no:03d}" if own else f"{item.item_segment:02d}-{item.item_no:03d}"
    stem = safe_stem(mask_numbers_in(item.original_name))
    return f"{prefix}_{stem}{EXTENSIONS.get(item.mime, '.bin')}"


def _check_destination(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise ValidationError(
            f"{dest} 是一个文件，请指定新的或空的目录作为导出目录",
            f"{dest} is a file, not a directory", field="dir",
        )
    if dest.exists() and any(dest.iterdir()):
        raise ValidationError(
            f"导出目录 {dest} 已存在且不为空，请指定新的或空的目录",
            f"export directory {dest} exists and is not empty", field="dir",
        )


def _copy_verified(blobs: BlobStore, item: EvidenceView, target: Path) -> None:
    digest = hashlib.sha256()
    try:
        with blobs.open(item.sha256) as src, target.open("xb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except CipherError:  # changed, cut short or put there without the key
        digest = hashlib.sha256(b"altered")
    if digest.hexdigest() != item.sha256:
        raise IntegrityError(
            f"证据 {item.label} 的文件内容与采集时的哈希不符，已停止导出",
            f"evidence {item.label} no longer matches its capture hash; export stopped",
        )


# The officer's own words in an export meant for others (court, review): identity and phone
# numbers written into them are masked (``caselog.identity.mask_numbers_in``).
_FREE_TEXT = ("caption", "original_name", "warning_reason", "withdrawn_reason", "camera")


def _entry(item: EvidenceView, name: str) -> dict[str, Any]:
    data = asdict(item)
    for key in _FREE_TEXT:
        if isinstance(data.get(key), str):
            data[key] = mask_numbers_in(data[key])
    data["warnings"] = [mask_numbers_in(w) for w in item.warnings]  # they name the file
    data["file"] = name
    return data


def export_case(
    store: StationStore,
    case_ref: str,
    dest: Path,
    *,
    actor: str,
    include_withdrawn: bool = False,
    blobs: BlobStore | None = None,
) -> dict[str, Any]:
    """Write the case's evidence to ``dest``; returns the manifest."""
    blobs = blobs or for_store(store)
    with store.read() as s:
        case = find_case(s, case_ref)
        store.officer_by_badge(s, actor)
        items = [i for i in list_items(s, case.id) if include_withdrawn or not i.withdrawn]
    _check_destination(dest)
    # Everything is written into a hidden staging folder beside ``dest`` and moved into place
    # only when the manifest is complete: an export killed part-way leaves no half-exported
    # folder, and the next export to the same place removes what it left.
    staging = dest.parent / f".{dest.name}.exporting"
    try:
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
    except OSError as exc:
        raise StorageError(f"导出失败：{os_reason(exc)}", f"export failed: {exc}") from exc
    created = not dest.exists()
    moved = False
    try:
        entries = []
        for item in items:
            name = _file_name(item)
            try:
                _copy_verified(blobs, item, staging / name)
            except FileNotFoundError as exc:
                raise IntegrityError(
                    f"证据 {item.label} 的文件缺失，已停止导出",
                    f"evidence {item.label} is missing from the store; export stopped",
                ) from exc
            entries.append(_entry(item, name))
        manifest: dict[str, Any] = {
            "case_number": case.number, "case_id": case.id,
            "exported_at": utcnow().isoformat(), "exported_by": actor,
            "hash_algorithm": "SHA-256", "items": entries,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2)
        (staging / MANIFEST).write_text(text + "\n", encoding="utf-8")
        (staging / SUMS).write_text(
            "".join(f"{e['sha256']}  {e['file']}\n" for e in entries), encoding="utf-8"
        )
        if not created:
            dest.rmdir()  # empty (checked above)
        staging.rename(dest)
        moved = True
        if store.read_only:
            # An archived station on read-only media: the export is still made (the manifest
            # says who and when), but cannot be recorded in the station's audit chain.
            manifest["audit_recorded"] = False
            return manifest
        with store.session() as s:
            audit.append(
                s, device=store.device_id, actor=actor, action="evidence.export",
                entity="case", entity_id=case.id, case_id=case.id,
                after={"dir": str(dest), "items": [e["id"] for e in entries],
                       "manifest_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()},
            )
    except OSError as exc:
        _undo(dest, staging, moved, created)
        raise StorageError(f"导出失败：{os_reason(exc)}", f"export failed: {exc}") from exc
    except BaseException:
        _undo(dest, staging, moved, created)
        raise
    return manifest


def _undo(dest: Path, staging: Path, moved: bool, created: bool) -> None:
    """Remove what this export wrote; an empty ``dest`` that existed before stays."""
    shutil.rmtree(staging, ignore_errors=True)
    if moved:
        shutil.rmtree(dest, ignore_errors=True)
        if not created:
            dest.mkdir(exist_ok=True)
