"""Discretion benchmark (裁量基准): the applicable range and the factors present.

The range is the tier's sub-range for the party kind when ``case.severity`` names a tier, else
the statutory range. Without a tier, a fine must still fall inside one of the violation's tiers:
where a statute sets fixed amounts (北京市市容环境卫生条例第五十二条“五十元……情节严重的，处二百元”)
the statutory span is not itself a lawful range. Factors come from the pack: mitigating
(行政处罚法第三十条、第三十二条) and aggravating (the pack's list, e.g. more than three priors in
the look-back window).
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
    # The sub-ranges a fine may take when no tier was chosen (all tiers for the party kind).
    tier_ranges: tuple[FineRange, ...] = ()

    def permits(self, amount: int) -> bool:
        """Whether ``amount`` lies in the range and, with no tier chosen, in some tier."""
        if not self.range.contains(amount):
            return False
        return self.tier is not None or not self.tier_ranges or any(
            r.contains(amount) for r in self.tier_ranges
        )

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
        tier_ranges=tuple(t.fines[inp.party.kind] for t in vt.tiers if inp.party.kind in t.fines),
    )
