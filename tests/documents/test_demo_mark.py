"""A demo station's documents and case file carry 演示数据 on every page (and still verify); a
real station's pages carry no such mark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.demo import seed_demo
from gridapp.models import Case
from gridapp.store import StationStore, open_store
from tests.conftest import fresh_database
from tests.documents.conftest import issue, pdftotext

MARK = "演示数据"


def pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return [re.sub(r"\s+", "", p) for p in pdftotext(pdf).split("\f") if p.strip()]


def render_all(run_cli, store: StationStore, case: Case, tmp_path: Path  # type: ignore[no-untyped-def]
               ) -> tuple[list[Path], str]:
    doc = issue(store, case, "site_inspection_record")
    d = str(store.data_dir)
    out = []
    for copy in ("file", "party"):
        path = tmp_path / f"{copy}.pdf"
        res = run_cli("doc", "render", doc.number, "--copy", copy, "--out", path,
                      "--data-dir", d)
        assert res.code == 0, res.err
        out.append(path)
    casefile = tmp_path / "casefile.pdf"
    res = run_cli("casefile", case.number, "--out", casefile, "--data-dir", d)
    assert res.code == 0, res.err
    out.append(casefile)
    report = tmp_path / "monthly.pdf"  # the lead's monthly report is printed too
    res = run_cli("report", "monthly", "--month", "2026-11", "--out", report, "--data-dir", d)
    assert res.code == 0, res.err
    out.append(report)
    return out, d


@pytest.fixture
def demo_station(schema_template: Path, tmp_path: Path) -> StationStore:
    data = tmp_path / "demo"
    fresh_database(schema_template, data)
    store = open_store(data)
    seed_demo(store, 3)
    return store


def test_every_page_of_a_demo_station_says_demo_data_and_still_verifies(
        demo_station: StationStore, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    with demo_station.read() as s:
        case = s.scalars(select(Case).order_by(Case.number)).first()
    assert case is not None
    try:
        pdfs, d = render_all(run_cli, demo_station, case, tmp_path)
    finally:
        demo_station.close()
    for pdf in pdfs:
        texts = pages(pdf)
        assert texts and all(MARK in t for t in texts), pdf.name
    assert len(pages(pdfs[2])) > 3, "the case file's cover, index and back note are marked too"
    for pdf in pdfs[:2]:
        res = run_cli("doc", "verify", pdf, "--data-dir", d)
        assert res.code == 0 and "一致" in res.out, res.out + res.err


def test_a_real_stations_pages_have_no_demo_mark(store: StationStore, demo_case: Case,
                                                 tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    pdfs, _d = render_all(run_cli, store, demo_case, tmp_path)
    for pdf in pdfs:
        assert not any(MARK in t for t in pages(pdf)), pdf.name
