"""Pack schema: turns the raw TOML mapping into a checked ``JurisdictionPack``.

Every rule a legal reviewer relies on is enforced here, and every error names its field:
missing articles, inverted fine ranges (min > max), duplicate codes or item ids, unknown event
classes, unknown exemption branches, tiers outside the statutory range, malformed numbering
formats, exemption items for codes the catalog does not have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from gridapp.packs import fields as f
from gridapp.packs.model import (
    BRANCHES,
    DEADLINE_NAMES,
    EVENT_CLASSES,
    FACT_FLAGS,
    FACTOR_SOURCES,
    HARM_LEVELS,
    LIMIT_KEYS,
    PARTY_KINDS,
    Band,
    Bureau,
    DayRules,
    DeadlineRule,
    DiscretionBenchmark,
    EvidenceChecks,
    ExemptionItem,
    Factor,
    FactorKind,
    FineRange,
    HearingThresholds,
    HolidayCalendar,
    JurisdictionPack,
    SeverityTier,
    SummaryLimits,
    ViolationType,
    number_format_fields,
    number_format_specs,
)

TOP_KEYS = {
    "code", "name", "version", "effective_date", "authority", "source", "procedure",
    "hearing_thresholds", "numbering", "days", "deadlines", "benchmark", "violations",
    "exemptions", "evidence", "bureaus", "default_bureau",
}  # fmt: skip

CalendarLoader = Callable[[str, str], HolidayCalendar]


def parse_pack(data: Mapping[str, Any], load_calendar: CalendarLoader) -> JurisdictionPack:
    f.reject_unknown(data, TOP_KEYS, "")
    code = f.text(data, "code", "")
    if not code.isascii() or not code.replace("-", "").isalnum() or code != code.lower():
        raise f.fail(
            "code", "规则包编码只能包含小写字母、数字和连字符", "pack code: [a-z0-9-] only"
        )
    procedure = f.table(data, "procedure", "")
    f.reject_unknown(
        procedure,
        {"lookback_days", "service_by_notice_days", "limitation_years", "summary_limits",
         "correction_days"},
        "procedure",
    )  # fmt: skip
    benchmark = _benchmark(f.table(data, "benchmark", ""))
    violations = _violations(f.array(data, "violations", ""), benchmark)
    lookback = f.integer(procedure, "lookback_days", "procedure", minimum=1)
    bureaus = _bureaus(f.array(data, "bureaus", ""))
    default_bureau = f.text(data, "default_bureau", "")
    if default_bureau not in {b.code for b in bureaus}:
        raise f.fail("default_bureau", f"“default_bureau”应为 bureaus 中某一执法机关的 code，收到“{default_bureau}”",
                     f"default_bureau {default_bureau!r} is not a bureau code")
    document_formats = _document_formats(f.table(data, "numbering", ""))
    return JurisdictionPack(
        code=code,
        name=f.text(data, "name", ""),
        version=f.text(data, "version", ""),
        effective_date=f.iso_date(data, "effective_date", ""),
        authority=f.text(data, "authority", ""),
        source=tuple(f.text_list(data, "source", "", required=True)),
        violations=violations,
        exemptions=_exemptions(f.array(data, "exemptions", ""), violations, lookback),
        benchmark=benchmark,
        hearing_thresholds=_hearing(f.table(data, "hearing_thresholds", "")),
        service_by_notice_days=f.integer(
            procedure, "service_by_notice_days", "procedure", minimum=1
        ),
        lookback_days=lookback,
        limitation_years=f.integer(procedure, "limitation_years", "procedure", minimum=1),
        summary_limits=_summary_limits(
            f.table(procedure, "summary_limits", "procedure"), "procedure.summary_limits"
        ),
        case_number_format=_numbering(f.table(data, "numbering", ""), "case", "numbering"),
        document_number_formats=document_formats,
        deadlines=_deadlines(f.table(data, "deadlines", "")),
        day_rules=_day_rules(f.table(data, "days", ""), load_calendar),
        evidence_checks=_evidence_checks(data),
        bureaus=bureaus,
        default_bureau=default_bureau,
        correction_days=_correction_days(procedure),
    )


def _correction_days(procedure: Mapping[str, Any]) -> tuple[int, int] | None:
    """``procedure.correction_days = [min, max]``: the days an order to correct may give."""
    if "correction_days" not in procedure:
        return None
    where = "procedure.correction_days"
    value = procedure["correction_days"]
    if (not isinstance(value, list) or len(value) != 2
            or any(isinstance(v, bool) or not isinstance(v, int) for v in value)
            or not 1 <= value[0] <= value[1] <= 365):
        raise f.fail(where, f"“{where}”应为 [最短天数, 最长天数]，1 ≤ 最短 ≤ 最长 ≤ 365",
                     f"{where!r} must be [min, max] days, 1 <= min <= max <= 365")
    return value[0], value[1]


BUREAU_KEYS = {"code", "district", "name", "review_body", "court", "number_prefix", "places",
               "payment_bank", "payment_account_name", "payment_account", "payment_channel"}


def _optional_text(raw: Mapping[str, Any], key: str, where: str) -> str:
    if key not in raw:
        return ""
    value = raw[key]
    if not isinstance(value, str):
        raise f.fail(f.join(where, key), f"“{where}.{key}”应为文字", f"{where}.{key} must be a string")
    return value.strip()


def _bureaus(items: list[Any]) -> tuple[Bureau, ...]:
    """The district bureaus (执法主体) stations act for; each names its 复议机关 and court in full."""
    if not items:
        raise f.fail("bureaus", "规则包须列出至少一个执法机关（[[bureaus]]），文书以其名义作出",
                     "a pack must list at least one bureau")
    out: list[Bureau] = []
    seen: dict[str, set[str]] = {"code": set(), "name": set(), "number_prefix": set()}
    for i, raw in enumerate(items):
        where = f"bureaus[{i}]"
        if not isinstance(raw, Mapping):
            raise f.fail(where, f"“{where}”应为表（对象）", f"{where!r} must be a table")
        f.reject_unknown(raw, BUREAU_KEYS, where)
        code = f.text(raw, "code", where).strip()
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise f.fail(f.join(where, "code"),
                         f"“{where}.code”应为六位行政区划代码（如 310101），收到“{code}”",
                         f"{where}.code must be a six-digit division code")
        bureau = Bureau(
            code=code,
            district=f.text(raw, "district", where).strip(),
            name=f.text(raw, "name", where).strip(),
            review_body=f.text(raw, "review_body", where).strip(),
            court=f.text(raw, "court", where).strip(),
            number_prefix=f.text(raw, "number_prefix", where).strip(),
            places=tuple(p.strip() for p in f.text_list(raw, "places", where, required=True)),
            **{key: _optional_text(raw, key, where) for key in (
                "payment_bank", "payment_account_name", "payment_account", "payment_channel")},
        )
        account = bureau.payment_account
        if account and not all(ch.isdigit() or ch in " -" for ch in account):
            raise f.fail(f.join(where, "payment_account"),
                         f"“{where}.payment_account”应为收款账号（数字，可用空格或“-”分隔），收到“{account}”",
                         f"{where}.payment_account must be an account number")
        generic = ("本机关", "本级", "有管辖权", "上一级")
        if not bureau.review_body.endswith("人民政府") or any(
                w in bureau.review_body for w in generic):
            raise f.fail(f.join(where, "review_body"),
                         f"“{where}.review_body”应写明复议机关全称（某某人民政府，行政复议法第二十四条），"
                         f"收到“{bureau.review_body}”",
                         f"{where}.review_body must name the people's government in full")
        if "人民法院" not in bureau.court or any(w in bureau.court for w in generic):
            raise f.fail(f.join(where, "court"),
                         f"“{where}.court”应写明管辖法院全称（某某人民法院），收到“{bureau.court}”",
                         f"{where}.court must name the court in full")
        if not bureau.places:
            raise f.fail(f.join(where, "places"),
                         f"“{where}.places”须列出识别本区的地名（如“黄浦区”），用于判断案件管辖",
                         f"{where}.places must list the names that identify the district")
        for key, taken in seen.items():
            value = getattr(bureau, key)
            if value in taken:
                raise f.fail(f.join(where, key), f"“{where}.{key}”与前面的执法机关重复：“{value}”",
                             f"{where}.{key} duplicates an earlier bureau")
            taken.add(value)
        out.append(bureau)
    return tuple(out)


def _evidence_checks(data: Mapping[str, Any]) -> EvidenceChecks:
    if "evidence" not in data:
        return EvidenceChecks()
    table = f.table(data, "evidence", "")
    f.reject_unknown(table, {"days_before_act", "distance_m"}, "evidence")
    default = EvidenceChecks()
    return EvidenceChecks(
        days_before_act=f.integer(table, "days_before_act", "evidence", required=False,
                                  default=default.days_before_act, minimum=0),
        distance_m=f.integer(table, "distance_m", "evidence", required=False,
                             default=default.distance_m, minimum=1),
    )


def _fine(value: Any, where: str) -> FineRange:
    """A fine: an int (fixed amount), ``[min, max]`` or ``{min = …, max = …}`` (min defaults 0)."""
    if isinstance(value, bool):
        raise f.fail(where, f"“{where}”应为罚款金额", f"{where!r} must be an amount")
    if isinstance(value, int):
        low, high = value, value
    elif isinstance(value, list) and len(value) == 2:
        low, high = value[0], value[1]
    elif isinstance(value, Mapping):
        f.reject_unknown(value, {"min", "max"}, where)
        low = f.integer(value, "min", where, required=False, default=0)
        high = f.integer(value, "max", where)
    else:
        raise f.fail(
            where,
            f"“{where}”应为金额、[最低, 最高] 或 {{max = …}}",
            f"{where!r} must be an amount, [min, max] or {{max = ...}}",
        )
    for bound in (low, high):
        if isinstance(bound, bool) or not isinstance(bound, int) or bound < 0:
            raise f.fail(where, f"“{where}”的金额应为非负整数（元）", f"{where!r}: amounts in yuan")
    if low > high:
        raise f.fail(
            where,
            f"“{where}”罚款幅度颠倒：最低 {low} 元大于最高 {high} 元",
            f"{where!r}: inverted fine range (min {low} > max {high})",
        )
    return FineRange(low, high)


def _fines(data: Mapping[str, Any], where: str) -> dict[str, FineRange]:
    f.reject_unknown(data, set(PARTY_KINDS), where)
    out = {kind: _fine(data[kind], f.join(where, kind)) for kind in PARTY_KINDS if kind in data}
    if not out:
        raise f.fail(
            where, f"“{where}”至少需要一类当事人的罚款幅度", f"{where!r}: no fine range given"
        )
    return out


def _article(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = f.text(entry, key, where)
    if "第" not in value or "条" not in value:
        path = f.join(where, key)
        raise f.fail(path, f"“{path}”应写明条款（如“第二十五条”）", f"{path!r}: cite an article")
    return value


def _violations(items: list[Any], bench: DiscretionBenchmark) -> dict[str, ViolationType]:
    out: dict[str, ViolationType] = {}
    allowed = {
        "code", "name", "event_class", "violated_article", "penalty_article", "fines", "tiers",
        "refusal_required", "measures", "notes", "fact_template", "education", "seizure_article",
    }  # fmt: skip
    for i, raw in enumerate(items):
        where = f.join("violations", i)
        if not isinstance(raw, Mapping):
            raise f.fail(where, f"“{where}”应为表", f"{where!r} must be a table")
        f.reject_unknown(raw, allowed, where)
        code = f.text(raw, "code", where)
        if code in out:
            path = f.join(where, "code")
            raise f.fail(path, f"违法行为编码“{code}”重复", f"duplicate violation code {code!r}")
        event_class = f.choice(
            f.text(raw, "event_class", where),
            EVENT_CLASSES,
            f.join(where, "event_class"),
            "事件大类",
        )
        fines = _fines(f.table(raw, "fines", where), f"violations.{code}.fines")
        out[code] = ViolationType(
            code=code,
            name=f.text(raw, "name", where),
            event_class=event_class,
            violated_article=_article(raw, "violated_article", where),
            penalty_article=_article(raw, "penalty_article", where),
            fines=fines,
            tiers=_tiers(f.array(raw, "tiers", where, required=False), code, fines, bench),
            refusal_required=f.boolean(raw, "refusal_required", where),
            measures=tuple(f.text_list(raw, "measures", where)),
            notes=f.text(raw, "notes", where, required=False),
            fact_template=f.text(raw, "fact_template", where, required=False),
            education=f.text(raw, "education", where, required=False),
            seizure_article=(_article(raw, "seizure_article", where)
                             if "seizure_article" in raw else ""),
        )
    if not out:
        raise f.fail("violations", "违法行为目录为空", "the violation catalog is empty")
    return out


def _tiers(
    items: list[Any], code: str, fines: Mapping[str, FineRange], bench: DiscretionBenchmark
) -> tuple[SeverityTier, ...]:
    if not items:
        return derive_tiers(fines, bench)
    tiers: list[SeverityTier] = []
    for i, raw in enumerate(items):
        where = f"violations.{code}.tiers[{i}]"
        if not isinstance(raw, Mapping):
            raise f.fail(where, f"“{where}”应为表", f"{where!r} must be a table")
        f.reject_unknown(raw, {"name", "description", *PARTY_KINDS}, where)
        name = f.choice(
            f.text(raw, "name", where), bench.tier_names, f.join(where, "name"), "情节档次"
        )
        if any(t.name == name for t in tiers):
            raise f.fail(f.join(where, "name"), f"情节档次“{name}”重复", f"duplicate tier {name!r}")
        ranges: dict[str, FineRange] = {}
        for kind, statutory in fines.items():
            path = f.join(where, kind)
            if kind not in raw:
                raise f.fail(path, f"缺少“{path}”", f"missing {path!r}")
            sub = _fine(raw[kind], path)
            if sub.min < statutory.min or sub.max > statutory.max:
                raise f.fail(
                    path,
                    f"“{path}”超出法定罚款幅度 {statutory.zh()}",
                    f"{path!r} lies outside the statutory range {statutory.as_list()}",
                )
            ranges[kind] = sub
        extra = set(PARTY_KINDS) - set(fines)
        for kind in extra:
            if kind in raw:
                path = f.join(where, kind)
                raise f.fail(path, f"“{path}”：该行为对此类当事人无罚则", f"{path!r}: no fine")
        tiers.append(SeverityTier(name, ranges, f.text(raw, "description", where, required=False)))
    return tuple(tiers)


def derive_tiers(
    fines: Mapping[str, FineRange], bench: DiscretionBenchmark
) -> tuple[SeverityTier, ...]:
    """Split each statutory range by the benchmark's default bands, rounded to ``rounding`` yuan."""

    def cut(rng: FineRange, fraction: float) -> int:
        raw = rng.min + fraction * (rng.max - rng.min)
        step = bench.rounding
        rounded = int((raw + step / 2) // step * step) if step > 1 else round(raw)
        return max(rng.min, min(rng.max, rounded))

    return tuple(
        SeverityTier(
            band.name,
            {
                kind: FineRange(cut(rng, band.lower), cut(rng, band.upper))
                for kind, rng in fines.items()
            },
            "按基准默认分档",
        )
        for band in bench.bands
    )


def _factor(raw: Any, where: str, kind: FactorKind) -> Factor:
    if not isinstance(raw, Mapping):
        raise f.fail(where, f"“{where}”应为表", f"{where!r} must be a table")
    f.reject_unknown(
        raw, {"id", "name", "basis", "source", "fact", "min", "max", "threshold", "level"}, where
    )
    source = f.choice(f.text(raw, "source", where), FACTOR_SOURCES, f.join(where, "source"), "来源")
    params: dict[str, object] = {}
    if source == "fact":
        params["fact"] = f.choice(
            f.text(raw, "fact", where), FACT_FLAGS, f.join(where, "fact"), "事实"
        )
    elif source == "age_between":
        params["min"] = f.integer(raw, "min", where)
        params["max"] = f.integer(raw, "max", where)
    elif source == "priors_over":
        params["threshold"] = f.integer(raw, "threshold", where)
    else:
        params["level"] = f.choice(
            f.text(raw, "level", where), HARM_LEVELS, f.join(where, "level"), "后果"
        )
    return Factor(
        id=f.text(raw, "id", where),
        name=f.text(raw, "name", where),
        kind=kind,
        basis=f.text(raw, "basis", where),
        source=source,
        params=params,
    )


def _benchmark(data: Mapping[str, Any]) -> DiscretionBenchmark:
    where = "benchmark"
    f.reject_unknown(
        data,
        {"source", "name", "effective_date", "tiers", "rounding", "bands", "mitigating",
         "aggravating"},
        where,
    )
    tier_names = tuple(f.text_list(data, "tiers", where, required=True))
    if not tier_names or len(set(tier_names)) != len(tier_names):
        raise f.fail("benchmark.tiers", "情节档次名称须非空且不重复", "tier names must be unique")
    bands: list[Band] = []
    for i, raw in enumerate(f.array(data, "bands", where)):
        path = f"benchmark.bands[{i}]"
        if not isinstance(raw, Mapping):
            raise f.fail(path, f"“{path}”应为表", f"{path!r} must be a table")
        f.reject_unknown(raw, {"name", "lower", "upper"}, path)
        name = f.choice(f.text(raw, "name", path), tier_names, f.join(path, "name"), "情节档次")
        lower, upper = f.number(raw, "lower", path), f.number(raw, "upper", path)
        if not 0 <= lower <= upper <= 1:
            raise f.fail(path, f"“{path}”应满足 0 ≤ lower ≤ upper ≤ 1", f"{path!r}: bad band")
        bands.append(Band(name, lower, upper))
    if {b.name for b in bands} != set(tier_names):
        raise f.fail("benchmark.bands", "每个情节档次都需要一个默认分档", "one band per tier")
    factors = {
        kind: tuple(
            _factor(raw, f"benchmark.{kind}[{i}]", kind)
            for i, raw in enumerate(f.array(data, kind, where))
        )
        for kind in ("mitigating", "aggravating")
    }
    ids = [x.id for group in factors.values() for x in group]
    if len(set(ids)) != len(ids):
        raise f.fail("benchmark", "裁量情节编号重复", "duplicate factor id")
    return DiscretionBenchmark(
        source=f.text(data, "source", where),
        effective_date=f.iso_date(data, "effective_date", where),
        tier_names=tier_names,
        bands=tuple(bands),
        rounding=f.integer(data, "rounding", where, minimum=1),
        mitigating=factors["mitigating"],
        aggravating=factors["aggravating"],
        name=f.text(data, "name", where, required=False),
    )


def _exemptions(
    items: list[Any], violations: Mapping[str, ViolationType], default_lookback: int
) -> tuple[ExemptionItem, ...]:
    out: list[ExemptionItem] = []
    allowed = {
        "id", "violation", "basis", "branches", "limits", "lookback_days", "undertaking_required",
        "photos_required", "notes",
    }  # fmt: skip
    for i, raw in enumerate(items):
        where = f.join("exemptions", i)
        if not isinstance(raw, Mapping):
            raise f.fail(where, f"“{where}”应为表", f"{where!r} must be a table")
        f.reject_unknown(raw, allowed, where)
        item_id = f.text(raw, "id", where)
        if any(x.id == item_id for x in out):
            path = f.join(where, "id")
            raise f.fail(
                path, f"免罚事项编号“{item_id}”重复", f"duplicate exemption id {item_id!r}"
            )
        code = f.text(raw, "violation", where)
        if code not in violations:
            path = f.join(where, "violation")
            raise f.fail(
                path, f"“{path}”引用了目录中不存在的违法行为“{code}”", f"unknown code {code!r}"
            )
        if any(x.violation == code for x in out):
            path = f.join(where, "violation")
            raise f.fail(
                path, f"违法行为“{code}”已有免罚事项", f"second exemption item for {code!r}"
            )
        branches = f.text_list(raw, "branches", where, required=True)
        for j, branch in enumerate(branches):
            f.choice(branch, BRANCHES, f"{where}.branches[{j}]", "免罚情形")
        if not branches:
            raise f.fail(f.join(where, "branches"), "免罚情形不能为空", "no branches")
        limits_raw = f.table(raw, "limits", where, required=False)
        f.reject_unknown(limits_raw, set(LIMIT_KEYS), f.join(where, "limits"))
        limits = {key: f.number(limits_raw, key, f.join(where, "limits")) for key in limits_raw}
        out.append(
            ExemptionItem(
                id=item_id,
                violation=code,
                basis=_article(raw, "basis", where),
                branches=tuple(branches),
                limits=limits,
                lookback_days=f.integer(
                    raw, "lookback_days", where, required=False, default=default_lookback, minimum=1
                ),
                undertaking_required=f.boolean(raw, "undertaking_required", where),
                photos_required=f.boolean(raw, "photos_required", where),
                notes=f.text(raw, "notes", where, required=False),
            )
        )
    return tuple(out)


def _hearing(data: Mapping[str, Any]) -> HearingThresholds:
    where = "hearing_thresholds"
    f.reject_unknown(data, {"person", "organisation", "inclusive", "basis"}, where)
    if "inclusive" not in data:
        raise f.fail(f"{where}.inclusive", f"缺少必填字段“{where}.inclusive”", "missing inclusive")
    return HearingThresholds(
        person=f.integer(data, "person", where, minimum=1),
        organisation=f.integer(data, "organisation", where, minimum=1),
        inclusive=f.boolean(data, "inclusive", where),
        basis=f.text(data, "basis", where),
    )


def _summary_limits(data: Mapping[str, Any], where: str) -> SummaryLimits:
    f.reject_unknown(data, set(PARTY_KINDS), where)
    return SummaryLimits(
        person=f.integer(data, "person", where), organisation=f.integer(data, "organisation", where)
    )


NUMBER_FIELDS = {"year", "segment", "seq"}


def _numbering(data: Mapping[str, Any], key: str, where: str, *, bureau: bool = False) -> str:
    """A number format: ``{year}``, the station segment and a fixed-width, zero-padded serial.

    ``{segment:02d}`` shows which station's range a number comes from (01..99), so numbers of
    two stations never coincide; ``{seq:0Nd}`` (N = 3..9) fixes the range a station holds per
    year (1 .. 10**N - 1) and keeps numbers of one station sorting in order.
    """
    fmt = f.text(data, key, where)
    path = f.join(where, key)
    if len(fmt) > 200:
        raise f.fail(path, f"“{path}”编号格式过长（最多 200 个字符）", f"{path!r}: format too long")
    try:
        used = number_format_fields(fmt)
        widths = [int(w) for spec in number_format_specs(fmt).values()
                  for w in re.findall(r"\d+", spec)]
        if any(w > 20 for w in widths):  # checked before rendering: {seq:2000000000d} is 2 GB
            raise ValueError("field too wide")
        fmt.format(year=2026, segment=1, seq=1, bureau="沪黄城管")
    except (ValueError, KeyError, IndexError):
        raise f.fail(path, f"“{path}”编号格式无效", f"{path!r}: invalid format") from None
    if bureau and used != NUMBER_FIELDS | {"bureau"}:
        raise f.fail(
            path,
            f"“{path}”文号格式须且只能包含 {{bureau}}（执法机关文号代字）、{{year}}、"
            "{segment}（站点号段）与 {seq}：各区执法机关的文号不得相同",
            f"{path!r}: a document number format must use exactly {{bureau}}, {{year}}, "
            "{segment} and {seq}",
        )
    if not bureau and used != NUMBER_FIELDS:
        raise f.fail(
            path,
            f"“{path}”编号格式须且只能包含 {{year}}、{{segment}}（站点号段）与 {{seq}}",
            f"{path!r}: the format must use exactly {{year}}, {{segment}} and {{seq}}",
        )
    specs = number_format_specs(fmt)
    if specs["segment"] != "02d":
        raise f.fail(
            path,
            f"“{path}”中站点号段须写作 {{segment:02d}}（两位，01–99）",
            f"{path!r}: the segment must be written {{segment:02d}}",
        )
    seq = specs["seq"]
    if not (len(seq) == 3 and seq[0] == "0" and seq[1] in "3456789" and seq[2] == "d"):
        raise f.fail(
            path,
            f"“{path}”中流水号须为 3–9 位定宽补零，如 {{seq:06d}}，收到 {{seq:{seq}}}",
            f"{path!r}: the serial must be zero-padded to 3..9 digits, e.g. {{seq:06d}}",
        )
    return fmt


def _document_formats(numbering: Mapping[str, Any]) -> dict[str, str]:
    f.reject_unknown(numbering, {"case", "documents"}, "numbering")
    docs = f.table(numbering, "documents", "numbering")
    if not docs:
        raise f.fail("numbering.documents", "至少需要一个文书编号系列", "no document series")
    return {series: _numbering(docs, series, "numbering.documents", bureau=True)
            for series in docs}


def _deadlines(data: Mapping[str, Any]) -> dict[str, DeadlineRule]:
    f.reject_unknown(data, set(DEADLINE_NAMES), "deadlines")
    out: dict[str, DeadlineRule] = {}
    for name in DEADLINE_NAMES:
        rule = f.table(data, name, "deadlines")
        where = f"deadlines.{name}"
        f.reject_unknown(rule, {"days", "months", "counting", "basis"}, where)
        days = f.integer(rule, "days", where, required=False)
        months = f.integer(rule, "months", where, required=False)
        if (days == 0) == (months == 0):
            raise f.fail(
                where, f"“{where}”须且只能给出 days 或 months 之一", f"{where!r}: days xor months"
            )
        counting = f.choice(
            f.text(rule, "counting", where, required=False, default="calendar"),
            ("calendar", "working"),
            f.join(where, "counting"),
            "计日方式",
        )
        if counting == "working" and months:
            raise f.fail(
                where, f"“{where}”按月计算的期限不能按工作日计", f"{where!r}: months+working"
            )
        out[name] = DeadlineRule(
            name, days, months, "working" if counting == "working" else "calendar",
            f.text(rule, "basis", where),
        )  # fmt: skip
    return out


def _day_rules(data: Mapping[str, Any], load_calendar: CalendarLoader) -> DayRules:
    f.reject_unknown(data, {"holiday_rule", "calendar", "basis"}, "days")
    rule = f.choice(
        f.text(data, "holiday_rule", "days"),
        ("next_working_day", "none"),
        "days.holiday_rule",
        "规则",
    )
    return DayRules(
        holiday_rule="next_working_day" if rule == "next_working_day" else "none",
        calendar=load_calendar(f.text(data, "calendar", "days"), "days.calendar"),
        basis=f.text(data, "basis", "days"),
    )
