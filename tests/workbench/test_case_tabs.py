"""The case tabs' read models on a case that went through a working day: evidence (with the
files on disk), documents and their states, and the timeline in plain Chinese."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from gridapp.caselog import service
from gridapp.documents.service import issue_document, void_document
from gridapp.documents.serving import ServiceInput, serve_document
from gridapp.errors import NotFoundError
from gridapp.evidence import service as evidence_service
from gridapp.evidence.capture import import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case
from gridapp.rules.record import build_case_input, evaluate_case
from gridapp.store import StationStore
from gridapp.workbench.documents import case_documents
from gridapp.workbench.evidence import blob_bytes, evidence_items
from gridapp.workbench.timeline import case_timeline
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.workbench.conftest import assert_plain

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"


@pytest.fixture
def worked_case(store: StationStore, demo_case: Case, worker: DecodeWorker) -> Case:
    files = [PHOTOS / n for n in ("jpg_gps_DSCN0010.jpg", "jpg_orientation_landscape_6.jpg",
                                  "jpg_orientation_portrait_6.jpg")]
    import_files(store, demo_case.id, files, actor=OFFICER_BADGE, worker=worker, reason="已核实，属本案证据")
    with store.session() as s:
        evidence_service.withdraw(store, s, f"{demo_case.number}#2", "拍摄对象不是本案现场",
                                  OFFICER_BADGE)
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "verified", LEAD_BADGE)
        service.edit_case(store, s, case, {"address": "上海市黄浦区南京东路120号门前"},
                          LEAD_BADGE)
        raw = {"facts": {"harm": "slight", "corrected": True}}
        evaluate_case(store, s, case, build_case_input(s, case, raw), LEAD_BADGE)
    with store.session() as s:
        issue_document(store, s, demo_case.number, "case_source_register", [], LEAD_BADGE)
        notice = issue_document(store, s, demo_case.number, "rectification_notice",
                                ["deadline=2026-12-01"], LEAD_BADGE)
    with store.session() as s:
        serve_document(store, s, notice.number, ServiceInput(method="direct"), LEAD_BADGE)
    with store.session() as s:
        void_document(store, s, notice.number, "改正期限写错", LEAD_BADGE)
    return demo_case


def test_the_timeline_says_who_did_what_and_what_changed(store: StationStore,
                                                        worked_case: Case) -> None:
    entries = case_timeline(store, worked_case.id)
    assert_plain(entries)
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert entries[0].action_label == "登记案件" and worked_case.number in entries[0].summary
    assert entries[0].at_text.startswith("2026年11月28日 ")
    assert all(e.at.utcoffset() is not None and e.at.utcoffset().total_seconds() == 8 * 3600  # type: ignore[union-attr]
               for e in entries)
    by_action = {e.action: e for e in entries}
    withdrawn = by_action["evidence.withdraw"]
    assert (withdrawn.officer_name, withdrawn.action_label) == ("李明", "撤回证据")
    assert withdrawn.summary == "撤回证据#2，理由：拍摄对象不是本案现场"
    added = [e for e in entries if e.action == "evidence.add"]
    assert [e.summary.split("（")[0] for e in added] == ["证据#1", "证据#2", "证据#3"]
    assert "现场照片" in added[0].summary and "jpg_gps_DSCN0010.jpg" in added[0].summary
    assert by_action["case.transition.verified"].summary == "状态：待核实 → 已核实"
    assert by_action["case.transition.verified"].officer_name == "张建国"
    assert by_action["case.edit"].summary == (
        "地点：上海市黄浦区南京东路100号门前 → 上海市黄浦区南京东路120号门前")
    assert "免罚" in by_action["rules.evaluate"].summary
    assert "预警阶段：" in by_action["rules.evaluate"].summary
    assert {e.summary for e in entries if e.action == "case.assign_officer"} == {
        "指派：张建国", "指派：李明"}
    assert by_action["doc.void"].summary.endswith("理由：改正期限写错")
    assert "直接送达" in by_action["doc.serve"].summary
    assert "送达日期 2026年11月28日" in by_action["doc.serve"].summary
    assert "责令（限期）改正通知书文号：号段 1，第 1 号" in {e.summary for e in entries}
    # Words only: no JSON, no column names, no ids.
    for entry in entries:
        assert not re.search(r"[{}\[\]]|[A-Za-z_]{3,}：|_id\b", entry.summary), entry


def test_evidence_items_show_withdrawn_items_and_point_at_their_files(
    store: StationStore, worked_case: Case,
) -> None:
    items = evidence_items(store, worked_case.id)
    assert_plain(items)
    assert [i.label for i in items] == ["#1", "#2", "#3"]
    assert [i.withdrawn for i in items] == [False, True, False]
    assert items[1].withdraw_reason == "拍摄对象不是本案现场"
    first = items[0]
    assert (first.imported_by, first.media_label, first.media_type) == ("李明", "现场照片",
                                                                         "image/jpeg")
    assert first.gps is not None and first.captured_at_text.startswith("20")
    assert first.original_path is not None and first.thumbnail_path is not None
    assert hashlib.sha256(blob_bytes(store, first.original_path)).hexdigest() == first.sha256
    assert first.thumbnail_path.is_file() and first.file_name == "jpg_gps_DSCN0010.jpg"


def test_documents_show_their_state(store: StationStore, worked_case: Case) -> None:
    docs = case_documents(store, worked_case.id)
    assert_plain(docs)
    assert [(d.kind_label, d.state, d.state_label) for d in docs] == [
        ("案件来源登记表", "issued", "已签发"),
        ("责令（限期）改正通知书", "voided", "已作废"),
    ]
    assert docs[1].void_reason == "改正期限写错" and docs[1].served_on_text.endswith("日")
    assert docs[0].issued_at_text.startswith("2026年11月28日")
    assert docs[0].pdf_path is not None and docs[0].pdf_path.is_file()


@pytest.mark.parametrize("read", [case_timeline, evidence_items, case_documents])
def test_an_unknown_case_is_refused_in_chinese(store: StationStore, read: object) -> None:
    with pytest.raises(NotFoundError) as err:
        read(store, "no-such-case")  # type: ignore[operator]
    assert err.value.message_zh == "找不到案件 no-such-case" and err.value.field == "case"


def test_a_confirmed_checklist_reads_as_words_in_the_timeline(store: StationStore) -> None:
    from gridapp.workbench.actions import create_case
    from gridapp.workbench.checklist import case_checklist, confirm_checklist
    from tests.workbench.conftest import DRAFT, officer_id

    lead = officer_id(store, "31010001")
    case = create_case(store, DRAFT, lead)
    shown = case_checklist(store, case.case_id)
    confirm_checklist(store, case.case_id,
                      {q.id: bool(q.answer) for q in shown.questions if q.answer is not None},
                      lead)
    entry = next(e for e in case_timeline(store, case.case_id) if e.action == "rules.confirm")
    assert entry.summary.startswith("执法人员确认") and "预警阶段：黄色" in entry.summary
    assert "{" not in entry.summary and "answers" not in entry.summary, entry.summary
