"""不予行政处罚 applied only where there is a penalty to withhold: a violation the regulation
fines only for 拒不改正, corrected on the spot, closes on the order to correct complied with (no
不予行政处罚决定书 is proposed or allowed); where 第三十三条 applies, the decision cites the
exemption-list item and follows the 教育告诫记录 (第三十三条第三款)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.caselog import service
from gridapp.documents.service import find_document, issue_document, stored_pdf
from gridapp.errors import GateBlockedError
from gridapp.models import Case, Document
from gridapp.store import StationStore
from gridapp.workbench.drafting import document_choices, reassess
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.documents.conftest import FREE_FIELDS, days_ago, evaluate, issue, serve

POSTING = dict(DEMO_CASE_INPUT, violation="illegal-posting",
               facts="执法队员巡查发现当事人在南京东路100号电杆上张贴小广告3张，经指出后当场清除。")


def _documents(store: StationStore) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Document)) or 0)


def _refused_directly(store: StationStore, case: Case, template: str) -> GateBlockedError:
    """Issue without the test helper's set-up steps (no education record made first)."""
    before = _documents(store)
    with pytest.raises(GateBlockedError) as err, store.session() as s:
        issue_document(store, s, case.number, template, FREE_FIELDS[template], LEAD_BADGE)
    assert _documents(store) == before, "nothing written, no number taken"
    return err.value


def _proposed(store: StationStore, case: Case) -> list[str]:
    return [c.kind for c in document_choices(store, case.id) if c.proposed]


def _text(store: StationStore, doc_id: str, tmp_path: Path) -> str:
    out = tmp_path / f"{doc_id}.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, doc_id)))
    raw = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", "", raw)


def test_a_fine_only_for_refusal_corrected_on_the_spot_closes_on_the_order_complied_with(
        store: StationStore) -> None:
    with store.session() as s:
        case = service.create_case(store, s, dict(POSTING), LEAD_BADGE)
    evaluate(store, case, fine=None, harm="none", corrected=True)
    proposed = _proposed(store, case)
    assert "no_penalty_decision" not in proposed and proposed[0] == "rectification_notice"
    err = _refused_directly(store, case, "no_penalty_decision")
    assert err.field == "no_penalty_not_applicable"
    assert "【无罚可免】" in err.message_zh
    assert "《上海市市容环境卫生管理条例》第二十四条第三款" in err.message_zh
    assert "《行政处罚法》第二十八条第一款、第三十三条第一款" in err.message_zh
    assert "以责令改正已履行结案" in err.message_zh
    # The order to correct served and complied with: the case goes to closing.
    order = issue(store, case, "rectification_notice")
    serve(store, order.number, served_on=days_ago(0))
    with store.session() as s:
        reassess(store, s, case.id, LEAD_BADGE)  # what serving it from the desktop does
    proposed = _proposed(store, case)
    assert proposed[0] == "closing_report" and "no_penalty_decision" not in proposed
    assert _refused_directly(store, case, "no_penalty_decision").field == "no_penalty_not_applicable"


def test_where_article_33_applies_the_decision_follows_the_education_record_and_cites_the_list(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    evaluate(store, photo_case, fine=None, harm="none", corrected=True)
    assert _proposed(store, photo_case)[:2] == ["education_record", "no_penalty_decision"]
    err = _refused_directly(store, photo_case, "no_penalty_decision")
    assert err.field == "education_record_required"
    assert "【教育告诫记录】" in err.message_zh and "《行政处罚法》第三十三条第三款" in err.message_zh
    record = issue(store, photo_case, "education_record")
    assert _proposed(store, photo_case)[0] == "no_penalty_decision"
    decision = issue(store, photo_case, "no_penalty_decision")
    text = _text(store, decision.id, tmp_path)
    assert "该违法行为列入上海市城管轻微违法违规行为免罚清单（事项编号sh-mf-01），属于免罚事项。" in text
    assert f"教育告诫记录（{record.number}）" in text
    educated = _text(store, record.id, tmp_path)
    assert "第三十三条第三款" in educated and "当事人的表示：我知道错了，以后不再摆摊。" in educated


def test_the_case_file_check_expects_what_each_path_needs(
        store: StationStore, photo_case: Case) -> None:
    from gridapp.workbench.casefiles import check_case_file

    with store.session() as s:
        posting = service.create_case(store, s, dict(POSTING), LEAD_BADGE)
    evaluate(store, posting, fine=None, harm="none", corrected=True)
    check = check_case_file(store, posting.id)
    assert check.path_label == "责令改正已履行"
    assert check.missing == ("责令（限期）改正通知书",), "no 不予行政处罚决定书 expected"
    evaluate(store, photo_case, fine=None, harm="none", corrected=True)
    check = check_case_file(store, photo_case.id)
    assert check.path_label == "不予行政处罚"
    assert check.missing[:2] == ("教育告诫记录", "不予行政处罚决定书")
