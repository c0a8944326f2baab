"""Fixtures for documents: a case with photos and a stored rules evaluation; field values."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gridapp.caselog import service
from gridapp.documents.service import IssuedDocument, issue_document
from gridapp.documents.serving import ServiceInput, serve_document
from gridapp.evidence.capture import import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case
from gridapp.rules.record import build_case_input, evaluate_case
from gridapp.store import StationStore
from tests.conftest import (
    DEMO_CASE_INPUT,
    LEAD_BADGE,
    OFFICER_BADGE,
    CaseTemplate,
    case_in,
    made_before_the_test_clock,
    open_copy,
)

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
CLOSING_MARKS = "，。、；：？！）》」』”’】〕"

# Officer input for the free fields of each template (everything else comes from the case).
FREE_FIELDS: dict[str, list[str]] = {
    "reminder_card": [],
    "rectification_notice": ["deadline=2026-12-01"],
    "case_source_register": [],
    "filing_approval": [],
    "site_inspection_record": ["end=2026-11-19 10:10", "witness=赵社区（居委会干部）",
                               "party_presence=当事人在场", "present=当事人本人",
                               "recusal=当事人不申请回避"],
    "inquiry_record": [
        "start=2026-11-19 10:15", "end=2026-11-19 10:40", "sex=男", "recusal_answer=不申请",
        'qa=[{"q": "你是否申请回避？", "a": "不申请。"}, '
        '{"q": "你今天在这里做什么？", "a": "我在这里摆摊卖水果，摆了大概两个小时。"}]',
    ],
    "photo_evidence_sheet": [],
    "evidence_preservation_notice": [
        'items=[{"name": "水果推车", "spec": "三轮", "qty": "1辆", "note": "完好"}]',
    ],
    "seizure_decision": [
        'items=[{"name": "塑料周转箱", "spec": "大号", "qty": "4只", "note": "完好"}]',
        "storage=南京东路中队暂扣物品仓库", "contact=南京东路中队（电话 021-63000000）",
    ],
    "case_referral": ["contact=南京东路中队 李明（电话 021-63000000）"],
    "seizure_list": [
        'items=[{"name": "塑料周转箱", "spec": "大号", "qty": "4只", "note": "完好"}]',
        "storage=南京东路中队暂扣物品仓库", "contact=南京东路中队（电话 021-63000000）",
    ],
    "advance_notice": ["contact=上海市黄浦区南京东路200号（电话 021-63000000）"],
    "statement_record": ["time=2026-11-22 14:00", "place=南京东路中队", "kind=陈述、申辩",
                         "statement=我认识到了错误，以后不会再摆摊。"],
    "education_record": ["time=2026-11-19 10:30", "method=当面口头教育",
                         "party_response=我知道错了，以后不再摆摊"],
    "hearing_notice": ["contact=上海市黄浦区南京东路200号（电话 021-63000000）"],
    "investigation_report": ["proposal=建议对当事人罚款300元，并责令改正。"],
    "penalty_approval": ["handler_opinion=同意调查终结报告的处理建议。"],
    "penalty_decision": [],
    "no_penalty_decision": [  # 教育情况 comes from the pack's 说理 words
        "correction=当事人已于2026年11月19日当场收摊，经复查未再设摊。",
    ],
    "first_offence_undertaking": ["correction=立即收摊，不再在人行道上设摊经营。", "deadline=2026-11-20"],
    "summary_penalty_decision": ["fine_amount=100", "statement_onsite=当事人未提出陈述、申辩"],
    "service_receipt": [],
    # The decision's number, its service date and the 加处罚款 come from the record.
    "payment_reminder": ["deadline=2027-01-10", "contact=南京东路200号（电话 021-63000000）"],
    "closing_report": ["execution=当事人已缴纳罚款，违法行为已改正。"],
}

# Fixed legal wording each template must print (proves the legal text is there and extractable).
LEGAL_TEXT: dict[str, str] = {
    "reminder_card": "不是行政处罚决定",
    "rectification_notice": "第二十八条第一款",
    "case_source_register": "案情摘要",
    "filing_approval": "立案依据",
    "site_inspection_record": "申请执法人员回避",
    "inquiry_record": "如实回答",
    "photo_evidence_sheet": "拍摄时间",
    "evidence_preservation_notice": "七日内作出处理决定",
    "seizure_list": "接受处理",
    "seizure_decision": "第二十五条",
    "case_referral": "第二十二条",
    "advance_notice": "陈述、申辩",
    "statement_record": "不因你的陈述、申辩而给予更重的处罚",
    "education_record": "第三十三条第三款",
    "hearing_notice": "五个工作日内",
    "investigation_report": "处理建议",
    "penalty_approval": "法制审核意见",
    "penalty_decision": "六十日内",
    "no_penalty_decision": "第三十三条",
    "first_offence_undertaking": "初次违法",
    "summary_penalty_decision": "六个月内",
    "service_receipt": "送达回证",
    "payment_reminder": "陈述和申辩",
    "closing_report": "执行情况",
}


def evaluate(store: StationStore, case: Case, *, fine: int | None = 300, harm: str = "slight",
             corrected: bool = False, **case_state: Any) -> None:
    with store.session() as s:
        row = s.get(Case, case.id)
        assert row is not None
        state = dict(case_state, **({"proposed_fine": fine} if fine else {}))
        raw = {"facts": {"harm": harm, "corrected": corrected}, "case": state}
        evaluate_case(store, s, row, build_case_input(s, row, raw), LEAD_BADGE)


# The approval a template needs before it is issued (``documents/approval_gates``).
NEEDS_APPROVAL = {"filing_approval": "filing", "penalty_approval": "penalty",
                  "closing_report": "closing", "penalty_decision": "penalty"}


def approve_step(store: StationStore, case: Case, step: str, fine: int | None = None) -> None:
    """The officer submits ``step`` and the lead approves it (recording the 法制审核 and 集体讨论
    first when the request needs them); nothing when it is approved already."""
    from gridapp.approvals import service as approvals

    with store.session() as s:
        if approvals.approved(s, case.id, step) is not None:
            return
        row = approvals.submit(store, s, case.number, step, OFFICER_BADGE, note="建议批准",
                               proposed_fine=fine)
        if row.legal_review_required:
            approvals.record_legal_review(store, s, row.id, "事实清楚，证据充分，程序合法。",
                                          LEAD_BADGE)
        if row.collective_required:
            approvals.record_collective(store, s, row.id, "负责人集体讨论，同意处罚。", LEAD_BADGE)
        approvals.approve(store, s, row.id, "同意。", LEAD_BADGE)


# The record a template needs in the case first (a 不予行政处罚决定书: the 教育告诫记录,
# 行政处罚法第三十三条第三款); ``issue`` makes it when the case has none.
NEEDS_RECORD = {"no_penalty_decision": "education_record"}


def has_document(store: StationStore, case: Case, template: str) -> bool:
    from sqlalchemy import select

    from gridapp.models import Document

    with store.read() as s:
        return s.scalar(select(Document.id).where(
            Document.case_id == case.id, Document.template_id == template,
            Document.voided_at.is_(None)).limit(1)) is not None


def issue(store: StationStore, case: Case, template: str, extra: list[str] | None = None,
          **kw: Any) -> IssuedDocument:
    if template in NEEDS_APPROVAL:
        approve_step(store, case, NEEDS_APPROVAL[template])
    needed = NEEDS_RECORD.get(template)
    if needed and not has_document(store, case, needed):
        issue(store, case, needed)
    with store.session() as s:
        return issue_document(store, s, case.number, template,
                              FREE_FIELDS[template] + (extra or []), LEAD_BADGE, **kw)


def serve(store: StationStore, ref: str, served_on: str = "", method: str = "direct",
          **kw: Any) -> None:
    with store.session() as s:
        serve_document(store, s, ref, ServiceInput(method=method, served_on=served_on, **kw),
                       LEAD_BADGE)


def add_photos_and_evaluation(store: StationStore, case: Case, worker: DecodeWorker) -> None:
    """Three photos (print copies made at import) and a rules evaluation on ``case``."""
    files = [PHOTOS / n for n in ("jpg_gps_DSCN0010.jpg", "jpg_orientation_landscape_6.jpg",
                                  "jpg_orientation_portrait_6.jpg")]
    import_files(store, case.number, files, actor=LEAD_BADGE, caption="占道设摊现场",
                 worker=worker, reason="已核实，属本案证据")
    evaluate(store, case)


@pytest.fixture(scope="session")
def photo_case_template(tmp_path_factory: pytest.TempPathFactory, station_template: Path,
                        worker: DecodeWorker) -> CaseTemplate:
    """The conftest station with the demo case, its photos and evaluation, built once per test
    process; a test that asks for ``photo_case`` gets a copy of it as its ``store``."""
    data = tmp_path_factory.mktemp("photo-case") / "station"
    with made_before_the_test_clock(2):
        st = open_copy(station_template, data)
        try:
            with st.session() as s:
                case = service.create_case(st, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
            add_photos_and_evaluation(st, case, worker)
        finally:
            st.close()
    return CaseTemplate(data, case.id)


@pytest.fixture
def store(request: pytest.FixtureRequest, data_dir: Path,
          station_template: Path) -> Iterator[StationStore]:
    """The conftest ``store``; for a test that uses ``photo_case``, a copy of
    ``photo_case_template`` (the same station with the photo case already in it)."""
    # Same choice as the conftest ``store``, with the photo case first.
    template = station_template
    if "photo_case" in request.fixturenames:
        template = request.getfixturevalue("photo_case_template").data_dir
    elif "demo_case" in request.fixturenames:
        template = request.getfixturevalue("demo_case_template").data_dir
    st = open_copy(template, data_dir)
    yield st
    st.close()


@pytest.fixture
def demo_case(request: pytest.FixtureRequest, store: StationStore) -> Case:
    """The conftest ``demo_case``; the photo template's case for a test that uses
    ``photo_case``."""
    name = "photo_case_template" if "photo_case" in request.fixturenames else "demo_case_template"
    found = case_in(store, request.getfixturevalue(name))
    if found is not None:
        return found
    with store.session() as s:
        return service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)


@pytest.fixture
def photo_case(demo_case: Case) -> Case:
    """The demo case with three photos (print copies made at import) and a rules evaluation
    (``add_photos_and_evaluation``), copied from ``photo_case_template``."""
    return demo_case


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pdffonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout


def days_ago(n: int) -> str:
    from datetime import date, timedelta

    from gridapp.documents.context import today_local

    return (date.fromisoformat(today_local()) - timedelta(days=n)).isoformat()


# The authority's answer to the statement a 陈述申辩笔录 records (行政处罚法第四十五条).
ANSWER = ["statement_answer=不予采纳", "statement_reason=当事人所述不能否定违法事实"]


def issue_all(store: StationStore, case: Case) -> dict[str, IssuedDocument]:
    """Issue every template except the service receipt and the referral on ``case`` in
    procedural order; the test clock ends 30 days on (the time to pay has passed)."""
    from datetime import date, timedelta

    from gridapp import clock

    out: dict[str, IssuedDocument] = {}
    for tid in ("case_source_register", "filing_approval", "reminder_card", "rectification_notice",
                "site_inspection_record", "inquiry_record", "photo_evidence_sheet",
                "evidence_preservation_notice", "seizure_decision", "seizure_list",
                "hearing_notice", "statement_record", "investigation_report", "penalty_approval"):
        out[tid] = issue(store, case, tid)
    back = days_ago(20)
    out["advance_notice"] = issue(store, case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, out["advance_notice"].number, served_on=back)
    out["penalty_decision"] = issue(store, case, "penalty_decision", ANSWER)
    serve(store, out["penalty_decision"].number)
    # A 催告书 only once the fifteen days to pay have passed: the rest is done 30 days later.
    clock.start_at(clock.now() + timedelta(days=30))
    out["payment_reminder"] = issue(store, case, "payment_reminder")
    out["summary_penalty_decision"] = issue(store, case, "summary_penalty_decision")
    out["closing_report"] = issue(store, case, "closing_report")
    evaluate(store, case, fine=None, harm="none", corrected=True)
    out["education_record"] = issue(store, case, "education_record")
    out["no_penalty_decision"] = issue(store, case, "no_penalty_decision", ANSWER)
    out["first_offence_undertaking"] = issue(store, case, "first_offence_undertaking")
    return out
