"""Importing evidence files into a case (证据采集).

``import_files`` is all-or-nothing for the files it is given:
1. every file is checked (path, type by content, size) and the case and officer looked up;
2. each file is copied into the blob store's staging area while its SHA-256 is computed (this is
   the integrity value recorded at capture), photos are decoded in the memory-limited worker to
   read EXIF and make the thumbnail and print copy, which are staged too;
3. only when every file has been prepared are the blobs committed (fsync'd, renamed, directory
   fsync'd), and then one database transaction adds the rows with their audit events.
A failure in 1–2 removes every staged file: nothing is written. A failure in 3 can leave orphan
blobs (``gc`` removes them) but never a row without its file.

Between 2 and 3 the prepared files are checked against the case (``gridapp.evidence.checks``:
the same content already held, capture time far from the act or after the import, GPS far from
the case's place, no capture time). Warnings do not block, but the officer must give a reason,
recorded with the warnings on each warned item and in its audit event; without one nothing is
written (``WarningsNeedReason``). The desktop splits the import in two (``prepare_import``, then
``commit_import`` or ``PendingImport.discard``) to ask between them.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from gridapp.caselog.service import find_case
from gridapp.caselog.states import TERMINAL
from gridapp.errors import GridappError, StorageError, ValidationError, os_reason
from gridapp.evidence.avprobe import probe_av
from gridapp.evidence.blobstore import BlobStore, Staged, for_store, hash_file
from gridapp.evidence.checks import (
    EvidenceWarning,
    FileFacts,
    assess,
    check_reason,
    warning_list,
)
from gridapp.evidence.imaging import DEFAULT_MAX_PIXELS, DecodeFailure, PhotoResult
from gridapp.evidence.intake import (
    DEFAULT_MAX_BYTES,
    Candidate,
    check_caption,
    check_source,
    normalise_kind,
)
from gridapp.evidence.numbering import next_item_numbers
from gridapp.evidence.paging import MAX_PAGES
from gridapp.evidence.worker import DEFAULT_MEMORY_BUDGET, DecodeWorker
from gridapp.models import Case, Evidence, new_id, utcnow
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ
from gridapp.vocab.case_status import CASE_STATUS

# Mainland China keeps one offset all year; EXIF times without an offset are read in it.
STATION_OFFSET = STATION_TZ


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pixels: int = DEFAULT_MAX_PIXELS
    memory_budget: int = DEFAULT_MEMORY_BUDGET


@dataclass
class Prepared:
    candidate: Candidate
    original: Staged
    derived: list[Staged] = field(default_factory=list)
    photo: PhotoResult | None = None
    captured_at: datetime | None = None
    time_source: str = "file"
    utc_offset: str = ""
    duration_s: float | None = None

    def staged(self) -> list[Staged]:
        return [self.original, *self.derived]


def blob_store(store: StationStore) -> BlobStore:
    return for_store(store)


_DOCUMENT_REFUSALS = {
    "too_many_pages": ("共 {n} 页，超过书证页数上限 " + f"{MAX_PAGES} 页，请拆分后分别导入，未导入",
                       f"too many pages (the limit is {MAX_PAGES}); split the document"),
    "encrypted": ("PDF 已加密，需要密码才能打开，无法查看各页；请导入未加密的文件，未导入",
                  "the PDF is encrypted (needs a password)"),
    "truncated": ("PDF 文件不完整（结尾缺失，可能复制或传输中断），未导入",
                  "the PDF is incomplete (its end is missing)"),
    "scripted": ("PDF 含有 JavaScript 脚本，出于安全考虑不作为证据导入；请另存或打印为 PDF"
                 "（不含脚本）后导入，未导入", "the PDF carries JavaScript"),
    "page_corrupt": ("第 {n} 页已损坏，无法解码；为免漏页，整份文件未导入", "a page is damaged"),
}


def _decode_error(c: Candidate, exc: DecodeFailure, limits: ImportLimits) -> ValidationError:
    if exc.code == "too_large":
        zh = (f"图像像素过多，超过解码上限 {limits.max_pixels / 1e6:.0f} 百万像素"
              "（可能是恶意构造的“解压炸弹”文件），未导入")
        en = f"image exceeds the decode limit of {limits.max_pixels / 1e6:.0f} megapixels"
    elif exc.code == "multipage":
        zh = ("这是多页扫描文件，目前只能导入单页图像；请逐页导出为图片后导入，避免漏页，未导入")
        en = "multi-page scans are not imported yet (import the pages one by one)"
    elif exc.code == "decoder_limit":
        zh = ("图像超出解码限制（解码器的安全限制或解码进程的内存上限），无法安全解码，未导入；"
              "文件本身未必损坏")
        en = "image exceeds the decoder's limits (its security limits or the worker's memory cap)"
    elif exc.code == "sequence":
        zh = "这是HEIF图像序列（连拍或动图），文件中没有静态主图像，无法作为照片导入，未导入"
        en = "a HEIF image sequence with no still (primary) image; not imported as a photo"
    elif exc.code in _DOCUMENT_REFUSALS:
        zh, en = _DOCUMENT_REFUSALS[exc.code]
        number = re.search(r"\d+", exc.detail)  # "page 2: …", "10000 pages (limit 200)"
        zh = zh.replace("{n}", number.group() if number else "?")
    elif exc.code in ("timeout", "crashed"):
        zh, en = "图像解码失败（解码进程超时或异常退出），未导入", "image decoder failed or timed out"
    else:
        zh, en = "图像文件已损坏或不完整，无法解码，未导入", "image is corrupt or truncated"
    return ValidationError(f"{c.name}：{zh}", f"{c.name}: {en} ({exc.detail})", field="file")


def _photo_time(meta: dict[str, object]) -> tuple[datetime | None, str, str]:
    local = meta.get("captured_local")
    if not isinstance(local, str):
        return None, "file", ""
    naive = datetime.fromisoformat(local)
    offset = meta.get("utc_offset")
    # The basic DateTime is when the file was last written (an edit, a phone's save), which
    # may not be the capture: recorded under its own source so the officer can tell.
    tag = meta.get("time_tag")
    if isinstance(offset, str) and offset:
        aware = datetime.fromisoformat(f"{local}{offset}")
        source = {"datetime": "exif_datetime", "xmp": "xmp"}.get(str(tag), "exif")
        return aware.astimezone(UTC), source, offset
    source = {"datetime": "exif_datetime", "xmp": "xmp_local"}.get(str(tag), "exif_local")
    return naive.replace(tzinfo=STATION_OFFSET).astimezone(UTC), source, "+08:00"


def _prepare(
    c: Candidate, blobs: BlobStore, worker: DecodeWorker, limits: ImportLimits
) -> Prepared:
    try:
        with c.path.open("rb") as src:
            original = blobs.stage_stream(src, max_bytes=limits.max_bytes)
    except ValidationError as exc:  # unreadable midway, or grew past the cap while copied
        raise ValidationError(f"{c.name}：{exc.message_zh}", f"{c.name}: {exc.message_en}",
                              field="file") from exc
    except OSError as exc:
        raise ValidationError(
            f"{c.name}：读取文件失败（{os_reason(exc)}），未导入",
            f"{c.name}: read failed ({exc.strerror or exc})", field="file",
        ) from exc
    prep = Prepared(candidate=c, original=original)
    # The staged copy of an encrypted store is ciphertext: the worker reads the source file
    # instead, which must still hold the bytes that were staged (checked after reading).
    readable = original.temp if blobs.key is None else c.path
    try:
        if c.sniffed.media in ("photo", "document"):
            try:
                prep.photo = worker.decode(readable, max_pixels=limits.max_pixels,
                                           document=c.sniffed.media == "document")
            except DecodeFailure as exc:
                raise _decode_error(c, exc, limits) from exc
            for data in (prep.photo.thumb, prep.photo.print_copy):
                prep.derived.append(blobs.stage_bytes(data))
            prep.captured_at, prep.time_source, prep.utc_offset = _photo_time(prep.photo.meta)
        else:
            av = probe_av(readable, c.sniffed.mime)
            prep.duration_s = av.duration_s
            if av.created_at is not None:
                prep.captured_at, prep.time_source = av.created_at, "media"
        if readable != original.temp:
            _same_as_staged(c, original)
    except BaseException:
        for staged in prep.staged():
            blobs.discard(staged)
        raise
    if prep.captured_at is None:
        prep.captured_at = datetime.fromtimestamp(c.mtime, UTC)
        prep.time_source, prep.utc_offset = "file", ""
    return prep


def _same_as_staged(c: Candidate, original: Staged) -> None:
    try:
        now_there = hash_file(c.path)
    except OSError as exc:
        raise ValidationError(f"{c.name}：读取文件失败（{os_reason(exc)}），未导入",
                              f"{c.name}: read failed ({exc.strerror or exc})",
                              field="file") from exc
    if now_there != (original.sha256, original.size):
        raise ValidationError(f"{c.name}：文件在导入过程中被改动，未导入；请确认文件后重新导入",
                              f"{c.name} changed while it was imported", field="file")


def _open_case(session: Session, case_ref: str) -> Case:
    case = find_case(session, case_ref)
    if case.status in TERMINAL:
        label = CASE_STATUS.zh(case.status)
        raise ValidationError(
            f"案件 {case.number} 状态为“{label}”，不能再添加证据",
            f"case {case.number} is {case.status}; no evidence can be added", field="case",
        )
    return case


def _row(prep: Prepared, case: Case, item_no: int, officer_id: str, kind: str,
         caption: str, device: str) -> Evidence:
    c, meta = prep.candidate, (prep.photo.meta if prep.photo else {})
    lat, lon = meta.get("lat"), meta.get("lon")
    width, height = meta.get("width"), meta.get("height")
    return Evidence(
        id=new_id(), case_id=case.id, item_no=item_no, origin_device=device,
        sha256=prep.original.sha256, size=prep.original.size,
        mime=c.sniffed.mime, media=c.sniffed.media, kind=kind, caption=caption,
        original_name=c.name, captured_at=prep.captured_at,
        capture_time_source=prep.time_source, capture_utc_offset=prep.utc_offset,
        lat=lat if isinstance(lat, float) else None,
        lon=lon if isinstance(lon, float) else None,
        camera=str(meta.get("camera", "")),
        width=width if isinstance(width, int) else None,
        height=height if isinstance(height, int) else None,
        duration_s=prep.duration_s,
        thumb_sha256=prep.derived[0].sha256 if prep.derived else "",
        print_sha256=prep.derived[1].sha256 if prep.derived else "",
        officer_id=officer_id, imported_at=utcnow(),
    )


class WarningsNeedReason(ValidationError):
    """The files have warnings and no reason was given: nothing was written."""

    def __init__(self, warnings: Sequence[EvidenceWarning]) -> None:
        self.warnings = tuple(warnings)
        listed = warning_list(self.warnings)
        super().__init__(
            f"导入的证据有以下 {len(self.warnings)} 条提示，须说明理由后才能导入，"
            f"未导入任何文件：\n{listed}",
            f"{len(self.warnings)} warning(s) need a reason; nothing imported:\n"
            + "\n".join(w.text_en for w in self.warnings),
            field="reason",
        )


@dataclass
class PendingImport:
    """An import whose files are staged and checked but not yet committed (``prepare_import``).

    Hold it only while the officer is asked about its ``warnings``: it keeps ``gc`` waiting.
    ``commit_import`` writes it; ``discard`` removes its staged files (safe to call twice)."""

    case_ref: str
    case_number: str
    actor: str
    officer_id: str
    caption: str
    kinds: list[str]
    prepared: list[Prepared]
    per_file: list[list[EvidenceWarning]]
    blobs: BlobStore
    lock: contextlib.ExitStack
    finished: bool = False

    @property
    def warnings(self) -> tuple[EvidenceWarning, ...]:
        return tuple(w for found in self.per_file for w in found)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.candidate.name for p in self.prepared)

    def discard(self) -> None:
        if self.finished:
            return
        self.finished = True
        try:
            for prep in self.prepared:
                for staged in prep.staged():
                    self.blobs.discard(staged)
        finally:
            self.lock.close()


def import_files(
    store: StationStore,
    case_ref: str,
    paths: Sequence[Path],
    *,
    actor: str,
    kind: str | None = None,
    caption: str = "",
    reason: str | None = None,
    limits: ImportLimits | None = None,
    blobs: BlobStore | None = None,
    worker: DecodeWorker | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[str]:
    """Import ``paths`` into the case as new evidence items; returns their ids in order.

    When the import has warnings (``gridapp.evidence.checks``) ``reason`` is required (else
    ``WarningsNeedReason``, nothing written); it is recorded on each warned item and in its
    audit event. A given reason is checked before any file is read.
    ``progress(done, total)`` is called after each file is prepared; ``cancelled()`` is polled
    before each file and, once true, the import stops with nothing written.
    """
    text = check_reason(reason) if reason is not None else None
    pending = prepare_import(store, case_ref, paths, actor=actor, kind=kind, caption=caption,
                             limits=limits, blobs=blobs, worker=worker, progress=progress,
                             cancelled=cancelled)
    try:
        return commit_import(store, pending, text)
    finally:
        pending.discard()


def prepare_import(
    store: StationStore,
    case_ref: str,
    paths: Sequence[Path],
    *,
    actor: str,
    kind: str | None = None,
    caption: str = "",
    limits: ImportLimits | None = None,
    blobs: BlobStore | None = None,
    worker: DecodeWorker | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PendingImport:
    """Check, copy and decode the files and find their warnings; nothing is committed. The
    caller must end the returned import with ``commit_import`` or ``PendingImport.discard``."""
    if store.identity_error is not None:  # a copied data directory: refuse before any file work
        raise store.identity_error
    limits = limits or ImportLimits()
    blobs = blobs or blob_store(store)
    if not paths:
        raise ValidationError("没有给出要导入的文件", "no files given", field="file")
    caption = check_caption(caption)
    candidates = [check_source(Path(p), max_bytes=limits.max_bytes) for p in paths]
    kinds = [normalise_kind(kind, c.sniffed.media) for c in candidates]
    with store.read() as s:
        number = _open_case(s, case_ref).number
        officer_id = store.officer_by_badge(s, actor).id
    lock = contextlib.ExitStack()
    lock.enter_context(blobs.writing())  # gc waits until the rows naming these blobs commit
    try:
        prepared = _prepare_all(candidates, blobs, worker, limits, progress, cancelled)
        try:
            with store.read() as s:
                per_file = _assess(store, s, _open_case(s, case_ref), prepared, utcnow())
        except BaseException:
            _discard_all(blobs, prepared)
            raise
    except BaseException:
        lock.close()
        raise
    return PendingImport(case_ref, number, actor, officer_id, caption, kinds, prepared,
                         per_file, blobs, lock)


def _facts(prep: Prepared) -> FileFacts:
    meta = prep.photo.meta if prep.photo else {}
    lat, lon = meta.get("lat"), meta.get("lon")
    return FileFacts(
        name=prep.candidate.name, sha256=prep.original.sha256,
        media=prep.candidate.sniffed.media, captured_at=prep.captured_at,
        time_source=prep.time_source,
        lat=lat if isinstance(lat, float) else None, lon=lon if isinstance(lon, float) else None,
    )


def _assess(store: StationStore, session: Session, case: Case, prepared: list[Prepared],
            now: datetime) -> list[list[EvidenceWarning]]:
    return assess(session, case, [_facts(p) for p in prepared], store.pack.evidence_checks, now)


def _discard_all(blobs: BlobStore, prepared: list[Prepared]) -> None:
    for prep in prepared:
        for staged in prep.staged():
            blobs.discard(staged)


def _prepare_all(candidates: list[Candidate], blobs: BlobStore, worker: DecodeWorker | None,
                 limits: ImportLimits, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> list[Prepared]:
    own_worker = worker is None
    decoder = worker or DecodeWorker(memory_budget=limits.memory_budget)
    prepared: list[Prepared] = []
    try:
        for c in candidates:
            if cancelled is not None and cancelled():
                raise GridappError("已取消导入，未写入任何证据", "import cancelled, nothing written")
            prepared.append(_prepare(c, blobs, decoder, limits))
            if progress is not None:
                progress(len(prepared), len(candidates))
    except BaseException:
        _discard_all(blobs, prepared)
        raise
    finally:
        if own_worker:
            decoder.close()
    return prepared


def commit_import(store: StationStore, pending: PendingImport, reason: str | None = None
                  ) -> list[str]:
    """Write a prepared import: its blobs, then one transaction with its rows and audit events.

    With warnings, ``reason`` (checked by ``check_reason``) is required; it is recorded with the
    warnings on each warned item and in its audit event. The warnings are found again in the
    writing transaction: one that was not shown when the reason was given (another import of
    the same content meanwhile, an edited act date) refuses the import, nothing written."""
    if pending.finished:
        raise GridappError("这次导入已经结束（已写入或已放弃）", "this import has already ended")
    warnings = pending.warnings
    text = check_reason(reason) if reason is not None else ""
    if warnings and not text:
        pending.discard()
        raise WarningsNeedReason(warnings)
    try:
        with store.read() as s:
            case = _open_case(s, pending.case_ref)
            again = _assess(store, s, case, pending.prepared, utcnow())
        shown = {w.text for w in warnings}
        new = [w for found in again for w in found if w.text not in shown]
        if new:
            raise ValidationError(
                f"准备导入期间出现了新的提示，未导入任何文件，请重新导入：\n{warning_list(new)}",
                "new warnings appeared while the import was prepared; nothing imported:\n"
                + "\n".join(w.text_en for w in new), field="reason")
        _commit_blobs(pending.blobs, pending.prepared)
    except BaseException:
        pending.discard()
        raise
    ids: list[str] = []
    try:
        with store.session() as s:
            case = _open_case(s, pending.case_ref)
            segment, first = next_item_numbers(store, s, case, len(pending.prepared))
            rows = zip(pending.prepared, pending.kinds, pending.per_file, strict=True)
            for n, (prep, item_kind, found) in enumerate(rows):
                row = _row(prep, case, first + n, pending.officer_id, item_kind,
                           pending.caption, store.device_id)
                row.item_segment = segment
                extra: dict[str, object] | None = None
                if found:
                    row.warnings_json = json.dumps([w.stored() for w in found],
                                                   ensure_ascii=False)
                    row.warning_reason = text
                    extra = {"warnings": [w.text for w in found], "warning_reason": text}
                store.record(s, row, op="append", actor=pending.actor, action="evidence.add",
                             case_id=case.id, audit_extra=extra)
                ids.append(row.id)
    finally:
        pending.finished = True
        pending.lock.close()
    return ids


def _commit_blobs(blobs: BlobStore, prepared: list[Prepared]) -> None:
    pending = [staged for prep in prepared for staged in prep.staged()]
    try:
        while pending:
            blobs.commit(pending[0])
            pending.pop(0)
    except StorageError:
        for staged in pending:
            blobs.discard(staged)
        raise
