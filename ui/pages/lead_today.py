"""中队督办 (the lead's 今日待办): the team's work that waits for the lead or is late — overdue
time limits of the officers' cases, approvals waiting, overdue 复查/回访/12345 反馈, open sync
conflicts — most urgent first. Enter opens the case (an approval opens the approval queue, a
conflict the sync page). Only a lead sees the list (the core refuses others)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gridapp.errors import PermissionDenied
from ui.context import AppContext
from ui.language import day, pick
from ui.language import tr as _tr
from ui.rows_model import Column, RowsModel
from ui.table import RowsTable
from ui.tasks import Changes, Progress

if TYPE_CHECKING:  # the core's reader loads the ORM: imported by the work on the lane
    from gridapp.workbench.today import LeadItem

OVERDUE_COLOUR = "#c0392b"
WAITING_COLOUR = "#b9770e"


def kind_text(item: LeadItem) -> str:
    if item.kind == "overdue_case":
        return _tr("案件逾期 {n} 天").format(n=item.days)
    if item.kind == "overdue_follow_up":
        return _tr("跟踪逾期 {n} 天").format(n=item.days)
    if item.kind == "approval":
        return _tr("待审批 {n} 天").format(n=item.days) if item.days else _tr("待审批")
    return _tr("同步冲突")


def lead_columns() -> list[Column[LeadItem]]:
    def colour(item: LeadItem) -> str | None:
        return OVERDUE_COLOUR if item.kind.startswith("overdue") else WAITING_COLOUR

    return [
        Column(lambda: _tr("类别"), kind_text, colour=colour, width=120),
        Column(lambda: _tr("事项"), lambda i: pick(i.title, i.title_en),
               tooltip=lambda i: pick(i.title, i.title_en), width=230),
        Column(lambda: _tr("案件编号"), lambda i: i.case_number, width=190),
        Column(lambda: _tr("承办人"), lambda i: i.officers, width=110),
        Column(lambda: _tr("日期"), lambda i: day(i.since), width=125),
        Column(lambda: _tr("说明"), lambda i: i.detail, tooltip=lambda i: i.detail or None,
               width=300),
    ]


class LeadTodayPage(QWidget):
    open_case = Signal(str, str)  # case id, tab
    open_approvals = Signal()
    open_sync = Signal()
    counted = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("leadTodayPage")
        self.model: RowsModel[LeadItem] = RowsModel(lead_columns(), self)
        self.table = RowsTable(self.model)
        self.table.setObjectName("leadTodayTable")
        self.table.activated_row.connect(self._open)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.empty = QLabel(_tr("中队今天没有待审批、逾期或冲突的事项。"))
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        ctx.tasks.changed.connect(self._changed)

    def activate(self) -> None:
        self.reload()

    def reload(self) -> None:
        store, officer_id = self.ctx.store, self.ctx.officer.id

        def read(_p: Progress) -> tuple[LeadItem, ...] | None:
            from gridapp.workbench.today import team_work

            try:
                return team_work(store, officer_id)
            except PermissionDenied:
                return None  # not a lead: the page says so

        self.ctx.tasks.run(read, on_done=self._show, key="lead-today",
                           error_title=_tr("无法读取中队督办"), owner=self)

    def _show(self, items: tuple[LeadItem, ...] | None) -> None:
        if items is None:
            self.model.set_rows(())
            self.heading.setText(_tr("中队督办由中队长查看。"))
            self.empty.hide()
            self.counted.emit(0)
            return
        self.model.set_rows(items)
        late = sum(1 for i in items if i.kind.startswith("overdue"))
        waiting = sum(1 for i in items if i.kind == "approval")
        self.heading.setText(_tr("中队今日待办：共 {n} 项，待审批 {waiting} 项，逾期 {late} 项").format(
            n=len(items), waiting=waiting, late=late))
        self.empty.setVisible(not items)
        if items and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.counted.emit(len(items))

    def _open(self, item: LeadItem) -> None:
        if item.target == "approval":
            self.open_approvals.emit()
        elif item.target == "sync":
            self.open_sync.emit()
        elif item.case_id:
            self.open_case.emit(item.case_id, item.tab)

    def _changed(self, changes: Changes) -> None:
        if changes.touches("case", "approval", "follow_up", "document", "checklist", "sync"):
            self.reload()
