"""The legal engine: one pure function from (pack, input) to the evaluation result.

No database, no clock, no I/O: the caller passes ``as_of``, the facts and the party's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gridapp.packs.model import JurisdictionPack
from gridapp.rules import documents as docs
from gridapp.rules.deadlines import DeadlineResult, compute_deadlines
from gridapp.rules.discretion import DiscretionResult, evaluate_discretion
from gridapp.rules.escalation import count_priors, stage_for
from gridapp.rules.exemption import ExemptionResult, evaluate_exemption
from gridapp.rules.gates import (
    OUTCOME_GATES,
    Gate,
    compliance_gates,
    complied_without_liability,
    decision_gates,
    outcome_gates,
)
from gridapp.rules.input import RulesInput, parse_input

# The document that cures a blocking gate, where one exists.
CURES = {
    "advance_notice_required": docs.ADVANCE_NOTICE,
    "hearing_notice_required": docs.HEARING_NOTICE,
    "refusal_to_correct_required": docs.RECTIFICATION_NOTICE,
    "mandatory_exemption": docs.NO_PENALTY_DECISION,
    "limitation_expired": docs.NO_PENALTY_DECISION,
    "minor_under_14": docs.NO_PENALTY_DECISION,
    "no_penalty_not_applicable": docs.CLOSING_REPORT,
}
COMPLIED_ZH = ("罚则以责令改正后拒不改正为前提，当事人已改正：不产生罚款，不适用不予处罚，"
               "以责令改正已履行结案")
DECISION_DOCUMENT = {
    "issue_penalty_decision": docs.PENALTY_DECISION,
    "issue_summary_decision": docs.SUMMARY_DECISION,
    "issue_no_penalty_decision": docs.NO_PENALTY_DECISION,
}


@dataclass(frozen=True)
class Evaluation:
    pack_code: str
    pack_version: str
    input: RulesInput
    priors: int
    stage: str
    exemption: ExemptionResult
    education_required: bool
    discretion: DiscretionResult
    gates: tuple[Gate, ...]
    deadlines: tuple[DeadlineResult, ...]
    next_documents: tuple[str, ...]
    provisional: bool

    @property
    def no_penalty(self) -> bool:
        """The outcome is 不予行政处罚 (an exemption or an outcome gate)."""
        return self.exemption.applies or any(g.gate in OUTCOME_GATES for g in self.gates)

    @property
    def blocked(self) -> bool:
        return any(g.blocking for g in self.gates)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pack": {"code": self.pack_code, "version": self.pack_version},
            "priors": self.priors,
            "stage": self.stage,
            "exemption": self.exemption.to_dict(),
            "education_required": self.education_required,
            "discretion": self.discretion.to_dict(),
            "gates": [g.to_dict() for g in self.gates],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "next_documents": list(self.next_documents),
            "provisional": self.provisional,
        }


def is_provisional(inp: RulesInput) -> bool:
    """History not known to be synced up to as_of: the first-offence answer may change."""
    synced = inp.history_synced_at
    return synced is None or synced.date() < inp.as_of


def _next_documents(
    inp: RulesInput, stage: str, exemption: ExemptionResult, no_penalty: bool, gates: list[Gate],
    complied: bool = False,
) -> tuple[str, ...]:
    if complied:  # the order to correct, then closing on it complied with
        served = inp.case.served_on(docs.RECTIFICATION_NOTICE) if inp.case else None
        return (docs.CLOSING_REPORT,) if served else (docs.RECTIFICATION_NOTICE,)
    undertaking = (docs.FIRST_OFFENCE_UNDERTAKING,) if exemption.branch == "first_offence" else ()
    if inp.action == "assess":
        if no_penalty:
            return (docs.NO_PENALTY_DECISION, *undertaking)
        return (docs.STAGE_DOCUMENTS[stage],)
    blocking = [g for g in gates if g.blocking]
    if not blocking:
        target = DECISION_DOCUMENT[inp.action]
        return (target, *undertaking) if target == docs.NO_PENALTY_DECISION else (target,)
    served = inp.case.served_on(docs.RECTIFICATION_NOTICE) if inp.case else None
    # A 拒不改正 still to be established after the order was served waits for the 复查, not a
    # second order.
    return tuple(dict.fromkeys(CURES[g.gate] for g in blocking if g.gate in CURES
                               and not (g.gate == "refusal_to_correct_required" and served)))


def evaluate(pack: JurisdictionPack, inp: RulesInput) -> Evaluation:
    priors = count_priors(inp.history, inp.violation, inp.as_of, pack.lookback_days)
    stage = stage_for(priors)
    exemption = evaluate_exemption(pack, inp)
    complied = complied_without_liability(pack, inp)
    if complied:  # no fine is owed: nothing for 第三十三条 to withhold
        exemption = ExemptionResult(False, None, False, None, (COMPLIED_ZH,), exemption.failures)
    discretion = evaluate_discretion(pack, inp, priors)
    deadlines = compute_deadlines(pack, inp)
    gates = outcome_gates(pack, inp)
    no_penalty = exemption.applies or bool(gates)
    penalty_path = not no_penalty and not complied and stage == "red"
    gates += decision_gates(pack, inp, exemption, discretion, deadlines, penalty_path)
    gates += compliance_gates(pack, inp)
    return Evaluation(
        pack_code=pack.code,
        pack_version=pack.version,
        input=inp,
        priors=priors,
        stage=stage,
        exemption=exemption,
        education_required=no_penalty,
        discretion=discretion,
        gates=tuple(gates),
        deadlines=tuple(deadlines),
        next_documents=_next_documents(inp, stage, exemption, no_penalty, gates, complied),
        provisional=is_provisional(inp),
    )


def evaluate_raw(pack: JurisdictionPack, raw: Any) -> Evaluation:
    """Parse then evaluate; raises ``ValidationError`` naming the bad field."""
    return evaluate(pack, parse_input(raw, pack))
