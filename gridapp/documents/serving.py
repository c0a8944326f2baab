"""Service (送达) of issued documents and the 送达回证 printed from each service record.

Methods follow 民事诉讼法第八十七条至第九十一条、第九十五条 and the pack's public-notice days:

- 直接送达 may be signed for by a 代收人 (同住成年家属, the unit's 收件人, an agent), named with
  the relation (第八十八条);
- 留置送达 records the refusal reason and the witnesses (有关基层组织或者所在单位的代表, each on
  a line of their own to sign) or the photo/video record of the service (第八十九条);
- 电子送达 only where the party agreed and signed a 电子送达确认书 on this case (行政处罚法第六十一条
  第二款); it counts from the day the message reached the party's system (第九十条第二款);
- 邮寄送达 is dated the receipt day on the 回执, never the mailing day, and names the tracking
  number (第九十一条).

The receipt prints no date in the recipient's box: the recipient writes it when signing
(第八十八条第二款). Nothing internal (a row id) is printed: evidence goes by its case-file label.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog.service import case_officers
from gridapp.documents.context import today_local
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
CONSENT_TEMPLATE = "electronic_service_consent"
ADDRESS_TEMPLATE = "service_address_confirmation"
MAX_WITNESSES = 4
WITNESS_CHARS = 200  # document_service.witness holds the whole list, never a cut one
# Who signs for a unit (民事诉讼法第八十八条): its 法定代表人, its 主要负责人, or the person who
# receives its mail; a 代收人 is recorded as the agent.
SIGNER_ROLES = {"legal_rep": "法定代表人", "head": "主要负责人", "mail_room": "负责收件的人（收发部门）"}
# 留置送达 witnesses come from 有关基层组织或者所在单位 (第八十九条): "姓名（单位）".
WITNESS_FORM = re.compile(r"^(?P<name>[^（(]+)[（(](?P<org>[^）)]+)[）)]$")
BLANK_DATE = "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
BLANK_NAME = "\u3000" * 6


@dataclass(frozen=True)
class ServiceInput:
    method: str
    served_on: str = ""
    recipient: str = ""
    place: str = ""
    refusal_reason: str = ""
    witness: str = ""  # one witness (kept for callers that name only one)
    evidence: str = ""
    consent: bool = False  # no longer enough on its own: the 电子送达确认书 must be on the case
    witnesses: tuple[str, ...] = ()  # 留置送达: "姓名（单位或身份）", one each
    agent: str = ""  # 代收人
    agent_relation: str = ""  # 代收人与受送达人的关系
    tracking_number: str = ""  # 邮寄送达: 邮件号
    mailed_on: str = ""  # 邮寄送达: 交寄日期 (the service date is the receipt day)
    signer_role: str = ""  # a unit party: who signed for it (SIGNER_ROLES), 民事诉讼法第八十八条

    def all_witnesses(self) -> list[str]:
        names = [w.strip() for w in (*self.witnesses, *self.witness.split("、")) if w.strip()]
        return list(dict.fromkeys(names))


# Printed on the service receipt: one line each, no control or bidi characters.
TEXT_FIELDS = (("recipient", "受送达人"), ("place", "送达地点"), ("refusal_reason", "拒收事由"),
               ("evidence", "送达证据"), ("agent", "代收人"),
               ("agent_relation", "代收人与受送达人的关系"), ("tracking_number", "邮件号"))


def _bad(zh: str, en: str, field: str) -> ValidationError:
    return ValidationError(zh, en, field=field)


def _day(raw: str, field: str, label: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise _bad(f"{label}须为 YYYY-MM-DD：{raw}", f"{field} must be ISO", field) from None


def _check(inp: ServiceInput, today: date) -> date:
    if inp.method not in METHODS:
        options = "、".join(f"{k}（{v}）" for k, v in METHODS.items())
        raise _bad(f"未知的送达方式“{inp.method}”，可用：{options}", f"unknown method {inp.method}",
                   "method")
    day = _day(inp.served_on, "served_on", "送达日期") if inp.served_on.strip() else today
    if day > today:
        raise _bad("送达日期不能晚于今天", "service date in the future", "served_on")
    for name, label in TEXT_FIELDS:
        check_text(getattr(inp, name).strip(), name, label=label)
    witnesses = inp.all_witnesses()
    if witnesses and inp.method != "left":
        raise _bad(f"见证人只用于留置送达（《民事诉讼法》第八十九条），{METHODS[inp.method]}不记录见证人",
                   "witnesses only for left-with service", "witness")
    for w in witnesses:
        check_text(w, "witness", label="见证人", max_chars=60)
    if len(witnesses) > MAX_WITNESSES:
        raise _bad(f"见证人最多 {MAX_WITNESSES} 名", "too many witnesses", "witness")
    if len("、".join(witnesses)) > WITNESS_CHARS:
        raise _bad(f"见证人合计不超过 {WITNESS_CHARS} 字（含分隔的“、”），请精简单位名称",
                   "the witnesses do not fit", "witness")
    if inp.agent.strip() and not inp.agent_relation.strip():
        raise _bad("由代收人签收的，须写明代收人与受送达人的关系（如同住成年家属、单位收件人）"
                   "（《民事诉讼法》第八十八条）", "an agent needs the relation", "agent_relation")
    if inp.method == "left" and inp.agent.strip():
        raise _bad("留置送达是受送达人拒收，不能同时记录代收人", "left-with has no agent", "agent")
    if inp.method == "left" and not inp.refusal_reason.strip():
        raise _bad("留置送达须记明拒收事由（《民事诉讼法》第八十九条）",
                   "left-with service needs the refusal reason", "refusal_reason")
    if inp.method == "left":
        for w in witnesses:
            if WITNESS_FORM.match(w) is None:
                raise _bad(f"留置送达的见证人须写明所在单位（有关基层组织或者所在单位的代表），"
                           f"按“姓名（单位）”填写，如“王芳（南京东路街道居委会）”：{w}"
                           "（《民事诉讼法》第八十九条）", "a witness needs the organisation",
                           "witness")
    if inp.signer_role and inp.signer_role not in SIGNER_ROLES:
        options = "、".join(f"{k}（{v}）" for k, v in SIGNER_ROLES.items())
        raise _bad(f"未知的签收人身份“{inp.signer_role}”，可用：{options}",
                   f"unknown signer role {inp.signer_role}", "signer_role")
    if inp.signer_role and (inp.method != "direct" or inp.agent.strip()):
        raise _bad("签收人身份只用于单位当事人直接送达时本单位人员签收（代收人另记）",
                   "signer role only for direct service to a unit", "signer_role")
    if inp.method == "left" and not (witnesses or inp.evidence.strip()):
        raise _bad("留置送达须有见证人到场签名，或以拍照、录像记录送达过程（--evidence）"
                   "（《民事诉讼法》第八十九条）",
                   "left-with service needs a witness or photo/video evidence", "witness")
    if inp.method == "left" and not inp.place.strip():
        # 民事诉讼法第八十九条: left where it was actually left — the officer states the place
        # (the desktop pre-fills the party's recorded address for the officer to confirm).
        raise _bad("留置送达须写明文书留置的地点（受送达人的住所），请填写送达地点（--place）"
                   "（《民事诉讼法》第八十九条）", "left-with service needs the place", "place")
    if inp.method == "post":
        if not inp.tracking_number.strip():
            raise _bad("邮寄送达须记录邮件号（--tracking-number），以便查验回执（《民事诉讼法》第九十一条）",
                       "postal service needs the tracking number", "tracking_number")
        if not inp.served_on.strip():
            raise _bad("邮寄送达以回执上注明的收件日期为送达日期，请填写回执的签收日期（--date），"
                       "不是交寄日期（《民事诉讼法》第九十一条）",
                       "postal service is dated the receipt day", "served_on")
        if inp.mailed_on.strip():
            mailed = _day(inp.mailed_on, "mailed_on", "交寄日期")
            if mailed > day:
                raise _bad(f"回执签收日期 {day} 早于交寄日期 {mailed}", "received before mailed",
                           "served_on")
    elif inp.tracking_number.strip() or inp.mailed_on.strip():
        raise _bad("邮件号、交寄日期只用于邮寄送达", "tracking number only for post", "tracking_number")
    return day


def _check_dates(doc: Document, inp: ServiceInput, day: date) -> None:
    """A document is served (and mailed) on or after the date it bears."""
    from gridapp.documents.date_gates import document_day

    dated = document_day(doc)
    title = get_template(doc.template_id).title
    if day < dated:
        raise _bad(f"送达日期 {day} 早于{title}（{doc.number}）的日期 {dated}：文书作出之前不能送达",
                   "served before the document's date", "served_on")
    if inp.method == "post" and inp.mailed_on.strip():
        mailed = _day(inp.mailed_on, "mailed_on", "交寄日期")
        if mailed < dated:
            raise _bad(f"交寄日期 {mailed} 早于{title}（{doc.number}）的日期 {dated}：文书作出之前不能交寄",
                       "mailed before the document's date", "mailed_on")


def latest_of(session: Session, case_id: str, template_id: str) -> Document | None:
    """The case's latest valid document of ``template_id``, if any."""
    return session.scalars(
        select(Document).where(Document.case_id == case_id, Document.template_id == template_id,
                               Document.voided_at.is_(None), Document.deleted.is_(False))
        .order_by(Document.issued_at.desc())
    ).first()


