"""Typed, immutable view of a jurisdiction pack (地方规则包).

Everything here is data read from ``resources/packs/*.toml`` and checked by
``gridapp.packs.schema``; nothing in this module knows a city. Amounts are whole yuan.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from gridapp.errors import ValidationError

PARTY_KINDS: tuple[str, ...] = ("person", "organisation")

# GB/T 30428.2 事件大类.
EVENT_CLASSES: tuple[str, ...] = (
    "市容环境",
    "宣传广告",
    "施工管理",
    "街面秩序",
    "突发事件",
    "其他",
)

# APL Art 33 branches: ¶1 s1 (mandatory), ¶1 s2 (discretionary), ¶2 (mandatory).
BRANCHES: tuple[str, ...] = ("minor_no_harm", "first_offence", "no_fault")
MANDATORY_BRANCHES: frozenset[str] = frozenset({"minor_no_harm", "no_fault"})
BRANCH_ZH: Mapping[str, str] = {
    "minor_no_harm": "轻微不罚",
    "first_offence": "首违可不罚",
    "no_fault": "无主观过错不罚",
}

# Quantitative limits an exemption item may set, keyed by the ``facts`` field they bound.
LIMIT_KEYS: Mapping[str, str] = {"area_m2": "占用面积（平方米）", "duration_days": "持续天数"}

# Deadlines every pack must define (see gridapp.rules.deadlines).
DEADLINE_NAMES: tuple[str, ...] = (
    "hearing_request",
    "hearing_notice_lead",
    "statement_until",
    "decision_due",
    "service_due",
    "payment_due",
    "reconsideration_until",
    "lawsuit_until",
    "preserved_evidence_decision",
)

Counting = Literal["calendar", "working"]
FactorKind = Literal["mitigating", "aggravating"]
# How a discretion factor is recognised from the rules input (see gridapp.rules.discretion).
FACTOR_SOURCES: tuple[str, ...] = ("fact", "age_between", "priors_over", "harm")
# Boolean facts of the rules input that a ``fact`` factor may test.
FACT_FLAGS: tuple[str, ...] = (
    "corrected",
    "no_fault_evidence",
    "coerced",
    "confessed",
    "meritorious",
    "obstructed",
)
HARM_LEVELS: tuple[str, ...] = ("none", "slight", "serious")


@dataclass(frozen=True)
class FineRange:
    """A fine range in yuan; ``min`` is 0 for a max-only range such as "二百元以下"."""

    min: int
    max: int

    def contains(self, amount: int) -> bool:
        return self.min <= amount <= self.max

    def as_list(self) -> list[int]:
        return [self.min, self.max]

    def zh(self) -> str:
        if self.min == self.max:
            return f"{self.min}元"
        if self.min == 0:
            return f"{self.max}元以下"
        return f"{self.min}元以上{self.max}元以下"


@dataclass(frozen=True)
class SeverityTier:
    """情节档次: one sub-range of the statutory range per party kind."""

    name: str
    fines: Mapping[str, FineRange]
    description: str = ""


@dataclass(frozen=True)
class ViolationType:
    code: str
    name: str
    event_class: str
    violated_article: str
    penalty_article: str
    fines: Mapping[str, FineRange]
    tiers: tuple[SeverityTier, ...] = ()
    # 拒不改正 first: a fine is lawful only after an order to correct was ignored.
    refusal_required: bool = False
    measures: tuple[str, ...] = ()
    notes: str = ""
    # Starting text of the case facts (案情), with 〔时间〕〔地点〕… placeholders; "" = none.
    fact_template: str = ""
    # 说理: what the rule is, why it matters and how to correct, in words to read out to the party.
    education: str = ""
    # The clause that grants the power to seize (暂扣/扣押) for this act, "" when none does:
    # 行政强制法第十条 — only a law or a regulation may set a seizure; a fine clause does not.
    seizure_article: str = ""

    def tier(self, name: str) -> SeverityTier | None:
        for tier in self.tiers:
            if tier.name == name:
                return tier
        return None

    def tier_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tiers)


@dataclass(frozen=True)
class ExemptionItem:
    """免罚事项: one entry of the exemption list."""

    id: str
    violation: str
    basis: str
    branches: tuple[str, ...]
    limits: Mapping[str, float] = field(default_factory=dict)
    lookback_days: int = 365
    undertaking_required: bool = False
    photos_required: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Factor:
    """A discretion factor (从轻/减轻 or 从重) and how it is recognised."""

    id: str
    name: str
    kind: FactorKind
    basis: str
    source: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Band:
    """Default tier band as fractions of the statutory range (used where a violation has no tiers)."""

    name: str
    lower: float
    upper: float


@dataclass(frozen=True)
class DiscretionBenchmark:
    source: str
    effective_date: date
    tier_names: tuple[str, ...]
    bands: tuple[Band, ...]
    rounding: int
    mitigating: tuple[Factor, ...]
    aggravating: tuple[Factor, ...]
    # The benchmark as a decision names it (行政处罚法第三十四条: published), e.g.
    # 《北京市城市管理综合行政执法行政裁量权基准》（京城管发〔2025〕41号）; empty: not named.
    name: str = ""


@dataclass(frozen=True)
class HearingThresholds:
    """较大数额罚款: a fine at (inclusive) or above (exclusive) these amounts needs a hearing notice."""

    person: int
    organisation: int
    inclusive: bool
    basis: str

    def amount(self, party_kind: str) -> int:
        return self.person if party_kind == "person" else self.organisation

    def requires_hearing(self, party_kind: str, fine: int) -> bool:
        limit = self.amount(party_kind)
        return fine >= limit if self.inclusive else fine > limit

    def zh(self, party_kind: str) -> str:
        return f"{self.amount(party_kind)}元{'以上' if self.inclusive else '（不含）以上'}"


@dataclass(frozen=True)
class HolidayCalendar:
    """Public holidays (法定节假日) and make-up working days (调休上班) per covered year."""

    name: str
    holidays: frozenset[date]
    workdays: frozenset[date]
    years: frozenset[int]
    source: str = ""

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


@dataclass(frozen=True)
class DeadlineRule:
    """One legal timer: a period in days or months, how days are counted, and its legal basis."""

    name: str
    days: int
    months: int
    counting: Counting
    basis: str


@dataclass(frozen=True)
class DayRules:
    # What happens when a calendar-day period ends on a holiday: move to the next working day
    # (民事诉讼法第八十五条) or keep the date.
    holiday_rule: Literal["next_working_day", "none"]
    calendar: HolidayCalendar
    basis: str


@dataclass(frozen=True)
class SummaryLimits:
    """APL Art 51: the largest fine a summary (当场) decision may impose."""

    person: int
    organisation: int

    def amount(self, party_kind: str) -> int:
        return self.person if party_kind == "person" else self.organisation


@dataclass(frozen=True)
class Bureau:
    """A district bureau a station may act for (执法主体): the body named on its documents.

    A street-level unit acts in the name of its district bureau (上海市城市管理行政执法条例第四条
    第三款); the bureau has 管辖 over acts in its district (同条例第十四条, 行政处罚法第二十二条).
    ``review_body`` is the 复议机关 (the district people's government, 行政复议法第二十四条第一款
    第（一）项) and ``court`` the court of first instance for a suit (行政诉讼法第十八条), both as
    printed in a decision's remedies. ``places`` are the names that identify the district in a
    case's address or grid name; ``number_prefix`` is the 文号代字 (``{bureau}`` in the formats).
    """

    code: str
    district: str
    name: str
    review_body: str
    court: str
    number_prefix: str
    places: tuple[str, ...]
    # Where this bureau's fines are paid (行政处罚法第六十七条第三款): the bank and account, or the
    # electronic payment channel; empty where the pack does not know them (a station configures
    # its own with ``gridapp station set-payment``; ``setup.station_payment``).
    payment_bank: str = ""
    payment_account_name: str = ""
    payment_account: str = ""
    payment_channel: str = ""

    def covers(self, text: str) -> bool:
        return any(place in text for place in self.places)


@dataclass(frozen=True)
class PackInfo:
    code: str
    name: str
    version: str
    effective_date: date
    authority: str
    default: bool


@dataclass(frozen=True)
class EvidenceChecks:
    """When an imported photo does not fit its case (warned, not refused): taken more than
    ``days_before_act`` days before the act, or more than ``distance_m`` metres from the place."""

    days_before_act: int = 3
    distance_m: int = 500


@dataclass(frozen=True)
class JurisdictionPack:
    code: str
    name: str
    version: str
    effective_date: date
    authority: str
    source: tuple[str, ...]
    violations: Mapping[str, ViolationType]
    exemptions: tuple[ExemptionItem, ...]
    benchmark: DiscretionBenchmark
    hearing_thresholds: HearingThresholds
    service_by_notice_days: int
    lookback_days: int
    limitation_years: int
    summary_limits: SummaryLimits
    case_number_format: str
    document_number_formats: Mapping[str, str]
    deadlines: Mapping[str, DeadlineRule]
    day_rules: DayRules
    evidence_checks: EvidenceChecks = EvidenceChecks()
    bureaus: tuple[Bureau, ...] = ()
    default_bureau: str = ""
    # The range an order to correct may give, in days after its issue (None: after the issue
    # date, with no upper bound set by the pack).
    correction_days: tuple[int, int] | None = None

    def bureau(self, code: str) -> Bureau:
        """The bureau ``code`` (its district code); an unknown code is the user's error."""
        for b in self.bureaus:
            if b.code == code:
                return b
        known = "、".join(f"{b.code}（{b.name}）" for b in self.bureaus) or "无"
        raise ValidationError(
            f"规则包 {self.code} 中没有执法机关“{code}”；可选：{known}",
            f"pack {self.code} has no bureau {code!r}",
            field="bureau",
        )

    def bureau_of_place(self, *texts: str) -> Bureau | None:
        """The bureau whose district the first of ``texts`` that names one lies in, or None."""
        for text in texts:
            found = [b for b in self.bureaus if text and b.covers(text)]
            if found:
                return found[0]
        return None

    @property
    def statement_period_days(self) -> int:
        """陈述申辩期 in days after the advance notice (the ``statement_until`` deadline)."""
        return self.deadlines["statement_until"].days

    def violation(self, code: str) -> ViolationType:
        """The catalog entry for ``code``; an unknown code is the user's error."""
        try:
            return self.violations[code]
        except KeyError:
            raise ValidationError(
                f"未知的违法行为类型“{code}”（规则包 {self.code} 中没有此编码）",
                f"unknown violation type {code!r} in pack {self.code}",
                field="violation",
            ) from None

    def exemption_for(self, violation_code: str) -> ExemptionItem | None:
        for item in self.exemptions:
            if item.violation == violation_code:
                return item
        return None

    def format_case_number(self, year: int, seq: int, *, segment: int) -> str:
        return self.case_number_format.format(year=year, segment=segment, seq=seq)

    def format_document_number(self, series: str, year: int, seq: int, *, segment: int,
                               bureau: str = "") -> str:
        try:
            fmt = self.document_number_formats[series]
        except KeyError:
            raise ValidationError(
                f"规则包 {self.code} 未定义文书编号系列“{series}”",
                f"pack {self.code} has no document number series {series!r}",
                field="series",
            ) from None
        return fmt.format(year=year, segment=segment, seq=seq, bureau=bureau)

    def info(self, default_code: str) -> PackInfo:
        return PackInfo(
            code=self.code,
            name=self.name,
            version=self.version,
            effective_date=self.effective_date,
            authority=self.authority,
            default=self.code == default_code,
        )


def number_format_fields(fmt: str) -> set[str]:
    """Replacement field names used by a numbering format (``{year}``, ``{seq:04d}`` …)."""
    return {name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None}


def number_format_specs(fmt: str) -> dict[str, str]:
    """Format spec of each field of a numbering format (``{seq:06d}`` → ``{"seq": "06d"}``)."""
    return {name: spec or "" for _, name, spec, _ in string.Formatter().parse(fmt)
            if name is not None}
