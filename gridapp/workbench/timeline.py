"""时间线: a case's audit trail (执法全过程记录) in plain Chinese — who did what, when, what changed.

Contract: entries in chain order (oldest first), one per audit event of the case. ``summary``
names what changed with the fields' Chinese names (``vocab.field``) and coded values by their
labels (状态：已立案 → 已结案), evidence by its item label (#3), documents by kind and number,
officers and parties by name. Times are station time. Reading the chain never alters it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp import audit
from gridapp.documents.serving import METHODS
from gridapp.evidence.numbering import is_home, item_ref
from gridapp.models import Case, CaseOfficer, Document, Evidence, Officer, Party
from gridapp.packs.model import BRANCH_ZH
from gridapp.store import StationStore
from gridapp.timeutil import station_time
from gridapp.vocab import Vocabulary
from gridapp.vocab.approval import APPROVAL_STEP
from gridapp.vocab.audit_action import AUDIT_ACTION
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.document_kind import DOCUMENT_KIND
from gridapp.vocab.evidence import MEDIA
from gridapp.vocab.execution import EXECUTION_KIND, PAYMENT_WAY, REMEDY_OUTCOME
from gridapp.vocab.field import field_label
from gridapp.vocab.follow_up import FINDING, FOLLOW_UP_KIND, SATISFACTION
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.vocab.rules_action import RULES_ACTION
from gridapp.vocab.stage import STAGE
from gridapp.workbench.labels import date_text, datetime_text, no_case

MAX_VALUE = 60  # characters of a long text value shown (案情 etc.)
_CODED: dict[str, Vocabulary] = {
    "status": CASE_STATUS, "stage": STAGE, "source": CASE_SOURCE, "disposition": DISPOSITION,
    "kind": PARTY_KIND,
}
_INSTANTS = {"opened_at", "closed_at", "due_at", "withdrawn_at", "voided_at"}
_NOT_SHOWN = {"content", "revision", "updated_at", "hlc", "origin_device", "id"}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime  # aware, station time
    at_text: str  # "2026年11月20日 14:05"
    officer_name: str  # the acting officer's name (their badge when not on this station)
    action: str  # audit action code (``vocab.audit_action``)
    action_label: str  # Chinese label of the action
    summary: str  # what changed, in Chinese ("" when the action says it all)
    officer_badge: str = ""
    action_label_en: str = ""
    entity: str = ""
    seq: int = 0


@dataclass
class _Names:
    officers: dict[str, str]  # badge -> name
    officer_ids: dict[str, str]  # Officer.id -> name
    links: dict[str, str]  # case_officer id -> officer name
    parties: dict[str, str]
    evidence: dict[str, tuple[str, str, str]]  # id -> ("#3", media, original name)
    documents: dict[str, tuple[str, str]]  # id -> (template id, number)
    violations: dict[str, str]


def _load_json(text: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _value(column: str, value: Any, names: _Names) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if column in _CODED:
        return _CODED[column].zh(str(value))
    if column == "violation_code":
        return names.violations.get(str(value), str(value))
    if column == "party_id":
        return names.parties.get(str(value), str(value)[:8])
    if column == "officer_id":
        return names.officer_ids.get(str(value), str(value)[:8])
    if column in _INSTANTS:
        try:
            return datetime_text(datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE] + "…"


def _changes(entity: str, before: dict[str, Any], after: dict[str, Any], names: _Names) -> str:
    parts = []
    for column in [*after, *(k for k in before if k not in after)]:
        if column in _NOT_SHOWN or column.startswith("@"):  # "@…": about the event
            continue
        old, new = before.get(column), after.get(column)
        if old == new:
            continue
        label = field_label(entity, column)
        parts.append(f"{label}：{_value(column, old, names)} → {_value(column, new, names)}")
    return "；".join(parts)


def _day(value: Any) -> str:
    """An ISO date as ``2026年11月28日`` (anything else as it is)."""
    try:
        return date_text(date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "")


def _evidence_label(names: _Names, evidence_id: str) -> str:
    found = names.evidence.get(evidence_id)
    return f"证据{found[0]}" if found else "证据"


def _summary(ev_action: str, entity: str, entity_id: str, before: dict[str, Any],
             after: dict[str, Any], names: _Names) -> str:
    if ev_action == "case.create":
        return f"案件编号 {after['number']}" if after.get("number") else ""
    if ev_action == "case.assign_officer":
        who = names.links.get(entity_id, "")
        return f"指派：{who}" if who else ""
    if ev_action == "evidence.add":
        found = names.evidence.get(entity_id)
        if not found:
            return ""
        label, media, original = found
        what = "，".join(x for x in (MEDIA.zh(media), original) if x)
        text = f"证据{label}（{what}）" if what else f"证据{label}"
        warned = after.get("warnings")
        if isinstance(warned, list) and warned:
            text += f"；有 {len(warned)} 条提示，导入理由：{after.get('warning_reason', '')}"
        return text
    if ev_action == "evidence.withdraw":
        reason = after.get("withdrawn_reason", "")
        return f"撤回{_evidence_label(names, entity_id)}，理由：{reason}"
    if ev_action == "evidence.caption":
        return (f"{_evidence_label(names, entity_id)} 说明："
                f"{_value('caption', before.get('caption'), names)} → "
                f"{_value('caption', after.get('caption'), names)}")
    if ev_action == "evidence.export":
        items = after.get("items") or []
        return f"导出证据 {len(items)} 项"
    if ev_action == "rules.evaluate":
        return _evaluation(after)
    if ev_action == "rules.confirm":
        answers = after.get("answers") or {}
        given = f"执法人员确认 {len(answers)} 项回答" if isinstance(answers, dict) else ""
        return "；".join(x for x in (given, _evaluation(after)) if x)
    if ev_action == "doc.issue":
        kind = DOCUMENT_KIND.zh(str(after.get("template", "")))
        text = f"{kind} {after.get('number', '')}".strip()
        if after.get("replaces"):
            text += f"（替换 {after['replaces']}）"
        return text
    if ev_action == "doc.void":
        template = names.documents.get(entity_id, ("", ""))[0]
        kind = DOCUMENT_KIND.zh(template) if template else "文书"
        return f"作废{kind} {after.get('number', '')}，理由：{after.get('void_reason', '')}"
    if ev_action == "doc.serve":
        method = METHODS.get(str(after.get("method", "")), str(after.get("method", "")))
        served = _day(after.get("served_on"))
        text = f"{after.get('number', '')}，{method}，送达日期 {served}"
        deemed = after.get("deemed_served_on")
        if deemed and deemed != after.get("served_on"):
            text += f"（视为送达 {_day(deemed)}）"
        return text
    if ev_action in ("numbers.allocate", "numbers.pool_open"):
        series = str(after.get("series", "")).partition("@")[0]  # pools per series and bureau
        what = "案件编号" if series == "case" else (
            f"{DOCUMENT_KIND.zh(series)}文号" if series in DOCUMENT_KIND else "文号")
        if ev_action == "numbers.pool_open":
            return f"{what}（{after['year']}年）" if after.get("year") else what
        return f"{what}：号段 {after.get('segment', '')}，第 {after.get('seq', '')} 号"
    if ev_action == "execution.record":
        return _execution_summary(after)
    if entity in ("approval", "follow_up", "deadline"):
        return _lead_summary(ev_action, before, after)
    if "content" in after and not before:
        return ""  # a creation: its identity is in the action
    return _changes(entity, before, after, names)


def _execution_summary(after: dict[str, Any]) -> str:
    """记录缴纳 / 执行 in words: what, how much, how, when, the receipt or ruling."""
    parts = [EXECUTION_KIND.zh(str(after.get("kind", "")))]
    fen = after.get("amount_fen")
    if isinstance(fen, int) and not isinstance(fen, bool):
        parts.append(f"{fen // 100}.{fen % 100:02d} 元")
    if after.get("way"):
        way = str(after["way"])
        parts.append(REMEDY_OUTCOME.zh(way) if after.get("kind") == "remedy_ended"
                     else PAYMENT_WAY.zh(way))
    if after.get("on"):
        parts.append(_day(after["on"]))
    if after.get("reference"):
        parts.append(str(after["reference"]))
    text = "，".join(p for p in parts if p)
    return text + (f"（{after['decision']}）" if after.get("decision") else "")


def _lead_summary(ev_action: str, before: dict[str, Any], after: dict[str, Any]) -> str:
    """审批 and 跟踪 steps in words: the step, the opinion or finding, the due day."""
    step = APPROVAL_STEP.zh(str(after.get("step", ""))) if after.get("step") else ""
    if ev_action == "approval.submit":
        parts = [step]
        if after.get("proposed_fine") is not None:
            parts.append(f"拟罚款 {after['proposed_fine']} 元")
        if after.get("note"):
            parts.append(f"承办人意见：{after['note']}")
        if after.get("major_reason"):
            parts.append(f"须法制审核、集体讨论（{after['major_reason']}）")
        return "，".join(p for p in parts if p)
    if ev_action == "approval.legal_review":
        return f"{step}：法制审核意见：{after.get('legal_review', '')}"
    if ev_action == "approval.collective":
        return f"{step}：集体讨论：{after.get('collective', '')}"
    if ev_action == "approval.approve":
        return f"{step}：批准，意见：{after.get('opinion', '')}"
    if ev_action == "approval.return":
        return f"{step}：退回，意见：{after.get('opinion', '')}"
    if ev_action == "deadline.set":
        due = after.get("due") or ""
        return f"责令改正期限：{_day(due)}" if due else ""
    kind = FOLLOW_UP_KIND.zh(str(after.get("kind", ""))) if after.get("kind") else "跟踪"
    if ev_action == "follow_up.schedule":
        return f"{kind}，应于 {_day(after.get('due'))} 前完成" if after.get("due") else kind
    if ev_action == "follow_up.record":
        parts = [kind]
        if after.get("finding"):
            parts.append(FINDING.zh(str(after["finding"])))
        if after.get("satisfaction"):
            parts.append(f"满意度：{SATISFACTION.zh(str(after['satisfaction']))}")
        if after.get("result"):
            parts.append(str(after["result"]))
        return "，".join(parts)
    if ev_action == "follow_up.cancel":
        return "责令改正通知书已作废，取消改正期限与复查"
    return ""


def _evaluation(after: dict[str, Any]) -> str:
    parts = []
    action = str(after.get("action", "assess"))
    if action != "assess":
        parts.append(RULES_ACTION.zh(action))
    if after.get("stage"):
        parts.append(f"预警阶段：{STAGE.zh(str(after['stage']))}")
    branch = after.get("exemption")
    parts.append(f"免罚：{BRANCH_ZH.get(str(branch), str(branch))}" if branch else "免罚：不适用")
    gates = after.get("blocking_gates") or []
    if gates:
        parts.append(f"尚不能作出决定（{len(gates)} 项条件未满足）")
    if after.get("provisional"):
        parts.append("历史记录未同步，结论为临时")
    return "；".join(parts)


def _names(store: StationStore, s: Session, case: Case) -> _Names:
    rows = s.execute(select(Officer.id, Officer.badge_no, Officer.name)).all()
    officers = {badge: name for _, badge, name in rows}
    officer_ids = {o_id: name for o_id, _, name in rows}
    links = dict(s.execute(
        select(CaseOfficer.id, Officer.name).join(Officer, Officer.id == CaseOfficer.officer_id)
        .where(CaseOfficer.case_id == case.id)
    ).all())
    evidence = {
        r.id: (f"#{item_ref(r.item_no, r.item_segment, is_home(r, case))}", r.media,
               r.original_name)
        for r in s.scalars(select(Evidence).where(Evidence.case_id == case.id))
    }
    documents = {
        d_id: (template, number) for d_id, template, number in s.execute(
            select(Document.id, Document.template_id, Document.number)
            .where(Document.case_id == case.id))
    }
    return _Names(officers=officers, officer_ids=officer_ids, links=links, parties={}, evidence=evidence,
                  documents=documents,
                  violations={c: v.name for c, v in store.pack.violations.items()})


def _party_ids(events: list[tuple[dict[str, Any], dict[str, Any]]]) -> set[str]:
    found: set[str] = set()
    for before, after in events:
        for side in (before, after):
            value = side.get("party_id")
            if isinstance(value, str) and value:
                found.add(value)
    return found


def case_timeline(store: StationStore, case_id: str) -> tuple[TimelineEntry, ...]:
    """The case's audit trail as readable entries (oldest first). Unknown case → NotFoundError."""
    with store.read() as s:
        case = s.get(Case, case_id) if case_id else None
        if case is None or case.deleted:
            raise no_case(case_id)
        events = audit.events_for_case(s, case.id)
        sides = [(_load_json(e.before_json), _load_json(e.after_json)) for e in events]
        names = _names(store, s, case)
        wanted = _party_ids(sides)
        if case.party_id:
            wanted.add(case.party_id)
        if wanted:
            names.parties = dict(s.execute(
                select(Party.id, Party.name).where(Party.id.in_(sorted(wanted)))).all())
        out = []
        for ev, (before, after) in zip(events, sides, strict=True):
            moment = station_time(audit.event_time(ev))
            out.append(TimelineEntry(
                at=moment, at_text=datetime_text(moment),
                officer_name=names.officers.get(ev.actor, ev.actor), action=ev.action,
                action_label=AUDIT_ACTION.zh(ev.action),
                summary=_summary(ev.action, ev.entity, ev.entity_id, before, after, names),
                officer_badge=ev.actor, action_label_en=AUDIT_ACTION.en(ev.action),
                entity=ev.entity, seq=ev.seq,
            ))
        return tuple(out)
