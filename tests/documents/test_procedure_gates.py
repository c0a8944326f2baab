"""Gates a legal officer checks on the documents themselves: each refusal names the gate and
its article, and nothing is issued (no 文号 taken) when it refuses."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp.caselog import service
from gridapp.documents.context import today_local
from gridapp.errors import GateBlockedError
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case, Document
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.documents.conftest import add_photos_and_evaluation, evaluate, issue, pdftotext, serve


def _documents(store: StationStore) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Document)) or 0)


def _refused(store: StationStore, case: Case, template: str, extra: list[str] | None = None,
             **kw: object) -> GateBlockedError:
    before = _documents(store)
    with pytest.raises(GateBlockedError) as err:
        issue(store, case, template, extra, **kw)  # type: ignore[arg-type]
    assert _documents(store) == before  # nothing written, no number taken
    return err.value


def _today() -> date:
    return date.fromisoformat(today_local())


# --- order to correct ---------------------------------------------------------------------


def test_an_order_to_correct_with_a_deadline_already_past_is_refused(
        store: StationStore, photo_case: Case) -> None:
    past = (_today() - timedelta(days=4)).isoformat()
    err = _refused(store, photo_case, "rectification_notice", [f"deadline={past}"])
    assert err.field == "correction_deadline_invalid"
    assert "【改正期限】" in err.message_zh and "《行政处罚法》第二十八条第一款" in err.message_zh
    same_day = _refused(store, photo_case, "rectification_notice",
                        [f"deadline={_today().isoformat()}"])
    assert same_day.field == "correction_deadline_invalid"


def test_an_order_to_correct_beyond_the_packs_range_is_refused(
        store: StationStore, photo_case: Case) -> None:
    far = (_today() + timedelta(days=45)).isoformat()
    err = _refused(store, photo_case, "rectification_notice", [f"deadline={far}"])
    assert "超出规则包规定的 1–30 日" in err.message_zh
    ok = issue(store, photo_case, "rectification_notice",
               [f"deadline={(_today() + timedelta(days=7)).isoformat()}"])
    assert ok.number.startswith("沪黄城管改字")


# --- 催告书 and 加处罚款 ------------------------------------------------------------------------


def _decided_and_served(store: StationStore, case: Case) -> str:
    back = (_today() - timedelta(days=20)).isoformat()
    notice = issue(store, case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, notice.number, served_on=back)
    decision = issue(store, case, "penalty_decision")
    serve(store, decision.number)
    return decision.number


def test_a_payment_reminder_the_day_the_decision_is_served_is_refused(
        store: StationStore, photo_case: Case) -> None:
    _decided_and_served(store, photo_case)
    err = _refused(store, photo_case, "payment_reminder")
    assert err.field == "payment_period_open"
    assert "《行政强制法》第五十四条" in err.message_zh and "届满" in err.message_zh


def test_a_payment_reminder_after_the_time_to_pay_carries_the_computed_late_fee(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    number = _decided_and_served(store, photo_case)
    # The decision was served today; fifteen days to pay, then 3% a day (300 yuan → 9 a day).
    clock.start_at(clock.now() + timedelta(days=20))
    typed = _refused(store, photo_case, "payment_reminder", ["late_fee=100"])
    assert typed.field == "late_fee_not_computed"
    assert "《行政强制法》第四十五条" in typed.message_zh
    owed = re.search(r"加处罚款应为 ([\d.]+) 元", typed.message_zh)
    # Served 11-28, fifteen days end on Sunday 12-13, so the last day to pay is Monday 12-14
    # (民事诉讼法第八十五条); on 12-18 four days are overdue: 4 × 9 yuan.
    assert owed is not None and owed.group(1) == "36.00"
    reminder = issue(store, photo_case, "payment_reminder")
    out = tmp_path / "reminder.pdf"
    from gridapp.documents.service import find_document, stored_pdf

    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, reminder.id)))
    text = re.sub(r"\s+", "", pdftotext(out))
    assert number in text and "已加处罚款36元（大写：叁拾陆元整）" in text


# --- seizure ------------------------------------------------------------------------------


def test_a_seizure_list_without_a_seizure_decision_is_refused(
        store: StationStore, photo_case: Case) -> None:
    err = _refused(store, photo_case, "seizure_list")
    assert err.field == "seizure_decision_required"
    assert "《行政强制法》第十八条、第二十四条" in err.message_zh
    decision = issue(store, photo_case, "seizure_decision")
    assert decision.number.startswith("沪黄城管暂扣字")
    issue(store, photo_case, "seizure_list")


def test_a_seizure_beyond_thirty_days_or_without_a_power_to_seize_is_refused(
        store: StationStore, photo_case: Case) -> None:
    issue(store, photo_case, "site_inspection_record")  # the 现场笔录 (行政强制法第十八条第七项)
    long = _refused(store, photo_case, "seizure_decision", ["period_days=45"])
    assert long.field == "seizure_period_invalid" and "《行政强制法》第二十五条第一款" in long.message_zh
    # 乱张贴: the regulation fines it but grants no seizure (行政强制法第十条).
    with store.session() as s:
        posting = service.create_case(store, s, dict(DEMO_CASE_INPUT, violation="illegal-posting"),
                                      LEAD_BADGE)
    evaluate(store, posting)
    issue(store, posting, "site_inspection_record")
    err = _refused(store, posting, "seizure_decision")
    assert err.field == "seizure_power_missing" and "《行政强制法》第十条" in err.message_zh


# --- the party of a decision --------------------------------------------------------------


def test_a_decision_on_a_unit_names_its_legal_representative(
        store: StationStore, photo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    unit = dict(DEMO_CASE_INPUT, party={"kind": "organisation", "name": "上海某某餐饮管理有限公司",
                                        "id_number": "91310101MA1FPX1234",
                                        "address": "上海市黄浦区福州路8号"})
    with store.session() as s:
        case = service.create_case(store, s, unit, LEAD_BADGE)
    add_photos_and_evaluation(store, case, worker)
    back = (_today() - timedelta(days=20)).isoformat()
    notice = issue(store, case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, notice.number, served_on=back)
    err = _refused(store, case, "penalty_decision")
    assert err.field == "party_representative_missing"
    assert "《行政处罚法》第五十九条第一款第（一）项" in err.message_zh
    done = issue(store, case, "penalty_decision", ["party_representative=张三（总经理）"])
    from gridapp.documents.service import find_document, stored_pdf

    out = tmp_path / "unit.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, done.id)))
    assert "法定代表人（负责人）：张三（总经理）" in re.sub(r"\s+", "", pdftotext(out))


# --- 管辖 ---------------------------------------------------------------------------------


def test_a_case_in_another_district_is_refused_and_referred(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    with store.session() as s:
        jingan = service.create_case(
            store, s, dict(DEMO_CASE_INPUT, address="上海市静安区西康路5号门前"), LEAD_BADGE)
    evaluate(store, jingan)
    err = _refused(store, jingan, "rectification_notice")
    assert err.field == "outside_jurisdiction" and "《行政处罚法》第二十二条" in err.message_zh
    assert "上海市静安区城市管理行政执法局" in err.message_zh and "案件移送函" in err.message_zh
    # The case in the station's own district needs no referral.
    own = _refused(store, photo_case, "case_referral")
    assert own.field == "referral_not_needed"
    letter = issue(store, jingan, "case_referral")
    assert letter.number.startswith("沪黄城管移字")
    from gridapp.documents.service import find_document, stored_pdf

    out = tmp_path / "referral.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, letter.id)))
    text = re.sub(r"\s+", "", pdftotext(out))
    assert "上海市静安区城市管理行政执法局：" in text and "上海市黄浦区城市管理行政执法局" in text


def test_the_desktop_proposes_the_referral_for_a_case_outside_the_district(
        store: StationStore, photo_case: Case) -> None:
    from gridapp.workbench.drafting import document_choices

    with store.session() as s:
        jingan = service.create_case(
            store, s, dict(DEMO_CASE_INPUT, address="上海市静安区西康路5号门前"), LEAD_BADGE)
    evaluate(store, jingan)
    proposed = [c.kind for c in document_choices(store, jingan.id) if c.proposed]
    assert proposed[0] == "case_referral"
    own = [c.kind for c in document_choices(store, photo_case.id) if c.proposed]
    assert "case_referral" not in own


def test_same_segment_stations_of_two_bureaus_never_share_a_number(
        tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    numbers = []
    for name, bureau in (("南京东路中队", "310101"), ("静安寺中队", "310106")):
        data = tmp_path / name
        made = run_cli("init", "--station", name, "--officer", "张建国", "--badge", LEAD_BADGE,
                       "--segment", "1", "--bureau", bureau, "--data-dir", data, "--json")
        assert made.code == 0, made.err
        assert made.json()["bureau"] == bureau
        numbers.append(made.json()["authority"])
    assert numbers == ["上海市黄浦区城市管理行政执法局", "上海市静安区城市管理行政执法局"]
    from gridapp.documents.numbering import allocate_number
    from gridapp.setup import station_bureau
    from gridapp.store import open_store

    given = []
    for name in ("南京东路中队", "静安寺中队"):
        st = open_store(tmp_path / name, create=False)
        try:
            with st.session() as s:
                body = station_bureau(st.pack, st.station(s))
                given.append(allocate_number(st, s, st.pack, "penalty_decision", 2026, LEAD_BADGE,
                                             bureau=body))
        finally:
            st.close()
    assert given == ["沪黄城管罚字〔2026〕第01-0001号", "沪静城管罚字〔2026〕第01-0001号"]


def test_changing_the_bureau_is_a_leads_audited_act(
        store: StationStore, run_cli) -> None:  # type: ignore[no-untyped-def]
    data = store.data_dir
    store.close()
    listed = run_cli("station", "bureaus", "--data-dir", data, "--json")
    assert listed.code == 0 and listed.json()["current"] == "310101"
    assert {"code": "310106", "name": "上海市静安区城市管理行政执法局",
            "review_body": "上海市静安区人民政府", "court": "上海市静安区人民法院",
            "number_prefix": "沪静城管", "current": False} in listed.json()["bureaus"]
    officer = run_cli("station", "set-bureau", "310106", "--reason", "划转", "--data-dir", data,
                      "--as", "31010002")
    assert officer.code != 0 and "无权变更站点所属执法机关" in officer.err
    unknown = run_cli("station", "set-bureau", "999999", "--reason", "划转", "--data-dir", data,
                      "--as", LEAD_BADGE)
    assert unknown.code == 2 and "没有执法机关“999999”" in unknown.err
    no_reason = run_cli("station", "set-bureau", "310106", "--reason", " ", "--data-dir", data,
                        "--as", LEAD_BADGE)
    assert no_reason.code == 2 and "变更理由不能为空" in no_reason.err
    ok = run_cli("station", "set-bureau", "310106", "--reason", "中队划归静安区", "--data-dir", data,
                 "--as", LEAD_BADGE)
    assert ok.code == 0, ok.err
    assert "上海市静安区城市管理行政执法局" in ok.out and "上海市静安区人民政府" in ok.out
    from gridapp.models import AuditEvent
    from gridapp.store import open_store

    st = open_store(data, create=False)
    try:
        with st.read() as s:
            events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "station.bureau")))
        assert len(events) == 1 and events[0].actor == LEAD_BADGE
        assert "中队划归静安区" in events[0].after_json and "310106" in events[0].after_json
    finally:
        st.close()
    assert run_cli("audit", "verify", "--data-dir", data).code == 0


def test_an_unconfigured_station_issues_nothing_in_a_bureaus_name(
        store: StationStore, photo_case: Case) -> None:
    from gridapp.models import Station

    with store.session() as s:
        st = s.scalars(select(Station)).one()
        before = {"district_code": st.district_code}
        st.district_code = ""
        store.record(s, st, op="update", actor=LEAD_BADGE, action="station.bureau", before=before)
    err = _refused(store, photo_case, "rectification_notice")
    assert err.field == "bureau_not_configured" and "set-bureau" in err.message_zh


def test_the_pack_refuses_a_bureau_without_its_remedies_bodies_named(tmp_path: Path) -> None:
    from gridapp.errors import ValidationError
    from gridapp.packs import packs_dir, validate_file

    text = (packs_dir() / "shanghai.toml").read_text(encoding="utf-8")
    for broken, field in (
        (text.replace('court = "上海市黄浦区人民法院"', 'court = "有管辖权的人民法院"'), "bureaus[0].court"),
        (text.replace('review_body = "上海市黄浦区人民政府"', 'review_body = "本机关的本级人民政府"'),
         "bureaus[0].review_body"),
        (text.replace('number_prefix = "沪静城管"', 'number_prefix = "沪黄城管"'),
         "bureaus[3].number_prefix"),
        (text.replace('default_bureau = "310101"', 'default_bureau = "319999"'), "default_bureau"),
        (text.replace("{bureau}罚字", "沪城管罚字"), "numbering.documents.penalty_decision"),
    ):
        path = tmp_path / "shanghai.toml"
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(ValidationError) as err:
            validate_file(path)
        assert err.value.field == field, (field, err.value.message_zh)
        assert field in err.value.message_zh


def test_a_decisions_remedies_name_the_review_body_and_court_in_full(
        store: StationStore, photo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    """Every decision template, on the demo case kinds (a person, a unit), as real PDFs."""
    from gridapp.documents.service import find_document, stored_pdf

    unit = dict(DEMO_CASE_INPUT, party={"kind": "organisation", "name": "上海某某餐饮管理有限公司",
                                        "id_number": "91310101MA1FPX1234",
                                        "address": "上海市黄浦区福州路8号"})
    with store.session() as s:
        unit_case = service.create_case(store, s, unit, LEAD_BADGE)
    add_photos_and_evaluation(store, unit_case, worker)
    issued = []
    for case in (photo_case, unit_case):
        evaluate(store, case)
        rep = ["party_representative=张三（总经理）"] if case is not photo_case else []
        back = (_today() - timedelta(days=20)).isoformat()
        notice = issue(store, case, "advance_notice", issue_date=date.fromisoformat(back))
        serve(store, notice.number, served_on=back)
        issued.append(issue(store, case, "penalty_decision", rep))
        issued.append(issue(store, case, "seizure_decision", rep))
        # One decision per case (行政处罚法第二十九条): the others on cases of the same party kind.
        with store.session() as s:
            on_spot, lenient = (service.create_case(store, s, unit if rep else dict(DEMO_CASE_INPUT),
                                                    LEAD_BADGE) for _ in range(2))
        evaluate(store, on_spot)
        issued.append(issue(store, on_spot, "summary_penalty_decision", rep))
        add_photos_and_evaluation(store, lenient, worker)
        evaluate(store, lenient, fine=None, harm="none", corrected=True)
        issued.append(issue(store, lenient, "no_penalty_decision", rep))
    for n, doc in enumerate(issued):
        out = tmp_path / f"{n}.pdf"
        with store.read() as s:
            out.write_bytes(stored_pdf(store, find_document(s, doc.id)))
        # The text as read, without the page furniture (copy label, page count, 核验码).
        text = re.sub(r"\s+", "", pdftotext(out))
        text = re.sub(r"【存档联】|第\d+页共\d+页|核验码：[0-9a-f]+", "", text)
        assert "向上海市黄浦区人民政府申请行政复议" in text, doc.template_id
        assert "向上海市黄浦区人民法院提起行政诉讼" in text, doc.template_id
        assert "本机关的本级人民政府" not in text and "有管辖权的人民法院" not in text
        assert text.count("上海市黄浦区城市管理行政执法局") >= 2, doc.template_id  # header, seal
