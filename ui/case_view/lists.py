"""文书 and 时间线: read-only lists of the case's documents and of its audit trail in words."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gridapp.vocab.document_kind import DOCUMENT_KIND
from gridapp.vocab.document_state import DOCUMENT_STATE
from gridapp.workbench.documents import DocumentRow, case_documents
from gridapp.workbench.timeline import TimelineEntry, case_timeline
from ui.case_view.common import CaseTab
from ui.context import AppContext
from ui.documents import actions
from ui.language import pick, vocab_label
from ui.language import tr as _tr
from ui.rows_model import Column, RowsModel
from ui.table import RowsTable


def document_columns() -> list[Column[DocumentRow]]:
    return [
        Column(lambda: _tr("文书"), lambda d: vocab_label(DOCUMENT_KIND, d.kind), width=200),
        Column(lambda: _tr("文号"), lambda d: d.number, width=220),
        Column(lambda: _tr("状态"), lambda d: vocab_label(DOCUMENT_STATE, d.state), width=80),
        Column(lambda: _tr("制作时间"), lambda d: d.issued_at_text, width=150),
        Column(lambda: _tr("送达"), lambda d: " ".join(
            p for p in (d.served_on_text, d.service_method_label) if p), width=160),
    ]


def timeline_columns() -> list[Column[TimelineEntry]]:
    return [
        Column(lambda: _tr("时间"), lambda e: e.at_text, width=150),
        Column(lambda: _tr("执法人员"), lambda e: e.officer_name, width=90),
        Column(lambda: _tr("操作"), lambda e: pick(e.action_label, e.action_label_en), width=160),
        Column(lambda: _tr("内容"), lambda e: e.summary, tooltip=lambda e: e.summary or None,
               width=500),
    ]


class DocumentsTab(CaseTab):
    """The case's documents with what can be done to each: view and print, record service,
    void; and the two ways to make paper: 制作文书 (Ctrl+D) and 案卷."""

    relevant = ("case", "document")
    new_document = Signal()
    open_case_file = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("documentsTab")
        self.party_name = ""
        self.model: RowsModel[DocumentRow] = RowsModel(document_columns(), self)
        self.table = RowsTable(self.model)
        self.table.activated_row.connect(lambda _r: self.view_selected())
        self.note = QLabel(_tr("本案还没有文书。点“制作文书”（Ctrl+D），系统会先列出下一步应制作的文书。"))
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        self.make_button = self._button(_tr("制作文书(&D)…"), "makeDocument", self.new_document.emit)
        self.view_button = self._button(_tr("查看 / 打印…"), "viewDocument", self.view_selected)
        self.serve_button = self._button(_tr("记录送达…"), "serveDocument", self.serve_selected)
        self.void_button = self._button(_tr("作废…"), "voidDocument", self.void_selected)
        self.case_file_button = self._button(_tr("案卷(&J)…"), "caseFile", self.open_case_file.emit)
        for b in (self.make_button, self.view_button, self.serve_button, self.void_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.case_file_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self._enable()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def selected(self) -> DocumentRow | None:
        row = self.table.current_row()
        return row if isinstance(row, DocumentRow) else None

    def _enable(self) -> None:
        row = self.selected()
        self.view_button.setEnabled(row is not None)
        self.serve_button.setEnabled(row is not None and row.state != "voided")
        self.void_button.setEnabled(row is not None and row.state != "voided")

    def view_selected(self) -> None:
        row = self.selected()
        if row is not None:
            from ui.documents.viewer import DocumentViewer

            viewer = DocumentViewer(self.ctx, row, self)
            viewer.show()
            self.viewer = viewer

    def serve_selected(self) -> None:
        row = self.selected()
        if row is not None and self.case_id is not None:
            actions.ask_service(self.ctx, self, row, self.case_id, self.party_name)

    def void_selected(self) -> None:
        row = self.selected()
        if row is not None and self.case_id is not None:
            actions.void_document(self.ctx, self, row, self.case_id)

    def reload(self) -> None:
        case_id, store = self.case_id, self.ctx.store
        if case_id is None:
            return
        self.ctx.tasks.run(lambda _p: case_documents(store, case_id), on_done=self._show,
                           key=self.key("documents"), error_title=_tr("无法读取文书"))

    def _show(self, rows: tuple[DocumentRow, ...]) -> None:
        current = self.selected()
        self.model.set_rows(rows)
        if current is not None:
            for i, row in enumerate(rows):
                if row.id == current.id:
                    self.table.selectRow(i)
        self.note.setVisible(not rows)
        self._enable()
        self.loaded.emit()


class TimelineTab(CaseTab):
    relevant = ("case", "evidence", "checklist", "party", "document")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("timelineTab")
        self.model: RowsModel[TimelineEntry] = RowsModel(timeline_columns(), self)
        self.table = RowsTable(self.model)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        case_id, store = self.case_id, self.ctx.store
        if case_id is None:
            return
        self.ctx.tasks.run(lambda _p: case_timeline(store, case_id), on_done=self._show,
                           key=self.key("timeline"), error_title=_tr("无法读取时间线"))

    def _show(self, entries: tuple[TimelineEntry, ...]) -> None:
        self.model.set_rows(entries)
        self.table.resizeRowsToContents()
        self.loaded.emit()
