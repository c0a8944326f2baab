"""书证: a PDF licence and a two-page TIFF scan import as documents whose every page is kept,
viewable and bound into the case file; hostile or broken documents are refused in Chinese with
nothing written."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from sqlalchemy import select

from gridapp.documents.casefile import DOCUMENT_PAGES, build_casefile
from gridapp.documents.fonts import ensure_fonts
from gridapp.evidence.blobstore import BlobStore
from gridapp.evidence.capture import import_files
from gridapp.evidence.paging import MAX_PAGES, page_jpegs
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case, Evidence
from gridapp.store import StationStore
from gridapp.workbench.evidence import document_pages, evidence_items
from tests.conftest import LEAD_BADGE
from tests.evidence.test_bad_input import refuse


def scan_page(text: str, size: tuple[int, int] = (1700, 2200)) -> Image.Image:
    """A white A4-ish scan page at 200 dpi with a big black word and a frame."""
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((80, 80, size[0] - 80, size[1] - 80), outline=0, width=12)
    draw.text((200, 300), text, fill=0, font_size=160)
    return page


def two_page_tiff(path: Path) -> Path:
    first, second = scan_page("PAGE 1"), scan_page("PAGE 2")
    first.save(path, save_all=True, append_images=[second], compression="tiff_deflate",
               dpi=(200, 200))
    return path


def licence_pdf(path: Path, pages: int = 2) -> Path:
    """A business licence as a PDF with real text (reportlab, the bundled CJK font)."""
    from reportlab.pdfgen import canvas

    regular, _bold = ensure_fonts()
    pdf = canvas.Canvas(str(path))
    for n in range(1, pages + 1):
        pdf.setFont(regular, 28)
        pdf.drawString(120, 700, f"营业执照 第{n}页")
        pdf.setFont(regular, 14)
        pdf.drawString(120, 650, "统一社会信用代码 91310000MA1234567X")
        pdf.rect(60, 60, 475, 720)
        pdf.showPage()
    pdf.save()
    return path


def imported(store: StationStore, case: Case, path: Path, worker: DecodeWorker) -> Evidence:
    (item_id,) = import_files(store, case.id, [path], actor=LEAD_BADGE, worker=worker,
                              reason="已核实，属本案证据")
    with store.read() as s:
        row = s.scalars(select(Evidence).where(Evidence.id == item_id)).one()
        s.expunge(row)
    return row


@pytest.mark.parametrize("make", [two_page_tiff, licence_pdf], ids=["tiff-scan", "pdf-licence"])
def test_a_document_imports_as_shuzheng_with_every_page(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker,
        make: object) -> None:
    src = make(tmp_path / ("scan.tif" if make is two_page_tiff else "licence.pdf"))  # type: ignore[operator]
    original = src.read_bytes()
    row = imported(store, demo_case, src, worker)
    assert row.media == "document" and row.kind == "书证"
    assert row.mime == ("image/tiff" if make is two_page_tiff else "application/pdf")
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    with blobs.open(row.sha256) as fh:
        assert fh.read() == original, "the original is kept as it came"
    with blobs.open(row.thumb_sha256) as fh:
        assert max(Image.open(fh).size) == 256
    # The viewer's pages, through the workbench read model.
    (item,) = (i for i in evidence_items(store, demo_case.id) if i.id == row.id)
    assert item.media == "document" and item.media_label == "书证"
    pages = document_pages(store, item)
    assert len(pages) == 2
    first, second = (Image.open(io.BytesIO(p)).convert("L") for p in pages)
    assert max(first.size) == 2000 and first.size == second.size
    assert first.tobytes() != second.tobytes()  # two different pages, in order


def test_pdf_text_is_kept_in_the_original(store: StationStore, demo_case: Case, tmp_path: Path,
                                          worker: DecodeWorker) -> None:
    row = imported(store, demo_case, licence_pdf(tmp_path / "licence.pdf"), worker)
    path = tmp_path / "original.pdf"
    path.write_bytes(BlobStore(store.blobs_dir, key=store.data_key).read_bytes(row.sha256))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "营业执照" in text and "91310000MA1234567X" in text


def test_the_case_file_binds_in_every_page_of_a_document(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    row = imported(store, demo_case, two_page_tiff(tmp_path / "scan.tif"), worker)
    with store.read() as s:
        built = build_casefile(store, s, demo_case.number)
    out = tmp_path / "casefile.pdf"
    out.write_bytes(built.pdf)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                             text=True, check=True).stdout)
    label = f"书证#{row.item_no}scan.tif"
    assert f"{label}第1页/共2页" in text and f"{label}第2页/共2页" in text
    assert "共2页" in text  # the 卷内目录 entry
    reader = PdfReader(out)
    assert len(reader.pages) == built.pages
    with_images = [p for p in reader.pages if p["/Resources"].get("/XObject")]
    assert len(with_images) >= 2


def test_a_long_document_is_bound_in_up_to_the_limit_with_a_note(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    pages = DOCUMENT_PAGES + 2
    imported(store, demo_case, licence_pdf(tmp_path / "long.pdf", pages), worker)
    with store.read() as s:
        built = build_casefile(store, s, demo_case.number)
    out = tmp_path / "casefile.pdf"
    out.write_bytes(built.pdf)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                             text=True, check=True).stdout)
    assert f"第{DOCUMENT_PAGES}页/共{pages}页" in text
    assert f"第{DOCUMENT_PAGES + 1}页" not in text
    assert f"本书证共{pages}页，案卷收录前{DOCUMENT_PAGES}页" in text


# -- bad input: a clear Chinese message and nothing written -----------------------------------


def test_an_encrypted_pdf_is_refused(store: StationStore, demo_case: Case, tmp_path: Path,
                                     worker: DecodeWorker) -> None:
    writer = PdfWriter(clone_from=licence_pdf(tmp_path / "plain.pdf"))
    writer.encrypt(user_password="1234", owner_password="owner", algorithm="AES-256")
    src = tmp_path / "locked.pdf"
    writer.write(src)
    err = refuse(store, demo_case, src, worker=worker)
    assert "PDF 已加密" in err.message_zh and "需要密码" in err.message_zh


def test_a_pdf_cut_off_part_way_is_refused(store: StationStore, demo_case: Case,
                                           tmp_path: Path, worker: DecodeWorker) -> None:
    data = licence_pdf(tmp_path / "plain.pdf").read_bytes()
    src = tmp_path / "cut.pdf"
    src.write_bytes(data[: len(data) * 2 // 3])
    err = refuse(store, demo_case, src, worker=worker)
    assert "PDF 文件不完整" in err.message_zh


def test_a_pdf_of_ten_thousand_pages_is_refused_with_the_limit(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    writer = PdfWriter()
    for _ in range(10_000):
        writer.add_blank_page(595, 842)
    src = tmp_path / "pages.pdf"
    writer.write(src)
    err = refuse(store, demo_case, src, worker=worker)
    assert f"共 10000 页，超过书证页数上限 {MAX_PAGES} 页" in err.message_zh


def test_a_pdf_with_javascript_is_refused(store: StationStore, demo_case: Case,
                                          tmp_path: Path, worker: DecodeWorker) -> None:
    writer = PdfWriter(clone_from=licence_pdf(tmp_path / "plain.pdf"))
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('hi');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    src = tmp_path / "scripted.pdf"
    writer.write(src)
    err = refuse(store, demo_case, src, worker=worker)
    assert "JavaScript" in err.message_zh


def test_a_tiff_scan_with_a_broken_second_page_is_refused(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    good = two_page_tiff(tmp_path / "good.tif")
    with Image.open(good) as im:
        im.seek(1)
        strip_at = im.tag_v2[273][0]  # StripOffsets of page 2
    data = bytearray(good.read_bytes())
    data[strip_at : strip_at + 64] = b"\xff" * 64  # its deflate stream no longer inflates
    src = tmp_path / "broken.tif"
    src.write_bytes(bytes(data))
    err = refuse(store, demo_case, src, worker=worker)
    assert "第 2 页已损坏" in err.message_zh


def test_a_garbage_pdf_is_refused_as_damaged(store: StationStore, demo_case: Case,
                                             tmp_path: Path, worker: DecodeWorker) -> None:
    src = tmp_path / "junk.pdf"
    src.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    err = refuse(store, demo_case, src, worker=worker)
    assert "已损坏" in err.message_zh


def test_print_copy_pages_round_trip() -> None:
    from gridapp.evidence.paging import Page, print_pdf

    jpegs = []
    for colour in ("red", "blue"):
        buf = io.BytesIO()
        Image.new("RGB", (40, 60), colour).save(buf, "JPEG")
        jpegs.append(buf.getvalue())
    pdf = print_pdf([Page(j, 200.0, 300.0) for j in jpegs])
    assert page_jpegs(pdf) == jpegs
    reader = PdfReader(io.BytesIO(pdf))
    assert [float(p.mediabox.width) for p in reader.pages] == [200.0, 200.0]
