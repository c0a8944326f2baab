"""Texts the decisions take from the case record, and the gates that refuse a decision the
record does not support. Never a pre-printed sentence: each paragraph is chosen from what the
record holds (documents issued and served, the stored rules evaluation, the evidence).

- 陈述、申辩 (行政处罚法第四十四条、第四十五条、第六十二条): a 陈述申辩笔录 → the statement made,
  summarised, and the authority's answer (采纳与否 and why, typed on the decision); a recorded
  waiver (a 陈述申辩笔录 recording it, or the evaluation's ``statement_waived``) → waived; the
  事先告知书 served and the statement period passed with no statement → lapsed; none of these →
  a penalty decision is refused (``statement_not_heard``).
- 听证 (第六十三条、第六十四条): said only where a 听证告知书 was served; a waiver (第六十二条) only
  from the party's signed 陈述申辩笔录 made after that service (``hearing_waiver``).
- evidence: each item with what it proves (证明对象), defaulted from its kind, editable.
- discretion (第三十四条): the benchmark named, the facts that place the tier.
- 不予处罚 (第三十三条): the exemption-list item cited; the 教育告诫记录 (第三十三条第三款)
  required before the decision.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.documents.context import latest_evaluation, local
from gridapp.documents.fill import GateView, joined
from gridapp.documents.templates import Template
from gridapp.documents.text import format_date
from gridapp.evidence.numbering import is_home, item_ref, ordered
from gridapp.models import Case, Document, Evidence, Party
from gridapp.packs import JurisdictionPack
from gridapp.vocab.evidence import MEDIA, MEDIA_COUNTER
from gridapp.vocab.party_kind import PARTY_KIND

STATEMENT_RECORD = "statement_record"
EDUCATION_RECORD = "education_record"
WAIVER = "放弃陈述、申辩"  # the 陈述申辩笔录's ``kind`` when it records a waiver
STATEMENT_BASIS = "《行政处罚法》第四十四条、第四十五条、第六十二条"
GIST_CHARS = 120
# What an item proves (证明对象) unless the officer words it otherwise: by its statutory kind
# first (行政处罚法第四十六条), then by what the file is.
PROVES_BY_KIND = {
    "证人证言": "证人所见的违法事实",
    "鉴定意见": "涉案事项的专门性问题",
    "物证": "违法行为所涉物品",
    "当事人陈述": "当事人对违法事实的陈述",
}
PROVES_BY_MEDIA = {
    "photo": "违法行为发生的时间、地点和现场状况",
    "video": "违法行为的经过和现场执法过程",
    "audio": "现场执法过程和当事人的陈述",
    "document": "与违法行为有关的书面事实",
}
PROVES_BY_RECORD = {
    "site_inspection_record": "现场检查情况和违法事实",
    "inquiry_record": "当事人对违法事实的陈述和承认",
    "statement_record": "当事人陈述、申辩的内容",
}
HARM_ZH = {"none": "未造成危害后果", "slight": "危害后果轻微", "serious": "造成严重危害后果"}


@dataclass(frozen=True)
class Statement:
    """What the record holds about the party's 陈述、申辩: ``state`` is ``made``, ``waived``,
    ``lapsed`` or ``""`` (none of these), ``text`` the paragraph a decision prints."""

    state: str
    text: str


def _documents(session: Session, case: Case, template_id: str) -> list[Document]:
    return list(session.scalars(
        select(Document).where(Document.case_id == case.id, Document.template_id == template_id,
                               Document.voided_at.is_(None), Document.deleted.is_(False))
        .order_by(Document.issued_at)
    ))


def _fields(doc: Document) -> dict[str, Any]:
    try:
        data = json.loads(doc.fields_json or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _day(raw: str, doc: Document) -> str:
    """The record's own date (its ``time`` field, 2026-11-22 14:00), else the day it was issued,
    as 年月日."""
    head = raw.strip()[:10]
    try:
        return format_date(date.fromisoformat(head).isoformat())
    except ValueError:
        issued = local(doc.issued_at)
        return format_date(issued.date().isoformat()) if issued else ""


def _gist(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > GIST_CHARS:
        flat = flat[:GIST_CHARS].rstrip("，,；;、 ") + "……"
    return str(joined(flat, "。"))


@dataclass(frozen=True)
class Evaluated:
    """The case's latest stored rules evaluation, parsed once: its input and result."""

    input: dict[str, Any]
    result: dict[str, Any]

    @property
    def case(self) -> dict[str, Any]:
        part = self.input.get("case")
        return part if isinstance(part, dict) else {}


