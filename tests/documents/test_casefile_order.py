"""The case file is bound in procedure order (立案 → 调查 → 审查 → 决定 → 送达 → 执行 → 结案), its
卷内目录 dates each document by the day it was made, and its 备考表 counts what it holds."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from gridapp.documents.context import today_local
from gridapp.models import Case
from gridapp.store import StationStore
from tests.documents.conftest import issue, pdftotext, serve


def test_the_file_follows_the_procedure_and_dates_records_by_when_they_were_made(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    today = date.fromisoformat(today_local())
    back = (today - timedelta(days=20)).isoformat()
    # Made in an order that is not the procedure's: the notice first, the record later.
    notice = issue(store, photo_case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, notice.number, served_on=back)
    issue(store, photo_case, "site_inspection_record",
          ["start=2026-11-05 09:30", "end=2026-11-05 10:10"])
    decision = issue(store, photo_case, "penalty_decision")
    serve(store, decision.number)
    issue(store, photo_case, "filing_approval")
    out = tmp_path / "casefile.pdf"
    res = run_cli("casefile", photo_case.number, "--out", out, "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    text = pdftotext(out)
    index = text[text.index("卷内目录"):text.index("卷内备考表")]
    flat = re.sub(r"\s+", "", index)
    order = ["立案审批表", "现场检查（勘验）笔录", "现场照片证据", "行政处罚事先告知书沪黄城管告字",
             "行政处罚决定书沪黄城管罚字", "送达回证（行政处罚事先告知书）",
             "送达回证（行政处罚决定书）", "执法全过程记录摘要"]
    where = [flat.find(item) for item in order]
    assert all(w >= 0 for w in where), list(zip(order, where, strict=True))
    assert where == sorted(where), list(zip(order, where, strict=True))
    # The record is dated the day it was made, not the day it was numbered.
    record_line = next(line for line in index.splitlines() if "现场检查（勘验）笔录" in line)
    assert "2026-11-05" in record_line, record_line
    compact = re.sub(r"\s+", "", text)
    backnote = compact[compact.index("卷内备考表"):]
    assert "执法文书4件" in backnote and "送达回证2件" in backnote
    assert "现场照片证据1件" in backnote and "执法全过程记录摘要1件" in backnote
