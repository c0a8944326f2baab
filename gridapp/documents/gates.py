"""Procedure gates for issuing a document: the legal engine re-run on the case's stored facts.

The latest stored rules evaluation of the case supplies the facts (harm, corrected, history …);
the officers, service dates and the action come from the case as it stands now.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog.service import case_officers
from gridapp.documents.context import latest_evaluation, local
from gridapp.documents.fill import GateView
from gridapp.documents.templates import Template
from gridapp.models import Case, Document, DocumentService
from gridapp.packs import JurisdictionPack

# Our template ids where the legal engine names the same document differently.
RULES_DOCUMENT_IDS = {"summary_penalty_decision": "summary_decision", "seizure_list": "seizure_decision"}
EVALUATION_MISSING = GateView(
    gate="rules_evaluation_missing",
    blocking=True,
    reason="本案尚未保存法律规则评估（免罚核查、裁量基准），请先完成评估再签发决定类文书",
)


def served_documents(session: Session, case_id: str, as_of: date) -> list[dict[str, str]]:
    """Service dates of the case's valid documents, in the legal engine's ``served`` format."""
    from gridapp.rules.documents import SERVABLE_DOCUMENTS

    rows = session.execute(
        select(Document.template_id, DocumentService.served_on, DocumentService.deemed_served_on)
        .join(DocumentService, DocumentService.document_id == Document.id)
        .where(Document.case_id == case_id, Document.voided_at.is_(None),
               DocumentService.deleted.is_(False))
    ).all()
    out: list[dict[str, str]] = []
    for template_id, served_on, deemed in rows:
        doc = RULES_DOCUMENT_IDS.get(template_id, template_id)
        day = deemed or served_on
        if doc in SERVABLE_DOCUMENTS and day and day <= as_of.isoformat():
            out.append({"document": doc, "date": day})
    return out


def rules_input(session: Session, case: Case, template: Template, as_of: date) -> dict[str, Any] | None:
    ev = latest_evaluation(session, case.id)
    if ev is None:
        return None
    data: dict[str, Any] = json.loads(ev.input_json)
    data["as_of"] = as_of.isoformat()
    data["action"] = template.gate_action
    part = dict(data.get("case") or {})
    part["officers"] = len(case_officers(session, case.id))
    opened = local(case.opened_at)
    if opened is not None and "opened" not in part:
        part["opened"] = opened.date().isoformat()
    served = {(s["document"], s["date"]) for s in part.get("served") or []}
    served |= {(s["document"], s["date"]) for s in served_documents(session, case.id, as_of)}
    part["served"] = [{"document": d, "date": day} for d, day in sorted(served)]
    if template.gate_action == "issue_summary_decision":
        part["procedure"] = "summary"
    data["case"] = part
    return data


def document_gates(
    session: Session, pack: JurisdictionPack, case: Case, template: Template, as_of: date,
    proposed_fine: int | None = None,
) -> list[GateView]:
    """Gates that apply to issuing ``template`` on ``case`` today; [] for non-decision documents."""
    if not template.gate_action:
        return []
    from gridapp.rules import evaluate_raw

    data = rules_input(session, case, template, as_of)
    if data is None:
        return [EVALUATION_MISSING]
    if proposed_fine is not None:
        data["case"]["proposed_fine"] = proposed_fine
    evaluation = evaluate_raw(pack, data)
    return [GateView(g.gate, g.blocking, g.reason) for g in evaluation.gates]
