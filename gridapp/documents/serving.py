"""Service (送达) of issued documents and the 送达回证 printed from each service record.

Methods follow 民事诉讼法第八十七条至第九十一条、第九十五条 and the pack's public-notice days:
a refusal needs a reason plus a witness or photo/video evidence (留置送达); electronic service
needs the party's recorded consent (行政处罚法第六十一条).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog.service import case_officers
from gridapp.documents.context import local, today_local
from gridapp.documents.render import Rendered
from gridapp.documents.service import find_document, render_values
from gridapp.documents.templates import get_template
from gridapp.errors import ValidationError
from gridapp.inputlimits import check_text
from gridapp.models import Case, Document, DocumentService, Evidence, Party
from gridapp.store import StationStore

METHODS = {
    "direct": "直接送达",
    "left": "留置送达",
    "post": "邮寄送达",
    "electronic": "电子送达（经受送达人同意）",
    "notice": "公告送达",
}


@dataclass(frozen=True)
class ServiceInput:
    method: str
    served_on: str = ""
    recipient: str = ""
    place: str = ""
    refusal_reason: str = ""
    witness: str = ""
    evidence: str = ""
    consent: bool = False


# Printed on the service receipt: one line each, no control or bidi characters.
TEXT_FIELDS = (("recipient", "受送达人"), ("place", "送达地点"), ("refusal_reason", "拒收事由"),
               ("witness", "见证人"), ("evidence", "送达证据"))


def _bad(zh: str, en: str, field: str) -> ValidationError:
    return ValidationError(zh, en, field=field)


def _check(inp: ServiceInput, today: date) -> date:
    if inp.method not in METHODS:
        options = "、".join(f"{k}（{v}）" for k, v in METHODS.items())
        raise _bad(f"未知的送达方式“{inp.method}”，可用：{options}", f"unknown method {inp.method}",
                   "method")
    try:
        day = date.fromisoformat(inp.served_on) if inp.served_on else today
    except ValueError:
        raise _bad(f"送达日期须为 YYYY-MM-DD：{inp.served_on}", "served_on must be ISO",
                   "served_on") from None
    if day > today:
        raise _bad("送达日期不能晚于今天", "service date in the future", "served_on")
    for name, label in TEXT_FIELDS:
        check_text(getattr(inp, name).strip(), name, label=label)
    if inp.method == "left" and not inp.refusal_reason.strip():
        raise _bad("留置送达须记明拒收事由", "left-with service needs the refusal reason", "refusal_reason")
    if inp.method == "left" and not (inp.witness.strip() or inp.evidence.strip()):
        raise _bad("留置送达须有见证人，或以拍照、录像记录送达过程（--evidence）",
                   "left-with service needs a witness or photo/video evidence", "witness")
    if inp.method == "electronic" and not inp.consent:
        raise _bad("电子送达须经受送达人同意并签订确认书（--consent）",
                   "electronic service needs the recipient's consent", "consent")
    return day


def serve_document(store: StationStore, session: Session, ref: str, inp: ServiceInput,
                   actor: str) -> DocumentService:
    store.officer_by_badge(session, actor)
    doc = find_document(session, ref)
    if doc.voided_at is not None:
        raise _bad(f"文书 {doc.number} 已作废，不能送达", f"{doc.number} is void", "document")
    day = _check(inp, date.fromisoformat(today_local()))
    issued = local(doc.issued_at)
    if issued is not None and day < issued.date():
        raise _bad(f"送达日期 {day} 早于文书签发日期 {issued.date()}", "served before issue",
                   "served_on")
    evidence_id = None
    if inp.evidence:
        ev = session.scalars(select(Evidence).where(Evidence.case_id == doc.case_id,
                                                    Evidence.id == inp.evidence)).first()
        if ev is None:
            raise _bad(f"本案没有证据 {inp.evidence}", f"no evidence {inp.evidence}", "evidence")
        evidence_id = ev.id
    recipient = inp.recipient.strip() or _party_name(session, doc)
    if not recipient:
        raise _bad("请填写受送达人（--recipient）", "recipient required", "recipient")
    deemed = day + timedelta(days=store.pack.service_by_notice_days) if inp.method == "notice" else day
    row = DocumentService(
        document_id=doc.id, method=inp.method, recipient=recipient, served_on=day.isoformat(),
        place=inp.place.strip(), refusal_reason=inp.refusal_reason.strip(),
        witness=inp.witness.strip(), evidence_id=evidence_id, deemed_served_on=deemed.isoformat(),
    )
    store.record(session, row, op="insert", actor=actor, action="doc.serve", case_id=doc.case_id,
                 audit_after={"number": doc.number, "method": inp.method,
                              "served_on": row.served_on, "deemed_served_on": row.deemed_served_on})
    return row


def _party_name(session: Session, doc: Document) -> str:
    case = session.get(Case, doc.case_id)
    party = session.get(Party, case.party_id) if case and case.party_id else None
    return party.name if party else ""


def services_of(session: Session, doc_id: str) -> list[DocumentService]:
    return list(session.scalars(
        select(DocumentService).where(DocumentService.document_id == doc_id,
                                      DocumentService.deleted.is_(False))
        .order_by(DocumentService.served_on, DocumentService.updated_at)
    ))


def receipt_values(session: Session, doc: Document, svc: DocumentService | None,
                   authority: str) -> dict[str, str]:
    """Fields of the 送达回证 for one service record (blank lines when not yet served)."""
    title = get_template(doc.template_id).title
    officers = "、".join(o.name for o in case_officers(session, doc.case_id))
    values = {"authority": authority, "doc_number": f"{doc.number}（回证）", "doc_title": title,
              "served_number": doc.number, "servers": officers,
              "recipient": _party_name(session, doc)}
    if svc is not None:
        method = METHODS.get(svc.method, svc.method)
        if svc.method == "notice":
            method += f"（{svc.served_on}公告，{svc.deemed_served_on}视为送达）"
        values.update({
            "recipient": svc.recipient, "place": svc.place, "method": method,
            "served_on": svc.deemed_served_on or svc.served_on, "refusal": svc.refusal_reason,
            "witness": svc.witness, "proof": _proof(session, svc.evidence_id),
        })
    return values


def _proof(session: Session, evidence_id: str | None) -> str:
    """The photo or video of the service as the case file names it (``案件号#3 现场照片``),
    never its internal id."""
    if not evidence_id:
        return ""
    from gridapp.evidence.service import item_view

    row = session.get(Evidence, evidence_id)
    if row is None:
        return ""
    view = item_view(session, row)
    return f"{view.label} {view.caption}".strip()


def render_receipt(store: StationStore, session: Session, doc: Document,
                   svc: DocumentService | None) -> Rendered:
    from gridapp.documents.service import station_identity

    _, authority = station_identity(session, store)
    template = get_template("service_receipt")
    values = receipt_values(session, doc, svc, authority)
    return render_values(store, session, template, values, values["doc_number"], "file")


def service_summary(svc: DocumentService) -> dict[str, str]:
    return {"method": svc.method, "method_label": METHODS.get(svc.method, svc.method),
            "recipient": svc.recipient, "served_on": svc.served_on,
            "deemed_served_on": svc.deemed_served_on, "place": svc.place,
            "refusal_reason": svc.refusal_reason, "witness": svc.witness,
            "evidence": svc.evidence_id or "", "id": svc.id}


def fields_of(doc: Document) -> dict[str, object]:
    data: dict[str, object] = json.loads(doc.fields_json)
    return data
