"""An issued document as it was issued: its pages, 打印 and 另存为 PDF."""

from __future__ import annotations

from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from gridapp.workbench.documents import DocumentRow
from gridapp.workbench.drafting import issued_pdf
from ui.context import AppContext
from ui.documents import actions
from ui.language import tr as _tr
from ui.pdf_pages import PageView, page_images
from ui.tasks import Progress


class DocumentViewer(QDialog):
    def __init__(self, ctx: AppContext, row: DocumentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.setObjectName("documentViewer")
        title = f"{row.kind_label} {row.number}"
        if row.state == "voided":
            title += _tr("（已作废：{reason}）").format(reason=row.void_reason)
        self.setWindowTitle(title)
        self.resize(820, 900)
        self.preview = PageView()
        print_button = QPushButton(_tr("打印(&P)…"))
        print_button.setObjectName("printDocument")
        print_button.clicked.connect(
            lambda: actions.print_document(ctx, self, row.id, row.kind_label))
        save_button = QPushButton(_tr("另存为 PDF(&A)…"))
        save_button.setObjectName("saveDocument")
        save_button.clicked.connect(lambda: actions.save_document(ctx, self, row.id, row.number))
        close = QPushButton(_tr("关闭"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(print_button)
        buttons.addWidget(save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.preview, 1)
        QShortcut(QKeySequence("Ctrl+W"), self, self.close)
        QShortcut(QKeySequence.StandardKey.Print, self, print_button.click)
        store, doc_id = ctx.store, row.id
        width = self.preview.render_width()

        def load(p: Progress) -> list[QImage]:
            return page_images(issued_pdf(store, doc_id), stop=p.check, width=width)

        self.preview.show_message(_tr("正在载入……"))
        ctx.tasks.run(load, on_done=self.preview.set_images,
                      key=f"viewer-{id(self)}", error_title=_tr("无法显示文书"), owner=self)
