"""Issuing documents: fill → gates → number → render → blob → immutable record (audited).

Corrections are void-and-reissue: ``void_document`` keeps the row and its number;
``issue_document(..., replaces=...)`` links the new document to the voided one.
"""

from __future__ import annotations

import contextlib
import json
import stat
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gridapp.accounts import roles
from gridapp.caselog.service import find_case
from gridapp.documents import approval_gates, coercion_gates
from gridapp.documents.coercion_gates import coercion_values
from gridapp.documents.context import CHINA, build_context, local, today_local
from gridapp.documents.date_gates import date_gates
from gridapp.documents.decision_gates import review_gates
from gridapp.documents.fill import FillResult, fill_template, parse_overrides
from gridapp.documents.gates import document_gates
from gridapp.documents.more_context import further_values
from gridapp.documents.numbering import allocate_number
from gridapp.documents.procedure import procedure_gates
from gridapp.documents.record_details import record_detail_gates
from gridapp.documents.record_texts import read_record, record_gates
from gridapp.documents.record_values import record_values
from gridapp.documents.render import Rendered, check_printable, render_document
from gridapp.documents.templates import (
    Template,
    get_template,
    template_from_source,
    template_source,
)
from gridapp.errors import IntegrityError, NotFoundError, ValidationError, os_reason
from gridapp.evidence.blobstore import BlobStore, for_store, is_sha256
from gridapp.execution.service import check_void
from gridapp.execution.service import document_values as execution_values
from gridapp.inputlimits import check_text
from gridapp.keys.streams import CipherError
from gridapp.models import Case, Document, Station, utcnow
from gridapp.setup import is_demo_station, station_bureau
from gridapp.store import StationStore
from gridapp.vocab.document_kind import DOCUMENT_KIND


@dataclass(frozen=True)
class IssuedDocument:
    id: str
    number: str
    template_id: str
    title: str
    case_number: str
    pdf_sha256: str
    content_hash: str
    pages: int
    replaces: str | None


def _fine(values: dict[str, Any]) -> int | None:
    raw = str(values.get("fine_amount") or "").strip()
    try:
        return int(float(raw)) if raw else None
    except ValueError:
        return None


def fill_for_case(
    store: StationStore, session: Session, case_ref: str, template_id: str,
    pairs: list[str] | None = None, *, as_of: date | None = None,
) -> tuple[Case, Template, FillResult]:
    """The guided-filling view of ``template_id`` on a case (nothing is written)."""
    template = get_template(template_id)
    case = find_case(session, case_ref)
    overrides = parse_overrides(template, pairs or [])
    ctx = build_context(session, store.pack, case)
    ctx.update(approval_gates.approval_values(session, case, template.id))
    ctx.update(further_values(session, case))
    ctx.update(record_values(session, case))
    ctx.update(execution_values(session, store.pack, case))  # 缴纳、执行情况 from the record
    day = as_of or date.fromisoformat(today_local())
    record = read_record(session, store.pack, case, day)
    ctx.update(record.sources())
    ctx.update(coercion_values(session, store.pack, case, template, day, overrides))
    provisional = fill_template(template, ctx, overrides)
    gates = [*procedure_gates(session, store.pack, case, template, day, provisional.values()),
             *document_gates(session, store.pack, case, template, day,
                             _fine(provisional.values()), provisional.values())]
    gates += record_gates(record, template, provisional.values(), gates)
    gates += date_gates(session, case, template, day, provisional.values())
    gates += record_detail_gates(template, provisional.values())
    gates += review_gates(session, case, template)  # who reviewed (行政处罚法第五十七条、第五十八条)
    return case, template, fill_template(template, ctx, overrides, gates)


def station_identity(session: Session, store: StationStore) -> tuple[str, str]:
    """(station name for the QR code, issuing authority for the header and metadata): the
    bureau the station acts for (its name as configured), never the city bureau of the pack."""
    st = store.station(session)
    bureau = station_bureau(store.pack, st)
    return st.name, bureau.name if bureau is not None else (st.authority or store.pack.authority)


