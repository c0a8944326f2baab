"""A PDF's own pages as images (PDFium), a zoomable page view, and printing those pages.

Contract: ``page_images`` and ``print_pdfs`` run on a worker lane (never the GUI thread); PDFium
is not thread-safe, so every use holds ``_PDFIUM``. A PDF written to a file printer (QPrinter in
PDF mode with an output file) is the PDFs themselves, joined — what was issued is what is filed;
any other printer gets every page rasterised at the printer's resolution (capped at
``MAX_PRINT_DPI``), never a re-layout.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QHideEvent,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import ValidationError
from ui.language import tr as _tr

_PDFIUM = threading.Lock()
PREVIEW_DPI = 110
MAX_PRINT_DPI = 300  # one A4 page is ~35 MB at 300 dpi; pages are printed one at a time
SMOOTH_PAGES = 6


def page_images(pdf: bytes, dpi: float = PREVIEW_DPI,
                stop: Callable[[], None] | None = None, *, width: int = 0,
                only: int | None = None) -> list[QImage]:
    """Every page of ``pdf`` rendered at ``dpi`` (or ``width`` pixels wide), in the screen's
    pixel format so showing it costs no conversion; ``stop()`` is called between pages and may
    raise to give up."""
    import pypdfium2 as pdfium

    images: list[QImage] = []
    with _PDFIUM:
        try:
            doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise ValidationError("文件不是可读的 PDF", f"not a readable PDF: {exc}",
                                  field="pdf") from exc
        try:
            for i in range(len(doc)) if only is None else (only,):
                if stop is not None:
                    stop()
                page = doc[i]
                scale = width / page.get_width() if width > 0 else dpi / 72
                # BGRx is QImage's RGB32 byte for byte: no conversion (Qt converts big images on
                # its shared thread pool, which the window's own painting then waits behind).
                bitmap = page.render(scale=scale, prefer_bgrx=True)
                w, h, stride = bitmap.width, bitmap.height, bitmap.stride
                fmt = QImage.Format.Format_RGB32 if bitmap.n_channels == 4 \
                    else QImage.Format.Format_BGR888
                images.append(QImage(bytes(bitmap.buffer), w, h, stride, fmt).copy())
                bitmap.close()
                page.close()
        finally:
            doc.close()
    return images


def joined(pdfs: Sequence[bytes]) -> bytes:
    """The PDFs one after another in one file (each unchanged page by page)."""
    if len(pdfs) == 1:
        return pdfs[0]
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def print_pdfs(printer: QPrinter, pdfs: Sequence[bytes], *, raster: bool | None = None,
               stop: Callable[[], None] | None = None,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Print ``pdfs`` on ``printer``; returns the number of pages sent. ``raster`` forces the
    path (None: a PDF file printer gets the PDFs as they are, any other printer images)."""
    to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and \
        bool(printer.outputFileName())
    if raster is None:
        raster = not to_file
    if not raster:
        from gridapp.documents.service import write_pdf

        data = joined(pdfs)
        write_pdf(data, Path(printer.outputFileName()))
        import pypdfium2 as pdfium

        with _PDFIUM:
            doc = pdfium.PdfDocument(data)
            count = len(doc)
            doc.close()
        return count
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    printer.setResolution(dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise ValidationError("无法开始打印，请检查打印机是否可用", "the printer refused to start",
                              field="printer")
    sent = 0
    try:
        total = 0
        for data in pdfs:
            with _PDFIUM:
                import pypdfium2 as pdfium

                doc = pdfium.PdfDocument(data)
                count = len(doc)
                doc.close()
            total += count
            for index in range(count):  # one page in memory at a time
                [image] = page_images(data, dpi, stop, only=index)
                if sent:
                    printer.newPage()
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.x(), target.y(), size.width(), size.height()),
                                  image)
                del image
                sent += 1
                if progress is not None:
                    progress(sent, max(total, sent))
    finally:
        painter.end()
    return sent