def evaluated(session: Session, case: Case) -> Evaluated:
    ev = latest_evaluation(session, case.id)
    if ev is None:
        return Evaluated({}, {})
    try:
        data, result = json.loads(ev.input_json), json.loads(ev.result_json)
    except ValueError:
        return Evaluated({}, {})
    return Evaluated(data if isinstance(data, dict) else {},
                     result if isinstance(result, dict) else {})


def _served_on(session: Session, case: Case, template_id: str, as_of: date) -> date | None:
    from gridapp.documents.gates import served_documents

    days = [date.fromisoformat(s["date"]) for s in served_documents(session, case.id, as_of)
            if s["document"] == template_id]
    return max(days) if days else None


def statement(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
              ev: Evaluated) -> Statement:
    from gridapp.rules.daycount import due_after

    made: Document | None = None
    waived: Document | None = None
    for doc in _documents(session, case, STATEMENT_RECORD):
        if str(_fields(doc).get("kind") or "").strip() == WAIVER:
            waived = doc
        else:
            made = doc
    if made is not None:
        values = _fields(made)
        gist = _gist(str(values.get("statement") or ""))
        return Statement("made", f"当事人于{_day(str(values.get('time') or ''), made)}"
                                 f"提出陈述、申辩（陈述申辩笔录{made.number}），主要意见：{gist}")
    if waived is not None:
        day = _day(str(_fields(waived).get("time") or ""), waived)
        return Statement("waived", f"当事人于{day}明确表示放弃陈述、申辩的权利"
                                   f"（陈述申辩笔录{waived.number}）。")
    if ev.case.get("statement_waived") is True:
        return Statement("waived", "当事人明确表示放弃陈述、申辩的权利。")
    served = _served_on(session, case, "advance_notice", as_of)
    if served is not None:
        due = due_after(pack.deadlines["statement_until"], served, pack.day_rules).date
        if as_of > due:
            return Statement("lapsed", f"本机关于{format_date(served.isoformat())}向当事人送达了"
                                       f"行政处罚事先告知书，当事人在规定期限内（至"
                                       f"{format_date(due.isoformat())}）未提出陈述、申辩。")
    return Statement("", "")


def hearing(session: Session, pack: JurisdictionPack, case: Case, as_of: date,
            ev: Evaluated) -> str:
    """The hearing sentence, only where a 听证告知书 was served (no hearing right, no words)."""
    from gridapp.rules.daycount import due_after

    served = _served_on(session, case, "hearing_notice", as_of)
    if served is None:
        return ""
    part = ev.case
    requested = part.get("hearing_requested")
    if requested is True:
        held = str(part.get("hearing_date") or "")
        if held and held <= as_of.isoformat():
            return f"当事人要求举行听证，本机关于{format_date(held)}依法举行了听证。"
        return ""
    # 明确放弃 only by the party's signed record after the service (第六十二条); the
    # evaluation's ``hearing_requested: false`` alone says nothing.
    from gridapp.documents.hearing_waiver import waiver_after

    waiver = waiver_after(session, case.id, served)
    if waiver is not None and waiver.day <= as_of:
        return (f"当事人于{format_date(waiver.day.isoformat())}明确表示放弃听证"
                f"（陈述申辩笔录{waiver.number}）。")
    window = due_after(pack.deadlines["hearing_request"], served, pack.day_rules).date
    if as_of > window:
        return "当事人在规定期限内未要求举行听证。"
    return ""