def blob_store(store: StationStore) -> BlobStore:
    return for_store(store)


def resolve_photos(store: StationStore, template: Template, values: dict[str, Any]) -> dict[str, Any]:
    """Attach the print copy (decrypted image and pixel size) to every photo item for drawing."""
    import io

    from PIL import Image
    from reportlab.lib.utils import ImageReader

    out = dict(values)
    blobs = blob_store(store)
    for spec in template.fields:
        if spec.kind != "photos" or not isinstance(values.get(spec.name), list):
            continue
        items = []
        for raw in values[spec.name]:
            item = dict(raw)
            sha = str(item.get("print_sha256") or "")
            if is_sha256(sha) and blobs.exists(sha):
                data = blobs.read_bytes(sha)
                with Image.open(io.BytesIO(data)) as im:
                    item["size"] = im.size
                item["image"] = ImageReader(io.BytesIO(data))
            items.append(item)
        out[spec.name] = items
    return out


def render_values(store: StationStore, session: Session, template: Template, values: dict[str, Any],
                  number: str, copy: str) -> Rendered:
    station, authority = station_identity(session, store)
    return render_document(template, resolve_photos(store, template, values), number=number,
                           station=station, authority=authority, copy=copy,
                           demo=is_demo_station(session, store.station(session)))


def find_document(session: Session, ref: str) -> Document:
    doc = session.scalars(
        select(Document).where(or_(Document.id == ref, Document.number == ref),
                               Document.deleted.is_(False))
    ).first()
    if doc is None:
        raise NotFoundError(f"找不到文书 {ref}", f"no document {ref}", field="document")
    return doc


@dataclass(frozen=True)
class DocumentRow:
    """One document of a case as lists show it (plain data)."""

    id: str
    number: str
    template: str
    title: str
    issued_at: datetime
    voided: bool
    void_reason: str
    pdf_sha256: str


def documents_of_case(session: Session, case_ref: str) -> list[DocumentRow]:
    """The documents issued on case ``case_ref`` (voided ones included), oldest first."""
    case = find_case(session, case_ref)
    docs = session.scalars(
        select(Document)
        .where(Document.case_id == case.id, Document.deleted.is_(False))
        .order_by(Document.issued_at)
    )
    return [
        DocumentRow(
            id=d.id, number=d.number, template=d.template_id,
            title=DOCUMENT_KIND.zh(d.template_id), issued_at=d.issued_at,
            voided=d.voided_at is not None, void_reason=d.void_reason,
            pdf_sha256=d.pdf_sha256,
        )
        for d in docs
    ]


