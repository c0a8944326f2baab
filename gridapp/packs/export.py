"""Plain-dict view of a pack for ``gridapp pack show --json`` and for reviewers."""

from __future__ import annotations

from typing import Any

from gridapp.packs.model import Factor, FineRange, JurisdictionPack, ViolationType


def _fines(fines: Any) -> dict[str, list[int]]:
    return {kind: rng.as_list() for kind, rng in fines.items() if isinstance(rng, FineRange)}


def violation_to_dict(v: ViolationType) -> dict[str, Any]:
    return {
        "code": v.code,
        "name": v.name,
        "event_class": v.event_class,
        "violated_article": v.violated_article,
        "penalty_article": v.penalty_article,
        "fines": _fines(v.fines),
        "refusal_required": v.refusal_required,
        "measures": list(v.measures),
        "tiers": [
            {"name": t.name, "description": t.description, "fines": _fines(t.fines)}
            for t in v.tiers
        ],
        "notes": v.notes,
        **({"fact_template": v.fact_template} if v.fact_template else {}),
        **({"education": v.education} if v.education else {}),
    }


def _factor(x: Factor) -> dict[str, Any]:
    return {"id": x.id, "name": x.name, "basis": x.basis, "source": x.source, **x.params}


def pack_to_dict(pack: JurisdictionPack) -> dict[str, Any]:
    cal = pack.day_rules.calendar
    return {
        "code": pack.code,
        "name": pack.name,
        "version": pack.version,
        "effective_date": pack.effective_date.isoformat(),
        "authority": pack.authority,
        "source": list(pack.source),
        "lookback_days": pack.lookback_days,
        "statement_period_days": pack.statement_period_days,
        "service_by_notice_days": pack.service_by_notice_days,
        "limitation_years": pack.limitation_years,
        "evidence": {"days_before_act": pack.evidence_checks.days_before_act,
                     "distance_m": pack.evidence_checks.distance_m},
        "summary_limits": {
            "person": pack.summary_limits.person,
            "organisation": pack.summary_limits.organisation,
        },
        "hearing_thresholds": {
            "person": pack.hearing_thresholds.person,
            "organisation": pack.hearing_thresholds.organisation,
            "inclusive": pack.hearing_thresholds.inclusive,
            "basis": pack.hearing_thresholds.basis,
        },
        "case_number_format": pack.case_number_format,
        "document_number_formats": dict(pack.document_number_formats),
        "bureaus": [{"code": b.code, "district": b.district, "name": b.name,
                     "review_body": b.review_body, "court": b.court,
                     "number_prefix": b.number_prefix, "places": list(b.places)}
                    for b in pack.bureaus],
        "default_bureau": pack.default_bureau,
        "deadlines": {
            d.name: {"days": d.days, "months": d.months, "counting": d.counting, "basis": d.basis}
            for d in pack.deadlines.values()
        },
        "days": {
            "holiday_rule": pack.day_rules.holiday_rule,
            "basis": pack.day_rules.basis,
            "calendar": {"name": cal.name, "years": sorted(cal.years), "source": cal.source},
        },
        "benchmark": {
            "source": pack.benchmark.source,
            "effective_date": pack.benchmark.effective_date.isoformat(),
            "tiers": list(pack.benchmark.tier_names),
            "mitigating": [_factor(x) for x in pack.benchmark.mitigating],
            "aggravating": [_factor(x) for x in pack.benchmark.aggravating],
        },
        "violations": [violation_to_dict(v) for v in pack.violations.values()],
        "exemptions": [
            {
                "id": e.id,
                "violation": e.violation,
                "basis": e.basis,
                "branches": list(e.branches),
                "limits": dict(e.limits),
                "lookback_days": e.lookback_days,
                "undertaking_required": e.undertaking_required,
                "photos_required": e.photos_required,
                "notes": e.notes,
            }
            for e in pack.exemptions
        ],
    }