def evidence_items(session: Session, case: Case) -> list[dict[str, str]]:
    """The case's evidence, each with what it proves: the 笔录 first, then the files grouped by
    what they are and their caption (现场照片3张（#1–#3）：占道设摊现场). Never an internal id."""
    out: list[dict[str, str]] = []
    records = session.scalars(
        select(Document).where(Document.case_id == case.id, Document.voided_at.is_(None),
                               Document.deleted.is_(False),
                               Document.template_id.in_(tuple(PROVES_BY_RECORD)))
        .order_by(Document.issued_at)
    ).all()
    from gridapp.vocab.document_kind import DOCUMENT_KIND

    for doc in records:
        if _fields(doc).get("kind") == WAIVER:
            continue
        out.append({"name": f"{DOCUMENT_KIND.zh(doc.template_id)}（{doc.number}）",
                    "proves": PROVES_BY_RECORD[doc.template_id]})
    rows = ordered(list(session.scalars(
        select(Evidence).where(Evidence.case_id == case.id, Evidence.deleted.is_(False),
                               Evidence.withdrawn_at.is_(None))
    )), case)
    groups: dict[tuple[str, str, str], list[str]] = {}
    for row in rows:
        if row.media not in MEDIA:
            continue
        groups.setdefault((row.media, row.kind, row.caption.strip()), []).append(
            "#" + item_ref(row.item_no, row.item_segment, is_home(row, case)))
    for (media, kind, caption), refs in groups.items():
        span = refs[0] if len(refs) == 1 else f"{refs[0]}–{refs[-1]}"
        name = f"{MEDIA.zh(media)}{len(refs)}{MEDIA_COUNTER[media]}（{span}）"
        if caption:
            name += f"：{caption}"
        out.append({"name": name, "proves": PROVES_BY_KIND.get(kind, PROVES_BY_MEDIA[media])})
    return out


def discretion(pack: JurisdictionPack, ev: Evaluated, party: Party | None) -> str:
    """依据裁量基准 (named) the tier and the facts that place it; the factors with their basis."""
    if not ev.result:
        return ""
    result = ev.result
    facts = ev.input.get("facts") or {}
    found = result.get("discretion") or {}
    placed: list[str] = []
    if facts.get("harm") in HARM_ZH:
        placed.append(HARM_ZH[facts["harm"]])
    priors = result.get("priors")
    if isinstance(priors, int):
        placed.append(f"{pack.lookback_days}日内有同类违法行为{priors}次" if priors
                      else f"{pack.lookback_days}日内无同类违法记录")
    if facts.get("area_m2") is not None:
        placed.append(f"占用面积约{facts['area_m2']:g}平方米")
    if facts.get("duration_days") is not None:
        placed.append(f"持续约{facts['duration_days']:g}日")
    placed.append("已改正" if facts.get("corrected") else "尚未改正")
    bench = pack.benchmark.name or f"{pack.name}所列裁量基准"
    kind = PARTY_KIND.zh(party.kind) if party is not None else "当事人"
    rng = found.get("range")
    span = f"{rng[0]}元至{rng[1]}元" if isinstance(rng, list) and len(rng) == 2 else ""
    tier = str(found.get("tier") or "")
    text = f"依据《中华人民共和国行政处罚法》第三十四条和{bench}，本案当事人{'、'.join(placed)}"
    if tier:
        text += f"，属“{tier}”情节，对{kind}的罚款幅度为{span}" if span else f"，属“{tier}”情节"
    elif span:
        text += f"，在法定幅度{span}内裁量"
    factors = [str(f) for f in found.get("factors") or []]
    text += f"；具有以下法定情节：{'；'.join(factors)}" if factors else "；无法定从轻、减轻或者从重情节"
    return text + "。"


