"""笔录 details a case-file review (案卷评查) looks at: 以下空白 under the last answer so nothing can
be added before the signatures, and the 回避 question asked once (行政处罚法第四十三条)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.documents.service import find_document, stored_pdf
from gridapp.errors import GateBlockedError
from gridapp.models import Case, Document
from gridapp.store import StationStore
from tests.documents.conftest import FREE_FIELDS, issue, pdftotext


def _flat(store: StationStore, number: str, tmp_path: Path) -> str:
    out = tmp_path / "record.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, number)))
    return re.sub(r"\s+", "", pdftotext(out))


@pytest.mark.parametrize("answers", [1, 24])
def test_the_inquiry_record_says_blank_below_after_the_last_answer(
        store: StationStore, photo_case: Case, tmp_path: Path, answers: int) -> None:
    qa = [{"q": f"第{i}问：你当时在做什么？", "a": f"第{i}答：我在人行道上摆摊卖水果。"}
          for i in range(1, answers + 1)]
    doc = issue(store, photo_case, "inquiry_record",
                ["start=2026-11-19 10:15", "end=2026-11-19 10:40", "recusal_answer=不申请",
                 f"qa={json.dumps(qa, ensure_ascii=False)}"])
    text = _flat(store, doc.number, tmp_path)
    last = text.index(f"第{answers}答：我在人行道上摆摊卖水果。")
    blank = text.index("（以下空白）")
    assert last < blank < text.index("以上笔录我已看过"), text
    assert text.count("以下空白") == 1


def test_the_recusal_question_is_asked_once_not_again_in_the_questions(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    twice = [{"q": "你今天在这里做什么？", "a": "摆摊。"}, {"q": "你是否申请回避？", "a": "不申请。"}]
    with store.read() as s:
        before = s.scalar(select(func.count()).select_from(Document))
    with pytest.raises(GateBlockedError) as err:
        issue(store, photo_case, "inquiry_record",
              ["start=2026-11-19 10:15", "end=2026-11-19 10:40", "recusal_answer=不申请",
               f"qa={json.dumps(twice, ensure_ascii=False)}"])
    assert err.value.field == "record_recusal_repeated"
    assert "【回避询问重复】" in err.value.message_zh and "第2问" in err.value.message_zh
    assert "《行政处罚法》第四十三条" in err.value.message_zh
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == before
    # The fixture every template test renders asks it once, and the printed record shows one.
    doc = issue(store, photo_case, "inquiry_record")
    assert not any("回避" in pair for pair in FREE_FIELDS["inquiry_record"] if pair.startswith("qa="))
    assert _flat(store, doc.number, tmp_path).count("是否申请回避") == 1
