"""证据 tab: a case's evidence items with what the viewer shows and where the files are.

Plain rows in the case's evidence order (``evidence.numbering.ordered``), withdrawn items
included and marked. ``thumbnail_path`` / ``original_path`` point into the blob store; nothing
here reads the files, so a front end loads them on its file lane (a path may be missing on
disk after damage: ``gridapp evidence verify`` reports that). ``document_pages`` is the one
function that reads a file: a 书证's pages from its print copy, to be called on the file lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from gridapp.errors import ValidationError
from gridapp.evidence import service
from gridapp.evidence.blobstore import for_store, is_sha256
from gridapp.evidence.paging import page_jpegs
from gridapp.keys.streams import CipherError
from gridapp.models import Case, Officer
from gridapp.store import StationStore
from gridapp.vocab.evidence import CAPTURE_TIME_SOURCE, MEDIA
from gridapp.workbench.labels import datetime_text, no_case


@dataclass(frozen=True)
class EvidenceItemView:
    id: str
    label: str  # "#3" (another station's item: "#05-3")
    kind: str  # 证据种类 (``vocab.evidence.EVIDENCE_KIND``: the code is the Chinese name)
    file_name: str  # the original file name
    media_type: str  # MIME type, e.g. image/jpeg
    captured_at_text: str  # station time, "" when unknown
    gps: tuple[float, float] | None  # (lat, lon)
    sha256: str
    imported_by: str  # the importing officer's name
    imported_at_text: str
    withdrawn: bool
    withdraw_reason: str
    thumbnail_path: Path | None  # photos only
    original_path: Path | None
    media: str = ""  # photo | video | audio | document (``vocab.evidence.MEDIA``)
    media_label: str = ""
    caption: str = ""
    capture_time_source_label: str = ""  # where the capture time came from
    size: int = 0
    width: int | None = None
    height: int | None = None
    imported_by_badge: str = ""
    print_path: Path | None = None  # the upright print copy (photos)
    # What the import warned about (each naming the file; Chinese) and the officer's reason
    # for importing it all the same: shown as a marker on the tile and in the viewer.
    warnings: tuple[str, ...] = ()
    warning_reason: str = ""


def blob_path(store: StationStore, sha: str) -> Path | None:
    """Where the blob ``sha`` lives (None for an empty or malformed hash). Its bytes may be
    encrypted: read them with ``blob_bytes``."""
    return for_store(store).path_for(sha) if sha and is_sha256(sha) else None


def blob_bytes(store: StationStore, path: Path) -> bytes:
    """The plaintext of the stored file at ``path`` (one ``blob_path`` gave), decrypted and
    authenticated on an encrypted station. Reads the file: call it off the GUI thread."""
    sha = path.parent.name + path.name
    try:
        return for_store(store).read_bytes(sha)
    except (OSError, CipherError) as exc:
        raise ValidationError(f"无法读取文件 {sha[:12]}…：已损坏或缺失（gridapp verify 可查明）",
                              f"cannot read stored file {sha}: {exc}") from exc


def evidence_items(store: StationStore, case_id: str) -> tuple[EvidenceItemView, ...]:
    """The case's evidence. Unknown case id → ``NotFoundError``."""
    with store.read() as s:
        case = s.get(Case, case_id) if case_id else None
        if case is None or case.deleted:
            raise no_case(case_id)
        rows = service.case_items(s, case)
        officers = {r.officer_id for r in rows if r.officer_id}
        people = {o.id: (o.badge_no, o.name) for o in s.scalars(
            select(Officer).where(Officer.id.in_(officers)))} if officers else {}
        out = []
        for row in rows:
            badge, name = people.get(row.officer_id or "", ("", ""))
            v = service.view(row, case, badge)
            try:
                captured = datetime_text(datetime.fromisoformat(v.captured_at)) if v.captured_at else ""
            except ValueError:
                captured = v.captured_at
            out.append(EvidenceItemView(
                id=v.id, label=f"#{v.item_ref or v.item_no}", kind=v.kind,
                file_name=v.original_name, media_type=v.mime, captured_at_text=captured,
                gps=(v.lat, v.lon) if v.lat is not None and v.lon is not None else None,
                sha256=v.sha256, imported_by=name or badge,
                imported_at_text=datetime_text(row.imported_at), withdrawn=v.withdrawn,
                withdraw_reason=v.withdrawn_reason,
                thumbnail_path=blob_path(store, v.thumb_sha256),
                original_path=blob_path(store, v.sha256),
                media=v.media, media_label=MEDIA.zh(v.media), caption=v.caption,
                capture_time_source_label=CAPTURE_TIME_SOURCE.zh(v.capture_time_source),
                size=v.size, width=v.width, height=v.height, imported_by_badge=badge,
                print_path=blob_path(store, v.print_sha256),
                warnings=v.warnings, warning_reason=v.warning_reason,
            ))
        return tuple(out)


def document_pages(store: StationStore, item: EvidenceItemView) -> tuple[bytes, ...]:
    """A document's pages as JPEG bytes, in order (from its print copy, a PDF of one JPEG per
    page written at import); empty for anything that is not a document. Reads the file: call it
    off the GUI thread."""
    if item.media != "document" or item.print_path is None:
        return ()
    try:
        return tuple(page_jpegs(blob_bytes(store, item.print_path)))
    except (OSError, ValueError) as exc:  # a damaged print copy (verify names it)
        raise ValidationError(f"无法读取书证 {item.label} 的页面：{exc}",
                              f"cannot read the pages of document {item.label}: {exc}") from exc