def issue_document(
    store: StationStore, session: Session, case_ref: str, template_id: str, pairs: list[str],
    actor: str, *, replaces: str | None = None, issue_date: date | None = None,
) -> IssuedDocument:
    officer = store.officer_by_badge(session, actor)
    if template_id in roles.APPROVAL_TEMPLATES:
        roles.require(officer, "approve")
    day = issue_date or date.fromisoformat(today_local())
    case, template, result = fill_for_case(store, session, case_ref, template_id, pairs, as_of=day)
    result.check_issuable()
    old = _replaced(session, replaces, case, template) if replaces else None
    check_printable(template, result.values())  # before a number is taken
    number = allocate_number(store, session, store.pack, template.series or "internal", day.year,
                             actor, case.id, station_bureau(store.pack, store.station(session)))
    values = result.values()
    for spec in template.fields:
        if spec.source == "document.number":
            values[spec.name] = number
        elif spec.source == "document.issue_date":
            values[spec.name] = day.isoformat()
    rendered = render_values(store, session, template, values, number, "file")
    blobs = blob_store(store)
    blobs.hold_for(session)  # gc waits until this document's row is committed
    ref = blobs.commit(blobs.stage_bytes(rendered.pdf))
    snapshot = blobs.commit(blobs.stage_bytes(template_source(template.id)))
    doc = Document(
        case_id=case.id, template_id=template.id, template_version=template.version,
        number=number, fields_json=json.dumps(values, ensure_ascii=False),
        content_hash=rendered.content_hash, pdf_sha256=ref.sha256,
        template_sha256=snapshot.sha256, issued_at=_issued_at(day),
        issued_by=officer.id, replaces_id=old.id if old else None,
    )
    store.record(session, doc, op="insert", actor=actor, action="doc.issue", case_id=case.id,
                 audit_after={"template": template.id, "number": number,
                              "pdf_sha256": ref.sha256, "content_hash": rendered.content_hash,
                              "template_sha256": snapshot.sha256,
                              "replaces": old.number if old else None})
    approval_gates.after_issue(store, session, case, template, values, number, actor)
    coercion_gates.after_issue(store, session, case, template, values, number, actor)
    return IssuedDocument(doc.id, number, template.id, template.title, case.number, ref.sha256,
                          rendered.content_hash, rendered.pages, old.number if old else None)


def _issued_at(day: date) -> datetime:
    """Now, or noon (China time) of a back-dated issue day."""
    now = utcnow()
    if day.isoformat() == today_local():
        return now
    return datetime(day.year, day.month, day.day, 12, tzinfo=CHINA).astimezone(now.tzinfo)


def _replaced(session: Session, ref: str, case: Case, template: Template) -> Document:
    old = find_document(session, ref)
    if old.case_id != case.id or old.template_id != template.id:
        raise ValidationError(f"被替换的文书 {old.number} 不是本案的{template.title}",
                              f"{old.number} is not this case's {template.id}", field="replaces")
    if old.voided_at is None:
        raise ValidationError(f"文书 {old.number} 尚未作废，请先作废（说明理由）再重新签发",
                              f"void {old.number} before reissuing", field="replaces")
    return old


MAX_VOID_REASON = 500


def void_document(store: StationStore, session: Session, ref: str, reason: str, actor: str) -> Document:
    if not reason.strip():
        raise ValidationError("作废文书必须说明理由", "a reason is required to void", field="reason")
    check_text(reason.strip(), "reason", label="作废理由", multiline=True,
               max_chars=MAX_VOID_REASON)
    acting = store.officer_by_badge(session, actor)
    doc = find_document(session, ref)
    if doc.issued_by != acting.id:
        roles.require(acting, "doc.void_others")
    if doc.voided_at is not None:
        raise ValidationError(f"文书 {doc.number} 已于 {local(doc.voided_at):%Y-%m-%d} 作废",
                              f"{doc.number} is already void", field="document")
    check_void(session, doc)  # a fine decision with money paid on it: the refund first
    before = {"voided_at": None, "void_reason": ""}
    doc.voided_at = utcnow()
    doc.void_reason = reason.strip()
    store.record(session, doc, op="update", actor=actor, action="doc.void", case_id=doc.case_id,
                 before=before, audit_after={"number": doc.number, "void_reason": doc.void_reason})
    approval_gates.after_void(store, session, doc, actor)
    coercion_gates.after_void(store, session, doc, actor)
    return doc


def _stored_blob(store: StationStore, doc: Document, sha256: str, what: str) -> bytes:
    import hashlib

    blobs = blob_store(store)
    try:
        data = blobs.read_bytes(sha256)
    except NotFoundError as exc:
        raise IntegrityError(f"文书 {doc.number} 的{what}缺失：{blobs.path_for(sha256)}",
                             f"{what} of {doc.number} missing", field="blob") from exc
    except CipherError as exc:
        raise IntegrityError(f"文书 {doc.number} 的{what}已被改动（解密认证失败）",
                             f"{what} of {doc.number} fails authentication", field="blob") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise IntegrityError(f"文书 {doc.number} 的{what}已被改动（SHA-256 不符）",
                             f"{what} of {doc.number} fails its hash", field="blob")
    return data


