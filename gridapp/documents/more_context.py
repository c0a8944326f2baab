"""Values the further documents draw from the record (扣押, 听证, 当场处罚, 催告, 审核讨论),
as ``KNOWN_SOURCES`` keys (``seizure.*``, ``hearing.*``, ``summary.*``, ``correction.*``,
``reminder.*``, ``review.*``): the case's latest valid document of a kind, its service date and
the fields it was issued with. An unknown value is ``""``, never a guess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.approvals import service as approvals
from gridapp.models import Case, Document, DocumentService, Officer
from gridapp.timeutil import station_date


@dataclass(frozen=True)
class Found:
    """A valid issued document of the case: number, issue day, first service day (or None),
    and the values it was issued with."""

    number: str
    issued_on: date
    served_on: date | None
    fields: dict[str, Any]


def latest(session: Session, case_id: str, template_id: str) -> Found | None:
    """The case's latest valid (not voided) document of ``template_id``."""
    doc = session.scalars(
        select(Document).where(Document.case_id == case_id, Document.template_id == template_id,
                               Document.voided_at.is_(None), Document.deleted.is_(False))
        .order_by(Document.issued_at.desc())
    ).first()
    if doc is None:
        return None
    days = [deemed or served for deemed, served in session.execute(
        select(DocumentService.deemed_served_on, DocumentService.served_on)
        .where(DocumentService.document_id == doc.id, DocumentService.deleted.is_(False)))]
    served = min((date.fromisoformat(d) for d in days if d), default=None)
    issued = station_date(doc.issued_at)
    try:
        fields = json.loads(doc.fields_json)
    except ValueError:
        fields = {}
    return Found(doc.number, issued, served, fields if isinstance(fields, dict) else {})


def count_valid(session: Session, case_id: str, template_id: str) -> int:
    return len(session.scalars(
        select(Document.id).where(Document.case_id == case_id, Document.template_id == template_id,
                                  Document.voided_at.is_(None), Document.deleted.is_(False))
    ).all())


def seizure_start(found: Found) -> date:
    """A seizure counts from the service of its decision (handed over on the spot: the issue
    day when no service is recorded)."""
    return found.served_on or found.issued_on


