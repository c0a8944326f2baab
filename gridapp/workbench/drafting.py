"""The document wizard's core: which documents a case needs next, a document filled from the case
with where each value came from, its procedure gates, a draft preview, and issuing, serving,
voiding and printing copies — as the signed-in officer, returning plain values.

Contract: ``entered`` maps field names to what the officer typed (text; a list field as the
JSON list of its rows, ``LIST_COLUMNS`` naming the keys);
a value that cannot be used (bad amount, a choice not offered, control characters, a
character no font can print) is reported
in ``DocumentDraft.errors`` under its field and left out, never raised. Nothing here writes
except ``issue``, ``serve`` and ``void``, each one transaction with its audit record.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from gridapp.documents import service as documents
from gridapp.documents.context import today_local
from gridapp.documents.fill import FillResult, parse_overrides
from gridapp.documents.gates import TEMPLATE_IDS
from gridapp.documents.render import unprintable_errors
from gridapp.documents.serving import (
    METHODS,
    ServiceInput,
    party_address,
    render_receipt,
    serve_document,
    services_of,
)
from gridapp.documents.sources import PROVENANCE_ZH
from gridapp.documents.templates import Template, all_templates, get_template
from gridapp.errors import NotFoundError, ValidationError
from gridapp.models import Case, Document
from gridapp.store import StationStore
from gridapp.workbench.acting import acting_badge
from gridapp.workbench.labels import no_case

# Templates the wizard does not offer: the 送达回证 is printed from a service record.
NOT_OFFERED = frozenset({"service_receipt"})
# Copies an issued document prints as (``print_copies``), in the order they are offered.
COPIES = {"file": "存档联", "party": "当事人联", "receipt": "送达回证", "bank": "收缴银行联"}
# Fields the officer never types: the number and date are given at 签发.
GENERATED = frozenset({"document.number", "document.issue_date"})


@dataclass(frozen=True)
class DocumentChoice:
    kind: str  # template id (``gridapp.vocab.document_kind``)
    title: str
    proposed: bool  # the legal engine proposes it next (``next_documents``)
    category: str


@dataclass(frozen=True)
class DraftField:
    name: str
    label: str
    kind: str  # text | multiline | date | money | choice | qa | items | photos
    text: str  # the value as shown ("2 项" for lists)
    provenance: str  # 来自案件 / 来自当事人 / … / 手工填写
    required: bool
    missing: bool
    editable: bool
    options: tuple[str, ...] = ()
    hint: str = ""
    # Rows of a list field (问答 ``qa``: q, a; 物品 ``items``: name, spec, qty, note; 证据
    # ``evidence``: name, proves), as text.
    rows: tuple[tuple[tuple[str, str], ...], ...] = ()


# The columns of the list fields the officer types in the window, in order.
LIST_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "qa": (("q", "问"), ("a", "答")),
    "items": (("name", "名称"), ("spec", "规格"), ("qty", "数量"), ("note", "备注")),
    "evidence": (("name", "名称"), ("proves", "证明对象")),
}


@dataclass(frozen=True)
class DraftGate:
    gate: str
    label: str  # the gate's name (``gridapp.vocab.procedure_gate``)
    blocking: bool
    reason: str
    basis: str  # the article
    cure: str  # what to do first, "" when nothing clears it
    sentence: str  # all of it in one line, as the refusal message says it


@dataclass(frozen=True)
class DocumentDraft:
    case_id: str
    kind: str
    title: str
    fields: tuple[DraftField, ...]
    gates: tuple[DraftGate, ...]
    errors: Mapping[str, str]  # field → why the typed value was not used

    @property
    def missing(self) -> tuple[DraftField, ...]:
        return tuple(f for f in self.fields if f.missing)

    @property
    def blocking(self) -> tuple[DraftGate, ...]:
        return tuple(g for g in self.gates if g.blocking)

    @property
    def can_issue(self) -> bool:
        return not self.missing and not self.blocking and not self.errors

    def refusal(self) -> str:
        """Why 签发 is not possible now, in words ("" when it is)."""
        if self.blocking:
            return f"不能签发{self.title}：" + "；".join(g.sentence for g in self.blocking)
        if self.errors:
            return "请先改正标红的字段：" + "；".join(self.errors.values())
        if self.missing:
            return "请先填写必填项：" + "、".join(f.label for f in self.missing)
        return ""


def document_choices(store: StationStore, case_id: str) -> tuple[DocumentChoice, ...]:
    """Proposed documents first (in the engine's order; the 案件移送函 ahead of them for a case
    outside the station's district), then every other template by 案卷 order."""
    from gridapp.documents.context import latest_evaluation
    from gridapp.documents.jurisdiction import REFERRAL_TEMPLATE, case_jurisdiction
    from gridapp.documents.more_context import further_proposals
    from gridapp.documents.record_texts import records_first

    with store.read() as s:
        case = _case(s, case_id)
        row = latest_evaluation(s, case.id)
        result: dict[str, Any] = json.loads(row.result_json) if row is not None else {}
        outside = case_jurisdiction(s, store.pack, case).outside
        further = further_proposals(s, case)
        proposed = records_first(s, case, [TEMPLATE_IDS.get(str(d), str(d))
                                           for d in result.get("next_documents") or ()])
    proposed += further  # what the record calls for (a seizure's release, a hearing's next step …)
    if outside:  # another district's bureau has 管辖: the referral comes before anything else
        proposed.insert(0, REFERRAL_TEMPLATE)
    templates = all_templates()
    out = [DocumentChoice(t, templates[t].title, True, templates[t].category)
           for t in dict.fromkeys(proposed) if t in templates and t not in NOT_OFFERED]
    chosen = {c.kind for c in out}
    for t in sorted(templates.values(), key=lambda t: (t.order, t.id)):
        if t.id not in chosen and t.id not in NOT_OFFERED:
            out.append(DocumentChoice(t.id, t.title, False, t.category))
    return tuple(out)


def _case(session: Any, case_id: str) -> Case:
    case = session.get(Case, case_id) if case_id else None
    if case is None or case.deleted:
        raise no_case(case_id)
    assert isinstance(case, Case)
    return case


def _usable(template: Template, entered: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    pairs: list[str] = []
    errors: dict[str, str] = {}
    names = {f.name: f for f in template.fields}
    for name, text in entered.items():
        spec = names.get(name)
        if spec is None or spec.source in GENERATED or spec.kind == "photos":
            continue
        pair = f"{name}={text}"
        try:
            parse_overrides(template, [pair])
        except ValidationError as exc:
            errors[name] = exc.message_zh
            continue
        pairs.append(pair)
    return pairs, errors


def _rows(kind: str, value: Any) -> tuple[tuple[tuple[str, str], ...], ...]:
    if kind not in LIST_COLUMNS or not isinstance(value, list):
        return ()
    keys = [k for k, _ in LIST_COLUMNS[kind]]
    return tuple(tuple((k, str(item.get(k, ""))) for k in keys)
                 for item in value if isinstance(item, dict))


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return f"{len(value)} 项" if value else ""
    return str(value or "")


def _draft(case_id: str, template: Template, result: FillResult,
           errors: Mapping[str, str]) -> DocumentDraft:
    specs = {f.name: f for f in template.fields}
    fields = tuple(
        DraftField(
            name=f.name, label=f.label, kind=f.kind, text=_shown(f.value),
            provenance=f.provenance if f.source not in GENERATED else PROVENANCE_ZH["document"],
            required=f.required, missing=f.missing or f.name in errors,
            editable=f.source not in GENERATED and f.kind != "photos",
            options=specs[f.name].options, hint=f.hint, rows=_rows(f.kind, f.value),
        )
        for f in result.fields
    )
    gates = tuple(DraftGate(g.gate, g.label, g.blocking, g.reason, g.basis, g.cure, g.sentence())
                  for g in result.gates)
    return DocumentDraft(case_id, template.id, template.title, fields, gates, dict(errors))


def draft_document(store: StationStore, case_id: str, kind: str,
                   entered: Mapping[str, str] | None = None) -> DocumentDraft:
    """``kind`` filled from the case with the officer's ``entered`` values. Writes nothing."""
    template = get_template(kind)
    pairs, errors = _usable(template, entered or {})
    with store.read() as s:
        _case(s, case_id)
        _, _, result = documents.fill_for_case(store, s, case_id, kind, pairs)
    # A character no font has (a rare 生僻字 beyond CJK Extension F) is shown at its field.
    unprintable = unprintable_errors(template, result.values())
    return _draft(case_id, template, result, {**unprintable, **errors})


def preview_pdf(store: StationStore, case_id: str, kind: str,
                entered: Mapping[str, str] | None = None) -> bytes:
    """The draft as it will print, marked 草稿, without a number or verification code."""
    template = get_template(kind)
    pairs, _ = _usable(template, entered or {})
    with store.read() as s:
        _case(s, case_id)
        _, _, result = documents.fill_for_case(store, s, case_id, kind, pairs)
        values = result.values()
        for spec in template.fields:
            if spec.source == "document.issue_date":
                values[spec.name] = today_local()
        return documents.render_values(store, s, template, values, "", "preview").pdf


@dataclass(frozen=True)
class Issued:
    document_id: str
    number: str
    title: str
    pages: int


def issue(store: StationStore, case_id: str, kind: str, entered: Mapping[str, str],
          actor_id: str) -> Issued:
    """签发: number, render and store the immutable PDF as the acting officer. A typed value that
    cannot be used, a missing field or a blocking gate refuses with every reason."""
    template = get_template(kind)
    pairs, errors = _usable(template, entered)
    if errors:
        name = next(iter(errors))
        raise ValidationError(errors[name], f"field {name} is invalid", field=name)
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        _case(s, case_id)
        done = documents.issue_document(store, s, case_id, kind, pairs, badge)
    return Issued(done.id, done.number, done.title, done.pages)


def _document(session: Any, document_id: str) -> Document:
    doc = session.get(Document, document_id) if document_id else None
    if doc is None or doc.deleted:
        raise NotFoundError("找不到这份文书，可能已被删除；请刷新后重试",
                            f"no document {document_id!r}", field="document")
    assert isinstance(doc, Document)
    return doc


def issued_pdf(store: StationStore, document_id: str) -> bytes:
    """The issued PDF itself (存档联), checked against its recorded hash."""
    with store.read() as s:
        return documents.stored_pdf(store, _document(s, document_id))


def print_copies(store: StationStore, document_id: str, copies: Sequence[str]) -> list[bytes]:
    """The PDFs to print for the chosen copies (``COPIES`` keys), in the order given. The 存档联
    is the stored issue; the 当事人联 is the same content re-rendered and checked against it;
    the 送达回证 carries the latest service record, or blank lines to fill by hand."""
    unknown = [c for c in copies if c not in COPIES]
    if unknown or not copies:
        raise ValidationError("请选择要打印的联次（存档联、当事人联、送达回证）",
                              f"unknown copies {unknown}", field="copies")
    out: list[bytes] = []
    with store.read() as s:
        doc = _document(s, document_id)
        if doc.voided_at is not None and any(c != "file" for c in copies):
            raise ValidationError(
                f"文书 {doc.number} 已作废（{doc.void_reason}），只能打印存档联，不能打印当事人联或送达回证",
                f"{doc.number} is void: only the file copy prints", field="copies")
        for copy in copies:
            if copy == "receipt":
                services = services_of(s, doc.id)
                out.append(render_receipt(store, s, doc, services[-1] if services else None).pdf)
            else:
                out.append(documents.render_copy(store, s, doc, copy))
    return out


SERVICE_METHODS = METHODS


@dataclass(frozen=True)
class ServiceForm:
    method: str  # ``SERVICE_METHODS`` key
    served_on: date | None = None
    recipient: str = ""
    place: str = ""
    refusal_reason: str = ""  # 留置送达
    witnesses: str = ""  # 留置送达: 见证人 (names, 、-separated)
    consent: bool = False  # 电子送达: needs the case's signed 电子送达确认书 in any case
    agent: str = ""  # 代收人 and the relation (民事诉讼法第八十八条)
    agent_relation: str = ""
    tracking_number: str = ""  # 邮寄送达: 邮件号; served_on is the receipt day
    mailed_on: date | None = None


def service_place(store: StationStore, case_id: str) -> str:
    """The party's recorded address: the service dialog pre-fills it as the place of a 留置送达
    (民事诉讼法第八十九条) for the officer to confirm or correct ("" when none is recorded)."""
    with store.read() as s:
        return party_address(s, case_id)


def serve(store: StationStore, document_id: str, form: ServiceForm, actor_id: str) -> str:
    """Record 送达 as the acting officer and re-run the legal engine on the case so the periods
    that start at service (陈述申辩, 缴款, 复议, 诉讼 …) are listed at once; returns the date
    service counts from (公告: the deemed date). One transaction."""
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        doc = _document(s, document_id)
        row = serve_document(store, s, doc.id, ServiceInput(
            method=form.method, served_on=form.served_on.isoformat() if form.served_on else "",
            recipient=form.recipient, place=form.place, refusal_reason=form.refusal_reason,
            witness=form.witnesses, consent=form.consent, agent=form.agent,
            agent_relation=form.agent_relation, tracking_number=form.tracking_number,
            mailed_on=form.mailed_on.isoformat() if form.mailed_on else ""), badge)
        s.flush()
        reassess(store, s, doc.case_id, badge)
        return row.deemed_served_on or row.served_on


def reassess(store: StationStore, session: Any, case_id: str, badge: str) -> None:
    """Store a fresh evaluation of a case whose served documents changed: the latest facts,
    answers and case state, with the service dates as the documents now show them. A case
    never evaluated (or without a party) is left alone."""
    from gridapp.documents.context import latest_evaluation
    from gridapp.documents.gates import served_documents
    from gridapp.rules.record import build_case_input, evaluate_case

    case = _case(session, case_id)
    row = latest_evaluation(session, case.id)
    if row is None or case.party_id is None:
        return
    stored: dict[str, Any] = json.loads(row.input_json)
    today = date.fromisoformat(today_local())
    raw: dict[str, Any] = {k: v for k, v in stored.items()
                           if k in ("facts", "answers", "violation", "case")}
    part = dict(raw.get("case") or {})
    part["served"] = served_documents(session, case.id, today)
    part.pop("officers", None)  # counted again from the case
    raw["case"] = part
    raw["as_of"] = today.isoformat()
    evaluate_case(store, session, case, build_case_input(session, case, raw), badge)


def void(store: StationStore, document_id: str, reason: str, actor_id: str) -> None:
    """作废 with a reason, as the acting officer; the document stays listed and in the case file."""
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        doc = _document(s, document_id)
        served = bool(services_of(s, doc.id))
        documents.void_document(store, s, doc.id, reason, badge)
        if served:  # a voided document's service no longer starts any period
            s.flush()
            reassess(store, s, doc.case_id, badge)
