"""Every template, issued from a demo case, is a searchable PDF with the CJK font embedded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridapp.caselog import service
from gridapp.documents.service import find_document, stored_pdf
from gridapp.documents.serving import render_receipt, services_of
from gridapp.documents.templates import all_templates
from gridapp.evidence.capture import import_files
from gridapp.models import Station
from gridapp.setup import add_officer, init_station, set_payment
from gridapp.store import StationStore, open_store
from tests.conftest import (
    DEMO_CASE_INPUT,
    DEMO_PARTY_ID,
    LEAD_BADGE,
    OFFICER_BADGE,
    TEST_PASSWORD,
    TEST_PAYMENT,
    fresh_database,
)
from tests.documents.conftest import (
    CLOSING_MARKS,
    LEGAL_TEXT,
    PHOTOS,
    evaluate,
    issue,
    issue_all,
    pdffonts,
    pdftotext,
)


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory,
           schema_template: Path) -> Iterator[tuple[StationStore, dict[str, Path]]]:
    root = tmp_path_factory.mktemp("docs")
    fresh_database(schema_template, root / "station")
    st = open_store(root / "station")
    station = init_station(st, name="测试中队", pack_code="shanghai", officer_name="张建国",
                           badge=LEAD_BADGE, grids=[("G0101", "南京东路第1网格")],
                           password=TEST_PASSWORD)
    with st.session() as s:
        row = s.get(Station, station.id)
        assert row is not None
        add_officer(st, s, row, "李明", OFFICER_BADGE, actor=LEAD_BADGE)
    set_payment(st, dict(TEST_PAYMENT), actor=LEAD_BADGE, reason="测试站点的缴款信息")
    with st.session() as s:
        case = service.create_case(st, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    import_files(st, case.number, [PHOTOS / "jpg_gps_DSCN0010.jpg",
                                   PHOTOS / "jpg_orientation_portrait_6.jpg"],
                 actor=LEAD_BADGE, caption="占道设摊现场", reason="已核实，属本案证据")
    evaluate(st, case)
    docs = issue_all(st, case)
    paths: dict[str, Path] = {}
    # A case in another district goes to that district's bureau by a 案件移送函.
    with st.session() as s:
        elsewhere = service.create_case(st, s, dict(DEMO_CASE_INPUT, address="上海市静安区西康路5号"),
                                        LEAD_BADGE)
    docs["case_referral"] = issue(st, elsewhere, "case_referral")
    # A report found unfounded (不予立案); another case filed in error (销案); a unit's certificate.
    with st.session() as s:
        unfounded = service.create_case(st, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        cancelled = service.create_case(st, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        unit = service.create_case(st, s, dict(DEMO_CASE_INPUT, party={
            "kind": "organisation", "name": "上海某某餐饮管理有限公司",
            "id_number": "91310101MA1FPX1234", "address": "上海市黄浦区福州路8号"}), LEAD_BADGE)
    docs["no_filing_approval"] = issue(st, unfounded, "no_filing_approval")
    issue(st, cancelled, "filing_approval")
    docs["case_cancellation_approval"] = issue(st, cancelled, "case_cancellation_approval")
    docs["legal_rep_certificate"] = issue(st, unit, "legal_rep_certificate")
    with st.read() as s:
        doc = find_document(s, docs["penalty_decision"].id)
        for tid, d in docs.items():
            paths[tid] = root / f"{tid}.pdf"
            paths[tid].write_bytes(stored_pdf(st, find_document(s, d.id)))
        paths["service_receipt"] = root / "service_receipt.pdf"
        paths["service_receipt"].write_bytes(render_receipt(st, s, doc, services_of(s, doc.id)[0]).pdf)
    numbers = {tid: d.number for tid, d in docs.items()}
    numbers["service_receipt"] = docs["penalty_decision"].number
    yield st, paths, numbers  # type: ignore[misc]
    st.close()


def test_every_template_is_covered(issued: tuple[StationStore, dict[str, Path], dict[str, str]]) -> None:
    _, paths, _ = issued
    assert set(paths) == set(all_templates()) and len(paths) == 43


@pytest.mark.parametrize("template_id", sorted(LEGAL_TEXT))
def test_pdf_is_searchable_with_embedded_cjk_font(
    issued: tuple[StationStore, dict[str, Path], dict[str, str]], template_id: str
) -> None:
    _, paths, numbers = issued
    pdf = paths[template_id]
    fonts = [line for line in pdffonts(pdf).splitlines() if "NotoSerifSC" in line]
    assert fonts, "CJK font missing"
    assert all(re.search(r"\byes\s+yes\s+yes\b", line) for line in fonts), fonts
    text = pdftotext(pdf)
    compact = re.sub(r"\s+", "", text)
    assert "王小明" in compact
    assert numbers[template_id] in compact
    assert LEGAL_TEXT[template_id] in compact
    for line in text.splitlines():
        stripped = line.strip()
        assert not stripped or stripped[0] not in CLOSING_MARKS, f"line starts with punctuation: {line!r}"
    if "party_id" in {f.name for f in all_templates()[template_id].fields}:
        # The archive copy is complete: it identifies the party (masking is for copies to others).
        assert DEMO_PARTY_ID in compact, "the archive copy must show the identity number in full"


def test_decision_states_remedies_and_payment(issued: tuple[StationStore, dict[str, Path], dict[str, str]]) -> None:
    _, paths, _ = issued
    text = re.sub(r"\s+", "", pdftotext(paths["penalty_decision"]))
    for phrase in ("六十日内", "六个月内", "十五日内", "300元（大写：叁佰元整）", DEMO_PARTY_ID,
                   "第1页共", "行政处罚决定书"):
        assert phrase in text, phrase


def test_metadata_names_the_document_not_the_person(issued: tuple[StationStore, dict[str, Path], dict[str, str]]) -> None:
    from pypdf import PdfReader

    _, paths, numbers = issued
    meta = PdfReader(str(paths["penalty_decision"])).metadata
    assert meta is not None
    assert meta.title == f"行政处罚决定书 {numbers['penalty_decision']}"
    assert meta.author == "上海市黄浦区城市管理行政执法局"  # the district bureau the station acts for
    assert "行政处罚决定书" in (meta.subject or "")
    everything = f"{meta.title}{meta.author}{meta.subject}{meta.get('/Keywords')}"
    assert "王小明" not in everything and "3101" not in everything


@pytest.mark.parametrize("template_id", sorted(set(LEGAL_TEXT) - {"service_receipt"}))
def test_every_issued_pdf_verifies(issued: tuple[StationStore, dict[str, Path], dict[str, str]],
                                   template_id: str) -> None:
    from gridapp.documents.verify import verify_pdf

    st, paths, numbers = issued
    with st.read() as s:
        result = verify_pdf(s, paths[template_id])
    assert result.status == "match", result.message_zh
    assert result.number == numbers[template_id]
