"""Discretion benchmark (裁量基准): the applicable range and the factors present.

The range is the tier's sub-range for the party kind when ``case.severity`` names a tier, else
the statutory range. Factors come from the pack: mitigating (行政处罚法第三十条、第三十二条) and
aggravating (the pack's list, e.g. more than three priors in the look-back window).
"""

from __future__ import annotations

from dataclasses import dataclass

from gridapp.packs.model import Factor, FineRange, JurisdictionPack
from gridapp.rules.input import RulesInput

KIND_ZH = {"mitigating": "从轻/减轻", "aggravating": "从重"}


@dataclass(frozen=True)
class DiscretionResult:
    range: FineRange
    tier: str | None
    factors: tuple[Factor, ...]
    statutory: FineRange

    def factor_texts(self) -> list[str]:
        return [f"{KIND_ZH[x.kind]}：{x.name}（{x.basis}）" for x in self.factors]

    def to_dict(self) -> dict[str, object]:
        return {"range": self.range.as_list(), "tier": self.tier, "factors": self.factor_texts()}


def factor_present(factor: Factor, inp: RulesInput, priors: int) -> bool:
    p = factor.params
    if factor.source == "fact":
        return inp.facts.flag(str(p["fact"]))
    if factor.source == "age_between":
        age = inp.party.age
        return age is not None and int(str(p["min"])) <= age <= int(str(p["max"]))
    if factor.source == "priors_over":
        return priors > int(str(p["threshold"]))
    return inp.facts.harm == p["level"]


def evaluate_discretion(pack: JurisdictionPack, inp: RulesInput, priors: int) -> DiscretionResult:
    vt = pack.violation(inp.violation)
    statutory = vt.fines[inp.party.kind]
    tier_name = inp.case.severity if inp.case else None
    tier = vt.tier(tier_name) if tier_name else None
    bench = pack.benchmark
    factors = tuple(
        x for x in (*bench.mitigating, *bench.aggravating) if factor_present(x, inp, priors)
    )
    return DiscretionResult(
        range=tier.fines[inp.party.kind] if tier else statutory,
        tier=tier.name if tier else None,
        factors=factors,
        statutory=statutory,
    )
