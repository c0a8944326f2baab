"""The case file (案卷) a team lead prints: cover, 卷内目录, documents with their 送达回证 in
the DOMAIN 2.6 order, evidence photo sheets from the print copies, each 书证 (a PDF or a
multi-page scan) page by page from its print copy (at most ``DOCUMENT_PAGES`` pages each, with a
note naming the original when it has more), audit summary, 备考表.

Every section is laid out before drawing so the 卷内目录 can list start pages; pages from the
first document onward carry a continuous archive page number at the top right.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.audit import event_time, events_for_case
from gridapp.caselog.service import find_case
from gridapp.documents.blocks import CELL, table_rows
from gridapp.documents.context import build_context, local
from gridapp.documents.fonts import ensure_fonts
from gridapp.documents.layout import (
    BOTTOM,
    FRAME_W,
    LEFT,
    MM,
    PAGE_H,
    PAGE_W,
    RIGHT,
    Flow,
    ImageOp,
    Op,
)
from gridapp.documents.render import LaidOut, draw_document, draw_ops, lay_out_document, new_canvas
from gridapp.documents.service import resolve_photos, station_identity, template_of
from gridapp.documents.serving import METHODS, receipt_values, services_of
from gridapp.documents.templates import get_template
from gridapp.errors import GridappError
from gridapp.evidence.blobstore import for_store, is_sha256
from gridapp.evidence.paging import page_jpegs
from gridapp.models import Case, Document, Evidence, Officer
from gridapp.setup import is_demo_station
from gridapp.store import StationStore
from gridapp.timeutil import station_day_start, station_time
from gridapp.vocab.audit_action import AUDIT_ACTION
from gridapp.vocab.entity import ENTITY

# The procedure stages a case file is bound in (立案 → 调查 → 审查 → 决定 → 送达 → 执行 → 结案);
# the audit summary follows them. A template not named here goes by its category.
STAGES = ("立案", "调查", "审查", "决定", "送达", "执行", "结案")
STAGE_OF: dict[str, int] = {
    "case_source_register": 0, "filing_approval": 0,
    "service_address_confirmation": 4, "electronic_service_consent": 4,
    "no_filing_approval": 0, "power_of_attorney": 1, "legal_rep_certificate": 1,
    "seizure_extension": 1, "seizure_release": 1, "seized_items_return": 1,
    "hearing_application": 2, "hearing_schedule_notice": 2, "hearing_record": 2,
    "hearing_report": 2, "legal_review_opinion": 2, "collective_discussion_record": 2,
    "summary_penalty_filing": 3, "performance_reminder": 5, "substitute_performance_decision": 5,
    "enforcement_application": 5, "case_cancellation_approval": 6,
    "reminder_card": 1, "site_inspection_record": 1, "inquiry_record": 1,
    "photo_evidence_sheet": 1, "evidence_preservation_notice": 1, "seizure_decision": 1,
    "seizure_list": 1, "rectification_notice": 1, "first_offence_undertaking": 1,
    "investigation_report": 2, "advance_notice": 2, "hearing_notice": 2, "statement_record": 2,
    "penalty_approval": 2, "education_record": 2,
    "penalty_decision": 3, "summary_penalty_decision": 3, "no_penalty_decision": 3,
    "service_receipt": 4,
    "payment_reminder": 5,
    "case_referral": 6, "closing_report": 6,
}  # fmt: skip
STAGE_OF_CATEGORY = {"filing": 0, "record": 1, "evidence": 1, "served": 1, "internal": 2,
                     "decision": 3, "receipt": 4}
AUDIT_STAGE = len(STAGES)
# Fields whose value dates a record (the day it was made, not the day it was numbered).
RECORD_DATE_FIELDS = ("start", "time")


def stage_of(template_id: str, category: str) -> int:
    return STAGE_OF.get(template_id, STAGE_OF_CATEGORY.get(category, 2))


@dataclass
class Section:
    title: str
    date: str
    responsible: str
    note: str
    laid: LaidOut | None = None
    pages: list[list[Op]] = field(default_factory=list)
    number: str = ""
    voided: str = ""
    stage: int = 1
    kind: str = "document"  # document | receipt | photos | evidence | audit

    @property
    def page_count(self) -> int:
        return len(self.laid.pages) if self.laid else len(self.pages)


@dataclass(frozen=True)
class BuiltCaseFile:
    pdf: bytes
    pages: int
    documents: int
    photos: int


def _date(dt: datetime | None) -> str:
    d = local(dt)
    return f"{d:%Y-%m-%d}" if d else ""


def document_date(doc: Document, values: dict[str, Any], issue_field: str) -> str:
    """The date the 卷内目录 gives a document: a record's own date (when it was made), else the
    date the document bears (its issue date), else the day it was numbered."""
    for name in (*RECORD_DATE_FIELDS, issue_field):
        raw = str(values.get(name) or "").strip()[:10]
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            continue
    return _date(doc.issued_at)


def _document_sections(store: StationStore, session: Session, case: Case,
                       authority: str, responsible: str,
                       tick: Callable[[], None]) -> tuple[list[Section], set[str]]:
    """Sections for every document (void ones too) and the photo hashes they already show."""
    docs = list(session.scalars(select(Document).where(Document.case_id == case.id,
                                                       Document.deleted.is_(False))))
    issued = {doc.id: template_of(store, doc) for doc in docs}
    docs.sort(key=lambda d: (stage_of(issued[d.id].id, issued[d.id].category), d.issued_at,
                             issued[d.id].order))
    out: list[Section] = []
    covered: set[str] = set()
    for doc in docs:
        tick()
        template = issued[doc.id]
        values = resolve_photos(store, template, json.loads(doc.fields_json))
        if template.id == "photo_evidence_sheet" and not doc.voided_at:
            covered |= {str(p.get("hash")) for p in values.get("photos") or []}
        note = f"已作废：{doc.void_reason}" if doc.voided_at else ""
        if doc.replaces_id:
            old = session.get(Document, doc.replaces_id)
            note = f"替换 {old.number}" if old else note
        issue_field = next((f.name for f in template.fields
                            if f.source == "document.issue_date"), "issue_date")
        out.append(Section(template.title + ("（已作废）" if doc.voided_at else ""),
                           document_date(doc, values, issue_field), responsible, note,
                           laid=lay_out_document(template, values, "file"), number=doc.number,
                           voided=doc.void_reason if doc.voided_at else "",
                           stage=stage_of(template.id, template.category)))
        services: list[Any] = list(services_of(session, doc.id))
        if not template.served_on_party or not services:
            continue  # a blank 回证 proves nothing: only recorded service is bound in
        receipt = get_template("service_receipt")
        for svc in services:
            rv = receipt_values(session, doc, svc, authority)
            out.append(Section(f"送达回证（{template.title}）", svc.served_on, responsible,
                               METHODS.get(svc.method, svc.method),
                               laid=lay_out_document(receipt, rv, "file"), number=rv["doc_number"],
                               stage=STAGE_OF["service_receipt"], kind="receipt"))
    return out, covered


def _photo_section(store: StationStore, ctx: dict[str, Any], covered: set[str],
                   originals: bool) -> tuple[Section | None, int]:
    photos = [p for p in ctx["evidence.photos"] if p["print_sha256"] and p["hash"] not in covered]
    if originals:  # the naive baseline of the benchmark: full-size camera files
        photos = [dict(p, print_sha256=p["sha256"]) for p in photos]
    if not photos:
        return None, 0
    template = get_template("photo_evidence_sheet")
    values = {"authority": ctx["station.authority"], "doc_number": "案卷附页",
              "case_number": ctx["case.number"], "cause": ctx["case.violation_name"],
              "party_name": ctx["party.name"], "place": ctx["case.address"], "photos": photos}
    values = resolve_photos(store, template, values)
    laid = lay_out_document(template, values, "sheet")
    return Section(f"现场照片证据（{len(photos)}张）", "", "办案人员", "照片取自打印件", laid=laid,
                   kind="photos"), len(photos)


DOCUMENT_PAGES = 20  # pages of one 书证 bound into the file; the original keeps them all


def _document_evidence(store: StationStore, session: Session, case: Case,
                       fonts: tuple[str, str]) -> list[Section]:
    """One section per 书证 item (not withdrawn), its pages drawn from the print copy."""
    from reportlab.lib.utils import ImageReader

    rows = session.scalars(select(Evidence).where(
        Evidence.case_id == case.id, Evidence.deleted.is_(False), Evidence.media == "document",
        Evidence.withdrawn_at.is_(None)).order_by(Evidence.item_segment, Evidence.item_no))
    blobs = for_store(store)
    out: list[Section] = []
    for row in rows:
        try:
            pages = (page_jpegs(blobs.read_bytes(row.print_sha256))
                     if is_sha256(row.print_sha256) else [])
        except (OSError, ValueError, GridappError):
            pages = []  # a damaged print copy: the section says so (verify names the blob)
        name = row.caption or row.original_name
        label = f"书证 #{row.item_no}"
        flow = Flow(*fonts)
        shown = pages[:DOCUMENT_PAGES]
        if not shown:
            flow.paragraph(f"{label} {name}：打印件无法读取，请以证据原件为准"
                           f"（SHA-256 {row.sha256}）。", size=12, indent=0, align="left")
        for i, jpeg in enumerate(shown, start=1):
            if i > 1:
                flow.new_page()
            flow.paragraph(f"{label}　{name}　第 {i} 页 / 共 {len(pages)} 页", size=12,
                           bold=True, indent=0, align="left")
            if i == len(shown) and len(pages) > len(shown):
                flow.paragraph(f"本书证共 {len(pages)} 页，案卷收录前 {len(shown)} 页；其余各页见"
                               f"证据原件（SHA-256 {row.sha256[:16]}…，可用 gridapp evidence "
                               "export 导出）。", size=10.5, indent=0, align="left")
            flow.space(2 * MM)
            image = ImageReader(io.BytesIO(jpeg))
            iw, ih = image.getSize()
            room_w, room_h = FRAME_W, flow.y - BOTTOM
            scale = min(room_w / iw, room_h / ih)
            w, h = iw * scale, ih * scale
            flow.add(ImageOp(LEFT + (room_w - w) / 2, flow.y - h, w, h, image))
        note = "取自打印件" + (f"，收录前 {len(shown)} 页" if len(pages) > len(shown) else "")
        out.append(Section(f"{label}（{name}，共 {len(pages)} 页）", _date(row.captured_at),
                           "办案人员", note, pages=flow.pages))
    return out


def _audit_section(session: Session, case: Case, flow_fonts: tuple[str, str]) -> Section:
    flow = Flow(*flow_fonts)
    flow.paragraph("执法全过程记录摘要", size=18, bold=True, indent=0, align="center")
    flow.space(3 * MM)
    rows: list[tuple[list[str], float]] = [(["序号", "时间", "操作人", "操作", "对象"], 0.0)]
    officers = {o.badge_no: o.name for o in session.scalars(select(Officer))}
    for i, ev in enumerate(events_for_case(session, case.id), start=1):
        at = f"{station_time(event_time(ev)):%Y-%m-%d %H:%M}"
        actor = officers.get(ev.actor, ev.actor)
        rows.append(([str(i), at, actor, AUDIT_ACTION.zh(ev.action),
                      _audit_object(session, case, ev.entity, ev.entity_id)], 0.0))
    table_rows(flow, rows, [0.08, 0.25, 0.15, 0.24, 0.28], label_cols=False, header=True,
               size=10.5)
    flow.paragraph("以上记录取自本站哈希链审计日志（时间为北京时间），可用 gridapp audit verify 校验。",
                   size=10.5, indent=0, align="left")
    return Section("执法全过程记录摘要", "", "系统", "", pages=flow.pages, stage=AUDIT_STAGE,
                   kind="audit")


def _audit_object(session: Session, case: Case, entity: str, entity_id: str) -> str:
    """What an audit event touched, as the file names it (case number, 文号, evidence item),
    never an internal id."""
    label = ENTITY.zh(entity)
    if entity == "case":
        return f"{label} {case.number}"
    if entity == "document":
        doc = session.get(Document, entity_id)
        return f"{label} {doc.number}" if doc is not None else label
    if entity == "evidence":
        item = session.get(Evidence, entity_id)
        return f"{label} #{item.item_no}" if item is not None else label
    return label


def _cover(fonts: tuple[str, str], info: dict[str, str]) -> list[list[Op]]:
    flow = Flow(*fonts)
    flow.space(20 * MM)
    flow.paragraph(info["authority"], size=18, bold=True, indent=0, align="center")
    flow.space(8 * MM)
    flow.paragraph("行政处罚案卷", size=30, bold=True, indent=0, align="center")
    flow.space(18 * MM)
    rows = [(["案件名称", info["title"]], 0.0), (["案件编号", info["case_number"]], 0.0),
            ([info["decision_label"], info["decision"]], 0.0), (["办案机构", info["authority"]], 0.0),
            (["立案日期", info["opened"]], 0.0), (["结案日期", info["closed"]], 0.0),
            (["保管期限", info["retention"]], 0.0), (["归档号", info["archive"]], 0.0),
            (["本卷文件", f"共 {info['docs']} 件，{info['pages']} 页"], 0.0),
            (["全宗号 / 目录号 / 案卷号", "（由档案部门填写）"], 0.0)]
    table_rows(flow, rows, [0.3, 0.7])
    return flow.pages


def _index(fonts: tuple[str, str], sections: list[Section], starts: list[int]) -> list[list[Op]]:
    flow = Flow(*fonts)
    flow.paragraph("卷内目录", size=20, bold=True, indent=0, align="center")
    flow.space(3 * MM)
    rows: list[tuple[list[str], float]] = [(["顺序号", "责任人", "文件题名", "日期", "页号", "备注"], 0.0)]
    for i, (sec, start) in enumerate(zip(sections, starts, strict=True), start=1):
        title = f"{sec.title} {sec.number}".strip()
        rows.append(([str(i), sec.responsible, title, sec.date, str(start), sec.note], 0.0))
    table_rows(flow, rows, [0.08, 0.15, 0.4, 0.15, 0.08, 0.14], label_cols=False, header=True,
               size=10.5)
    return flow.pages


def _backnote(fonts: tuple[str, str], info: dict[str, str], voided: list[str]) -> list[list[Op]]:
    flow = Flow(*fonts)
    flow.paragraph("卷内备考表", size=20, bold=True, indent=0, align="center")
    flow.space(4 * MM)
    remark = (f"本卷共有文件 {info['docs']} 件，{info['pages']} 页（不含封面、卷内目录和本表），"
              f"其中现场照片 {info['photos']} 张，照片取自打印件；按种类：{info['held']}。")
    if voided:
        remark += "作废文书随卷保存：" + "；".join(voided) + "。"
    rows = [(["本卷情况说明", remark], 60 * MM), (["立卷人", ""], 12 * MM),
            (["检查人", ""], 12 * MM), (["立卷时间", info["today"]], 12 * MM)]
    table_rows(flow, rows, [0.22, 0.78])
    return flow.pages


def build_casefile(store: StationStore, session: Session, case_ref: str, *,
                   originals: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> BuiltCaseFile:
    """Assemble the case file; ``originals`` draws camera originals (benchmark baseline only).

    ``progress(done, total)`` is called as documents are laid out and sections drawn; it may
    raise to stop the build (nothing is written anywhere: the result is only returned)."""
    case = find_case(session, case_ref)
    station, authority = station_identity(session, store)
    ctx = build_context(session, store.pack, case)
    fonts = ensure_fonts()
    n_docs = session.scalar(select(func.count(Document.id)).where(
        Document.case_id == case.id, Document.deleted.is_(False))) or 0
    steps = {"done": 0, "total": 2 * n_docs + 4}

    def tick() -> None:
        steps["done"] += 1
        steps["total"] = max(steps["total"], steps["done"])
        if progress is not None:
            progress(steps["done"], steps["total"])

    sections, covered = _document_sections(store, session, case, authority, station, tick)
    photo, n_photos = _photo_section(store, ctx, covered, originals)
    tick()
    if photo is not None:
        sections.append(photo)
    evidence = _document_evidence(store, session, case, fonts)
    for sec in evidence:
        sec.kind = "evidence"
    sections.extend(evidence)
    sections.append(_audit_section(session, case, fonts))
    # Procedure order; within a stage, the order documents were made (sort is stable).
    sections.sort(key=lambda sec: sec.stage)
    starts, page = [], 1
    for sec in sections:
        starts.append(page)
        page += sec.page_count
    numbered = page - 1
    docs = [s for s in sections
            if s.number and s.laid is not None and s.laid.template.id != "service_receipt"]
    decided = next((s for s in sections if s.laid and s.laid.template.category == "decision"
                    and not s.voided), None)
    decision = decided.number if decided is not None else ""
    # The cover names the decision the file holds, and a filing date only when the case was
    # filed (a 立案审批表 in the file); a case closed without filing has none.
    decision_label = (f"{decided.laid.template.title}文号" if decided is not None
                      and decided.laid is not None else "决定书文号")
    filed = next((s.date for s in sections if s.laid and s.laid.template.id == "filing_approval"
                  and not s.voided), "")
    info = {
        "authority": authority, "title": ctx["case.title"] or f"{ctx['case.violation_name']}案",
        "case_number": case.number, "decision": decision or "—",
        "decision_label": decision_label, "opened": filed or "（未立案）",
        "closed": ctx["case.closed_date"] or "（未结案）",
        "retention": "30年" if decision and "当场" in decision else "永久",
        "archive": _archive_number(session, case), "docs": str(len(sections)),
        # Photos on issued 现场照片证据 sheets count as much as those on the appended sheets.
        "pages": str(numbered), "photos": str(n_photos + len(covered)),
        "held": _held(sections),
        "today": f"{local(clock.now()):%Y年%m月%d日}",
    }
    voided = [f"{s.number}（{s.voided}）" for s in sections if s.voided]
    buf = io.BytesIO()
    canvas = new_canvas(buf, invariant=False,
                        demo=is_demo_station(session, store.station(session)))
    canvas.setTitle(f"案卷 {case.number}")
    canvas.setAuthor(authority)
    canvas.setSubject(f"行政处罚案卷；案件编号 {case.number}")
    canvas.setCreator("gridapp 城管网格执法助手")
    total = 0
    for ops in _cover(fonts, info) + _index(fonts, sections, starts):
        draw_ops(canvas, ops)
        canvas.showPage()
        total += 1
    steps["total"] = steps["done"] + len(sections) + 1
    for sec, start in zip(sections, starts, strict=True):
        tick()
        mark = _page_mark(fonts[0], start, sec.voided)
        if sec.laid is not None:
            copy = "sheet" if not sec.number else "casefile"
            draw_document(canvas, sec.laid, number=sec.number, station=station, copy=copy, extra=mark)
        else:
            for i, ops in enumerate(sec.pages, start=1):
                draw_ops(canvas, ops)
                mark(canvas, i)
                canvas.showPage()
        total += sec.page_count
    for ops in _backnote(fonts, info, voided):
        draw_ops(canvas, ops)
        canvas.showPage()
        total += 1
    canvas.save()
    tick()
    return BuiltCaseFile(buf.getvalue(), total, len(docs), n_photos + len(covered))


def _page_mark(font: str, start: int, voided: str) -> Any:
    def mark(canvas: Any, i: int) -> None:
        canvas.setFont(font, 12)
        canvas.drawRightString(PAGE_W - RIGHT, PAGE_H - 12 * MM, str(start + i - 1))
        if voided:
            canvas.saveState()
            canvas.setFillColorRGB(0.8, 0.1, 0.1)
            canvas.setStrokeColorRGB(0.8, 0.1, 0.1)
            canvas.translate(PAGE_W / 2, PAGE_H / 2)
            canvas.rotate(35)
            canvas.setFont(font, 72)
            canvas.drawCentredString(0, 0, "作废")
            canvas.setFont(font, CELL)
            canvas.drawCentredString(0, -24, f"作废理由：{voided}")
            canvas.restoreState()

    return mark


def _held(sections: list[Section]) -> str:
    """What the file holds, counted by kind (文书, 送达回证, 照片证据页, 书证, 审计摘要)."""
    docs = sum(1 for s in sections if s.kind == "document")
    voided = sum(1 for s in sections if s.kind == "document" and s.voided)
    parts = [f"执法文书 {docs} 件" + (f"（含作废 {voided} 件）" if voided else "")]
    counts = (("receipt", "送达回证 {} 件"), ("photos", "现场照片证据 {} 件"),
              ("evidence", "书证 {} 件"), ("audit", "执法全过程记录摘要 {} 件"))
    for kind, text in counts:
        n = sum(1 for s in sections if s.kind == kind)
        if n:
            parts.append(text.format(n))
    return "、".join(parts)


def _archive_number(session: Session, case: Case) -> str:
    """归档号: year of closing + 4-digit serial of the station's closed cases that year."""
    closed = local(case.closed_at)
    if closed is None or case.closed_at is None:
        return "（结案后生成）"
    # The archive year is the station-time year of closing; its first instant in UTC is
    # 16:00 on 31 December before (stored instants are UTC).
    year = closed.year
    start = station_day_start(date(year, 1, 1))
    serial = session.scalar(
        select(func.count(Case.id)).where(Case.closed_at.is_not(None), Case.closed_at >= start,
                                          Case.closed_at <= case.closed_at)
    ) or 1
    return f"{year}{serial:04d}"
