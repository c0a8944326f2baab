"""The hearing is waived only by the party's signed record (行政处罚法第六十二条 明确放弃,
第六十四条第（一）项 五日内提出): a 陈述申辩笔录 recording "明确放弃听证", made after the notice
of the hearing right was served. The officer's ``hearing_requested: false`` in the rules
evaluation no longer lets a penalty decision issue inside the five days."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.documents.context import today_local
from gridapp.documents.service import IssuedDocument, find_document, issue_document, stored_pdf
from gridapp.errors import GateBlockedError, ValidationError
from gridapp.models import Case, Document
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.documents.conftest import (
    ANSWER,
    FREE_FIELDS,
    approve_step,
    evaluate,
    issue,
    pdftotext,
    serve,
)

WAIVED = "hearing_opinion=明确放弃听证"


def _in(days: int) -> str:
    return (date.fromisoformat(today_local()) + timedelta(days=days)).isoformat()


def _count(store: StationStore) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Document.id))) or 0


def _refused(store: StationStore, case: Case, label: str, *, answer: bool = True) -> str:
    """The decision, approved and otherwise ready, is refused by the hearing gate alone."""
    approve_step(store, case, "penalty")
    before = _count(store)
    with pytest.raises(GateBlockedError) as err, store.session() as s:
        issue_document(store, s, case.number, "penalty_decision",
                       FREE_FIELDS["penalty_decision"] + (ANSWER if answer else []),
                       LEAD_BADGE)
    assert _count(store) == before, "nothing written, no number taken"
    message = err.value.message_zh
    assert f"【{label}】" in message and message.count("【") == 1, message
    assert "《行政处罚法》第六十二条、第六十四条第（一）项" in message, message
    return message


def _waiver(store: StationStore, case: Case, day: str) -> IssuedDocument:
    """The party's 陈述申辩笔录 of ``day`` recording 明确放弃听证 (signed on every page)."""
    return issue(store, case, "statement_record", [f"time={day} 10:00", WAIVED],
                 issue_date=date.fromisoformat(day))


def _advance(store: StationStore, case: Case, days_back: int, extra: list[str]) -> None:
    day = _in(-days_back)
    notice = issue(store, case, "advance_notice", extra, issue_date=date.fromisoformat(day))
    serve(store, notice.number, served_on=day)


def test_the_officers_flag_alone_no_longer_waives_the_hearing_of_the_advance_notice(
        store: StationStore, photo_case: Case) -> None:
    evaluate(store, photo_case, statement_waived=True, hearing_requested=False)
    _advance(store, photo_case, 2, ["hearing_applicable=是"])
    message = _refused(store, photo_case, "听证申请期（事先告知）", answer=False)
    assert "没有当事人放弃听证的记录" in message and "明确放弃听证" in message
    record = _waiver(store, photo_case, _in(0))
    assert issue(store, photo_case, "penalty_decision", ANSWER).number
    assert record.number


def test_a_waiver_recorded_before_the_advance_notice_was_served_is_refused(
        store: StationStore, photo_case: Case) -> None:
    evaluate(store, photo_case, statement_waived=True)
    early = _waiver(store, photo_case, _in(-3))
    _advance(store, photo_case, 2, ["hearing_applicable=是"])
    message = _refused(store, photo_case, "听证申请期（事先告知）")
    assert early.number in message and "早于送达" in message


def test_the_hearing_notice_waits_for_the_signed_waiver_made_after_its_service(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    evaluate(store, photo_case, hearing_requested=False)
    _advance(store, photo_case, 20, [])
    early = _waiver(store, photo_case, _in(-3))
    hearing = issue(store, photo_case, "hearing_notice", issue_date=date.fromisoformat(_in(-1)))
    serve(store, hearing.number, served_on=_in(-1))
    message = _refused(store, photo_case, "听证申请期")
    assert "没有当事人签名明确放弃听证的记录" in message and "陈述申辩笔录" in message
    waiver = _waiver(store, photo_case, _in(0))
    decision = issue(store, photo_case, "penalty_decision", ANSWER)
    out = tmp_path / "decision.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, decision.number)))
    text = "".join(pdftotext(out).split())
    assert f"明确表示放弃听证（陈述申辩笔录{waiver.number}）" in text
    assert early.number not in text and "当事人明确表示不要求举行听证" not in text
    # The record itself prints the party's words above the signature lines.
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, waiver.number)))
    assert "当事人对听证权利的意见：明确放弃听证。" in "".join(pdftotext(out).split())


def test_the_waiver_field_takes_only_its_one_wording(
        store: StationStore, photo_case: Case) -> None:
    before = _count(store)
    with pytest.raises(ValidationError) as err, store.session() as s:
        issue_document(store, s, photo_case.number, "statement_record",
                       FREE_FIELDS["statement_record"] + ["hearing_opinion=不要了"], LEAD_BADGE)
    assert "只能取：明确放弃听证" in err.value.message_zh
    assert _count(store) == before
