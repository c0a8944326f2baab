"""Fixtures for documents: a case with photos and a stored rules evaluation; field values."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

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
    REVIEWER_BADGE,
    CaseTemplate,
    add_reviewer,
    case_in,
    made_before_the_test_clock,
    open_copy,
)

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
SEIZURE_TOLD = ("已当场告知当事人采取扣押措施的理由、依据及其依法享有的陈述、申辩权和申请行政复议、"
                "提起行政诉讼的权利")
CLOSING_MARKS = "，。、；：？！）》」』”’】〕"

# Officer input for the free fields of each template (everything else comes from the case).
FREE_FIELDS: dict[str, list[str]] = {
    "reminder_card": [],
    "rectification_notice": ["deadline=2026-12-01"],
    "case_source_register": [],
    "filing_approval": [],
    "site_inspection_record": ["start=2026-11-19 09:50", "end=2026-11-19 10:10",
                               "witness=赵社区（居委会干部）",
                               "party_presence=当事人在场", "present=当事人本人",
                               "recusal=当事人不申请回避",
                               # The 现场笔录 of a seizure (行政强制法第十八条第五、六、七项).
                               f"measure_told={SEIZURE_TOLD}",
                               "measure_statement=当事人称周转箱是自己的，请求从轻处理"],
    "inquiry_record": [
        "start=2026-11-19 10:15", "end=2026-11-19 10:40", "sex=男", "recusal_answer=不申请",
        # 回避 is asked once: in the notice, answered in ``recusal_answer`` (never again in the Q/A).
        'qa=[{"q": "你今天在这里做什么？", "a": "我在这里摆摊卖水果，摆了大概两个小时。"}]',
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
    "service_address_confirmation": ["postcode=200001"],
    "electronic_service_consent": ["channel=手机短信", "address=13800138000"],
    # Dates relative to the day of issue are added by ``issue_all``.
    "seizure_extension": ["reason=扣押物品权属需向市场管理方核实，情况复杂"],
    "seizure_release": ["ground=本机关对违法行为已经作出处理决定，不再需要扣押",
                        'items=[{"name": "塑料周转箱", "spec": "大号", "qty": "4只", "note": "完好"}]',
                        "return_place=南京东路中队暂扣物品仓库"],
    "seized_items_return": ['items=[{"name": "塑料周转箱", "spec": "大号", "qty": "4只", "note": "完好"}]',
                            "receiver=王小明（当事人本人）", "place=南京东路中队暂扣物品仓库"],
    "hearing_application": ["reasons=对罚款金额有异议，要求举行听证。"],
    "hearing_schedule_notice": ["hearing_place=南京东路中队听证室", "host=赵法制（法制科）",
                             "recorder=钱文书", "contact=南京东路中队（电话 021-63000000）"],
    "hearing_record": [
        "case_presented=调查人员陈述：当事人于2026年11月19日在南京东路100号门前占道设摊，证据为现场照片3张、询问笔录1份，建议罚款300元。",
        'qa=[{"q": "当事人对证据有无异议？", "a": "照片属实，但摆摊时间不长。"}]',
        "last_words=请求从轻处罚。",
    ],
    "hearing_report": ["summary=听证按时公开举行，当事人本人到场，对事实无异议。",
                       "disputes=当事人认为占道时间较短，请求从轻。",
                       "opinion=事实清楚，证据充分，建议维持罚款300元的处罚建议。"],
    "legal_review_opinion": ["proposal=罚款300元", "conclusion=同意"],
    "collective_discussion_record": ["time=2026-11-23 15:00", "place=南京东路中队会议室",
                                     "chair=陈局长", "attendees=陈局长、周副局长", "recorder=钱文书",
                                     "presented=承办人汇报案件事实、证据和处罚建议。",
                                     "discussion=陈局长：同意；周副局长：同意。"],
    "summary_penalty_filing": ["filed_with=孙法制"],  # 缴纳情况 from the execution record
    # The 催告 and the 标的 come from the served 履行义务催告书.
    "performance_reminder": ["target=清除南京东路100号门前人行道上的水果摊架一组",
                             "deadline=2027-01-10", "contact=南京东路中队（电话 021-63000000）"],
    "substitute_performance_decision": ["harm=将危害交通安全",
                                        "manner=由本机关组织人员清除", "performer=本机关",
                                        "budget=200"],
    "enforcement_application": ["leader=陈局长（局长）",
                                "facts=当事人占道设摊经营，违反市容环境卫生管理规定，事实清楚，证据确凿。"],
    "no_filing_approval": ["ground=违法事实不存在或者不能成立", "ground_detail=经现场核查，摊位系经批准的便民摊点。"],
    "case_cancellation_approval": ["ground=立案错误", "ground_detail=经核查，该摊点持有临时设摊许可。"],
    "power_of_attorney": ["agent1=王大明，310101198501011235，兄弟，13900139000"],
    "legal_rep_certificate": ["rep_name=王小明", "rep_title=执行董事", "rep_id=310101199001011234"],
    # The decision's number, its service date and the 加处罚款 come from the record.
    "payment_reminder": ["deadline=2027-01-10", "contact=南京东路200号（电话 021-63000000）"],
    "closing_report": [],  # 执行情况 from the execution record
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
    "summary_penalty_decision": "应当先在收到本决定书之日起六十日内",  # 复议前置（行政复议法第二十三条）
    "service_receipt": "送达回证",
    "service_address_confirmation": "回执上注明的收件日期",
    "electronic_service_consent": "第六十一条第二款",
    "seizure_extension": "延长期限不得超过三十日",
    "seizure_release": "第二十八条第一款",
    "seized_items_return": "第二十八条第二款",
    "hearing_application": "要求举行听证",
    "hearing_schedule_notice": "视为放弃听证权利",
    "hearing_record": "确认无误后签字或者盖章",
    "hearing_report": "根据听证笔录",
    "legal_review_opinion": "未经法制审核或者审核未通过的，不得作出决定",
    "collective_discussion_record": "第五十七条第二款",
    "summary_penalty_filing": "应当报所属行政机关备案",
    "performance_reminder": "第三十五条",
    "substitute_performance_decision": "费用预算",
    "enforcement_application": "催告书送达十日后",
    "no_filing_approval": "不予立案理由",
    "case_cancellation_approval": "销案理由",
    "power_of_attorney": "委托事项和权限",
    "legal_rep_certificate": "特此证明",
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
                  "closing_report": "closing", "penalty_decision": "penalty",
                  # 行政强制法第十八条第一项、第二十五条第一款; 行政处罚法第五十六条
                  "seizure_decision": "seizure", "seizure_extension": "seizure_extend",
                  "evidence_preservation_notice": "preservation",
                  "no_penalty_decision": "penalty"}


def approve_step(store: StationStore, case: Case, step: str, fine: int | None = None) -> None:
    """The officer submits ``step`` and the reviewing lead (not on the case) approves it
    (recording the 法制审核 and 集体讨论 first when the request needs them); nothing when it is
    approved already. A 处罚审批 comes after the case was filed (立案审批 approved)."""
    from gridapp.approvals import service as approvals

    add_reviewer(store)
    if step == "penalty":
        approve_step(store, case, "filing")
    with store.session() as s:
        if approvals.approved(s, case.id, step) is not None:
            return
        if step == "filing" and s.get(Case, case.id).status not in (  # type: ignore[union-attr]
                "discovered", "verified", "rectifying"):
            return  # filed by its status already
        row = approvals.submit(store, s, case.number, step, OFFICER_BADGE, note="建议批准",
                               proposed_fine=fine)
        if row.legal_review_required:
            approvals.record_legal_review(store, s, row.id, "事实清楚，证据充分，程序合法。",
                                          REVIEWER_BADGE)
        if row.collective_required:
            approvals.record_collective(store, s, row.id, "负责人集体讨论，同意处罚。",
                                        REVIEWER_BADGE)
        approvals.approve(store, s, row.id, "同意。", REVIEWER_BADGE)


# The record a template needs in the case first (a 不予行政处罚决定书: the 教育告诫记录,
# 行政处罚法第三十三条第三款); ``issue`` makes it when the case has none.
NEEDS_RECORD = {"no_penalty_decision": "education_record",
               "seizure_decision": "site_inspection_record"}  # 行政强制法第十八条第七项


def has_document(store: StationStore, case: Case, template: str) -> bool:
    from sqlalchemy import select

    from gridapp.models import Document

    with store.read() as s:
        return s.scalar(select(Document.id).where(
            Document.case_id == case.id, Document.template_id == template,
            Document.voided_at.is_(None)).limit(1)) is not None


def issue(store: StationStore, case: Case, template: str, extra: list[str] | None = None,
          **kw: Any) -> IssuedDocument:
    # An extension is asked for only while a seizure is in force (行政强制法第二十五条第一款):
    # without a 扣押决定书 the document's own gate refuses it.
    if template in NEEDS_APPROVAL and not (
            template == "seizure_extension" and not has_document(store, case, "seizure_decision")):
        approve_step(store, case, NEEDS_APPROVAL[template])
    needed = NEEDS_RECORD.get(template)
    if needed and not has_document(store, case, needed):
        # A record made before a back-dated document is dated with it (a record is never
        # dated after the day it is numbered).
        when = kw.get("issue_date")
        made = [f"start={when} 09:50", f"end={when} 10:10"] if (
            when is not None and needed == "site_inspection_record") else []
        issue(store, case, needed, made, issue_date=when)
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
    for tid in ("case_source_register", "filing_approval", "service_address_confirmation",
                "electronic_service_consent", "power_of_attorney", "reminder_card",
                "rectification_notice", "site_inspection_record", "inquiry_record",
                "photo_evidence_sheet", "evidence_preservation_notice", "seizure_decision",
                "seizure_list"):
        out[tid] = issue(store, case, tid)
    # The seizure runs thirty days from today: extended by thirty (the new last day and the
    # approval from the record), then released and returned.
    out["seizure_extension"] = issue(store, case, "seizure_extension")
    out["seizure_release"] = issue(store, case, "seizure_release")
    out["seized_items_return"] = issue(store, case, "seized_items_return")
    # The hearing right was told and served 20 days ago; the five days to ask passed.
    back = days_ago(20)
    out["hearing_notice"] = issue(store, case, "hearing_notice", issue_date=date.fromisoformat(back))
    serve(store, out["hearing_notice"].number, served_on=back)
    for tid in ("statement_record", "investigation_report"):
        out[tid] = issue(store, case, tid)
    review_and_discuss(store, case)  # the 法制审核 and 集体讨论 the two records are made from
    for tid in ("penalty_approval", "legal_review_opinion", "collective_discussion_record"):
        out[tid] = issue(store, case, tid)
    out["advance_notice"] = issue(store, case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, out["advance_notice"].number, served_on=back)
    out["penalty_decision"] = issue(store, case, "penalty_decision", ANSWER)
    serve(store, out["penalty_decision"].number)
    # A 催告书 only once the fifteen days to pay have passed: the rest is done 30 days later.
    clock.start_at(clock.now() + timedelta(days=30))
    out["payment_reminder"] = issue(store, case, "payment_reminder")
    serve(store, out["payment_reminder"].number)
    # The order to correct ran out (2026-12-01): a written 催告 to perform by 2027-01-10.
    out["performance_reminder"] = issue(store, case, "performance_reminder")
    serve(store, out["performance_reminder"].number)
    # One decision per case (行政处罚法第二十九条): the on-the-spot decision, fine collected on
    # the spot and filed, is another case's; so is the no-penalty decision.
    on_spot = _another_case(store)
    out["summary_penalty_decision"] = issue(store, on_spot, "summary_penalty_decision")
    pay(store, on_spot, "100", way="on_site", receipt="沪财罚No.0012345")
    out["summary_penalty_filing"] = issue(store, on_spot, "summary_penalty_filing")
    lenient = _another_case(store)
    import_files(store, lenient.number, [PHOTOS / "jpg_gps_DSCN0010.jpg"], actor=LEAD_BADGE,
                 caption="占道设摊现场", reason="已核实，属本案证据")
    evaluate(store, lenient, fine=None, harm="none", corrected=True)
    out["education_record"] = issue(store, lenient, "education_record")
    out["no_penalty_decision"] = issue(store, lenient, "no_penalty_decision")
    out["first_offence_undertaking"] = issue(store, lenient, "first_offence_undertaking")
    # Six months after service nobody asked for review or sued, and nothing was paid.
    clock.start_at(clock.now() + timedelta(days=160))
    out["enforcement_application"] = issue(store, case, "enforcement_application")
    # Not performed by then: substitute performance three days on.
    out["substitute_performance_decision"] = issue(store, case, "substitute_performance_decision",
                                                   [f"performance_date={days_ago(-3)}"])
    # A hearing (rendered for its documents): told again, asked for, notice seven days ahead,
    # record, report.
    out["hearing_notice"] = issue(store, case, "hearing_notice", ["fine_amount=300"])
    serve(store, out["hearing_notice"].number)
    out["hearing_application"] = issue(store, case, "hearing_application",
                                       [f"request_date={days_ago(0)}"])
    out["hearing_schedule_notice"] = issue(store, case, "hearing_schedule_notice",
                                        [f"hearing_time={days_ago(-8)} 09:30"])
    clock.start_at(clock.now() + timedelta(days=8))
    out["hearing_record"] = issue(store, case, "hearing_record",
                                  [f"start={days_ago(0)} 09:30", f"end={days_ago(0)} 10:40"])
    out["hearing_report"] = issue(store, case, "hearing_report")
    # The court executed the decision: the case closes on it (结案审批表 prints 执行情况).
    execute_by_court(store, case)
    out["closing_report"] = issue(store, case, "closing_report")
    return out


def _another_case(store: StationStore) -> Case:
    with store.session() as s:
        made = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    evaluate(store, made)
    return made


def pay(store: StationStore, case: Case, amount: str = "", *, way: str = "bank",
        receipt: str = "", on: str = "") -> None:
    """Record a payment on ``case`` (default: all that is owed today, paid today; a new receipt
    number, the first 缴款书No.20261128001)."""
    from gridapp.documents.context import today_local
    from gridapp.execution import service as execution
    from gridapp.models import Execution

    day = on or today_local()
    with store.session() as s:
        if not receipt:
            done = s.scalar(select(func.count()).select_from(Execution)) or 0
            receipt = f"缴款书No.2026112800{done + 1}"
        if not amount:
            row = s.get(Case, case.id)
            assert row is not None
            found = execution.obligation(s, store.pack, row, as_of=date.fromisoformat(day))
            assert found is not None
            amount = str(found.outstanding)
        execution.record_payment(store, s, case.number, LEAD_BADGE, amount=amount, paid_on=day,
                                 way=way, receipt=receipt)


def execute_by_court(store: StationStore, case: Case) -> None:
    """The court's ruling and all that is owed collected by it (执行到位), today."""
    from gridapp.documents.context import today_local
    from gridapp.execution import service as execution

    day = today_local()
    with store.session() as s:
        row = s.get(Case, case.id)
        assert row is not None
        found = execution.obligation(s, store.pack, row, as_of=date.fromisoformat(day))
        assert found is not None
        execution.record_execution(store, s, case.number, LEAD_BADGE, kind="court",
                                   on=day, reference="（2027）沪0101行审123号",
                                   amount=str(found.outstanding))


def review_and_discuss(store: StationStore, case: Case) -> None:
    """The penalty request with its 法制审核 and 集体讨论 recorded, then approved."""
    from gridapp.approvals import service as approvals

    add_reviewer(store)
    approve_step(store, case, "filing")
    with store.session() as s:
        if approvals.latest(s, case.id, "penalty") is not None:
            return
        row = approvals.submit(store, s, case.number, "penalty", OFFICER_BADGE, note="建议批准",
                               major_reason="当事人对处罚有异议，负责人决定法制审核并集体讨论")
        approvals.record_legal_review(store, s, row.id, "事实清楚，证据充分，程序合法，同意。",
                                      REVIEWER_BADGE)
        approvals.record_collective(store, s, row.id, "负责人集体讨论，同意处罚。", REVIEWER_BADGE)
        approvals.approve(store, s, row.id, "同意。", REVIEWER_BADGE)
