"""Exemption (免罚) under 行政处罚法第三十三条, through the pack's exemption list.

- ``minor_no_harm`` (¶1 sentence 1, mandatory 不予): no harm and corrected.
- ``first_offence`` (¶1 sentence 2, discretionary 可以不予): no prior of the same violation in
  the item's look-back window, harm none or slight, corrected.
- ``no_fault`` (¶2, mandatory): the party has evidence of no fault. This paragraph is statutory
  and does not depend on the list, so it applies even where the violation has no item (then
  ``item`` is None).

``minor_no_harm`` and ``first_offence`` need the violation to be on the list, the branch to be
allowed by the item, and the item's quantitative limits (area, duration) to hold. When several
branches hold, a mandatory one is reported (``minor_no_harm`` before ``no_fault``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gridapp.packs.model import (
    BRANCH_ZH,
    LIMIT_KEYS,
    MANDATORY_BRANCHES,
    ExemptionItem,
    JurisdictionPack,
)
from gridapp.rules.escalation import count_priors
from gridapp.rules.input import RulesInput

HOLDING_ZH = {
    "minor_no_harm": "违法行为轻微并及时改正，没有造成危害后果，不予行政处罚（行政处罚法第三十三条第一款）",
    "first_offence": (
        "初次违法（{days}日内无同类违法记录）且危害后果轻微并及时改正，可以不予行政处罚"
        "（行政处罚法第三十三条第一款）"
    ),
    "no_fault": "当事人有证据足以证明没有主观过错，不予行政处罚（行政处罚法第三十三条第二款）",
}
ORDER = ("minor_no_harm", "no_fault", "first_offence")


@dataclass(frozen=True)
class ExemptionResult:
    applies: bool
    branch: str | None
    mandatory: bool
    item: str | None
    reasons: tuple[str, ...]
    # Failed conditions per branch (kept for the checklist).
    failures: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "applies": self.applies,
            "branch": self.branch,
            "mandatory": self.mandatory,
            "item": self.item,
            "reasons": list(self.reasons),
        }


def limit_failures(item: ExemptionItem, inp: RulesInput) -> list[str]:
    """Limits not shown to hold; the officer's answer (``answers.limit_<key>``) decides."""
    out: list[str] = []
    for key, limit in item.limits.items():
        label = LIMIT_KEYS[key]
        value = getattr(inp.facts, key)
        answer = inp.answers.get(f"limit_{key}")
        if answer is not None:
            if not answer:
                out.append(f"执法人员确认{label}超过免罚清单限定的 {limit:g}")
        elif value is None:
            out.append(f"未填写{label}，无法确认是否不超过免罚清单限定的 {limit:g}")
        elif value > limit:
            out.append(f"{label} {value:g} 超过免罚清单限定的 {limit:g}")
    return out


def first_offence_priors(item: ExemptionItem, inp: RulesInput) -> int:
    return count_priors(inp.history, inp.violation, inp.as_of, item.lookback_days)


def _branch_failures(branch: str, item: ExemptionItem | None, inp: RulesInput) -> list[str]:
    facts = inp.facts
    out: list[str] = []
    if branch == "no_fault":
        if not facts.no_fault_evidence:
            out.append("当事人没有足以证明没有主观过错的证据")
        return out
    if item is None:
        return ["免罚清单未列入该违法行为"]
    if branch not in item.branches:
        return [f"免罚事项 {item.id} 不适用“{BRANCH_ZH[branch]}”情形"]
    if not facts.corrected:
        out.append("当事人未及时改正")
    if branch == "minor_no_harm" and facts.harm != "none":
        out.append("已造成危害后果" if facts.harm == "slight" else "已造成严重危害后果")
    if branch == "first_offence":
        priors = first_offence_priors(item, inp)
        if priors:
            out.append(f"{item.lookback_days}日内已有 {priors} 次同类违法记录，不属于初次违法")
        elif inp.answers.get("first_offence") is False:
            out.append(f"执法人员确认当事人在{item.lookback_days}日内有同类违法行为，不属于初次违法")
        if facts.harm == "serious":
            out.append("危害后果并非轻微")
    out.extend(limit_failures(item, inp))
    return out


def evaluate_exemption(pack: JurisdictionPack, inp: RulesInput) -> ExemptionResult:
    item = pack.exemption_for(inp.violation)
    failures = {b: tuple(_branch_failures(b, item, inp)) for b in ORDER}
    for branch in ORDER:
        if failures[branch]:
            continue
        days = item.lookback_days if item else pack.lookback_days
        holding = HOLDING_ZH[branch].format(days=days)
        listed = item is not None and branch in item.branches
        reasons = [holding]
        if branch == "no_fault" and not listed:
            reasons.append("无主观过错不罚为法定情形，不以免罚清单为限")
        return ExemptionResult(
            applies=True,
            branch=branch,
            mandatory=branch in MANDATORY_BRANCHES,
            item=item.id if listed and item else None,
            reasons=tuple(reasons),
            failures=failures,
        )
    if item is None:
        reasons = ["免罚清单未列入该违法行为", *failures["no_fault"]]
    else:
        reasons = []
        for branch in ORDER:
            if branch in item.branches or branch == "no_fault":
                reasons.extend(f"{BRANCH_ZH[branch]}：{text}" for text in failures[branch])
    return ExemptionResult(False, None, False, None, tuple(dict.fromkeys(reasons)), failures)
