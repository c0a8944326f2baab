"""The 案卷 binds in what the record holds: a 送达回证 only for recorded service (with its
method), and a 备考表 that counts every photo the file shows, on issued photo sheets too."""

from __future__ import annotations

import re
from pathlib import Path

from gridapp.models import Case
from gridapp.store import StationStore
from gridapp.workbench.casefiles import build_case_file
from tests.documents.conftest import issue, pdftotext, serve


def _text(store: StationStore, case: Case, tmp_path: Path) -> str:
    out = tmp_path / "cf.pdf"
    out.write_bytes(build_case_file(store, case.id).pdf)
    return re.sub(r"\s+", "", pdftotext(out))


def test_an_unserved_notice_has_no_blank_receipt_and_a_served_one_has_its_receipt(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    notice = issue(store, photo_case, "rectification_notice")
    text = _text(store, photo_case, tmp_path)
    assert "送达回证" not in text and "尚未记录送达" not in text
    serve(store, notice.number, method="left", refusal_reason="拒绝签收", witness="李四（社区网格员）",
          place="上海市黄浦区福州路8号")
    text = _text(store, photo_case, tmp_path)
    assert "送达回证（责令" in text and "留置送达" in text


def test_the_backnote_counts_photos_on_an_issued_photo_sheet(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    issue(store, photo_case, "photo_evidence_sheet")
    built = build_case_file(store, photo_case.id)
    assert built.photos == 3
    assert "其中现场照片3张" in _text(store, photo_case, tmp_path)


def test_the_cover_names_the_decision_held_and_files_only_a_filed_case(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    issue(store, photo_case, "no_penalty_decision",
          ["branch=初次违法且危害后果轻微并及时改正", "branch_basis=《中华人民共和国行政处罚法》第三十三条第一款"])
    text = _text(store, photo_case, tmp_path)
    cover = text[: text.index("卷内目录")]
    assert "不予行政处罚决定书文" in cover and "处罚决定书文号沪" not in cover
    assert "立案日期（未立案）" in cover, "never filed: no filing date"
    approval = issue(store, photo_case, "filing_approval")
    cover = _text(store, photo_case, tmp_path)
    cover = cover[: cover.index("卷内目录")]
    assert "立案日期（未立案）" not in cover and "立案日期2026-" in cover
    assert approval.number


def test_the_receipt_names_the_service_photo_not_its_internal_id(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    from gridapp.models import Evidence

    notice = issue(store, photo_case, "rectification_notice")
    with store.read() as s:
        photo = s.query(Evidence).filter_by(case_id=photo_case.id, item_no=1).one()
        photo_id = photo.id
    serve(store, notice.number, method="left", refusal_reason="拒绝签收", evidence=photo_id,
          place="上海市黄浦区福州路8号")
    text = _text(store, photo_case, tmp_path)
    assert f"{photo_case.number}#1" in text
    assert photo_id not in text and photo_id[:8] not in text
    assert "张建国" in text[text.index("执法全过程记录摘要"):], "officers by name in the audit summary"


def test_the_party_is_addressed_as_a_person_or_as_a_unit(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    from dataclasses import replace

    from gridapp.workbench.actions import create_case
    from gridapp.workbench.drafting import issue as issue_in_window
    from gridapp.workbench.drafting import issued_pdf
    from gridapp.workbench.drafts import PartyDraft
    from tests.workbench.conftest import DRAFT, officer_id

    person = issue(store, photo_case, "rectification_notice")
    lead = officer_id(store, "31010001")
    unit_case = create_case(store, replace(
        DRAFT, violation_code=photo_case.violation_code, partner_id=officer_id(store, "31010002"),
        party=PartyDraft(kind="unit", name="上海某某餐饮管理有限公司",
                         id_number="91310101MA1FPX1234", address="上海市黄浦区福州路8号")),
        lead)
    unit = issue_in_window(store, unit_case.case_id, "rectification_notice",
                           {"deadline": "2026-12-05"}, lead)
    texts = []
    for doc_id, name in ((person.id, "person.pdf"), (unit.document_id, "unit.pdf")):
        out = tmp_path / name
        out.write_bytes(issued_pdf(store, doc_id))
        texts.append(re.sub(r"\s+", "", pdftotext(out)))
    assert "你（单位）" not in texts[0] and "现责令你于" in texts[0]
    assert "你（单位）" not in texts[1] and "现责令你单位于" in texts[1]


def test_an_advance_notice_writes_its_periods_one_way(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    from gridapp.documents.service import find_document, stored_pdf

    notice = issue(store, photo_case, "advance_notice")
    out = tmp_path / "notice.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, notice.number)))
    text = re.sub(r"\s+", "", pdftotext(out))
    assert "五个工作日内向本机关提出陈述" in text
    assert not re.search(r"\d+个工作日", text), "no Arabic-numeral period beside Chinese ones"
