"""书证: documents of several pages (a PDF, a multi-page TIFF scan) as evidence.

Worker side (``process_document``, run in the memory-limited decode worker on untrusted files):
every page is rasterised — a PDF with PDFium (pypdfium2; it has no JavaScript engine), a TIFF
page by page with Pillow — to at most ``DOC_PX`` pixels on the long edge, and the pages are
returned as the two derivatives every item has: the thumbnail (page 1) and the print copy, a
PDF with one JPEG per page at the page's own size (``print_pdf``). The original is stored as it
came, text and all; nothing else is kept.

Refused, with the page count or limit in the message: more than ``MAX_PAGES`` pages, a PDF that
needs a password, one that does not end with ``%%EOF`` (cut off: PDFium would rebuild it and
show what is left), one with JavaScript, a page that does not decode (named), a TIFF page over
the pixel limit.

Reader side (``page_jpegs``): the pages of a print copy this module wrote, as JPEG bytes, for
the desktop viewer and the case file. Only our own print copies are read this way.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from gridapp.evidence.imaging import (
    PRINT_QUALITY,
    THUMB_PX,
    THUMB_QUALITY,
    DecodeFailure,
    PhotoResult,
    shrunk,
)

MAX_PAGES = 200
DOC_PX = 2000  # an A4 page at about 170 dpi: small print stays legible
MAX_DPI = 300  # a small page (a receipt) is not blown up past this
TIFF_DPI = 200  # a scan that does not say its resolution
_SCRIPT = re.compile(rb"/(JavaScript|JS)[\s/<>\[\]()]")


@dataclass(frozen=True)
class Page:
    jpeg: bytes
    width_pt: float
    height_pt: float


def _jpeg(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def process_document(path: Path, *, max_pixels: int, max_pages: int = MAX_PAGES) -> PhotoResult:
    with path.open("rb") as fh:
        head = fh.read(5)
    pages = _pdf_pages(path, max_pages) if head == b"%PDF-" else _tiff_pages(path, max_pixels,
                                                                             max_pages)
    return _result(pages, "PDF" if head == b"%PDF-" else "TIFF")


def _result(pages: Iterator[tuple[Image.Image, float, float]], fmt: str) -> PhotoResult:
    out: list[Page] = []
    thumb = b""
    size = (0, 0)
    for image, w_pt, h_pt in pages:
        if not out:
            small = shrunk(image, THUMB_PX)
            thumb, size = _jpeg(small, THUMB_QUALITY), image.size
        out.append(Page(_jpeg(image, PRINT_QUALITY), w_pt, h_pt))
    meta = {"format": fmt, "pages": len(out), "width": size[0], "height": size[1]}
    return PhotoResult(meta, thumb, print_pdf(out))


def _pdf_pages(path: Path, max_pages: int) -> Iterator[tuple[Image.Image, float, float]]:
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    with path.open("rb") as fh:
        fh.seek(0, io.SEEK_END)
        fh.seek(max(0, fh.tell() - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise DecodeFailure("truncated", "no %%EOF at the end: the file was cut off")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise DecodeFailure("encrypted", str(exc)) from exc
        raise DecodeFailure("corrupt", str(exc)) from exc
    try:
        count = len(doc)
        if count == 0:
            raise DecodeFailure("corrupt", "no pages")
        if count > max_pages:
            raise DecodeFailure("too_many_pages", f"{count} pages (limit {max_pages})")
        if raw.FPDFDoc_GetJavaScriptActionCount(doc.raw) > 0 or _scripted(path):
            raise DecodeFailure("scripted", "the PDF carries JavaScript")
        for i in range(count):
            try:
                page = doc[i]
                w, h = page.get_size()
                scale = min(DOC_PX / max(w, h, 1.0), MAX_DPI / 72)
                bitmap = page.render(scale=scale)
                image = bitmap.to_pil().convert("RGB")
                bitmap.close()
                page.close()
            except pdfium.PdfiumError as exc:
                raise DecodeFailure("page_corrupt", f"page {i + 1}: {exc}") from exc
            yield image, w, h
    finally:
        doc.close()


def _scripted(path: Path) -> bool:
    """A JavaScript action written in the open (an OpenAction, a page or field action): the
    names tree is asked of PDFium; this catches the rest that is not inside a compressed
    object stream. Read in blocks with an overlap, never whole."""
    with path.open("rb") as fh:
        carry = b""
        while block := fh.read(1 << 20):
            if _SCRIPT.search(carry + block):
                return True
            carry = block[-16:]
    return False


def _tiff_pages(path: Path, max_pixels: int,
                max_pages: int) -> Iterator[tuple[Image.Image, float, float]]:
    try:
        im = Image.open(path, formats=("TIFF",))
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DecodeFailure("corrupt", str(exc)) from exc
    with im:
        count = getattr(im, "n_frames", 1)
        if count > max_pages:
            raise DecodeFailure("too_many_pages", f"{count} pages (limit {max_pages})")
        for i in range(count):
            try:
                im.seek(i)
                if im.size[0] * im.size[1] > max_pixels:
                    raise DecodeFailure("too_large", f"page {i + 1}: {im.size[0]}x{im.size[1]}")
                im.load()
                dpi = im.info.get("dpi") or (TIFF_DPI, TIFF_DPI)
                page = shrunk(_rgb(im), DOC_PX)
            except DecodeFailure:
                raise
            except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
                    zlib.error) as exc:
                raise DecodeFailure("page_corrupt", f"page {i + 1}: {exc}") from exc
            x_dpi, y_dpi = (float(d) if d and float(d) > 0 else TIFF_DPI for d in dpi[:2])
            yield page, im.size[0] / x_dpi * 72, im.size[1] / y_dpi * 72


def _rgb(im: Image.Image) -> Image.Image:
    if im.mode in ("1", "L", "P", "RGB", "CMYK", "LA", "RGBA"):
        return im.convert("RGB")
    if im.mode.startswith("I;16") or im.mode in ("I", "F"):
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L").convert("RGB")
    return im.convert("RGB")


# -- the print copy: a PDF of page JPEGs ------------------------------------------------------


def print_pdf(pages: list[Page]) -> bytes:
    """A PDF with one page per ``Page``, its JPEG filling a page of the original's size."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    add(b"<< /Type /Catalog /Pages 2 0 R >>")
    add(b"")  # the page tree, written once the pages are known
    kids: list[int] = []
    for n, page in enumerate(pages):
        with Image.open(io.BytesIO(page.jpeg)) as im:
            pw, ph = im.size
        image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                    b"/DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
                    % (pw, ph, len(page.jpeg)) + page.jpeg + b"\nendstream")
        w, h = round(page.width_pt, 2), round(page.height_pt, 2)
        draw = b"q %.2f 0 0 %.2f 0 0 cm /P%d Do Q" % (w, h, n)
        content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources "
                        b"<< /XObject << /P%d %d 0 R >> >> /Contents %d 0 R >>"
                        % (w, h, n, image, content)))
    objects[1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
                  + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def page_jpegs(pdf: bytes) -> list[bytes]:
    """The page JPEGs of a print copy written by ``print_pdf``, in order; ``ValueError`` when
    ``pdf`` is not one."""
    from pypdf.errors import PyPdfError

    try:
        return _page_jpegs(pdf)
    except (PyPdfError, KeyError, AssertionError) as exc:
        raise ValueError(f"not a document print copy: {exc!r}") from exc


def _page_jpegs(pdf: bytes) -> list[bytes]:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, StreamObject

    reader = PdfReader(io.BytesIO(pdf))
    out: list[bytes] = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        xobjects = resources["/XObject"].get_object()
        assert isinstance(xobjects, DictionaryObject)
        for ref in xobjects.values():
            stream = ref.get_object()
            assert isinstance(stream, StreamObject)
            out.append(bytes(stream.get_data()))  # DCTDecode: the JPEG as written
            break
    return out