def stored_pdf(store: StationStore, doc: Document) -> bytes:
    """The issued (file copy) PDF, checked against its recorded SHA-256."""
    return _stored_blob(store, doc, doc.pdf_sha256, "存档文件")


def template_of(store: StationStore, doc: Document) -> Template:
    """The template exactly as it was when ``doc`` was issued."""
    if not doc.template_sha256:
        return get_template(doc.template_id)
    source = _stored_blob(store, doc, doc.template_sha256, "签发时模板")
    return template_from_source(source, f"{doc.number} 签发时模板")


def render_copy(store: StationStore, session: Session, doc: Document, copy: str) -> bytes:
    """``file``: the stored issue itself (complete); ``party``: the same content for the party;
    ``public``: the same content with identity numbers masked, for anyone else; ``bank``: the
    collecting bank's copy (收缴银行联) of a fine decision, identity numbers masked (行政处罚法
    第六十七条: the bank collects, the bureau never does)."""
    if copy == "file":
        return stored_pdf(store, doc)
    template = template_of(store, doc)
    if copy == "bank" and not _fines(template, json.loads(doc.fields_json)):
        raise ValidationError(
            f"文书 {doc.number}（{template.title}）没有罚款，不需要收缴银行联",
            f"{doc.number} imposes no fine: no bank copy", field="copy")
    rendered = render_values(store, session, template, json.loads(doc.fields_json), doc.number, copy)
    if rendered.content_hash != doc.content_hash:
        raise IntegrityError(
            f"文书 {doc.number} 重新生成的内容与签发时不一致，无法生成{'公开联' if copy == 'public' else '当事人联'}；请使用存档联",
            "re-rendered content differs from the issue", field="template")
    return rendered.pdf


def _fines(template: Template, values: dict[str, Any]) -> bool:
    if not any(f.name == "fine_amount" for f in template.fields):
        return False
    amount = _fine(values)
    return amount is not None and amount > 0


def check_output_path(out: Path, *, replace: bool = True) -> Path:
    """``out`` if a PDF may be written there: a file name (not a folder such as ``.``) that is
    missing or a regular file — and, with ``replace`` False, missing (an existing file is never
    replaced without being asked: the CLI's ``--force``). A directory, FIFO or device is refused
    before anything is written: replacing it would destroy it (a device node, as root) or
    writing would block (a FIFO without a reader)."""
    if out.name in ("", ".", ".."):
        raise ValidationError(f"输出位置“{out}”不是文件名，请写出 PDF 文件名（如 文书.pdf）",
                              f"{out} is not a file name", field="out")
    try:
        mode = out.stat().st_mode
    except FileNotFoundError:
        return out
    except OSError as exc:
        raise ValidationError(f"无法写入 {out}：{os_reason(exc)}", f"cannot write {out}",
                              field="out") from exc
    if not stat.S_ISREG(mode):
        raise ValidationError(f"{out} 不是普通文件（可能是目录、管道或设备），未写入",
                              f"{out} is not a regular file", field="out")
    if not replace:
        raise ValidationError(f"文件 {out} 已存在，未覆盖；如需替换请加 --force",
                              f"{out} exists; not replaced without --force", field="out")
    return out


def write_pdf(data: bytes, out: Path) -> None:
    """Write ``data`` to ``out`` whole or not at all (a temporary file renamed into place; it is
    removed when writing fails)."""
    check_output_path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ValidationError(f"无法写入 {out}：{os_reason(exc)}", f"cannot write {out}",
                              field="out") from exc


def station_row(session: Session) -> Station | None:
    return session.scalars(select(Station)).first()


def issued_at_local(doc: Document) -> datetime | None:
    return local(doc.issued_at)
