"""当事人: find a party by name, ID number or phone, see their cases; Enter opens a case."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.workbench.parties import (
    PartyHistory,
    PartyListRow,
    PartyPage,
    PriorCaseView,
    party_history,
    party_page,
)
from ui.context import AppContext
from ui.language import day, vocab_label
from ui.language import tr as _tr
from ui.rows_model import Column, RowsModel
from ui.table import RowsTable
from ui.tasks import Changes

PAGE_SIZE = 200




def party_columns() -> list[Column[PartyListRow]]:
    return [
        Column(lambda: _tr("名称/姓名"), lambda p: p.name, width=200),
        Column(lambda: _tr("类型"), lambda p: vocab_label(PARTY_KIND, p.kind), width=150),
        Column(lambda: _tr("证件号码"), lambda p: p.id_number_masked, width=180),
        Column(lambda: _tr("案件数"), lambda p: str(p.case_count), width=60),
        Column(lambda: _tr("最近案件"),
               lambda p: day(p.last_case_on), width=95),
    ]


def prior_columns() -> list[Column[PriorCaseView]]:
    return [
        Column(lambda: _tr("案件编号"), lambda c: c.number, width=190),
        Column(lambda: _tr("发现日期"), lambda c: day(c.opened_on), width=95),
        Column(lambda: _tr("违法行为"), lambda c: c.violation_name, width=150),
        Column(lambda: _tr("状态"), lambda c: vocab_label(CASE_STATUS, c.status), width=90),
        Column(lambda: _tr("处理结果"), lambda c: c.outcome_label, width=150),
    ]


class PartiesPage(QWidget):
    open_case = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("partiesPage")
        self.search = QLineEdit()
        self.search.setObjectName("partySearch")
        self.search.setPlaceholderText(_tr("按名称、身份证号/统一社会信用代码或电话查找当事人"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.model: RowsModel[PartyListRow] = RowsModel(party_columns(), self)
        self.table = RowsTable(self.model)
        self.table.setObjectName("partyTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._load_history())
        self.history_label = QLabel(_tr("选择一个当事人查看其案件。"))
        self.history_model: RowsModel[PriorCaseView] = RowsModel(prior_columns(), self)
        self.history = RowsTable(self.history_model)
        self.history.setObjectName("partyHistory")
        self.history.activated_row.connect(lambda c: self.open_case.emit(c.case_id, "basic"))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_label)
        lower_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)
        ctx.tasks.changed.connect(self._changed)

    def activate(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._timer.stop()
        text, store = self.search.text().strip(), self.ctx.store
        self.ctx.tasks.run(lambda _p: party_page(store, text, offset=0, limit=PAGE_SIZE),
                           on_done=self._show, key="parties", error_title=_tr("无法查询当事人"))

    def _show(self, page: PartyPage) -> None:
        self.model.set_rows(page.rows)
        self.history_model.set_rows(())
        self.history_label.setText(_tr("选择一个当事人查看其案件。"))

    def _load_history(self) -> None:
        row = self.table.current_row()
        if row is None:
            return
        store = self.ctx.store
        self.ctx.tasks.run(lambda _p: party_history(store, row.id), on_done=self._show_history,
                           key="party-history", error_title=_tr("无法读取当事人的案件"))

    def _show_history(self, history: PartyHistory) -> None:
        self.history_label.setText(_tr("{name} 的案件（{n} 件）：").format(
            name=history.party.name, n=len(history.earlier)))
        self.history_model.set_rows(history.earlier)

    def _changed(self, changes: Changes) -> None:
        if changes.touches("party", "case") and self.isVisible():
            self.reload()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
