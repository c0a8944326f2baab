"""Everything a template may be filled from, for one case: ``build_context`` → {source key: value}.

Keys are exactly ``KNOWN_SOURCES``; an unknown value is the empty string, never a guess.
Reads only; the caller owns the session.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog.service import case_officers
from gridapp.documents.jurisdiction import Jurisdiction, case_jurisdiction
from gridapp.documents.sources import KNOWN_SOURCES
from gridapp.errors import ValidationError
from gridapp.evidence.service import stored_warnings
from gridapp.models import (
    Case,
    Document,
    DocumentService,
    Evidence,
    Officer,
    Party,
    RuleEvaluation,
    Station,
)
from gridapp.packs import JurisdictionPack
from gridapp.setup import station_payment
from gridapp.timeutil import STATION_TZ, station_time, station_today
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.document_kind import DOCUMENT_KIND, RECORD_KINDS
from gridapp.vocab.evidence import MEDIA, MEDIA_COUNTER
from gridapp.vocab.party_kind import ID_DOCUMENT, PARTY_KIND
from gridapp.vocab.stage import STAGE

CHINA = STATION_TZ
BRANCH_TEXT = {
    "minor_no_harm": "违法行为轻微并及时改正，没有造成危害后果",
    "first_offence": "初次违法且危害后果轻微并及时改正",
    "no_fault": "当事人有证据足以证明没有主观过错",
}
BRANCH_BASIS = {
    "minor_no_harm": "《中华人民共和国行政处罚法》第三十三条第一款",
    "first_offence": "《中华人民共和国行政处罚法》第三十三条第一款",
    "no_fault": "《中华人民共和国行政处罚法》第三十三条第二款",
}


def local(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return station_time(dt)


def today_local() -> str:
    return station_today().isoformat()


def latest_evaluation(session: Session, case_id: str) -> RuleEvaluation | None:
    return session.scalars(
        select(RuleEvaluation)
        .where(RuleEvaluation.case_id == case_id, RuleEvaluation.deleted.is_(False))
        .order_by(RuleEvaluation.evaluated_at.desc())
    ).first()


def build_context(session: Session, pack: JurisdictionPack, case: Case) -> dict[str, Any]:
    ctx: dict[str, Any] = dict.fromkeys(KNOWN_SOURCES, "")
    station = session.scalars(select(Station).where(Station.deleted.is_(False))).first()
    if station is not None:
        ctx["station.name"] = station.name
        ctx["station.authority"] = station.authority or pack.authority
        ctx.update({f"station.{k}": v for k, v in station_payment(pack, station).items()})
    _case(ctx, pack, case)
    _bodies(ctx, case_jurisdiction(session, pack, case))
    party = session.get(Party, case.party_id) if case.party_id else None
    if party is not None:
        _party(ctx, party)
        ctx["case.title"] = f"{party.name}{ctx['case.violation_name']}案"
    _officers(ctx, case_officers(session, case.id))
    _rules(ctx, pack, latest_evaluation(session, case.id), party)
    _evidence(ctx, session, case)
    _served_decision(ctx, session, pack, case)
    ctx["pack.name"] = pack.name
    # Periods in Chinese numerals, as the templates' own wording writes them (五个工作日), so a
    # notice never mixes "5个工作日" with "五个工作日".
    ctx["pack.statement_days"] = _numeral(pack.statement_period_days)
    ctx["pack.hearing_request_days"] = _numeral(pack.deadlines["hearing_request"].days)
    ctx["pack.notice_service_days"] = _numeral(pack.service_by_notice_days)
    return ctx


def _case(ctx: dict[str, Any], pack: JurisdictionPack, case: Case) -> None:
    opened = local(case.opened_at)
    closed = local(case.closed_at)
    due = local(case.due_at)
    ctx.update({
        "case.number": case.number,
        "case.source_label": CASE_SOURCE.zh(case.source),
        "case.address": case.address,
        "case.gps": f"{case.lat:.5f}, {case.lon:.5f}" if case.lat is not None and case.lon is not None else "",
        "case.facts": case.facts,
        "case.act_date": case.act_date,
        "case.opened_date": opened.date().isoformat() if opened else "",
        "case.discovered_date": f"{opened:%Y-%m-%d %H:%M}" if opened else "",
        "case.closed_date": closed.date().isoformat() if closed else "",
        "case.grid_code": case.grid_code,
        "case.outcome_label": case.outcome or CASE_STATUS.zh(case.status),
        "rules.correction_deadline": due.date().isoformat() if due else "",
    })
    try:
        violation = pack.violation(case.violation_code)
    except ValidationError:
        ctx["case.violation_name"] = case.violation_code
        return
    ctx["case.violation_name"] = violation.name
    ctx["case.legal_basis"] = violation.violated_article
    ctx["case.penalty_basis"] = violation.penalty_article
    ctx["case.seizure_basis"] = violation.seizure_article
    if violation.education:
        ctx["pack.education"] = violation.education


def _bodies(ctx: dict[str, Any], j: Jurisdiction) -> None:
    """The body the documents are issued by, its 复议机关 and court, named in full (a station
    with no bureau configured leaves them empty: the decisions cannot be issued)."""
    if j.acting is not None:
        ctx["station.authority"] = j.acting.name
        ctx["station.review_body"] = j.acting.review_body
        ctx["station.court"] = j.acting.court
    if j.place is not None:
        ctx["case.place_authority"] = j.place.name


FINE_DECISIONS = ("penalty_decision", "summary_penalty_decision")


@dataclass(frozen=True)
class ServedDecision:
    number: str
    fine: int | None
    served_on: date
    payment_due: date
    template_id: str = ""  # penalty_decision, or summary_penalty_decision (当场)


def served_decision(session: Session, pack: JurisdictionPack, case: Case) -> ServedDecision | None:
    """The case's latest valid fine decision that was served, with the last day to pay (十五日,
    行政处罚法第六十七条第三款, counted by the pack's day rules), or None."""
    from gridapp.rules.daycount import due_after

    rows = session.execute(
        select(Document.number, Document.fields_json, DocumentService.served_on,
               DocumentService.deemed_served_on, Document.template_id)
        .join(DocumentService, DocumentService.document_id == Document.id)
        .where(Document.case_id == case.id, Document.voided_at.is_(None),
               Document.deleted.is_(False), DocumentService.deleted.is_(False),
               Document.template_id.in_(FINE_DECISIONS))
        .order_by(Document.issued_at.desc())
    ).all()
    for number, fields_json, served_on, deemed, template_id in rows:
        day = deemed or served_on
        if not day:
            continue
        try:
            served = date.fromisoformat(day)
            raw = str(json.loads(fields_json).get("fine_amount") or "").strip()
        except ValueError:
            continue
        fine = int(float(raw)) if raw.replace(".", "", 1).isdigit() else None
        due = due_after(pack.deadlines["payment_due"], served, pack.day_rules).date
        return ServedDecision(number, fine, served, due, template_id)
    return None


