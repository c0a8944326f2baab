"""Dates across the case file agree with the procedure: a document is never dated before a
document or a service it depends on, and a record never bears a date after the day it was
numbered. Each refusal names both documents, their numbers and dates, and the article.

A document's date (``document_day``) is the one the 卷内目录 gives it: a record's own date
(its ``start`` or ``time`` field: when the inspection, inquiry or statement took place), else
the date the document bears (its issue date), else the day it was numbered. A service's date is
the day it took effect (公告送达: the day it is deemed served). The document being issued is
dated by its own record date, else by its issue date (``as_of``).

- ``date_order``: the document is dated before one it rests on — an approval form before the
  笔录 and 调查终结报告 it approves (行政处罚法第五十七条第一款), a 立案审批表 before the
  案件来源登记表 (第五十四条第二款), a decision before its approval, its 笔录, the 陈述申辩笔录,
  the 教育告诫记录 or the 事先告知书 (and the service of it or of the 听证告知书: 第四十四条、
  第四十五条、第六十二条、第六十四条), a 当场处罚备案 before the decision (第五十二条第三款), a 结案审批表 before the last
  service or the last document of the case; or it is dated after a document already issued
  that rests on it (an 调查终结报告 dated after the 处罚审批表 that approved it). A 笔录 dated
  after the case's decision records a later event and is not refused for it; one dated after
  the 调查终结报告, the 处罚审批表 or the approved 处罚审批 but before the decision is (先定后取证,
  第五十七条第一款).
  A decision is also never dated before the 负责人 approved the 处罚审批 (第五十七条第一款).
- ``record_dated_after_issue``: a 笔录's own date is after the day it is issued (a record is
  made, then numbered; never numbered before it was made).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.documents.context import local
from gridapp.documents.fill import GateView
from gridapp.documents.templates import Template
from gridapp.models import Case, Document, DocumentService
from gridapp.vocab.document_kind import DOCUMENT_KIND

# Fields whose value dates a record (the day it was made, not the day it was numbered); the
# same as the case file's 卷内目录 (``casefile.RECORD_DATE_FIELDS``).
RECORD_DATE_FIELDS = ("start", "time")
RECORDS = ("site_inspection_record", "inquiry_record")
APL = "《行政处罚法》"
# template → (templates it rests on: it is dated on or after each of them, article).
RESTS_ON: dict[str, tuple[tuple[str, ...], str]] = {
    "filing_approval": (("case_source_register",), APL + "第五十四条第二款"),
    "investigation_report": ((*RECORDS, "filing_approval"), APL + "第五十四条第二款、第五十七条第一款"),
    "penalty_approval": ((*RECORDS, "investigation_report"), APL + "第五十七条第一款"),
    "penalty_decision": ((*RECORDS, "investigation_report", "penalty_approval",
                          "statement_record", "advance_notice", "collective_discussion_record"),
                         APL + "第四十四条、第四十五条、第五十七条、第六十二条"),
    "no_penalty_decision": ((*RECORDS, "investigation_report", "statement_record",
                             "education_record"), APL + "第三十三条第三款、第五十七条第一款"),
    "summary_penalty_filing": (("summary_penalty_decision",), APL + "第五十二条第三款"),
}
CLOSING = "closing_report"
CLOSING_BASIS = APL + "第六十一条、第六十六条（决定送达并履行后结案）"
STATEMENT_BASIS = APL + "第四十四条、第四十五条、第六十二条"


def _fields(doc: Document) -> dict[str, Any]:
    try:
        data = json.loads(doc.fields_json or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _iso(raw: object) -> date | None:
    try:
        return date.fromisoformat(str(raw or "").strip()[:10])
    except ValueError:
        return None


def record_day(values: Mapping[str, Any]) -> date | None:
    """A record's own date (its ``start`` or ``time`` field), if it has one."""
    for name in RECORD_DATE_FIELDS:
        day = _iso(values.get(name))
        if day is not None:
            return day
    return None