def seizure_end(found: Found) -> date | None:
    """The last day of the seizure: the period counts from the day after the decision was
    handed over (民事诉讼法第八十五条: the start day is not counted), in calendar days (行政强制法
    第六十九条 makes only periods of ten days or less working days); the end is not moved past a
    rest day — it limits the bureau's hold, it is no time for the party to act in."""
    raw = str(found.fields.get("period_days") or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    return seizure_start(found) + timedelta(days=int(raw))


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def further_values(session: Session, case: Case) -> dict[str, str]:
    out: dict[str, str] = {}
    seizure = latest(session, case.id, "seizure_decision")
    if seizure is not None:
        out["seizure.number"] = seizure.number
        out["seizure.served_date"] = _iso(seizure_start(seizure))
        end = seizure_end(seizure)
        extension = latest(session, case.id, "seizure_extension")
        if extension is not None and str(extension.fields.get("new_end") or ""):
            out["seizure.end_date"] = str(extension.fields["new_end"])
        else:
            out["seizure.end_date"] = _iso(end)
    release = latest(session, case.id, "seizure_release")
    if release is not None:
        out["seizure.release_number"] = release.number
    notice = latest(session, case.id, "hearing_notice")
    if notice is not None:
        out["hearing.notice_number"] = notice.number
        out["hearing.notice_served_date"] = _iso(notice.served_on)
    application = latest(session, case.id, "hearing_application")
    if application is not None:
        out["hearing.request_date"] = str(application.fields.get("request_date") or "")
    notification = latest(session, case.id, "hearing_schedule_notice")
    if notification is not None:
        out["hearing.notification_number"] = notification.number
        out["hearing.time"] = str(notification.fields.get("hearing_time") or "")
        out["hearing.place"] = str(notification.fields.get("hearing_place") or "")
        out["hearing.host"] = str(notification.fields.get("host") or "")
        out["hearing.recorder"] = str(notification.fields.get("recorder") or "")
    record = latest(session, case.id, "hearing_record")
    if record is not None:
        out["hearing.record_number"] = record.number
        out["hearing.held_on"] = str(record.fields.get("start") or "")[:10]
    summary = latest(session, case.id, "summary_penalty_decision")
    if summary is not None:
        out["summary.number"] = summary.number
        out["summary.date"] = str(summary.fields.get("issue_date") or _iso(summary.issued_on))
        out["summary.fine"] = str(summary.fields.get("fine_amount") or "")
        out["summary.penalty"] = str(summary.fields.get("penalty_type") or "罚款")
        out["summary.officers"] = str(summary.fields.get("officers") or "")
    correction = latest(session, case.id, "rectification_notice")
    if correction is not None:
        out["correction.number"] = correction.number
        out["correction.deadline"] = str(correction.fields.get("deadline") or "")
        out["correction.content"] = str(correction.fields.get("correction")
                                        or correction.fields.get("order") or "")
    reminder = latest(session, case.id, "payment_reminder")
    if reminder is not None:
        out["reminder.number"] = reminder.number
        out["reminder.served_date"] = _iso(reminder.served_on)
    out.update(review_values(session, case))
    return out


def review_values(session: Session, case: Case) -> dict[str, str]:
    """法制审核 and 集体讨论 as recorded on the case's latest penalty approval request
    (``approvals.record_legal_review`` / ``record_collective``), approved or still waiting."""
    row = approvals.latest(session, case.id, "penalty")
    if row is None or row.status == "returned":
        return {}

    def name(officer_id: str | None) -> str:
        person = session.get(Officer, officer_id) if officer_id else None
        return person.name if person is not None else ""

    return {
        "review.major_reason": row.major_reason,
        "review.proposed_fine": str(row.proposed_fine) if row.proposed_fine is not None else "",
        "review.legal_review": row.legal_review,
        "review.legal_reviewer": name(row.legal_reviewed_by),
        "review.legal_reviewed_on": _iso(station_date(row.legal_reviewed_at)
                                         if row.legal_reviewed_at else None),
        "review.collective": row.collective,
        "review.collective_by": name(row.collective_by),
        "review.collective_on": _iso(station_date(row.collective_at) if row.collective_at else None),
    }


# What the record calls for next: (template, the valid documents or records that call for it).
FOLLOWS: tuple[tuple[str, str], ...] = (
    ("seizure_release", "seizure_decision"),  # 行政强制法第二十七条: a decision within the period
    ("seized_items_return", "seizure_release"),  # 第二十八条第二款: returned at once
    ("hearing_schedule_notice", "hearing_application"),  # 行政处罚法第六十四条第（二）项
    ("hearing_record", "hearing_schedule_notice"),  # 第（八）项
    ("hearing_report", "hearing_record"),  # 第六十五条
    ("summary_penalty_filing", "summary_penalty_decision"),  # 第五十二条第三款
)


def further_proposals(session: Session, case: Case) -> list[str]:
    """Documents the record calls for and the case does not hold yet: the release of a
    seizure and the return of the items, the next step of a requested hearing, the filing of an
    on-the-spot decision, and the written 法制审核 / 集体讨论 once the approval records them."""
    have = {t for t in {f for _, f in FOLLOWS} | {t for t, _ in FOLLOWS}
            | {"legal_review_opinion", "collective_discussion_record"}
            if latest(session, case.id, t) is not None}
    out = [t for t, after in FOLLOWS if after in have and t not in have]
    review = review_values(session, case)
    if review.get("review.legal_review") and "legal_review_opinion" not in have:
        out.append("legal_review_opinion")
    if review.get("review.collective") and "collective_discussion_record" not in have:
        out.append("collective_discussion_record")
    return out


def hearing_facts(session: Session, case_id: str) -> dict[str, Any]:
    """The hearing as the documents record it, for the legal engine's ``hearing_pending`` gate
    (行政处罚法第六十五条: the decision follows the hearing): requested once a 听证申请书 is on
    file; the date of the 听证通知书, or of the 听证笔录 once held. Nothing when no request."""
    if latest(session, case_id, "hearing_application") is None:
        return {}
    out: dict[str, Any] = {"hearing_requested": True}
    record = latest(session, case_id, "hearing_record")
    notice = latest(session, case_id, "hearing_schedule_notice")
    for found, key in ((record, "start"), (notice, "hearing_time")):
        raw = str(found.fields.get(key) or "")[:10] if found is not None else ""
        try:
            out["hearing_date"] = date.fromisoformat(raw).isoformat()
            break
        except ValueError:
            continue
    return out
