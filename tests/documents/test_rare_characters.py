"""生僻字, emoji and very long runs: printed with the fallback fonts, refused when no font has a
glyph, wrapped inside the frame, and verified by ``doc verify`` against what was laid out."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from gridapp.caselog import service
from gridapp.documents.fill import parse_overrides
from gridapp.documents.fontchain import font_for
from gridapp.documents.fonts import ensure_fonts
from gridapp.documents.layout import BOTTOM, LEFT, PAGE_H, PAGE_W, RIGHT, TOP
from gridapp.documents.render import render_document
from gridapp.documents.service import find_document
from gridapp.documents.templates import get_template
from gridapp.documents.text import canonical_text, content_hash
from gridapp.documents.verify import pdf_text_and_payload
from gridapp.errors import ValidationError
from gridapp.inputlimits import MAX_DOCUMENT_FIELD_CHARS
from gridapp.models import Case, Document, NumberPool
from gridapp.store import StationStore
from gridapp.workbench.drafting import draft_document, preview_pdf
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.documents.conftest import FREE_FIELDS, evaluate, pdffonts, pdftotext

RARE_NAME = "王𠀀𬌗😀"  # CJK Ext B U+20000, Ext E U+2C317, emoji U+1F600
NO_GLYPH = "\U00030000"  # CJK Extension G: in no bundled font


def _case_with_party(store: StationStore, name: str) -> Case:
    data: dict[str, Any] = dict(DEMO_CASE_INPUT)
    data["party"] = dict(data["party"], name=name)
    with store.session() as s:
        case = service.create_case(store, s, data, LEAD_BADGE)
    evaluate(store, case)
    return case


def _counts(store: StationStore) -> tuple[int, int, int]:
    with store.read() as s:
        docs = s.scalar(select(func.count(Document.id))) or 0
        used = sum(p.next_value - p.first for p in s.scalars(select(NumberPool)))
    blobs = sum(1 for p in store.blobs_dir.rglob("*") if p.is_file()) if store.blobs_dir.exists() else 0
    return docs, used, blobs


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _issue_cli(run_cli, store: StationStore, case: Case, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    fields = [a for f in (*FREE_FIELDS["rectification_notice"], *extra) if "=" in f
              for a in ("--field", f)]
    flags = [f for f in extra if "=" not in f]
    return run_cli("doc", "issue", case.number, "rectification_notice", *fields, *flags,
                   "--out", out, "--as", LEAD_BADGE, "--data-dir", store.data_dir)


def test_fallback_fonts_cover_extensions_and_emoji() -> None:
    regular, bold = ensure_fonts()
    for font in (regular, bold):
        assert font_for(font, "王") == font
        for ch in "𠀀𬌗😀㎡℃ア\uf900":  # Ext B, Ext E, emoji, symbols, kana, compatibility
            assert font_for(font, ch) not in (None, font), ch
        assert font_for(font, NO_GLYPH) is None and font_for(font, "\ue000") is None


def test_rare_name_and_emoji_are_printed_embedded_and_verify(
        store: StationStore, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    case = _case_with_party(store, RARE_NAME)
    pdf = tmp_path / "notice.pdf"
    res = _issue_cli(run_cli, store, case, pdf, "--json")
    assert res.code == 0, res.err
    number = res.json()["number"]
    assert RARE_NAME in _flat(pdftotext(pdf))
    extracted, _ = pdf_text_and_payload(pdf)  # what doc verify reads (pypdf)
    assert RARE_NAME in _flat(extracted)
    rows = [line.split() for line in pdffonts(pdf).splitlines()[2:]]
    assert rows and all(r[-5:-2] == ["yes", "yes", "yes"] for r in rows), pdffonts(pdf)  # emb sub uni
    names = " ".join(r[0] for r in rows)
    assert "HanaMinB" in names and "NotoEmoji" in names and "NotoSerifSC" in names
    ok = run_cli("doc", "verify", pdf, "--data-dir", store.data_dir)
    assert ok.code == 0 and "一致" in ok.out, ok.out + ok.err

    # One character changed (𬌗 U+2C317 → 𬌘 U+2C318), same number and QR data: a mismatch.
    with store.read() as s:
        row = find_document(s, number)
        values = json.loads(row.fields_json)
        stored_hash = row.content_hash
    values["party_name"] = "王𠀀𬌘😀"
    forged = render_document(get_template("rectification_notice"), values, number=row.number,
                             station="测试中队", authority="上海市城市管理行政执法局")
    bad = tmp_path / "forged.pdf"
    bad.write_bytes(forged.pdf)
    res = run_cli("doc", "verify", bad, "--json", "--data-dir", store.data_dir)
    assert res.code == 1 and res.json()["status"] == "mismatch"
    assert content_hash(extracted) == stored_hash
    assert content_hash(extracted.replace("😀", "😁")) != stored_hash


@pytest.mark.parametrize("where", ["party", "field"])
def test_a_character_no_font_has_refuses_to_issue_and_writes_nothing(
        where: str, store: StationStore, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    if where == "party":
        case = _case_with_party(store, "王" + NO_GLYPH + "明")
        extra: tuple[str, ...] = ()
        bad, label = NO_GLYPH, "当事人"
    else:
        case = _case_with_party(store, "王小明")
        extra = ("correction=停止违法行为\ue000",)  # a Private Use Area character
        bad, label = "\ue000", "改正要求"
    before = _counts(store)
    out = tmp_path / "refused.pdf"
    res = _issue_cli(run_cli, store, case, out, *extra)
    assert res.code == 2, res.out + res.err
    code = f"U+{ord(bad):04X}"
    assert f"{label}中的字符“{bad}”（{code}）无法打印：所有字体都没有该字形" in res.err
    assert _counts(store) == before and not out.exists()
    # The wizard shows the problem at the field and its preview marks the place with 〓.
    draft = draft_document(store, case.id, "rectification_notice", dict(
        p.split("=", 1) for p in (*FREE_FIELDS["rectification_notice"], *extra)))
    name = "party_name" if where == "party" else "correction"
    assert code in draft.errors[name] and not draft.can_issue
    preview = tmp_path / "preview.pdf"
    preview.write_bytes(preview_pdf(store, case.id, "rectification_notice", dict(
        p.split("=", 1) for p in (*FREE_FIELDS["rectification_notice"], *extra))))
    assert "〓" in pdftotext(preview) and bad not in pdftotext(preview)


def test_control_and_bidi_characters_cannot_reach_a_document(store: StationStore) -> None:
    template = get_template("rectification_notice")
    for value in ("占道\u202e经营", "占道\x85经营", "占道\x1b经营"):
        with pytest.raises(ValidationError, match="控制字符") as err:
            parse_overrides(template, [f"correction={value}"])
        assert err.value.field == "correction"
    with pytest.raises(ValidationError, match="U\\+202E"):  # hidden in a JSON escape
        parse_overrides(get_template("inquiry_record"), ['qa=[{"q": "姓名", "a": "王\\u202e明"}]'])
    # A value that did not pass the input checks (a synced record, a hand-edited database) …
    values = {"party_name": "王\u202e明", "facts": "事实", "correction": "改正"}
    with pytest.raises(ValidationError, match="U\\+202E") as err:
        render_document(template, values, number="X", station="s", authority="a")
    assert err.value.field == "party_name" and "不可见的控制字符" in err.value.message_zh
    # … and template or pack wording are checked as laid out.
    edited = replace(template, texts={**template.texts, "consequence": "逾期\u2066不改正"})
    with pytest.raises(ValidationError, match="U\\+2066") as err:
        render_document(edited, {"party_name": "王小明"}, number="X", station="s", authority="a")
    assert err.value.field == "template"


def test_shaping_characters_are_dropped_and_still_verify(store: StationStore, tmp_path: Path,
                                                         run_cli) -> None:  # type: ignore[no-untyped-def]
    case = _case_with_party(store, "王小明")
    pdf = tmp_path / "vs.pdf"
    res = _issue_cli(run_cli, store, case, pdf, "correction=收摊👍\ufe0f，清理☺\ufe0f\r\n\t恢复原状")
    assert res.code == 0, res.err
    assert "收摊👍，清理☺恢复原状" in _flat(pdftotext(pdf))
    assert run_cli("doc", "verify", pdf, "--data-dir", store.data_dir).code == 0


def test_document_fields_have_an_upper_bound() -> None:
    template = get_template("rectification_notice")
    assert parse_overrides(template, ["facts=" + "甲" * MAX_DOCUMENT_FIELD_CHARS])
    with pytest.raises(ValidationError, match="过长") as err:
        parse_overrides(template, ["facts=" + "甲" * (MAX_DOCUMENT_FIELD_CHARS + 1)])
    assert err.value.field == "facts"


def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, text) of every word, from ``pdftotext -bbox``."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    out: list[tuple[int, float, float, float, float, str]] = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', body):
            out.append((page, *(float(m.group(i)) for i in range(1, 5)), m.group(5)))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["latin", "cjk"])
def test_a_100000_character_run_wraps_onto_pages_inside_the_frame(
        kind: str, store: StationStore, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    case = _case_with_party(store, "王小明")
    if kind == "latin":
        unit = "AbcdefghijKLMNOPQRST0123456789"
    else:
        unit = "城管执法人员现场检查当事人设摊经营𠀀水果摊"
    run = (unit * (MAX_DOCUMENT_FIELD_CHARS // len(unit) + 1))[:MAX_DOCUMENT_FIELD_CHARS]
    pdf = tmp_path / "long.pdf"
    res = _issue_cli(run_cli, store, case, pdf, "facts=" + run)
    assert res.code == 0, res.err
    # Page marks (第 N 页 共 M 页, 【存档联】) stand between the pages' parts of the run.
    assert run in canonical_text(pdftotext(pdf))
    ok = run_cli("doc", "verify", pdf, "--data-dir", store.data_dir)
    assert ok.code == 0 and "一致" in ok.out, ok.out + ok.err
    words = _words(pdf)
    assert max(w[0] for w in words) > 20  # it flowed onto further pages
    eps = 0.5
    for page, x0, y0, x1, y1, word in words:
        assert LEFT - eps <= x0 and x1 <= PAGE_W - RIGHT + eps, (page, x0, x1, word)
        assert y0 >= 0 and y1 <= PAGE_H, (page, y0, y1, word)
        if len(word) >= 8 and word in run:  # the run stays between the top and bottom margins
            assert y0 >= TOP - 20 and y1 <= PAGE_H - BOTTOM + eps, (page, y0, y1, word)