def exemption_item(pack: JurisdictionPack, ev: Evaluated) -> str:
    """The exemption-list (免罚清单) item the no-penalty rests on, or "" (no listed item)."""
    found = ev.result.get("exemption") or {}
    ident = found.get("item") if found.get("applies") else None
    item = next((x for x in pack.exemptions if x.id == ident), None) if ident else None
    if item is None:
        return ""
    listed = item.basis.split("；", 1)[-1].strip() or item.basis
    return f"该违法行为列入{listed}（事项编号{item.id}），属于免罚事项"


def education(session: Session, case: Case) -> str:
    docs = _documents(session, case, EDUCATION_RECORD)
    if not docs:
        return ""
    doc = docs[-1]
    day = _day(str(_fields(doc).get("time") or ""), doc)
    return f"本机关已于{day}依法对当事人进行了教育，并制作教育告诫记录（{doc.number}）。"


def records_first(session: Session, case: Case, proposed: list[str]) -> list[str]:
    """The proposed documents with the record a decision needs put before it: the 教育告诫记录
    ahead of a 不予行政处罚决定书 while the case has none (第三十三条第三款)."""
    if "no_penalty_decision" not in proposed or _documents(session, case, EDUCATION_RECORD):
        return proposed
    at = proposed.index("no_penalty_decision")
    return [*proposed[:at], EDUCATION_RECORD, *proposed[at:]]


@dataclass(frozen=True)
class CaseRecord:
    """What the case record holds for a decision's texts and gates, read once per fill."""

    statement: Statement
    hearing: str
    education: str
    evidence: list[dict[str, str]]
    discretion: str
    exemption_item: str

    def sources(self) -> dict[str, Any]:
        """The record-chosen values under their ``KNOWN_SOURCES`` keys."""
        return {
            "record.statement": self.statement.text,
            "record.statement_onsite": (
                "当事人当场进行了陈述、申辩" if self.statement.state == "made" else ""),
            "record.hearing": self.hearing,
            "record.education": self.education,
            "evidence.items": self.evidence,
            "rules.discretion_text": self.discretion,
            "rules.exemption_item": self.exemption_item,
        }


def read_record(session: Session, pack: JurisdictionPack, case: Case, as_of: date) -> CaseRecord:
    party = session.get(Party, case.party_id) if case.party_id else None
    ev = evaluated(session, case)
    return CaseRecord(
        statement=statement(session, pack, case, as_of, ev),
        hearing=hearing(session, pack, case, as_of, ev),
        education=education(session, case),
        evidence=evidence_items(session, case),
        discretion=discretion(pack, ev, party),
        exemption_item=exemption_item(pack, ev),
    )


def _filled(values: Mapping[str, Any], name: str) -> bool:
    return bool(str(values.get(name) or "").strip())


def record_gates(record: CaseRecord, template: Template, values: Mapping[str, Any],
                 earlier: list[GateView]) -> list[GateView]:
    """Gates that read the record the decision's texts come from; ``earlier`` are the gates
    already found (a refusal the legal engine gave already is not given twice)."""
    out: list[GateView] = []
    names = {f.name for f in template.fields}
    if "party_presence" in names:
        out += presence_gates(values)
    if {"start", "end"} <= names:
        out += time_order_gates(values)
    if template.gate_action == "issue_penalty_decision":
        said = record.statement
        engine = {g.gate for g in earlier}
        if not said.state and not engine & {"advance_notice_required", "statement_period_open"}:
            out.append(GateView(
                "statement_not_heard", True,
                "案卷中没有陈述申辩笔录、当事人放弃陈述申辩的记录，也没有已送达且陈述申辩期已届满的"
                "行政处罚事先告知书，决定书无从写明当事人陈述、申辩情况",
                STATEMENT_BASIS,
                "请先送达行政处罚事先告知书并听取陈述、申辩（制作陈述申辩笔录），或待期限届满",
            ))
        out += _answer_gates(said.state == "made", values, names)
    elif "statement_onsite" in names:
        made = str(values.get("statement_onsite") or "").startswith("当事人当场进行了")
        out += _answer_gates(made, values, names)
    elif template.gate_action == "issue_no_penalty_decision":
        out += _answer_gates(record.statement.state == "made", values, names)
    if template.gate_action == "issue_no_penalty_decision":
        if not record.education:
            out.append(GateView(
                "education_record_required", True,
                "依法不予行政处罚的，应当对当事人进行教育；本案尚无教育告诫记录",
                "《行政处罚法》第三十三条第三款", "请先制作教育告诫记录",
            ))
        if record.exemption_item and "exemption_list" in names \
                and not _filled(values, "exemption_list"):
            out.append(GateView(
                "exemption_item_missing", True,
                "本案依免罚清单不予处罚，决定书须写明所依据的免罚清单事项",
                "《行政处罚法》第三十三条第一款", "请保留由免罚核查带出的免罚清单事项",
            ))
    return out