def _served_decision(ctx: dict[str, Any], session: Session, pack: JurisdictionPack,
                     case: Case) -> None:
    from gridapp.rules.latefee import late_fee

    found = served_decision(session, pack, case)
    if found is None:
        return
    ctx["decision.number"] = found.number
    ctx["decision.served_date"] = found.served_on.isoformat()
    ctx["rules.payment_due"] = found.payment_due.isoformat()
    if found.fine is not None:
        ctx["decision.fine"] = str(found.fine)
        ctx["rules.late_fee"] = str(late_fee(found.fine, found.payment_due,
                                             date.fromisoformat(today_local())))


def _numeral(days: int) -> str:
    import cn2an

    return str(cn2an.an2cn(days))


def _party(ctx: dict[str, Any], party: Party) -> None:
    ctx.update({
        "party.name": party.name,
        "party.kind_label": PARTY_KIND.zh(party.kind),
        # How the documents address the party: a person is 你, a unit 你单位 (never 你（单位）).
        "party.you": "你" if party.kind == "person" else "你单位",
        "party.id_label": ID_DOCUMENT.zh(party.kind) if party.kind in ID_DOCUMENT else "证件号码",
        "party.id_number": party.id_number,
        "party.phone": party.phone,
        "party.address": party.address,
        "party.birth_date": party.birth_date,
    })