def document_day(doc: Document) -> date:
    """The date a document bears: its record date, else its issue date, else the day it was
    numbered (station time)."""
    values = _fields(doc)
    day = record_day(values) or _iso(values.get("issue_date"))
    if day is not None:
        return day
    issued = local(doc.issued_at)
    assert issued is not None
    return issued.date()


@dataclass(frozen=True)
class Dated:
    """One valid document of the case with its date and its services' dates."""

    doc: Document
    day: date
    served: tuple[date, ...]

    @property
    def name(self) -> str:
        return f"{DOCUMENT_KIND.zh(self.doc.template_id)}（{self.doc.number}）"


def case_documents(session: Session, case: Case) -> list[Dated]:
    docs = session.scalars(
        select(Document).where(Document.case_id == case.id, Document.voided_at.is_(None),
                               Document.deleted.is_(False)).order_by(Document.issued_at)
    ).all()
    served: dict[str, list[date]] = {}
    for doc_id, on, deemed in session.execute(
        select(DocumentService.document_id, DocumentService.served_on,
               DocumentService.deemed_served_on)
        .join(Document, Document.id == DocumentService.document_id)
        .where(Document.case_id == case.id, DocumentService.deleted.is_(False))
    ):
        day = _iso(deemed or on)
        if day is not None:
            served.setdefault(doc_id, []).append(day)
    return [Dated(d, document_day(d), tuple(sorted(served.get(d.id, [])))) for d in docs]


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _order(reason: str, basis: str, cure: str) -> GateView:
    return GateView("date_order", True, reason, basis, cure)


def date_gates(session: Session, case: Case, template: Template, as_of: date,
               values: Mapping[str, Any]) -> list[GateView]:
    """The date gates for issuing ``template`` on ``case`` on ``as_of`` with ``values``."""
    names = {f.name for f in template.fields}
    own = record_day(values) if names & set(RECORD_DATE_FIELDS) else None
    out: list[GateView] = []
    title = template.title
    if own is not None and own > as_of:
        out.append(GateView(
            "record_dated_after_issue", True,
            f"{title}记载的时间 {_cn(own)} 晚于签发之日 {_cn(as_of)}：笔录应在检查（询问）"
            "结束后当场制作，不能先编号后记录",
            APL + "第五十五条", "请据实填写笔录的时间，或在笔录制作之日以后签发",
        ))
        return out
    day = own or as_of
    docs = [d for d in case_documents(session, case) if d.doc.template_id != template.id]
    rests = RESTS_ON.get(template.id)
    if rests is not None:
        wanted, basis = rests
        for d in docs:
            if d.doc.template_id in wanted and d.day > day:
                out.append(_order(
                    f"{title}的日期 {_cn(day)} 早于其所依据的{d.name}的日期 {_cn(d.day)}",
                    basis, f"请把{title}的日期定在 {_cn(d.day)} 或以后",
                ))
    # Reverse: a document this one rests on may not be dated after one issued already. A
    # record dated by its own time after the case's decision is exempt: it records a later
    # event (a re-check, the party's answer to a 催告书), never the basis of the decision. One
    # dated before the decision but after the report or the approval is evidence gathered after
    # the case was decided on (先定后取证, 第五十七条第一款) and is refused.
    decided = _decision_day(docs)
    exempt = own is not None and decided is not None and own > decided
    if own is not None and not exempt and template.id in RECORDS:
        out += _after_approval(session, case, own, title)
    for tid, (wanted, basis) in RESTS_ON.items():
        if template.id not in wanted or exempt:
            continue
        for d in docs:
            if d.doc.template_id == tid and day > d.day:
                out.append(_order(
                    f"{title}的日期 {_cn(day)} 晚于已签发的{d.name}的日期 {_cn(d.day)}，"
                    f"而后者以本文书为依据",
                    basis, f"请据实确定日期；如{d.name}有误，应先作废再重新签发",
                ))
    if template.id == "penalty_decision":
        out += _statement_gates(docs, day)
        out += _approval_gates(session, case, day)
    if template.id == CLOSING:
        out += _closing_gates(docs, day, title)
    return out


