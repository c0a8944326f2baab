"""Legal timers computed from the case dates and the documents served.

Each deadline is listed only when its starting event is known:

- ``hearing_request``: hearing notice served → + period (行政处罚法第六十四条第（一）项);
- ``hearing_notice_lead``: hearing date → − period (第六十四条第（二）项);
- ``statement_until``: advance notice served → + the pack's statement period (第四十四条、第四十五条);
- ``decision_due``: case opened (立案) → + period (第六十条);
- ``service_due``: decision made and not handed over the same day → + period (第六十一条);
- ``payment_due``: fine decision served → + period (第六十七条第三款);
- ``reconsideration_until`` / ``lawsuit_until``: any decision served (行政复议法第二十条,
  行政诉讼法第四十六条);
- ``preserved_evidence_decision``: evidence-preservation notice → + period (第五十六条).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gridapp.packs.model import DEADLINE_NAMES, JurisdictionPack
from gridapp.rules import documents as docs
from gridapp.rules.daycount import Due, due_after, due_before
from gridapp.rules.input import RulesInput

COUNTING_ZH = {"calendar": "自然日", "working": "工作日"}


@dataclass(frozen=True)
class DeadlineResult:
    name: str
    due: date
    basis: str
    counting: str
    start: date
    calendar_covered: bool

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "due": self.due.isoformat(),
            "basis": self.basis,
            "counting": self.counting,
        }
        if not self.calendar_covered:
            out["note"] = "节假日数据未覆盖该期间，仅按周六、周日推算，请人工核对"
        return out


def _starts(inp: RulesInput) -> dict[str, tuple[date, bool]]:
    """Start (or event) date per deadline name; the flag marks a backwards period."""
    case = inp.case
    if case is None:
        return {}
    starts: dict[str, tuple[date, bool]] = {}
    notice = case.served_on(docs.HEARING_NOTICE)
    if notice:
        starts["hearing_request"] = (notice, False)
    if case.hearing_date:
        starts["hearing_notice_lead"] = (case.hearing_date, True)
    advance = case.served_on(docs.ADVANCE_NOTICE)
    if advance:
        starts["statement_until"] = (advance, False)
    if case.opened:
        starts["decision_due"] = (case.opened, False)
    if case.decided and case.served_on(*docs.DECISIONS) != case.decided:
        starts["service_due"] = (case.decided, False)
    fine_served = case.served_on(*docs.FINE_DECISIONS)
    if fine_served:
        starts["payment_due"] = (fine_served, False)
    decision_served = case.served_on(*docs.DECISIONS)
    if decision_served:
        starts["reconsideration_until"] = (decision_served, False)
        starts["lawsuit_until"] = (decision_served, False)
    preserved = case.served_on(docs.EVIDENCE_PRESERVATION_NOTICE)
    if preserved:
        starts["preserved_evidence_decision"] = (preserved, False)
    return starts


def compute_deadlines(pack: JurisdictionPack, inp: RulesInput) -> list[DeadlineResult]:
    starts = _starts(inp)
    out: list[DeadlineResult] = []
    for name in DEADLINE_NAMES:
        if name not in starts:
            continue
        rule = pack.deadlines[name]
        start, backwards = starts[name]
        due: Due = (due_before if backwards else due_after)(rule, start, pack.day_rules)
        out.append(
            DeadlineResult(name, due.date, rule.basis, rule.counting, start, due.calendar_covered)
        )
    return out


def find(deadlines: list[DeadlineResult], name: str) -> DeadlineResult | None:
    return next((d for d in deadlines if d.name == name), None)
