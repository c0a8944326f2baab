"""复议 and 诉讼 against the fine decision (``gridapp case review``): no 加处罚款 accrues from the
filing day to the day it concluded (行政处罚法第七十三条第三款); no 强制执行申请书 while one is
pending, and after it the 申请书 states it from the record and its periods run from there
(行政强制法第五十三条, 行政诉讼法第四十五条)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from gridapp import clock
from gridapp.models import Case
from gridapp.store import StationStore
from tests.documents.conftest import issue
from tests.documents.test_coercion_gates import _decided_reminded, _refused, _text, _today
from tests.documents.test_execution import _counts, _decided, _executed, _shown

BODY = "上海市黄浦区人民政府"
NUMBER = "黄府复决字〔2026〕12号"


def _to(day: str) -> None:
    clock.start_at(clock.now() + timedelta(days=(date.fromisoformat(day) - _today()).days))


def _review(run_cli, store: StationStore, case: Case, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("case", "review", case.number, *args, "--data-dir", store.data_dir)


def test_the_late_fee_does_not_run_while_the_reconsideration_runs(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    # Served 11-28, last day to pay Monday 12-14, 9 yuan a day after it.
    _to("2026-12-18")
    res = _review(run_cli, store, photo_case, "--kind", "reconsideration", "--filed", "2026-12-16",
                  "--body", BODY)
    assert res.code == 0, res.err
    assert "复议、诉讼期间 2026-12-16 至 今（未终结） 不计加处罚款" in res.out
    # Only 12-15 counts: the days from the filing on are the review's.
    assert _shown(run_cli, store, photo_case)["late_fee"] == "9.00"
    _to("2026-12-28")
    shown = _shown(run_cli, store, photo_case)
    assert shown["late_fee"] == "9.00"
    assert shown["remedies"] == [{"kind": "reconsideration", "filed": "2026-12-16", "body": BODY,
                                  "ended": None, "outcome": None, "reference": None}]
    # Concluded on 12-25: 12-15, then 12-26, 12-27 and 12-28 count: 4 × 9 yuan.
    done = _review(run_cli, store, photo_case, "--kind", "reconsideration", "--filed",
                   "2026-12-16", "--body", BODY, "--ended", "2026-12-25", "--outcome", "upheld",
                   "--reference", NUMBER, "--json")
    assert done.code == 0, done.err
    assert done.json()["late_fee"] == "36.00"  # type: ignore[index]
    assert done.json()["remedies"][0]["ended"] == "2026-12-25"  # type: ignore[index]
    # The case timeline says it in words.
    from gridapp.workbench.timeline import case_timeline

    said = [e.summary for e in case_timeline(store, photo_case.id)
            if e.action_label == "记录执行情况"]
    assert said[-2].startswith(f"申请行政复议，2026年12月16日，{BODY}"), said
    assert said[-1].startswith(f"复议、诉讼终结，维持原决定（驳回诉讼请求），2026年12月25日，{NUMBER}"), said


def test_no_application_while_pending_and_the_sentence_after(
        store: StationStore, photo_case: Case, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _decided_reminded(store, photo_case)  # served 11-28, reminded 12-28
    res = _review(run_cli, store, photo_case, "--kind", "reconsideration", "--filed", "2026-12-20",
                  "--body", BODY)
    assert res.code == 0, res.err
    _to("2027-01-25")
    message = _refused(store, photo_case, "enforcement_application", "复议诉讼未终结",
                       "《行政强制法》第五十三条")
    assert f"被申请人于2026年12月20日向{BODY}申请行政复议，尚未终结" in message
    res = _review(run_cli, store, photo_case, "--kind", "reconsideration", "--filed", "2026-12-20",
                  "--body", BODY, "--ended", "2027-01-20", "--outcome", "upheld",
                  "--reference", NUMBER)
    assert res.code == 0, res.err
    # Fifteen days to sue after the 复议决定 (行政诉讼法第四十五条), not the six months.
    message = _refused(store, photo_case, "enforcement_application", "复议诉讼期限未届满",
                       "《行政诉讼法》第四十五条")
    assert "期限至 2027-02-04 届满" in message
    _to("2027-02-10")
    done = issue(store, photo_case, "enforcement_application")
    text = _text(store, done.number, tmp_path)
    assert (f"被申请人于2026年12月20日向{BODY}申请行政复议，{BODY}作出行政复议决定维持该决定"
            f"（{NUMBER}），于2027年1月20日生效；被申请人在法定期限内未提起行政诉讼，又不履行该决定。"
            ) in text
    assert "未申请行政复议" not in text
    # Fee: 12-15..12-19 (5 days) and 01-21..02-10 (21 days): 26 × 9 = 234 yuan.
    assert "及加处罚款234元" in text


def test_a_suit_concluded_starts_the_three_months_and_a_changed_decision_is_not_enforced(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided_reminded(store, photo_case)
    _to("2027-06-10")
    assert _review(run_cli, store, photo_case, "--kind", "suit", "--filed", "2027-01-05",
                   "--body", "上海市黄浦区人民法院", "--ended", "2027-02-20", "--outcome",
                   "upheld", "--reference", "（2027）沪0101行初5号").code == 0
    # Three months from the judgment's effective day (02-20) ended on 05-20.
    message = _refused(store, photo_case, "enforcement_application", "申请强制执行期限",
                       "《行政强制法》第五十三条")
    assert "复议、诉讼终结后期限届满（2027-02-20）" in message
    # A later suit that revoked the decision: the decision is not enforced (void and reissue).
    assert _review(run_cli, store, photo_case, "--kind", "suit", "--filed", "2027-03-01",
                   "--body", "上海市第三中级人民法院", "--ended", "2027-06-01", "--outcome",
                   "revoked", "--reference", "（2027）沪03行终9号").code == 0
    message = _refused(store, photo_case, "enforcement_application", "决定经复议诉讼变更撤销",
                       "《行政强制法》第五十三条")
    assert "判决撤销该决定" in message


def test_bad_review_input_is_refused_in_chinese_and_writes_nothing(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)  # served 2026-11-28 (today)
    _to("2026-12-18")
    ok = ("--kind", "reconsideration", "--filed", "2026-12-10", "--body", BODY)
    cases = [
        (("--kind", "appeal", "--filed", "2026-12-10", "--body", BODY), "未知的救济方式"),
        (("--kind", "suit", "--filed", "20261210", "--body", BODY), "不是日期"),
        (("--kind", "suit", "--filed", "２０２６-12-10", "--body", BODY), "不是日期"),
        (("--kind", "suit", "--filed", "2026-02-30", "--body", BODY), "不是日期"),
        (("--kind", "suit", "--filed", "2026-11-27", "--body", BODY), "早于决定书送达之日"),
        (("--kind", "suit", "--filed", "2026-12-19", "--body", BODY), "晚于今天"),
        (("--kind", "suit", "--filed", "2026-12-10", "--body", " "), "请填写受理的人民法院"),
        (("--kind", "suit", "--filed", "2026-12-10", "--body", "法院\u200b"), "不可见的字符"),
        ((*ok, "--ended", "2026-12-09", "--outcome", "upheld"), "早于申请（起诉）之日"),
        ((*ok, "--ended", "2026-12-12"), "请写明结果"),
        ((*ok, "--outcome", "upheld"), "请同时写明复议决定、判决或裁定生效"),
        ((*ok, "--ended", "2026-12-12", "--outcome", "won"), "未知的复议、诉讼结果"),
        ((*ok, "--reference", NUMBER), "文号是终结的复议决定"),
    ]
    before = _counts(store)
    for args, words in cases:
        res = _review(run_cli, store, photo_case, *args)
        assert res.code == 2 and words in res.err and "Traceback" not in res.err, (args, res.err)
    assert _counts(store) == before
    assert _review(run_cli, store, photo_case, *ok).code == 0
    after = _counts(store)
    refused = [
        (ok, "不能重复记录"),
        (("--kind", "suit", "--filed", "2026-12-15", "--body", "上海市黄浦区人民法院"), "尚未终结"),
        ((*ok[:-1], "别的机关", "--ended", "2026-12-12", "--outcome", "upheld"), "请核对"),
    ]
    for args, words in refused:
        res = _review(run_cli, store, photo_case, *args)
        assert res.code == 2 and words in res.err, (args, res.err)
    assert _review(run_cli, store, photo_case, *ok, "--ended", "2026-12-12", "--outcome",
                   "dismissed").code == 0
    after = _counts(store)
    for args, words in [
        ((*ok, "--ended", "2026-12-12", "--outcome", "dismissed"), "不能重复记录"),
        (("--kind", "suit", "--filed", "2026-12-11", "--body", "上海市黄浦区人民法院"), "期间重叠"),
    ]:
        res = _review(run_cli, store, photo_case, *args)
        assert res.code == 2 and words in res.err, (args, res.err)
    res = _executed(run_cli, store, photo_case, "--by", "suit", "--date", "2026-12-12",
                    "--reference", "x")
    assert res.code == 2 and "case review" in res.err
    assert _counts(store) == after
