"""文书 and 时间线: read-only lists of the case's documents and of its audit trail in words."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gridapp.vocab.document_kind import DOCUMENT_KIND
from gridapp.vocab.document_state import DOCUMENT_STATE
from gridapp.workbench.documents import DocumentRow, case_documents
from gridapp.workbench.timeline import TimelineEntry, case_timeline
from ui.case_view.common import CaseTab
from ui.context import AppContext
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
    relevant = ("case", "document")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("documentsTab")
        self.model: RowsModel[DocumentRow] = RowsModel(document_columns(), self)
        self.table = RowsTable(self.model)
        self.note = QLabel(_tr("本案还没有文书。制作文书的功能随文书模块提供。"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def reload(self) -> None:
        case_id, store = self.case_id, self.ctx.store
        if case_id is None:
            return
        self.ctx.tasks.run(lambda _p: case_documents(store, case_id), on_done=self._show,
                           key=self.key("documents"), error_title=_tr("无法读取文书"))

    def _show(self, rows: tuple[DocumentRow, ...]) -> None:
        self.model.set_rows(rows)
        self.note.setVisible(not rows)
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