class PageView(QWidget):
    """Pages shown one under another, zoomable (Ctrl+= / Ctrl+- / Ctrl+0 for fit width)."""

    zoomed = Signal(float)
    drawn = Signal()  # every page is drawn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.images: list[QImage] = []
        self.zoom = 1.0
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.area.setStyleSheet("QScrollArea { background: #808080; }")
        self.pages = QWidget()
        self.pages.setStyleSheet("background: #808080;")
        self.column = QVBoxLayout(self.pages)
        self.column.setSpacing(12)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.area.setWidget(self.pages)
        self.note = QLabel()
        self.note.setObjectName("pageNote")
        smaller = QPushButton(_tr("缩小"))
        smaller.clicked.connect(lambda: self.set_zoom(self.zoom / 1.25))
        larger = QPushButton(_tr("放大"))
        larger.clicked.connect(lambda: self.set_zoom(self.zoom * 1.25))
        fit = QPushButton(_tr("适合宽度"))
        fit.clicked.connect(lambda: self.set_zoom(1.0))
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        for button in (smaller, larger, fit):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.area, 1)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.set_zoom(self.zoom * 1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.set_zoom(self.zoom / 1.25))
        QShortcut(QKeySequence("Ctrl+0"), self, lambda: self.set_zoom(1.0))
        self.labels: list[QLabel] = []
        self._queue: list[int] = []
        self._drawn_width = 0
        self._draw_timer = QTimer(self)
        self._draw_timer.setInterval(0)
        self._draw_timer.timeout.connect(self._draw_next)

    def show_message(self, text: str) -> None:
        self.note.setText(text)

    def set_images(self, images: Sequence[QImage], note: str = "") -> None:
        self.images = list(images)
        self.note.setText(note or _tr("共 {n} 页").format(n=len(self.images)))
        self._layout_pages()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.25, min(zoom, 4.0))
        self._layout_pages()
        self.zoomed.emit(self.zoom)

    def render_width(self) -> int:
        """The width to render pages at for the current zoom (read on the GUI thread, pass to
        ``page_images``)."""
        return self.page_width()

    def page_width(self) -> int:
        """Pixels a page is drawn at: the view's width at zoom 1, times the zoom."""
        width = max(self.area.viewport().width() - 40, 200)
        return int(width * self.zoom)

    @property
    def complete(self) -> bool:
        """Every page is drawn at the current zoom."""
        return not self._queue

    def _layout_pages(self) -> None:
        """Size the page labels at once, then draw one page per event-loop turn: a long case
        file never holds the GUI thread for more than one page."""
        while len(self.labels) > len(self.images):
            label = self.labels.pop()
            self.column.removeWidget(label)
            label.deleteLater()
        while len(self.labels) < len(self.images):
            label = QLabel()
            label.setObjectName(f"page:{len(self.labels) + 1}")
            label.setStyleSheet("background: white;")
            self.column.addWidget(label)
            self.labels.append(label)
        width = self.page_width()
        for label, image in zip(self.labels, self.images, strict=True):
            label.setFixedSize(QSize(width, round(image.height() * width / max(image.width(), 1))))
        self._queue = list(range(len(self.images)))
        self._drawn_width = width
        self._draw_timer.start()

    def _draw_next(self) -> None:
        if not self._queue:
            self._draw_timer.stop()
            return
        i = self._queue.pop(0)
        if i >= len(self.images):
            return
        image = self.images[i]
        mode = Qt.TransformationMode.SmoothTransformation if len(self.images) <= SMOOTH_PAGES \
            else Qt.TransformationMode.FastTransformation
        # Pages rendered at the view's width (``render_width``) are shown as they are.
        scaled = image if image.width() == self._drawn_width else \
            image.scaledToWidth(self._drawn_width, mode)
        self.labels[i].setPixmap(QPixmap.fromImage(scaled))
        if not self._queue:
            self._draw_timer.stop()
            self.drawn.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        self._draw_timer.stop()  # nothing to draw for while hidden
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._queue:
            self._draw_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.images and self._drawn_width != self.page_width():
            self._layout_pages()