DECISIONS = ("penalty_decision", "summary_penalty_decision", "no_penalty_decision")


def _decision_day(docs: list[Dated]) -> date | None:
    """The date of the case's (first) valid decision, if one was issued."""
    days = [d.day for d in docs if d.doc.template_id in DECISIONS]
    return min(days) if days else None


def _after_approval(session: Session, case: Case, day: date, title: str) -> list[GateView]:
    """A 笔录 dated after the 负责人 approved the 处罚审批, with no decision before it."""
    from gridapp.approvals import service as approvals

    found = approvals.approved(session, case.id, "penalty")
    approved_at = local(found.decided_at) if found is not None else None
    if approved_at is None or day <= approved_at.date():
        return []
    return [_order(
        f"{title}的日期 {_cn(day)} 晚于负责人批准处罚审批的日期 {_cn(approved_at.date())}，而本案尚未作出决定："
        "证据应在调查终结、负责人审查之前收集，不能先定后取证",
        APL + "第五十七条第一款",
        "请据实填写笔录的时间；确需补充调查的，应重新提交调查终结报告和处罚审批")]


# Notices a decision follows, with what their service opens and the article.
NOTICES = {
    "advance_notice": ("陈述、申辩", STATEMENT_BASIS),
    "hearing_notice": ("要求听证", APL + "第六十三条、第六十四条第（一）项"),
}


def _statement_gates(docs: list[Dated], day: date) -> list[GateView]:
    """A decision never precedes the service of its 事先告知书 or 听证告知书 (the periods that
    run from that service are the legal engine's ``statement_period_open`` and
    ``hearing_request_window_open``; the engine only sees services up to the decision's date,
    so one recorded as later is caught here)."""
    out: list[GateView] = []
    for d in docs:
        if d.doc.template_id not in NOTICES:
            continue
        right, basis = NOTICES[d.doc.template_id]
        for served in d.served:
            if served > day:
                out.append(_order(
                    f"行政处罚决定书的日期 {_cn(day)} 早于{d.name}的送达日期 {_cn(served)}："
                    f"决定前须先告知当事人拟处罚的内容和{right}的权利，并待期限届满",
                    basis, f"请在 {_cn(served)} 送达之后、期限届满后再作决定",
                ))
    return out


def _approval_gates(session: Session, case: Case, day: date) -> list[GateView]:
    """A decision comes after the 负责人 approved it (the 处罚审批 recorded), not before."""
    from gridapp.approvals import service as approvals

    found = approvals.approved(session, case.id, "penalty")
    approved_at = local(found.decided_at) if found is not None else None
    if approved_at is None or approved_at.date() <= day:
        return []
    return [_order(
        f"行政处罚决定书的日期 {_cn(day)} 早于负责人批准处罚审批的日期 {_cn(approved_at.date())}："
        "决定应在行政机关负责人审查批准之后作出",
        APL + "第五十七条第一款", f"请把决定日期定在 {_cn(approved_at.date())} 或以后",
    )]


def _closing_gates(docs: list[Dated], day: date, title: str) -> list[GateView]:
    """A 结案审批表 comes after the case's last service and its last document."""
    out: list[GateView] = []
    served = [(s, d) for d in docs for s in d.served]
    if served:
        last, doc = max(served, key=lambda x: x[0])
        if last > day:
            out.append(_order(
                f"{title}的日期 {_cn(day)} 早于{doc.name}的送达日期 {_cn(last)}：文书送达前不能结案",
                CLOSING_BASIS, f"请在 {_cn(last)} 或以后结案",
            ))
    later = [d for d in docs if d.day > day]
    if later:
        doc = max(later, key=lambda d: d.day)
        out.append(_order(
            f"{title}的日期 {_cn(day)} 早于本案{doc.name}的日期 {_cn(doc.day)}：结案应在案件的最后一份文书之后",
            CLOSING_BASIS, f"请在 {_cn(doc.day)} 或以后结案",
        ))
    return out
