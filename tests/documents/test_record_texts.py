"""Texts that follow the record: a decision says what the record holds about the party's
statement (made and answered, waived, lapsed) and refuses when it holds none of these; records
carry real presence, witness and 回避 fields and a signature line on every page; evidence is
listed with what each item proves; the discretion names its benchmark; the template, not the
officer, closes a sentence; a unit is addressed 你单位."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.caselog import service
from gridapp.documents.service import find_document, stored_pdf
from gridapp.errors import GateBlockedError
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case, Document
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.documents.conftest import (
    ANSWER,
    add_photos_and_evaluation,
    days_ago,
    evaluate,
    issue,
    serve,
)

UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}|[0-9a-f]{32}")
STATEMENT = ["time=2026-11-22 14:00", "place=南京东路中队", "kind=陈述、申辩",
             "statement=我只是临时摆了一会儿，看到执法人员就收摊了，请求从轻处理"]
PRE_PRINTED = "当事人在法定期限内未提出陈述、申辩，也未要求听证"



def _void(store: StationStore, number: str) -> None:
    from gridapp.documents.service import void_document

    with store.session() as s:
        void_document(store, s, number, "证明对象表述有误，作废重新作出", LEAD_BADGE)

def _documents(store: StationStore) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Document)) or 0)


def _refused(store: StationStore, case: Case, template: str,
             extra: list[str] | None = None) -> GateBlockedError:
    before = _documents(store)
    with pytest.raises(GateBlockedError) as err:
        issue(store, case, template, extra)
    assert _documents(store) == before, "nothing written, no number taken"
    return err.value


def _text(store: StationStore, doc_id: str, tmp_path: Path, *, page: int | None = None) -> str:
    out = tmp_path / f"{doc_id}.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, doc_id)))
    pages = ["-f", str(page), "-l", str(page)] if page else []
    raw = subprocess.run(["pdftotext", *pages, str(out), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", "", raw)


def _notice_served(store: StationStore, case: Case, days: int = 20) -> None:
    back = days_ago(days)
    notice = issue(store, case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, notice.number, served_on=back)


# --- statement and hearing paragraphs ------------------------------------------------------


def test_a_statement_on_record_is_summarised_and_answered_never_denied(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _notice_served(store, photo_case)
    issue(store, photo_case, "statement_record", STATEMENT)
    err = _refused(store, photo_case, "penalty_decision")
    assert err.field == "statement_answer"
    assert "【陈述申辩复核意见】" in err.message_zh and "《行政处罚法》第四十五条第一款" in err.message_zh
    decision = issue(store, photo_case, "penalty_decision",
                     ["statement_answer=不予采纳", "statement_reason=收摊系执法人员到场后所为"])
    text = _text(store, decision.id, tmp_path)
    assert "当事人于2026年11月22日提出陈述、申辩" in text
    assert "我只是临时摆了一会儿，看到执法人员就收摊了，请求从轻处理。" in text
    assert "经复核，本机关对当事人的陈述、申辩意见不予采纳。理由：收摊系执法人员到场后所为。" in text
    assert "未提出陈述、申辩" not in text and "要求听证" not in text, "nothing the record denies"


def test_the_penalty_approval_form_states_the_record_not_a_pre_printed_denial(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    """The form the 负责人 signs (第五十七条) carries what the record holds about the statement:
    never the old pre-printed "未提出陈述、申辩，也未要求听证" over a 陈述申辩笔录."""
    _notice_served(store, photo_case)
    issue(store, photo_case, "statement_record", STATEMENT)
    form = issue(store, photo_case, "penalty_approval")
    text = _text(store, form.id, tmp_path)
    assert "当事人于2026年11月22日提出陈述、申辩" in text
    assert "未提出陈述、申辩" not in text and PRE_PRINTED not in text


def test_a_recorded_waiver_is_stated(store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _notice_served(store, photo_case)
    waiver = issue(store, photo_case, "statement_record",
                   ["time=2026-11-20 09:00", "place=南京东路中队", "kind=放弃陈述、申辩",
                    "statement=我不陈述也不申辩，接受处理。"])
    decision = issue(store, photo_case, "penalty_decision")
    text = _text(store, decision.id, tmp_path)
    assert f"当事人于2026年11月20日明确表示放弃陈述、申辩的权利（陈述申辩笔录{waiver.number}）。" in text
    assert "未提出陈述、申辩" not in text and "复核" not in text
    record = _text(store, waiver.id, tmp_path)
    assert "放弃陈述、申辩情况：" in record


def test_a_lapsed_statement_period_is_stated_with_its_dates(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _notice_served(store, photo_case)
    decision = issue(store, photo_case, "penalty_decision")
    text = _text(store, decision.id, tmp_path)
    served = date.fromisoformat(days_ago(20))
    assert f"本机关于{served.year}年{served.month}月{served.day}日向当事人送达了行政处罚事先告知书" in text
    assert "当事人在规定期限内（至" in text and "未提出陈述、申辩。" in text
    assert "听证" not in text.split("四、救济途径")[0], "no hearing right, no hearing sentence"
    # An answer typed where the record holds no statement is refused, not printed (on a
    # reissue: the decision voided first, one decision per case).
    _void(store, decision.number)
    err = _refused(store, photo_case, "penalty_decision", ANSWER)
    assert err.field == "statement_answer" and "没有当事人的陈述、申辩" in err.message_zh


def test_a_decision_with_no_statement_waiver_or_lapsed_period_on_record_is_refused(
        store: StationStore, photo_case: Case) -> None:
    # The evaluation says a notice was served, but the record holds no served 事先告知书,
    # no 陈述申辩笔录 and no waiver: the decision cannot say how the party was heard.
    evaluate(store, photo_case, served=[{"document": "advance_notice", "date": days_ago(20)}])
    err = _refused(store, photo_case, "penalty_decision")
    assert err.field == "statement_not_heard"
    assert "【陈述申辩】" in err.message_zh
    assert "《行政处罚法》第四十四条、第四十五条、第六十二条" in err.message_zh


def test_a_waiver_in_the_evaluation_is_stated_without_a_notice(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    evaluate(store, photo_case, statement_waived=True)
    decision = issue(store, photo_case, "penalty_decision")
    text = _text(store, decision.id, tmp_path)
    assert "当事人明确表示放弃陈述、申辩的权利。" in text and "未提出" not in text


def test_an_on_the_spot_decision_records_the_statement_heard_there(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    with store.read() as s:
        from gridapp.documents.service import fill_for_case

        _, _, filled = fill_for_case(store, s, photo_case.id, "summary_penalty_decision",
                                     ["fine_amount=100"])
    onsite = next(f for f in filled.fields if f.name == "statement_onsite")
    assert onsite.missing and onsite.value == "", "chosen by the officer, never pre-printed"
    err = _refused(store, photo_case, "summary_penalty_decision",
                   ["fine_amount=100", "statement_onsite=当事人当场进行了陈述、申辩"])
    assert err.field == "statement_answer"
    done = issue(store, photo_case, "summary_penalty_decision",
                 ["fine_amount=100", "statement_onsite=当事人当场进行了陈述、申辩",
                  "statement_answer=部分采纳", "statement_reason=已主动收摊，在幅度内从轻"])
    text = _text(store, done.id, tmp_path)
    assert "当事人当场进行了陈述、申辩。执法人员当场复核，对当事人的陈述、申辩意见部分采纳。" in text


# --- evidence, discretion, punctuation -----------------------------------------------------


def test_evidence_is_listed_with_what_each_item_proves(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _notice_served(store, photo_case)
    inquiry = issue(store, photo_case, "inquiry_record")
    decision = issue(store, photo_case, "penalty_decision")
    text = _text(store, decision.id, tmp_path)
    assert "证明对象" in text
    assert f"询问笔录（{inquiry.number}）当事人对违法事实的陈述和承认" in text
    table = text[text.index("证明对象"):text.index("二、处罚理由和依据")]
    assert "现场照片3张（#1–#3）：占道设摊现" in table and "违法行为发生的时间、地点和现场" in table
    assert not UUID.search(text), "never an internal id"
    # The officer words what an item proves otherwise (the decision voided and reissued).
    _void(store, decision.number)
    edited = issue(store, photo_case, "penalty_decision", [
        'evidence_items=[{"name": "现场照片3张（#1–#3）", "proves": "摊位占用人行道约3平方米"}]'],
        replaces=decision.number)
    assert "摊位占用人行道约3平方米" in _text(store, edited.id, tmp_path)


def test_the_discretion_names_the_benchmark_and_the_facts_that_place_the_tier(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    evaluate(store, photo_case, severity="一般")
    _notice_served(store, photo_case)
    decision = issue(store, photo_case, "penalty_decision")
    text = _text(store, decision.id, tmp_path)
    assert "依据《中华人民共和国行政处罚法》第三十四条和" + store.pack.benchmark.name in text
    assert "危害后果轻微" in text and "365日内无同类违法记录" in text and "尚未改正" in text
    assert "属“一般”情节，对公民的罚款幅度为190元至370元" in text
    assert "无法定从轻、减轻或者从重情节" in text


@pytest.mark.parametrize("typed", ["当事人已当场收摊", "当事人已当场收摊。", "当事人已当场收摊。。"])
def test_the_template_closes_the_officers_sentence_exactly_once(
        store: StationStore, photo_case: Case, tmp_path: Path, typed: str) -> None:
    evaluate(store, photo_case, fine=None, harm="none", corrected=True)
    doc = issue(store, photo_case, "no_penalty_decision", [f"correction={typed}"])
    text = _text(store, doc.id, tmp_path)
    assert "当事人改正情况：当事人已当场收摊。该违法行为列入" in text and "。。" not in text


def test_joined_keeps_a_closed_question_and_strips_a_clause() -> None:
    from gridapp.documents.fill import joined

    assert joined("你知道吗？", "。") == "你知道吗？"
    assert joined("他说“好。”", "。") == "他说“好。”"
    assert joined("见照片（一）", "。") == "见照片（一）。"
    assert joined("立即清除；", "") == "立即清除"
    assert joined("", "。") == ""


# --- records: presence, 回避, signature lines ------------------------------------------------


def test_a_site_record_prints_presence_and_the_recusal_answer_as_recorded(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    err = _refused(store, photo_case, "site_inspection_record",
                   ["end=2026-11-19 10:10", "party_presence=当事人不在场",
                    "recusal=当事人不申请回避"])
    assert err.field == "record_presence_mismatch"
    assert "《行政处罚法》第四十三条、第五十五条" in err.message_zh
    doc = issue(store, photo_case, "site_inspection_record",
                ["end=2026-11-19 10:10", "party_presence=当事人不在场",
                 "recusal=当事人不在场，未能当场告知", "present=店员李某（当事人雇员）",
                 "witness=赵社区（居委会干部）"])
    text = _text(store, doc.id, tmp_path)
    assert "检查时当事人不在场。" in text and "申请回避情况：当事人不在场，未能当场告知。" in text
    assert "店员李某（当事人雇员）" in text and "赵社区（居委会干部）" in text
    assert "当事人本人" not in text and "是否申请回避：否" not in text
    blank = issue(store, photo_case, "site_inspection_record", ["end=2026-11-19 10:10"])
    assert "申请回避情况：。" not in _text(store, blank.id, tmp_path), "unfilled: a blank to write in"


def test_every_page_of_a_record_carries_the_signature_lines(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    import json

    qa = json.dumps([{"q": f"第{i}个问题：你当时在做什么？",
                      "a": "我在人行道上摆摊卖水果，摆了大约两个小时，看到执法人员来了才开始收拾。"}
                     for i in range(1, 26)], ensure_ascii=False)
    doc = issue(store, photo_case, "inquiry_record",
                ["start=2026-11-19 10:15", "end=2026-11-19 10:40", "recusal_answer=不申请",
                 f"qa={qa}"])
    pages = doc.pages
    assert pages >= 2
    for page in range(1, pages + 1):
        text = _text(store, doc.id, tmp_path, page=page)
        assert "被询问人签名：" in text and "询问人签名：" in text, page
    first = _text(store, doc.id, tmp_path, page=1)
    assert "你是否申请回避？答：不申请。" in first
    from gridapp.documents.verify import verify_pdf

    out = tmp_path / "inquiry.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, doc.id)))
        assert verify_pdf(s, out).ok, "the signature lines are part of the verified content"


# --- 你 / 你单位 ---------------------------------------------------------------------------------


def test_the_education_record_addresses_a_unit_as_you_unit(
        store: StationStore, tmp_path: Path, worker: DecodeWorker) -> None:
    unit = dict(DEMO_CASE_INPUT, party={"kind": "organisation", "name": "上海某某餐饮有限公司",
                                        "id_number": "91310101MA1FPX1234",
                                        "address": "上海市黄浦区福州路8号"})
    with store.session() as s:
        unit_case = service.create_case(store, s, unit, LEAD_BADGE)
    with store.session() as s:
        person_case = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    for case, you in ((unit_case, "你单位"), (person_case, "你")):
        add_photos_and_evaluation(store, case, worker)
        text = _text(store, issue(store, case, "education_record").id, tmp_path)
        assert f"执法人员告诫{you}：今后应当自觉遵守" in text and "你（单位）" not in text
        order = _text(store, issue(store, case, "rectification_notice").id, tmp_path)
        assert f"现责令{you}于" in order and "你（单位）" not in order


def test_the_desktop_draft_offers_each_evidence_item_with_what_it_proves(
        store: StationStore, photo_case: Case) -> None:
    import json

    from gridapp.workbench.drafting import draft_document

    draft = draft_document(store, photo_case.id, "penalty_decision")
    field = next(f for f in draft.fields if f.name == "evidence_items")
    assert field.editable and field.kind == "evidence"
    assert field.rows[0] == (("name", "现场照片3张（#1–#3）：占道设摊现场"),
                             ("proves", "违法行为发生的时间、地点和现场状况"))
    typed = json.dumps([{"name": "现场照片3张（#1–#3）", "proves": "摊位占用人行道"}],
                       ensure_ascii=False)
    edited = draft_document(store, photo_case.id, "penalty_decision", {"evidence_items": typed})
    again = next(f for f in edited.fields if f.name == "evidence_items")
    assert again.rows == ((("name", "现场照片3张（#1–#3）"), ("proves", "摊位占用人行道")),)
    assert again.provenance == "手工填写" and not edited.errors


def test_the_hearing_is_stated_only_where_a_hearing_notice_was_served(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _notice_served(store, photo_case)
    hearing = issue(store, photo_case, "hearing_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(store, hearing.number, served_on=days_ago(20))
    # The party's signed waiver (第六十二条), made after the 听证告知书 was served.
    waiver = issue(store, photo_case, "statement_record",
                   [f"time={days_ago(18)} 10:00", "kind=放弃陈述、申辩",
                    "statement=我放弃陈述、申辩，也放弃听证。", "hearing_opinion=明确放弃听证"],
                   issue_date=date.fromisoformat(days_ago(18)))
    decision = issue(store, photo_case, "penalty_decision")
    text = _text(store, decision.id, tmp_path)
    assert f"明确表示放弃听证（陈述申辩笔录{waiver.number}）。" in text
    assert "未要求听证" not in text


# --- bad input on the new fields and template keys -----------------------------------------


@pytest.mark.parametrize(
    ("template", "pair", "needle"),
    [
        ("penalty_decision", "evidence_items=[not json", "JSON"),
        ("penalty_decision", "evidence_items=[1, 2]", "JSON 对象列表"),
        ("penalty_decision", "statement_answer=同意", "只能取"),
        ("statement_record", "kind=部分放弃", "只能取"),
        ("site_inspection_record", "party_presence=不清楚", "只能取"),
        ("site_inspection_record", "recusal=否", "只能取"),
        ("education_record", "method=罚站", "只能取"),
    ],
)
def test_bad_values_for_the_record_fields_are_refused(  # type: ignore[no-untyped-def]
        store: StationStore, photo_case: Case, run_cli, template: str, pair: str,
        needle: str) -> None:
    before = _documents(store)
    res = run_cli("doc", "issue", photo_case.number, template, "--field", pair,
                  "--data-dir", store.data_dir)
    assert res.code == 2, res.out
    assert needle in res.err and pair.split("=", maxsplit=1)[0] in res.err
    assert _documents(store) == before


@pytest.mark.parametrize(
    ("edit", "key", "needle"),
    [
        (lambda s: s.replace('source = "case.address"', 'source = "case.address", ends = "！"'),
         "fields[3].ends", "ends"),
        (lambda s: s.replace('category = "served"', 'category = "served"\npage_footer = "签名"'),
         "page_footer", "签名标签"),
        (lambda s: s.replace('category = "served"',
                             'category = "served"\npage_footer = ["甲", "乙", "丙", "丁"]'),
         "page_footer", "至多三个"),
    ],
)
def test_malformed_record_keys_in_a_template_are_refused(  # type: ignore[no-untyped-def]
        tmp_path: Path, run_cli, edit, key: str, needle: str) -> None:
    from gridapp.documents.templates import templates_dir

    good = (templates_dir() / "reminder_card.toml").read_text(encoding="utf-8")
    bad = tmp_path / "reminder_card.toml"
    bad.write_text(edit(good), encoding="utf-8")
    res = run_cli("template", "validate", bad)
    assert res.code == 2, res.out
    assert f"[{key}]" in res.err and needle in res.err, res.err


def test_a_record_that_ends_before_it_starts_is_refused(
        store: StationStore, photo_case: Case) -> None:
    err = _refused(store, photo_case, "site_inspection_record",
                   ["start=2026-11-28 10:00", "end=2026-11-19 10:10"])
    assert "【笔录起止时间】" in err.message_zh and "第五十五条" in err.message_zh
    err = _refused(store, photo_case, "site_inspection_record",
                   ["start=2026-11-19 10:00", "end=2026-11-19 09:50"])
    assert "早于开始时间" in err.message_zh
    issue(store, photo_case, "site_inspection_record",
          ["start=2026-11-19 10:00", "end=2026-11-19 10:40"])