def consent_document(session: Session, case_id: str) -> Document | None:
    """The case's valid 电子送达确认书 (the latest), if any."""
    return latest_of(session, case_id, CONSENT_TEMPLATE)


def serve_document(store: StationStore, session: Session, ref: str, inp: ServiceInput,
                   actor: str) -> DocumentService:
    store.officer_by_badge(session, actor)
    doc = find_document(session, ref)
    if doc.voided_at is not None:
        raise _bad(f"文书 {doc.number} 已作废，不能送达", f"{doc.number} is void", "document")
    day = _check(inp, date.fromisoformat(today_local()))
    _check_dates(doc, inp, day)
    details: dict[str, Any] = {}
    place = inp.place.strip()
    if inp.method == "electronic":
        consent = consent_document(session, doc.case_id)
        if consent is None:
            raise _bad("电子送达须经受送达人同意并签订电子送达确认书（《行政处罚法》第六十一条第二款），"
                       "本案没有有效的电子送达确认书，请先制作并由当事人签字",
                       "electronic service needs the party's signed consent on this case", "consent")
        details["consent_number"] = consent.number
        address = str(json.loads(consent.fields_json).get("address") or "")
        place = place or address
        details["consent_address"] = address
    if inp.method == "post" and not place:  # mailed to the address the party confirmed
        confirmed = latest_of(session, doc.case_id, ADDRESS_TEMPLATE)
        if confirmed is not None:
            place = str(json.loads(confirmed.fields_json).get("address") or "")
            details["address_number"] = confirmed.number
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
    witnesses = inp.all_witnesses()
    if witnesses:
        details["witnesses"] = witnesses
    if inp.agent.strip():
        details["agent"] = inp.agent.strip()
        details["agent_relation"] = inp.agent_relation.strip()
    if inp.signer_role:
        party = _party(session, doc)
        if party is None or party.kind == "person":
            raise _bad("签收人身份（法定代表人、主要负责人、负责收件的人）只用于单位当事人",
                       "signer role only for a unit party", "signer_role")
        details["signer_role"] = inp.signer_role
    if inp.method == "post":
        details["tracking_number"] = inp.tracking_number.strip()
        if inp.mailed_on.strip():
            details["mailed_on"] = inp.mailed_on.strip()
    deemed = day + timedelta(days=store.pack.service_by_notice_days) if inp.method == "notice" else day
    row = DocumentService(
        document_id=doc.id, method=inp.method, recipient=recipient, served_on=day.isoformat(),
        place=place, refusal_reason=inp.refusal_reason.strip(),
        witness="、".join(witnesses), evidence_id=evidence_id,
        deemed_served_on=deemed.isoformat(),
        details_json=json.dumps(details, ensure_ascii=False, sort_keys=True),
    )
    store.record(session, row, op="insert", actor=actor, action="doc.serve", case_id=doc.case_id,
                 audit_after={"number": doc.number, "method": inp.method,
                              "served_on": row.served_on, "deemed_served_on": row.deemed_served_on,
                              **{k: v for k, v in details.items()
                                 if k in ("consent_number", "tracking_number", "mailed_on")}})
    return row


