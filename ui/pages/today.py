"""今日待办: the signed-in officer's cases with a deadline due today or overdue, re-checks due and
cases just assigned — overdue first. Enter opens the case at the tab where the work is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.language import day, pick
from ui.language import tr as _tr
from ui.rows_model import Column, RowsModel
from ui.table import RowsTable
from ui.tasks import Changes, Progress

if TYPE_CHECKING:  # the core's reader loads the ORM: imported by the work on the lane
    from gridapp.workbench.today import WorkItem

OVERDUE_COLOUR = "#c0392b"
DUE_COLOUR = "#b9770e"




def kind_text(item: WorkItem) -> str:
    if item.kind == "overdue":
        return _tr("逾期 {n} 天").format(n=item.days_overdue)
    if item.kind == "recheck" and item.days_overdue > 0:
        return _tr("复查逾期 {n} 天").format(n=item.days_overdue)
    return {"due_today": _tr("今日到期"), "recheck": _tr("整改复查"),
            "assigned": _tr("新分派"), "returned": _tr("审批退回")}.get(item.kind, item.kind)


def today_columns() -> list[Column[WorkItem]]:
    def colour(item: WorkItem) -> str | None:
        if item.kind == "recheck":  # late while the correction goes unchecked
            return OVERDUE_COLOUR if item.days_overdue > 0 else DUE_COLOUR
        return {"overdue": OVERDUE_COLOUR, "due_today": DUE_COLOUR}.get(item.kind)

    return [
        Column(lambda: _tr("类别"), kind_text, colour=colour, width=115),
        Column(lambda: _tr("事项"), lambda i: pick(i.title, i.title_en),
               tooltip=lambda i: pick(i.title, i.title_en), width=200),
        Column(lambda: _tr("期限"), lambda i: day(i.due_on), width=125),
        Column(lambda: _tr("案件编号"), lambda i: i.case_number, width=190),
        Column(lambda: _tr("违法行为"), lambda i: i.violation_name, width=150),
        Column(lambda: _tr("当事人"), lambda i: i.party_name, width=150),
        Column(lambda: _tr("地点"), lambda i: i.address, tooltip=lambda i: i.address, width=220),
    ]


class TodayPage(QWidget):
    open_case = Signal(str, str)  # case id, tab
    counted = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("todayPage")
        self.model: RowsModel[WorkItem] = RowsModel(today_columns(), self)
        self.table = RowsTable(self.model)
        self.table.setObjectName("todayTable")
        self.table.activated_row.connect(lambda item: self.open_case.emit(item.case_id, item.tab))
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.empty = QLabel(_tr("今天没有到期或逾期的事项。"))
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

        def read(_p: Progress) -> tuple[WorkItem, ...]:
            from gridapp.workbench.today import todays_work

            return todays_work(store, officer_id)

        self.ctx.tasks.run(read, on_done=self._show,
                           key="today", error_title=_tr("无法读取今日待办"))

    def _show(self, items: tuple[WorkItem, ...]) -> None:
        self.model.set_rows(items)
        overdue = sum(1 for i in items if i.kind == "overdue"
                      or (i.kind == "recheck" and i.days_overdue > 0))
        self.heading.setText(_tr("{name} 的今日待办：共 {n} 项，其中逾期 {overdue} 项").format(
            name=self.ctx.officer.name, n=len(items), overdue=overdue))
        self.empty.setVisible(not items)
        if items and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.counted.emit(len(items))

    def _changed(self, changes: Changes) -> None:
        if changes.touches("case", "checklist", "document", "approval", "follow_up"):
            self.reload()
