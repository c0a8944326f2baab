"""Bad input on every document command path: a clear Chinese error naming the field, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.models import Case, Document, DocumentService
from gridapp.store import StationStore
from tests.documents.conftest import issue


def _docs(store: StationStore) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Document.id))) or 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["doc", "issue", "{case}", "no_such_template"], "未知的文书模板"),
        (["doc", "issue", "{case}", "rectification_notice", "--field", "deadline"], "名称=值"),
        (["doc", "issue", "{case}", "rectification_notice", "--field", "colour=red"], "没有字段 colour"),
        (["doc", "issue", "{case}", "seizure_list", "--field", "items=[not json"], "JSON"),
        (["doc", "issue", "{case}", "penalty_decision", "--field", "fine_amount=-5"], "金额"),
        (["doc", "issue", "{case}", "penalty_decision", "--field", "penalty_type=拘留"], "只能取"),
        (["doc", "issue", "沪城管案〔2026〕999999", "reminder_card"], "找不到案件"),
        (["doc", "fill", "{case}", "nope"], "未知的文书模板"),
        (["doc", "void", "沪城管罚字〔2026〕第9999号", "--reason", "x"], "找不到文书"),
        (["doc", "render", "沪城管罚字〔2026〕第9999号", "--out", "{tmp}/x.pdf"], "找不到文书"),
        (["casefile", "沪城管案〔2026〕999999", "--out", "{tmp}/x.pdf"], "找不到案件"),
        (["doc", "verify", "{tmp}/missing.pdf"], "找不到文件"),
        (["doc", "verify", "{tmp}/garbage.pdf"], "不是 PDF 文件"),
    ],
)
def test_bad_input_is_refused(store: StationStore, photo_case: Case, tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
                              args: list[str], needle: str) -> None:
    (tmp_path / "garbage.pdf").write_bytes(b"\xff\xfe not a pdf at all")
    argv = [a.format(case=photo_case.number, tmp=tmp_path) for a in args]
    res = run_cli(*argv, "--data-dir", store.data_dir)
    assert res.code == 2, res.out
    assert needle in res.err
    assert _docs(store) == 0
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("extra", "field", "needle"),
    [
        (["--method", "pigeon"], "method", "未知的送达方式"),
        (["--method", "left"], "refusal_reason", "拒收事由"),
        (["--method", "left", "--refusal-reason", "拒绝签收"], "witness", "见证人"),
        (["--method", "electronic"], "consent", "同意"),
        (["--method", "direct", "--date", "2999-01-01"], "served_on", "晚于今天"),
        (["--method", "direct", "--date", "2026-13-01"], "served_on", "YYYY-MM-DD"),
    ],
)
def test_bad_service_is_refused(store: StationStore, photo_case: Case, run_cli,  # type: ignore[no-untyped-def]
                                extra: list[str], field: str, needle: str) -> None:
    doc = issue(store, photo_case, "rectification_notice")
    res = run_cli("doc", "serve", doc.number, *extra, "--data-dir", store.data_dir)
    assert res.code == 2 and needle in res.err and f"[{field}]" in res.err, res.err
    with store.read() as s:
        assert (s.scalar(select(func.count(DocumentService.id))) or 0) == 0


def test_public_notice_is_deemed_served_after_pack_days(store: StationStore, photo_case: Case,
                                                        run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = issue(store, photo_case, "rectification_notice")
    res = run_cli("doc", "serve", doc.number, "--method", "notice", "--json", "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    data = res.json()
    from datetime import date, timedelta

    assert date.fromisoformat(data["deemed_served_on"]) - date.fromisoformat(data["served_on"]) == timedelta(days=60)


def test_void_document_cannot_be_served(store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = issue(store, photo_case, "rectification_notice")
    d = store.data_dir
    assert run_cli("doc", "void", doc.number, "--reason", "写错", "--data-dir", d).code == 0
    res = run_cli("doc", "serve", doc.number, "--method", "direct", "--data-dir", d)
    assert res.code == 2 and "已作废" in res.err


def test_an_existing_output_file_is_not_replaced_without_force(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = issue(store, photo_case, "rectification_notice")
    out = tmp_path / "mine.pdf"
    out.write_bytes(b"an officer's own file")
    for args in (["doc", "render", doc.number], ["casefile", photo_case.number],
                 ["doc", "issue", photo_case.number, "reminder_card"]):
        before = _docs(store)
        res = run_cli(*args, "--out", out, "--data-dir", store.data_dir)
        assert res.code == 2 and "已存在，未覆盖" in res.err and "--force" in res.err, (args, res.err)
        assert out.read_bytes() == b"an officer's own file", args
        assert _docs(store) == before, f"{args}: nothing issued when the output is refused"
    res = run_cli("doc", "render", doc.number, "--out", out, "--force", "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    assert out.read_bytes().startswith(b"%PDF"), "replaced when asked"
