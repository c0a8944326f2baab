"""Printed values taken from the case record instead of a template default:

- ``record.outcome`` (结案审批表 处理结果): the decision the case file holds — 行政处罚决定 with its
  number and penalty, 当场行政处罚决定, 不予行政处罚 — or the order to correct, followed by the
  outcome recorded when the case moved on; never the case's status code or label (a status such
  as 待核实 is where the case is, not what was decided). Empty when the record holds nothing: the
  officer writes it.
- ``record.reporter`` (案件来源登记表 举报人): "无（巡查发现）" only for a case the officers found
  themselves (or was handed down); for a report from the public or 12345 it is left for the
  officer to fill in, never pre-printed "无".
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.models import Case, Document
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.document_kind import DOCUMENT_KIND

DECISIONS = ("penalty_decision", "summary_penalty_decision", "no_penalty_decision")
FOUND_BY_OFFICERS = ("patrol", "dispatch")


def _fields(doc: Document) -> dict[str, Any]:
    try:
        data = json.loads(doc.fields_json or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _amount(raw: object) -> str:
    text = str(raw or "").strip()
    try:
        value = float(text)
    except ValueError:
        return ""
    return f"{value:g}" if value > 0 else ""


def outcome(session: Session, case: Case) -> str:
    docs = {d.template_id: d for d in session.scalars(
        select(Document).where(Document.case_id == case.id, Document.voided_at.is_(None),
                               Document.deleted.is_(False)).order_by(Document.issued_at)
    )}
    said: list[str] = []
    for tid in DECISIONS:
        doc = docs.get(tid)
        if doc is None:
            continue
        values = _fields(doc)
        if tid == "no_penalty_decision":
            said.append(f"不予行政处罚（{doc.number}）")
            continue
        kind = str(values.get("penalty_type") or "罚款").strip()
        fine = _amount(values.get("fine_amount"))
        verb = "当场作出行政处罚决定" if tid == "summary_penalty_decision" else "作出行政处罚决定"
        if kind == "罚款" and fine:
            penalty = f"罚款{fine}元"
        else:
            penalty = f"{kind}（罚款{fine}元）" if fine and "罚款" in kind else kind
        said.append(f"{verb}（{doc.number}），给予{penalty}的行政处罚")
    if not said and "rectification_notice" in docs:
        doc = docs["rectification_notice"]
        said.append(f"{DOCUMENT_KIND.zh('rectification_notice')}（{doc.number}）")
    if case.outcome.strip() and case.outcome.strip() not in "；".join(said):
        said.append(case.outcome.strip())
    return "；".join(said)


def reporter(case: Case) -> str:
    if case.source in FOUND_BY_OFFICERS:
        return f"无（{CASE_SOURCE.zh(case.source)}）"
    return ""


def record_values(session: Session, case: Case) -> dict[str, str]:
    return {"record.outcome": outcome(session, case), "record.reporter": reporter(case)}
