"""Procedure gates for issuing a document: the legal engine re-run on the case's stored facts.

The latest stored rules evaluation of the case supplies the facts (harm, corrected, history …);
the officers, service dates and the action come from the case as it stands now.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog.service import case_officers
from gridapp.documents import approval_gates
from gridapp.documents.context import latest_evaluation, local
from gridapp.documents.fill import GateView
from gridapp.documents.hearing_waiver import waiver_after
from gridapp.documents.more_context import hearing_facts
from gridapp.documents.templates import Template
from gridapp.models import Case, Document, DocumentService
from gridapp.packs import JurisdictionPack
from gridapp.vocab.document_kind import DOCUMENT_KIND

# Our template ids where the legal engine names the same document differently.
RULES_DOCUMENT_IDS = {"summary_penalty_decision": "summary_decision"}
TEMPLATE_IDS = {rules: ours for ours, rules in RULES_DOCUMENT_IDS.items()}
EVALUATION_MISSING = GateView(
    gate="rules_evaluation_missing",
    blocking=True,
    reason="本案尚未保存法律规则评估（免罚核查、裁量基准）",
    cure="请先在“免罚核查”中保存评估",
)
FINE_MISSING = GateView(
    gate="proposed_fine_missing",
    blocking=True,
    reason="尚未填写罚款金额，无法核对裁量基准和听证标准",
    cure="请先填写罚款金额",
)
# What the officer does first to clear a gate that is not cured by serving a document.
CURE_ZH = {
    "two_officers_required": "请先在“基本信息”中添加第二名执法人员",
    "fine_outside_benchmark": "请调整罚款金额或书面说明理由",
    "fine_increased_after_statement": "请将罚款金额恢复到事先告知的金额以内",
    "summary_procedure_limit": "请改用普通程序（行政处罚决定书）",
    "statement_period_open": "请待陈述申辩期届满后再作决定",
    "hearing_request_window_open": ("请待听证申请期届满后再作决定，或在听证告知书送达后制作陈述申辩笔录，"
                                    "记明当事人“明确放弃听证”并由当事人签名"),
    "hearing_pending": "请在听证结束后再作决定",
    "no_penalty_not_applicable": "本案以责令改正已履行结案：请记录改正情况并制作结案审批表",
}


def cure_of(gate: str) -> str:
    """What to do first, in words: "请先送达行政处罚事先告知书" for a gate a document cures."""
    from gridapp.rules.engine import CURES

    if gate in CURE_ZH:
        return CURE_ZH[gate]
    document = CURES.get(gate)
    if document is None:
        return ""
    template = TEMPLATE_IDS.get(document, document)
    if document in ("no_penalty_decision",):
        return f"本案应作出{DOCUMENT_KIND.zh(template)}"
    return f"请先送达{DOCUMENT_KIND.zh(template)}"


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
    part.update(approval_gates.case_facts(session, case.id))  # 改正期限, 复查 (拒不改正)
    # 听证 waived only by the party's signed record made after the 听证告知书 was served
    # (行政处罚法第六十二条、第六十四条第（一）项); the evaluation's ``hearing_requested: false`` is
    # the officer's note and is dropped here.
    if part.get("hearing_requested") is False:
        del part["hearing_requested"]
    notice = max((date.fromisoformat(day) for d, day in served if d == "hearing_notice"),
                 default=None)
    if notice is not None and waiver_after(session, case.id, notice) is not None:
        part["hearing_requested"] = False
    part.update(hearing_facts(session, case.id))  # 听证 requested, scheduled, held
    if template.gate_action == "issue_summary_decision":
        part["procedure"] = "summary"
    data["case"] = part
    return data


def document_gates(
    session: Session, pack: JurisdictionPack, case: Case, template: Template, as_of: date,
    proposed_fine: int | None = None, values: Mapping[str, Any] | None = None,
) -> list[GateView]:
    """Gates that apply to issuing ``template`` on ``case`` today: the legal engine's for a
    decision, and the approvals' (``approval_gates``) for decisions and approval forms."""
    if not template.gate_action:
        return approval_gates.gates(session, pack, case, template, [], proposed_fine)
    from gridapp.rules import evaluate_raw
    from gridapp.rules.input import PENALTY_ACTIONS

    data = rules_input(session, case, template, as_of)
    if data is None:
        return [EVALUATION_MISSING]
    if proposed_fine is not None:
        data["case"]["proposed_fine"] = proposed_fine
    elif data["action"] in PENALTY_ACTIONS and data["case"].get("proposed_fine") is None:
        return [FINE_MISSING]
    evaluation = evaluate_raw(pack, data)
    gates = [GateView(g.gate, g.blocking, g.reason, g.basis, cure_of(g.gate) if g.blocking else "")
             for g in evaluation.gates]
    found = [*_identity_gates(template, values or {}), *gates]
    return approval_gates.gates(session, pack, case, template, found, data["case"].get("proposed_fine"))


def _identity_gates(template: Template, values: Mapping[str, Any]) -> list[GateView]:
    """A decision identifies the party it binds beyond a name others may share: its identity
    number (身份证件号码 / 统一社会信用代码) is required next to the 姓名或者名称、地址 that
    行政处罚法第五十九条第一款第（一）项 lists (those are required fields already)."""
    if template.category != "decision":
        return []
    fields = [f.name for f in template.fields if f.source == "party.id_number"]
    if not fields or any(str(values.get(name) or "").strip() for name in fields):
        return []
    return [GateView(
        "party_identity_missing", True,
        "决定书须以证件号码（统一社会信用代码）确定当事人，本文书的证件号码为空",
        "《行政处罚法》第五十九条第一款第（一）项",
        "请先在“当事人”中补充证件号码，或在本文书中填写",
    )]