def _answer_gates(made: bool, values: Mapping[str, Any], names: set[str]) -> list[GateView]:
    """A statement made is answered (复核: 采纳与否 and why); no answer without a statement."""
    if "statement_answer" not in names:
        return []
    answered = _filled(values, "statement_answer") and _filled(values, "statement_reason")
    if made and not answered:
        return [GateView(
            "statement_answer", True,
            "当事人提出了陈述、申辩，决定书须写明复核意见（是否采纳）及理由",
            "《行政处罚法》第四十五条第一款", "请在本文书中填写复核意见和理由",
        )]
    if not made and (_filled(values, "statement_answer") or _filled(values, "statement_reason")):
        return [GateView(
            "statement_answer", True,
            "案卷中没有当事人的陈述、申辩，不能写复核意见", "《行政处罚法》第四十五条第一款",
            "请清空复核意见和理由",
        )]
    return []


_MINUTE = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]?(\d{1,2}:\d{2})?")


def _instant(raw: str) -> tuple[str, str] | None:
    match = _MINUTE.fullmatch(raw.strip())
    if match is None:
        return None
    day, minute = match.group(1), match.group(2) or ""
    return day, minute.zfill(5) if minute else ""


def time_order_gates(values: Mapping[str, Any]) -> list[GateView]:
    """A record's 开始 and 结束 times (YYYY-MM-DD HH:MM) are in order and on one day; a time
    written some other way is the officer's to read and is not judged here."""
    start = _instant(str(values.get("start") or ""))
    end = _instant(str(values.get("end") or ""))
    if start is None or end is None:
        return []
    why = ""
    if end[0] != start[0]:
        why = f"笔录的结束时间（{end[0]}）与开始时间（{start[0]}）不在同一天"
    elif start[1] and end[1] and end[1] < start[1]:
        why = f"笔录的结束时间 {end[1]} 早于开始时间 {start[1]}"
    if not why:
        return []
    return [GateView("record_time_order", True, why,
                     "《行政处罚法》第五十五条",
                     "请据实填写检查（询问）的开始和结束时间")]


def presence_gates(values: Mapping[str, Any]) -> list[GateView]:
    """A record says the same thing throughout about who was there: an absent party neither
    answered the 回避 question nor stands among those present."""
    presence = str(values.get("party_presence") or "")
    recusal = str(values.get("recusal") or "")
    present = str(values.get("present") or "")
    absent = presence == "当事人不在场"
    why = ""
    if absent and recusal.startswith("当事人") and "不在场" not in recusal:
        why = f"笔录记载当事人不在场，却记载“{recusal}”"
    elif absent and "当事人本人" in present:
        why = "笔录记载当事人不在场，在场人却写有“当事人本人”"
    elif presence == "当事人在场" and "不在场" in recusal:
        why = "笔录记载当事人在场，申请回避情况却写“当事人不在场”"
    if not why:
        return []
    return [GateView("record_presence_mismatch", True, why + "，前后矛盾",
                     "《行政处罚法》第四十三条、第五十五条",
                     "请据实填写当事人是否在场、在场人和申请回避情况")]