def _officers(ctx: dict[str, Any], officers: list[Officer]) -> None:
    ctx["officers.names"] = "、".join(o.name for o in officers)
    ctx["officers.with_badges"] = "、".join(f"{o.name}（执法证号{o.badge_no}）" for o in officers)
    for i, key in enumerate(("first", "second")):
        if len(officers) > i:
            ctx[f"officers.{key}_name"] = officers[i].name
            ctx[f"officers.{key}_badge"] = officers[i].badge_no


def _rules(ctx: dict[str, Any], pack: JurisdictionPack, ev: RuleEvaluation | None,
           party: Party | None) -> None:
    if ev is None:
        return
    try:
        result = json.loads(ev.result_json)
        data = json.loads(ev.input_json)
    except ValueError:
        return
    ctx["rules.stage_label"] = STAGE.zh(str(result.get("stage"))) if result.get("stage") in STAGE else ""
    ctx["rules.priors"] = str(result.get("priors", ""))
    exemption = result.get("exemption") or {}
    branch = exemption.get("branch") if exemption.get("applies") else None
    if branch in BRANCH_TEXT:
        ctx["rules.exemption_branch"] = BRANCH_TEXT[branch]
        ctx["rules.exemption_basis"] = BRANCH_BASIS[branch]
    ctx["rules.education_required"] = "是" if result.get("education_required") else ""
    discretion = result.get("discretion") or {}
    rng = discretion.get("range")
    if isinstance(rng, list) and len(rng) == 2:
        ctx["rules.discretion_range"] = f"{rng[0]}元至{rng[1]}元"
    ctx["rules.discretion_tier"] = str(discretion.get("tier") or "")
    factors = [str(f) for f in discretion.get("factors") or []]
    tier = ctx["rules.discretion_tier"]
    if tier or factors:
        ctx["rules.discretion_factors"] = (
            (f"按照本地裁量基准，本案属“{tier}”档次" if tier else "按照本地裁量基准")
            + (f"，具有以下情节：{'、'.join(factors)}。" if factors else "。")
        )
    fine = (data.get("case") or {}).get("proposed_fine")
    if isinstance(fine, (int, float)) and fine > 0:
        ctx["rules.proposed_fine"] = str(int(fine)) if float(fine).is_integer() else str(fine)
        kind = party.kind if party is not None else "person"
        if pack.hearing_thresholds.requires_hearing(kind, int(fine)):
            ctx["rules.hearing_applicable"] = "是"


def _evidence(ctx: dict[str, Any], session: Session, case: Case) -> None:
    rows = list(session.scalars(
        select(Evidence).where(Evidence.case_id == case.id, Evidence.deleted.is_(False),
                               Evidence.withdrawn_at.is_(None)).order_by(Evidence.item_no)
    ))
    counts = Counter(r.media for r in rows)
    parts = [f"{MEDIA.zh(m)}{n}{MEDIA_COUNTER[m]}" for m, n in counts.items() if m in MEDIA]
    records = session.scalars(
        select(Document.template_id).where(Document.case_id == case.id,
                                           Document.voided_at.is_(None),
                                           Document.template_id.in_(RECORD_KINDS))
    ).all()
    parts = [DOCUMENT_KIND.zh(t) for t in dict.fromkeys(records)] + parts
    ctx["evidence.summary"] = "、".join(parts)
    ctx["evidence.count"] = str(len(rows))
    officers = {o.id: f"{o.name}（{o.badge_no}）" for o in session.scalars(select(Officer))}
    ctx["evidence.photos"] = [photo_item(r, officers.get(r.officer_id or "", ""))
                              for r in rows if r.media == "photo"]


def photo_item(row: Evidence, badge: str = "") -> dict[str, Any]:
    """One photo for a photo sheet; ``print_sha256`` names the print copy to draw."""
    taken = local(row.captured_at)
    return {
        "caption": row.caption or row.original_name,
        "captured_at": f"{taken:%Y-%m-%d %H:%M}" if taken else "未知",
        "gps": f"{row.lat:.5f}, {row.lon:.5f}" if row.lat is not None and row.lon is not None else "",
        "officer": badge or row.officer_id or "",
        "hash": row.sha256[:16],
        "print_sha256": row.print_sha256,
        "sha256": row.sha256,
        "officer_id": row.officer_id or "",
        # What the import warned about and why the officer imported it all the same.
        "warnings": list(stored_warnings(row)),
        "warning_reason": row.warning_reason,
    }
