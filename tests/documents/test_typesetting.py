"""Every template, issued on every case kind of the demo (a person, a unit), read back from the
PDF as a legal officer reads it: no page holding only the seal, date, signatures or a note; no
heading as the last line of a page; every decision carrying the elements of 行政处罚法第五十九条
and naming the 复议机关 and the court in full.

Templates come from the registry (``all_templates``): one added later is issued in the same
way (``FREE_FIELDS`` gives its officer input); one the procedure refuses on these cases is
still rendered with the values it would be issued with, so its typesetting is checked too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from gridapp import clock
from gridapp.caselog import service
from gridapp.documents.blocks import SIGNATURE_LABELS
from gridapp.documents.context import today_local
from gridapp.documents.render import render_document
from gridapp.documents.service import (
    fill_for_case,
    find_document,
    issue_document,
    station_identity,
    stored_pdf,
)
from gridapp.documents.serving import render_receipt, services_of
from gridapp.documents.templates import Template, all_templates, get_template
from gridapp.documents.text import format_date, format_money
from gridapp.errors import GridappError
from gridapp.evidence.capture import import_files
from gridapp.models import Case, Station
from gridapp.setup import add_officer, init_station, set_payment
from gridapp.store import StationStore, open_store
from tests.conftest import (
    DEMO_CASE_INPUT,
    LEAD_BADGE,
    OFFICER_BADGE,
    TEST_PASSWORD,
    TEST_PAYMENT,
    fresh_database,
)
from tests.documents.conftest import (
    ANSWER,
    FREE_FIELDS,
    NEEDS_APPROVAL,
    PHOTOS,
    approve_step,
    days_ago,
    evaluate,
    pay,
    pdffonts,
    serve,
)

# The demo's case kinds: a person, and a unit (a shop or company, with its 法定代表人).
UNIT_REPRESENTATIVE = "张三（总经理）"
KINDS: dict[str, dict[str, Any]] = {
    "person": dict(DEMO_CASE_INPUT),
    "organisation": dict(DEMO_CASE_INPUT, party={
        "kind": "organisation", "name": "上海某某餐饮管理有限公司",
        "id_number": "91310101MA1FPX1234", "phone": "021-63000001",
        "address": "上海市黄浦区福州路8号"}),
}
REVIEW_BODY = "上海市黄浦区人民政府"
COURT = "上海市黄浦区人民法院"
AUTHORITY = "上海市黄浦区城市管理行政执法局"
# In procedural order; the 事先告知 is back-dated and served so the decision may follow, and
# the clock then moves on thirty days (the time to pay has passed) — as ``issue_all`` does.
BEFORE_DECISION = ("case_source_register", "filing_approval", "reminder_card",
                   "rectification_notice", "site_inspection_record", "inquiry_record",
                   "photo_evidence_sheet", "evidence_preservation_notice", "seizure_decision",
                   "seizure_list", "statement_record", "investigation_report",
                   "penalty_approval")
AFTER_DECISION = ("payment_reminder", "closing_report")  # the fine paid before closing
# One decision per case (行政处罚法第二十九条): the on-the-spot and the no-penalty decisions are
# other cases' (of the same kind of party).
ON_SPOT = ("summary_penalty_decision", "summary_penalty_filing")
NO_PENALTY = ("education_record", "no_penalty_decision", "first_offence_undertaking")
SPECIAL = {"service_receipt", "case_referral", "advance_notice", "penalty_decision",
           "hearing_notice"}


@dataclass
class Typeset:
    """One rendered document: its template, the values it was issued with, its PDF and text."""

    template: Template
    values: dict[str, Any]
    pdf: Path
    issued: bool

    def pages(self) -> list[str]:
        """Each page's lines as laid out (``pdftotext -layout``)."""
        out = subprocess.run(["pdftotext", "-layout", str(self.pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")

    def content(self) -> str:
        """The whole text in drawing order (``-raw``: a table cell's lines stay together),
        without whitespace or page furniture."""
        out = subprocess.run(["pdftotext", "-raw", str(self.pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        return compact(FURNITURE.sub("", out))


def _extra(template_id: str, kind: str) -> list[str]:
    answer = ANSWER if template_id == "penalty_decision" else []
    return answer + _unit(template_id, kind)


def _unit(template_id: str, kind: str) -> list[str]:
    if kind == "organisation" and any(f.name == "party_representative"
                                      for f in get_template(template_id).fields):
        return [f"party_representative={UNIT_REPRESENTATIVE}"]
    return []


def _issue(st: StationStore, case: Case, tid: str, kind: str, out: dict[str, tuple[str, bool]],
           **kw: Any) -> str:
    """Issue ``tid`` as the lead, with its approval first where it needs one (``issue``)."""
    if tid in NEEDS_APPROVAL:
        approve_step(st, case, NEEDS_APPROVAL[tid])
    with st.session() as s:
        doc = issue_document(st, s, case.number, tid, FREE_FIELDS.get(tid, []) + _extra(tid, kind),
                             LEAD_BADGE, **kw)
    out[tid] = (doc.id, True)
    return doc.number


def _drafted(st: StationStore, case: Case, tid: str, kind: str, root: Path) -> Typeset:
    """A template the procedure refuses on this case, rendered with the values it would be
    issued with (every gate aside)."""
    with st.read() as s:
        _, template, result = fill_for_case(st, s, case.number, tid,
                                            FREE_FIELDS.get(tid, []) + _extra(tid, kind))
        values = result.values()
        station, authority = station_identity(s, st)
    for spec in template.fields:  # what issuing fills in
        if spec.source == "document.number":
            values[spec.name] = "（未签发）"
        elif spec.source == "document.issue_date":
            values[spec.name] = today_local()
    rendered = render_document(template, values, number="（未签发）", station=station,
                               authority=authority)
    path = root / f"{tid}.pdf"
    path.write_bytes(rendered.pdf)
    return Typeset(template, values, path, issued=False)


def _build(root: Path, schema_template: Path, kind: str) -> dict[str, Typeset]:
    clock.start_at(datetime.fromisoformat(os.environ["GRIDAPP_NOW"]))
    fresh_database(schema_template, root / "station")
    st = open_store(root / "station")
    try:
        station = init_station(st, name="测试中队", pack_code="shanghai", officer_name="张建国",
                               badge=LEAD_BADGE, grids=[("G0101", "南京东路第1网格")],
                               password=TEST_PASSWORD)
        with st.session() as s:
            row = s.get(Station, station.id)
            assert row is not None
            add_officer(st, s, row, "李明", OFFICER_BADGE, actor=LEAD_BADGE)
        set_payment(st, dict(TEST_PAYMENT), actor=LEAD_BADGE, reason="测试站点的缴款信息")
        with st.session() as s:
            case = service.create_case(st, s, dict(KINDS[kind]), LEAD_BADGE)
            elsewhere = service.create_case(
                st, s, dict(KINDS[kind], address="上海市静安区西康路5号"), LEAD_BADGE)
        import_files(st, case.number, [PHOTOS / "jpg_gps_DSCN0010.jpg",
                                       PHOTOS / "jpg_orientation_portrait_6.jpg"],
                     actor=LEAD_BADGE, caption="占道设摊现场", reason="已核实，属本案证据")
        evaluate(st, case)
        ids: dict[str, tuple[str, bool]] = {}
        # The 听证告知书 served 20 days ago (before the 处罚审批, which it makes a major case):
        # the five days to ask for a hearing have passed.
        back = days_ago(20)
        serve(st, _issue(st, case, "hearing_notice", kind, ids, issue_date=date.fromisoformat(back)),
              served_on=back)
        for tid in BEFORE_DECISION:
            _issue(st, case, tid, kind, ids)
        notice = _issue(st, case, "advance_notice", kind, ids, issue_date=date.fromisoformat(back))
        serve(st, notice, served_on=back)
        serve(st, _issue(st, case, "penalty_decision", kind, ids))
        clock.start_at(clock.now() + timedelta(days=30))
        _issue(st, case, "payment_reminder", kind, ids)
        pay(st, case)  # the fine and the late fee, today
        _issue(st, case, "closing_report", kind, ids)
        with st.session() as s:
            on_spot = service.create_case(st, s, dict(KINDS[kind]), LEAD_BADGE)
            lenient = service.create_case(st, s, dict(KINDS[kind]), LEAD_BADGE)
        evaluate(st, on_spot)
        _issue(st, on_spot, "summary_penalty_decision", kind, ids)
        pay(st, on_spot, "100", way="on_site", receipt="沪财罚No.0012345")
        _issue(st, on_spot, "summary_penalty_filing", kind, ids)
        import_files(st, lenient.number, [PHOTOS / "jpg_gps_DSCN0010.jpg"], actor=LEAD_BADGE,
                     caption="占道设摊现场", reason="已核实，属本案证据")
        evaluate(st, lenient, fine=None, harm="none", corrected=True)
        for tid in NO_PENALTY:
            _issue(st, lenient, tid, kind, ids)
        _issue(st, elsewhere, "case_referral", kind, ids)
        out: dict[str, Typeset] = {}
        for tid in sorted(set(all_templates()) - set(ids) - SPECIAL - {*BEFORE_DECISION,
                                                                      *AFTER_DECISION}):
            try:  # a template added later: issued like the others where the procedure allows
                _issue(st, case, tid, kind, ids)
            except GridappError:
                out[tid] = _drafted(st, case, tid, kind, root)
        with st.read() as s:
            for tid, (doc_id, _) in ids.items():
                doc = find_document(s, doc_id)
                path = root / f"{tid}.pdf"
                path.write_bytes(stored_pdf(st, doc))
                out[tid] = Typeset(get_template(tid), json.loads(doc.fields_json), path, True)
            decision = find_document(s, ids["penalty_decision"][0])
            receipt = render_receipt(st, s, decision, services_of(s, decision.id)[0])
            path = root / "service_receipt.pdf"
            path.write_bytes(receipt.pdf)
            out["service_receipt"] = Typeset(get_template("service_receipt"), {}, path, True)
        return out
    finally:
        st.close()
        clock.start_at(datetime.fromisoformat(os.environ["GRIDAPP_NOW"]))


@pytest.fixture(scope="session")
def typeset(tmp_path_factory: pytest.TempPathFactory,
            schema_template: Path) -> dict[str, dict[str, Typeset]]:
    """kind → template id → the document as issued (built once per test session)."""
    return {kind: _build(tmp_path_factory.mktemp(f"typeset-{kind}"), schema_template, kind)
            for kind in KINDS}


CASES = [(kind, tid) for kind in KINDS for tid in sorted(all_templates())]
DECISIONS = [(kind, tid) for kind, tid in CASES if all_templates()[tid].category == "decision"]

# Page furniture: copy label, page count, 核验码, 卷内 page numbers, the demo mark.
FURNITURE = re.compile(r"【[^【】]{1,12}联】|第\s*\d+\s*页\s*共\s*\d+\s*页|核验码[:：]\s*[0-9a-f]+"
                       r"|卷内第\s*\d+\s*页|演示数据[^\n]*")
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def content_lines(page: str) -> list[str]:
    """The page's lines as read, without the page furniture or blank lines."""
    lines = (compact(FURNITURE.sub("", line)) for line in page.splitlines())
    return [line for line in lines if line]


def _filled(text: str, values: dict[str, Any]) -> str:
    return compact(re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1)) or ""), text))


def closing_parts(doc: Typeset) -> tuple[list[str], list[str]]:
    """(fragments a closing line is made of, note texts) for ``doc``'s template."""
    fragments = [compact(label) for label in SIGNATURE_LABELS.values()]
    fragments += ["日期：年月日", "捺印", "（印章）", AUTHORITY]
    notes = [_filled(str(b.get("text", "")), doc.values) for b in doc.template.blocks
             if b["type"] == "note"]
    # The officers' line kept with their signatures is part of the closing, not of the body.
    blocks = doc.template.blocks
    first = next((i for i, b in enumerate(blocks) if b["type"] in ("signatures", "seal")),
                 len(blocks))
    while first > 0 and blocks[first - 1].get("keep_with_next"):
        first -= 1
        notes.append(_filled(str(blocks[first].get("text", "")), doc.values))
    return fragments, [n for n in notes if n]


def is_closing_line(line: str, fragments: list[str], notes: list[str]) -> bool:
    """A line of the seal, the date, a signature row or a closing note (nothing of the body)."""
    if any(line in note for note in notes):
        return True
    rest = re.sub(r"执法证号：\d*", "", line)
    for fragment in fragments:
        rest = rest.replace(fragment, "")
    return not DATE.sub("", rest)


def headings(doc: Typeset) -> list[str]:
    return [_filled(str(b.get("text", "")), doc.values) for b in doc.template.blocks
            if b["type"] == "heading" or b.get("keep_with_next")]


@pytest.mark.parametrize(("kind", "template_id"), CASES)
def test_no_page_holds_only_the_seal_date_or_signatures(
        typeset: dict[str, dict[str, Typeset]], kind: str, template_id: str) -> None:
    doc = typeset[kind][template_id]
    fragments, notes = closing_parts(doc)
    pages = doc.pages()
    for n, page in enumerate(pages, start=1):
        lines = content_lines(page)
        assert lines, f"page {n} of {len(pages)} is empty"
        assert not all(is_closing_line(line, fragments, notes) for line in lines), (
            f"page {n} of {len(pages)} holds only the closing block: {lines}")


@pytest.mark.parametrize(("kind", "template_id"), CASES)
def test_no_heading_is_the_last_line_of_a_page(
        typeset: dict[str, dict[str, Typeset]], kind: str, template_id: str) -> None:
    doc = typeset[kind][template_id]
    heads = headings(doc)
    pages = doc.pages()
    for n, page in enumerate(pages[:-1], start=1):
        last = content_lines(page)[-1]
        assert not any(last in head for head in heads), f"page {n} ends with the heading {last}"


def _by_source(doc: Typeset, source: str) -> str:
    names = [f.name for f in doc.template.fields if f.source == source]
    return str(doc.values.get(names[0]) or "") if names else ""


@pytest.mark.parametrize(("kind", "template_id"), DECISIONS)
def test_a_decision_names_the_review_body_and_the_court_in_full(
        typeset: dict[str, dict[str, Typeset]], kind: str, template_id: str) -> None:
    doc = typeset[kind][template_id]
    text = doc.content()
    assert _by_source(doc, "station.review_body") == REVIEW_BODY
    assert _by_source(doc, "station.court") == COURT
    assert f"向{REVIEW_BODY}申请行政复议" in text
    assert f"向{COURT}提起行政诉讼" in text
    assert "本级人民政府" not in text and "有管辖权的人民法院" not in text


def _penalty(template: Template) -> bool:
    """A decision that imposes a penalty (行政处罚法第五十九条), not a 不予处罚 or 扣押 one."""
    return any(f.source == "rules.proposed_fine" for f in template.fields)


@pytest.mark.parametrize(("kind", "template_id"), DECISIONS)
def test_a_decision_carries_every_element_of_article_59(
        typeset: dict[str, dict[str, Typeset]], kind: str, template_id: str) -> None:
    """(一) party name and address; (二) facts and evidence — a 当场 decision states the time
    and place instead (第五十二条); (三) the penalty and its basis; (四) how and by when to
    perform it; (五) 复议 and 诉讼 with their time limits; (六) the authority's name, the
    date, and the seal. A decision that imposes no penalty (不予处罚, 扣押: 行政强制法第二十四条)
    carries all but (三) and (四), and the facts where it states them."""
    doc = typeset[kind][template_id]
    text = doc.content()
    missing: list[str] = []

    def need(label: str, value: str) -> None:
        if not value or compact(value) not in text:
            missing.append(f"{label}: {value!r}")

    need("当事人名称", KINDS[kind]["party"]["name"])
    need("当事人地址", KINDS[kind]["party"]["address"])
    if kind == "organisation" and any(f.name == "party_representative"
                                      for f in doc.template.fields):
        need("法定代表人", UNIT_REPRESENTATIVE)
    if _penalty(doc.template) or _by_source(doc, "case.facts"):
        need("违法事实", KINDS[kind]["facts"])
    if _penalty(doc.template):
        if doc.template.series == "summary_decision":
            need("违法时间", format_date(_by_source(doc, "case.act_date")))
            need("违法地点", _by_source(doc, "case.address"))
        else:
            need("证据", _by_source(doc, "evidence.summary"))
        need("违反的规定", _by_source(doc, "case.legal_basis"))
        need("处罚依据", _by_source(doc, "case.penalty_basis"))
        need("处罚种类", str(doc.values.get("penalty_type") or ""))
        need("罚款数额", format_money(_by_source(doc, "rules.proposed_fine")))
        need("履行期限", "十五日内")
        need("履行方式", str(doc.values.get("payment_place") or ""))
    need("复议期限", "六十日内")
    if doc.template.series == "summary_decision":
        # 复议前置: a 当场 decision is reviewed first, then sued (行政复议法第二十三条第一款第（一）项)
        need("先行复议", "应当先在收到本决定书之日起六十日内")
        need("复议后诉讼", "对行政复议决定不服的")
    else:
        need("诉讼期限", "六个月内")
    need("复议机关", REVIEW_BODY)
    need("人民法院", COURT)
    need("行政机关名称", AUTHORITY)
    need("决定日期", format_date(_by_source(doc, "document.issue_date")))
    need("印章", "（印章）")
    assert not missing, f"{template_id} lacks {missing}"


# --- the typesetting each item of the issue asks for --------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_summary_decision_fits_one_page(typeset: dict[str, dict[str, Typeset]],
                                            kind: str) -> None:
    pages = typeset[kind]["summary_penalty_decision"].pages()
    assert len(pages) == 1
    lines = content_lines(pages[0])
    assert any(AUTHORITY in line for line in lines[-6:])  # the seal is on it, near its foot


@pytest.mark.parametrize("kind", KINDS)
def test_officers_sign_one_row_each_beside_their_badge(typeset: dict[str, dict[str, Typeset]],
                                                       kind: str) -> None:
    signed = [tid for tid, t in all_templates().items()
              for b in t.blocks if b["type"] == "signatures" and "officers" in b.get("boxes", [])]
    assert "summary_penalty_decision" in signed and "inquiry_record" in signed
    for tid in signed:
        lines = content_lines("\n".join(typeset[kind][tid].pages()))
        rows = [line for line in lines if "执法人员（签名）" in line]
        assert len(rows) == 2, (tid, rows)
        assert f"执法证号：{LEAD_BADGE}" in rows[0] and f"执法证号：{OFFICER_BADGE}" in rows[1], rows


@pytest.mark.parametrize("kind", KINDS)
def test_unfilled_list_rows_say_nothing_follows(typeset: dict[str, dict[str, Typeset]],
                                                kind: str) -> None:
    listed = [tid for tid, t in all_templates().items() if any(
        b["type"] == "items" and t.field(b["field"]).kind == "items" for b in t.blocks)]
    assert "seizure_list" in listed
    for tid in listed:
        lines = content_lines("\n".join(typeset[kind][tid].pages()))
        row = next(i for i, line in enumerate(lines) if "以下空白" in line)
        assert lines[row] == "以下空白", (tid, lines[row])
        assert "完好" in lines[row - 1], (tid, lines[row - 1])  # right under the last item


def test_headings_are_set_in_the_sans_face_and_every_font_is_embedded(
        typeset: dict[str, dict[str, Typeset]]) -> None:
    fonts = pdffonts(typeset["person"]["penalty_decision"].pdf).splitlines()[2:]
    assert any("NotoSansSC-Bold" in line for line in fonts), fonts
    assert any("NotoSerifSC" in line for line in fonts), fonts
    for kind, docs in typeset.items():
        for tid, doc in docs.items():
            fonts = pdffonts(doc.pdf).splitlines()[2:]
            # Every font embedded as a subset with a ToUnicode map (emb sub uni).
            assert fonts and all(re.search(r"\byes\s+yes\s+yes\b", line) for line in fonts), (
                kind, tid, fonts)
            photos = any(f.kind == "photos" for f in doc.template.fields)
            assert doc.pdf.stat().st_size < (400_000 if photos else 150_000), (kind, tid)


def test_every_template_is_typeset_on_every_kind(typeset: dict[str, dict[str, Typeset]]) -> None:
    """Today's templates are all issued (the fixture raises otherwise); one added later that
    the procedure refuses on these cases is rendered with its would-be values instead."""
    planned = {*BEFORE_DECISION, *AFTER_DECISION, *ON_SPOT, *NO_PENALTY, *SPECIAL}
    for docs in typeset.values():
        assert set(docs) == set(all_templates())
        assert all(docs[tid].issued for tid in planned)


# --- every page break position, on the laid-out pages (no PDF) ------------------------------

SWEEP_FACT = "执法队员巡查发现当事人在人行道上占道设摊经营水果，占用面积约3平方米，影响行人通行。"


def _sweep_values(template: Template, repeat: int) -> dict[str, Any]:
    """Ordinary values with the free text ``repeat`` times longer (facts, statements, QA)."""
    base: dict[str, Any] = {
        "authority": AUTHORITY, "party_name": "上海某某餐饮管理有限公司",
        "party_address": "上海市黄浦区福州路8号", "review_body": REVIEW_BODY, "court": COURT,
        "officer1_badge": LEAD_BADGE, "officer2_badge": OFFICER_BADGE, "issue_date": "2026-11-20",
        "qa": [{"q": "你今天在这里做什么？", "a": SWEEP_FACT}] * repeat,
        "items": [{"name": "水果推车", "spec": "三轮", "qty": "1辆", "note": "完好"}] * repeat,
        "photos": [{"caption": "占道设摊现场", "captured_at": "2026-11-19 10:05", "gps": "",
                    "officer": f"张建国（{LEAD_BADGE}）", "hash": "17307b1207eb6487",
                    "warnings": ["没有拍摄时间（只有文件修改时间），请核实拍摄时间"] * (repeat % 3),
                    "warning_reason": "已核实，属本案证据"}] * repeat,
    }
    out: dict[str, Any] = {}
    for spec in template.fields:
        if spec.name in base:
            out[spec.name] = base[spec.name]
        elif spec.kind == "multiline":
            out[spec.name] = SWEEP_FACT * repeat
        elif spec.kind not in ("qa", "items", "date", "money"):
            out[spec.name] = spec.default or spec.label
    return out


def _page_lines(ops: list[Any]) -> list[tuple[str, bool]]:
    """(line text, is a heading line) top to bottom, from the text ops of one page."""
    from gridapp.documents.layout import TextOp

    rows: dict[float, list[Any]] = {}
    for op in ops:
        if isinstance(op, TextOp) and op.text.strip():
            rows.setdefault(round(op.y), []).append(op)
    return [("".join(compact(op.text) for op in sorted(row, key=lambda o: o.x)),
             any(op.keep for op in row)) for _, row in sorted(rows.items(), reverse=True)]


@pytest.mark.parametrize("template_id", sorted(all_templates()))
def test_no_break_position_leaves_a_heading_or_the_closing_block_alone(template_id: str) -> None:
    """The free text grown line by line moves every page break through the document: at every
    position no page ends with a heading and none holds only the closing block."""
    from gridapp.documents.layout import FRAME_W, MM, RectOp
    from gridapp.documents.render import lay_out_document

    template = all_templates()[template_id]
    seen_pages = set()
    for repeat in range(1, 13):
        values = _sweep_values(template, repeat)
        laid = lay_out_document(template, values, "preview")
        fragments, notes = closing_parts(Typeset(template, values, Path(), False))
        seen_pages.add(len(laid.pages))
        for n, ops in enumerate(laid.pages, start=1):
            lines = _page_lines(ops)
            assert lines, (repeat, n)
            assert not all(is_closing_line(t, fragments, notes) for t, _ in lines), (
                f"×{repeat}: page {n} holds only the closing block: {lines}")
            if n < len(laid.pages):
                assert not lines[-1][1], f"×{repeat}: page {n} ends with a heading {lines[-1][0]}"
            # A photo and its caption are never parted by a page break.
            frames = [op for op in ops if isinstance(op, RectOp) and abs(op.w - FRAME_W) < 1
                      and min(abs(op.h - 92 * MM), abs(op.h - 60 * MM)) < 1]  # photo frames
            starts = [t for t, _ in lines if re.match(r"图\d+", t)]
            taken_by = [t for t, _ in lines if t.startswith("拍摄人：")]
            warned = [t for t, _ in lines if t.startswith("导入提示：")]
            reasons = [t for t, _ in lines if t.startswith("确认理由：")]
            assert len(frames) == len(starts) == len(taken_by) and len(warned) == len(reasons), (
                f"×{repeat}: page {n} parts a photo and its caption")
    if template.pages:
        assert min(seen_pages) == template.pages


def test_the_officers_line_is_kept_with_their_signatures() -> None:
    """The 执法人员 line right above the signatures or seal is part of the closing: it never
    stands on a page with only the signatures, and it brings the body's last lines along."""
    for tid, template in all_templates().items():
        blocks = template.blocks
        first = next((i for i, b in enumerate(blocks) if b["type"] in ("signatures", "seal")),
                     None)
        if first is None or first == 0:
            continue
        above = blocks[first - 1]
        if str(above.get("text", "")).startswith("执法人员："):
            assert above.get("keep_with_next"), f"{tid}: the officers' line is not kept"