def details_of(svc: DocumentService) -> dict[str, Any]:
    try:
        data = json.loads(svc.details_json or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _party(session: Session, doc: Document) -> Party | None:
    case = session.get(Case, doc.case_id)
    return session.get(Party, case.party_id) if case and case.party_id else None


def _party_name(session: Session, doc: Document) -> str:
    party = _party(session, doc)
    return party.name if party else ""


def services_of(session: Session, doc_id: str) -> list[DocumentService]:
    return list(session.scalars(
        select(DocumentService).where(DocumentService.document_id == doc_id,
                                      DocumentService.deleted.is_(False))
        .order_by(DocumentService.served_on, DocumentService.updated_at)
    ))


SIGN_LINE = "签名（捺印）：" + "\u3000" * 12
STRUCK = "是"  # the value of a ``struck_*`` field: the row is not used and is struck through


def receipt_values(session: Session, doc: Document, svc: DocumentService | None,
                   authority: str) -> dict[str, str]:
    """Fields of the 送达回证 for one service record (blank lines to fill by hand when not yet
    served). The recipient's and 代收人's boxes never carry a printed date: the signer writes it
    (民事诉讼法第八十八条第二款) — except where nobody signs and the record dates the service
    (留置送达: the day it was left; 邮寄: the receipt day; 电子: the day it arrived; 公告). Rows the
    method does not use are struck through (``struck_*``); each 送达人 signs on a line of their
    own; a unit's signer states in what capacity (第八十八条); each witness is named with their
    organisation (第八十九条)."""
    title = get_template(doc.template_id).title
    officers = case_officers(session, doc.case_id)
    party = _party(session, doc)
    unit = party is not None and party.kind != "person"
    values = {"authority": authority, "doc_number": f"{doc.number}（回证）", "doc_title": title,
              "served_number": doc.number, "servers": "、".join(o.name for o in officers),
              "server_lines": _server_lines(officers, ""),
              "recipient": party.name if party else "", "agent": "", "agent_relation": "",
              "recipient_sign": _recipient_sign(unit, ""),
              "witness_lines": _witness_lines([]), "delivery": "", "served_on": "",
              "place": "", "method": "", "refusal": "", "witness": "", "proof": "",
              "struck_recipient": "", "struck_agent": "", "struck_left": "",
              "struck_delivery": ""}
    if svc is None:
        return values
    details = details_of(svc)
    method = METHODS.get(svc.method, svc.method)
    if svc.method == "notice":
        method += f"（{svc.served_on}公告，{svc.deemed_served_on}视为送达）"
    witnesses = [str(w) for w in details.get("witnesses") or []]
    if not witnesses and svc.witness:
        witnesses = svc.witness.split("、")
    agent = str(details.get("agent") or "")
    day = svc.deemed_served_on or svc.served_on
    values.update({
        "recipient": svc.recipient, "place": svc.place, "method": method,
        "served_on": day, "refusal": svc.refusal_reason,
        "witness": "、".join(witnesses), "proof": _proof(session, svc.evidence_id),
        "agent": agent, "agent_relation": str(details.get("agent_relation") or ""),
        # 留置送达: a line per witness; none when the service was recorded on photo/video.
        "witness_lines": _witness_lines(witnesses) if svc.method == "left" and (
            witnesses or not svc.evidence_id) else "",
        "delivery": _delivery(svc, details),
        "server_lines": _server_lines(officers, day),
        "recipient_sign": _recipient_sign(unit, str(details.get("signer_role") or ""), svc),
        "struck_recipient": STRUCK if svc.method == "direct" and agent else "",
        "struck_agent": "" if svc.method == "direct" and agent else STRUCK,
        "struck_left": "" if svc.method == "left" else STRUCK,
        "struck_delivery": "" if svc.method in ("post", "electronic") else STRUCK,
    })
    return values


def _recipient_sign(unit: bool, role: str, svc: DocumentService | None = None) -> str:
    """The recipient's box: a signature line with no printed date; for a unit, the signer's
    capacity (recorded, or the choices to tick); where nobody signs, what the record says."""
    if svc is not None and svc.method != "direct":
        day = _cn_date(svc.deemed_served_on or svc.served_on)
        return {
            "left": f"受送达人拒绝签收，{day}留置送达（见留置送达栏）",
            "post": f"以邮件回执为凭（见邮寄送达栏），回执签收日期：{day}",
            "electronic": f"电子送达，送达信息于{day}到达受送达人特定系统",
            "notice": f"公告送达，{day}视为送达",
        }.get(svc.method, "")
    capacity = ""
    if unit:
        capacity = ("签收人身份：" + SIGNER_ROLES[role] if role in SIGNER_ROLES else
                    "签收人身份：" + "\u3000".join(f"□{v}" for v in SIGNER_ROLES.values()))
        capacity += "\n"
    return f"{capacity}{SIGN_LINE}{BLANK_DATE}"


def _server_lines(officers: list[Any], day: str) -> str:
    """One line per 送达人 to sign, with the 执法证号, then the date of service (the record's,
    or blank to write in)."""
    names = [f"{o.name}（执法证号{o.badge_no}）" for o in officers] or [BLANK_NAME, BLANK_NAME]
    lines = [f"{name}\u3000签名：{BLANK_NAME}" for name in names]
    return "\n".join([*lines, f"送达日期：{_cn_date(day) if day else BLANK_DATE}"])


def _cn_date(raw: str) -> str:
    try:
        d = date.fromisoformat(raw)
    except ValueError:
        return raw
    return f"{d.year}年{d.month}月{d.day}日"


def _witness_lines(witnesses: list[str]) -> str:
    """One line per witness to sign, named with their organisation (民事诉讼法第八十九条); two
    blank lines, with the organisation to write in, on a blank receipt."""
    if not witnesses:
        return "\n".join(f"见证人：{BLANK_NAME}\u3000单位：{BLANK_NAME}\u3000签名：{BLANK_NAME}"
                         for _ in range(2))
    return "\n".join(f"见证人：{name}\u3000签名：{BLANK_NAME}" for name in witnesses)


def _delivery(svc: DocumentService, details: dict[str, Any]) -> str:
    if svc.method == "post":
        mailed = f"；交寄日期：{details['mailed_on']}" if details.get("mailed_on") else ""
        confirmed = (f"寄往送达地址确认书 {details['address_number']} 确认的地址；"
                     if details.get("address_number") else "")
        return (f"{confirmed}邮件号：{details.get('tracking_number', '')}{mailed}；"
                f"回执签收日期：{svc.served_on}（以回执上注明的收件日期为送达日期）")
    if svc.method == "electronic":
        return (f"依据电子送达确认书 {details.get('consent_number', '')}，送至 {svc.place}；"
                f"送达信息到达日期：{svc.served_on}")
    return ""


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


def service_summary(svc: DocumentService, session: Session | None = None) -> dict[str, str]:
    """A service record as the CLI shows it: the evidence by its case-file label, not its id."""
    return {"method": svc.method, "method_label": METHODS.get(svc.method, svc.method),
            "recipient": svc.recipient, "served_on": svc.served_on,
            "deemed_served_on": svc.deemed_served_on, "place": svc.place,
            "refusal_reason": svc.refusal_reason, "witness": svc.witness,
            "evidence": _proof(session, svc.evidence_id) if session is not None else "",
            "id": svc.id, **{k: "、".join(v) if isinstance(v, list) else str(v)
                             for k, v in details_of(svc).items()}}


def fields_of(doc: Document) -> dict[str, object]:
    data: dict[str, object] = json.loads(doc.fields_json)
    return data


def party_address(session: Session, case_id: str) -> str:
    """The address recorded for the case's party ("" when none): what the service dialog
    offers as the place of a 留置送达 for the officer to confirm."""
    case = session.get(Case, case_id)
    party = session.get(Party, case.party_id) if case is not None and case.party_id else None
    return party.address.strip() if party is not None and party.address else ""
