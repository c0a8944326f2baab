"""The party's waiver of the hearing (行政处罚法第六十二条、第六十四条第（一）项).

A decision may issue before the five days to ask for a hearing ran out only when the party
明确放弃 the hearing in a record the party signed: the 陈述申辩笔录 (signed on every page)
whose ``hearing_opinion`` reads "明确放弃听证", made on or after the day the notice telling the
party of the hearing right was served. The officer's ``hearing_requested: false`` in a rules
evaluation is a note only: it never waives.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.models import Document
from gridapp.timeutil import station_date

STATEMENT_RECORD = "statement_record"
FIELD = "hearing_opinion"
WAIVED = "明确放弃听证"
BASIS = "《行政处罚法》第六十二条、第六十四条第（一）项"


@dataclass(frozen=True)
class Waiver:
    """A signed waiver: the 陈述申辩笔录's number and its day (the earlier of the time written
    in the record and the day it was issued, so neither can carry it past the service)."""

    number: str
    day: date


def signed_waivers(session: Session, case_id: str) -> list[Waiver]:
    """Every valid 陈述申辩笔录 of the case recording "明确放弃听证", earliest first."""
    out: list[Waiver] = []
    for number, issued_at, fields_json in session.execute(
            select(Document.number, Document.issued_at, Document.fields_json)
            .where(Document.case_id == case_id, Document.template_id == STATEMENT_RECORD,
                   Document.voided_at.is_(None), Document.deleted.is_(False))
            .order_by(Document.issued_at)):
        try:
            fields = json.loads(fields_json or "{}")
        except ValueError:
            continue
        if not isinstance(fields, dict) or str(fields.get(FIELD) or "").strip() != WAIVED:
            continue
        day = station_date(issued_at)
        with contextlib.suppress(ValueError):  # no time written: the issue day alone
            day = min(day, date.fromisoformat(str(fields.get("time") or "").strip()[:10]))
        out.append(Waiver(number, day))
    return sorted(out, key=lambda w: w.day)


def waiver_after(session: Session, case_id: str, served: date) -> Waiver | None:
    """The first signed waiver made on or after ``served`` (the notice's service day)."""
    return next((w for w in signed_waivers(session, case_id) if w.day >= served), None)


def early_waiver(session: Session, case_id: str, served: date) -> Waiver | None:
    """A signed waiver made before ``served``: the party could not waive a right not yet told."""
    return next((w for w in signed_waivers(session, case_id) if w.day < served), None)
