"""审批: the requests waiting for a lead — approve or return with a comment, record the 法制审核
opinion and the 集体讨论 — each through a dialog (confirmation before approving or returning).
Keyboard: arrows choose a request, Enter opens its case, Alt+A 批准, Alt+R 退回, Alt+L 法制审核,
Alt+D 集体讨论. An officer sees the queue without the lead's buttons (the core refuses anyway)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gridapp.timeutil import station_time
from gridapp.vocab.approval import APPROVAL_STEP
from ui.context import AppContext
from ui.language import tr as _tr
from ui.language import vocab_label
from ui.rows_model import Column, RowsModel
from ui.table import RowsTable
from ui.tasks import Changes, Progress

if TYPE_CHECKING:  # the core's reader loads the ORM: imported by the work on the lane
    from gridapp.approvals.service import ApprovalRow
    from gridapp.workbench.leads import ApprovalQueue

WAITING_COLOUR = "#b9770e"


def _when(row: ApprovalRow) -> str:
    return f"{station_time(row.submitted_at):%Y-%m-%d %H:%M}"


def state_text(row: ApprovalRow) -> str:
    if row.status != "pending":
        return row.status_label
    if row.legal_review_required and not row.legal_review:
        return _tr("待法制审核")
    if row.collective_required and not row.collective:
        return _tr("待集体讨论")
    return _tr("待负责人审批")


def approval_columns() -> list[Column[ApprovalRow]]:
    return [
        Column(lambda: _tr("审批环节"), lambda r: vocab_label(APPROVAL_STEP, r.step), width=90),
        Column(lambda: _tr("状态"), state_text, colour=lambda _r: WAITING_COLOUR, width=100),
        Column(lambda: _tr("案件编号"), lambda r: r.case_number, width=190),
        Column(lambda: _tr("违法行为"), lambda r: r.violation_name, width=150),
        Column(lambda: _tr("当事人"), lambda r: r.party_name, width=140),
        Column(lambda: _tr("提交人"), lambda r: r.submitted_by, width=70),
        Column(lambda: _tr("提交时间"), _when, width=130),
        Column(lambda: _tr("拟罚款（元）"), lambda r: "" if r.proposed_fine is None
               else str(r.proposed_fine), width=90),
        Column(lambda: _tr("承办人意见"), lambda r: r.note, tooltip=lambda r: r.note or None,
               width=200),
    ]


def detail_text(row: ApprovalRow) -> str:
    lines = [_tr("{step}　{case}　{party}").format(
        step=vocab_label(APPROVAL_STEP, row.step), case=row.case_number, party=row.party_name)]
    if row.proposed_fine is not None:
        lines.append(_tr("拟罚款：{fine} 元").format(fine=row.proposed_fine))
    if row.note:
        lines.append(_tr("承办人意见：{text}").format(text=row.note))
    if row.major_reason:
        lines.append(_tr("须法制审核、集体讨论：{why}").format(why=row.major_reason))
    if row.legal_review:
        lines.append(_tr("法制审核意见：{text}（{who}）").format(text=row.legal_review,
                                                           who=row.legal_reviewer))
    if row.collective:
        lines.append(_tr("集体讨论：{text}（{who}）").format(text=row.collective,
                                                       who=row.collective_by))
    return "\n".join(lines)


class ApprovalsPage(QWidget):
    open_case = Signal(str, str)  # case id, tab
    counted = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("approvalsPage")
        self.may_decide = False
        self.dialog: QDialog | None = None  # the open dialog (tests drive it)
        self.model: RowsModel[ApprovalRow] = RowsModel(approval_columns(), self)
        self.table = RowsTable(self.model)
        self.table.setObjectName("approvalTable")
        self.table.activated_row.connect(lambda r: self.open_case.emit(r.case_id, "approvals"))
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.detail = QLabel()
        self.detail.setObjectName("approvalDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel(_tr("没有待审批的请求。"))
        self.empty.hide()
        self.officer_note = QLabel(_tr("审批、法制审核和集体讨论由中队长办理；此处可查看待审批的请求。"))
        self.officer_note.setWordWrap(True)
        self.officer_note.hide()
        self.approve_button = self._button(_tr("批准(&A)…"), "approve")
        self.return_button = self._button(_tr("退回(&R)…"), "return")
        self.review_button = self._button(_tr("法制审核(&L)…"), "legal_review")
        self.discuss_button = self._button(_tr("集体讨论(&D)…"), "collective")
        self.open_button = QPushButton(_tr("打开案件(&O)"))
        self.open_button.setObjectName("openApprovalCase")
        self.open_button.clicked.connect(self._open_selected)
        buttons = QHBoxLayout()
        for b in (self.approve_button, self.return_button, self.review_button,
                  self.discuss_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.officer_note)
        layout.addWidget(split, 1)
        layout.addWidget(self.empty)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())
        ctx.tasks.changed.connect(self._changed)
        self._enable()

    def _button(self, text: str, act: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"act:{act}")
        button.clicked.connect(lambda _c=False, act=act: self.act(act))
        return button

    def activate(self) -> None:
        self.reload()

    def reload(self) -> None:
        store, officer_id = self.ctx.store, self.ctx.officer.id

        def read(_p: Progress) -> ApprovalQueue:
            from gridapp.workbench.leads import approval_queue

            return approval_queue(store, officer_id)

        self.ctx.tasks.run(read, on_done=self._show, key="approvals",
                           error_title=_tr("无法读取待审批队列"), owner=self)

    def _show(self, queue: ApprovalQueue) -> None:
        current = self.selected()
        self.may_decide = queue.may_decide
        self.model.set_rows(queue.rows)
        self.heading.setText(_tr("待审批：共 {n} 项").format(n=len(queue.rows)))
        self.empty.setVisible(not queue.rows)
        self.officer_note.setVisible(not queue.may_decide)
        for b in (self.approve_button, self.return_button, self.review_button,
                  self.discuss_button):
            b.setVisible(queue.may_decide)
        index = next((i for i, r in enumerate(queue.rows)
                      if current is not None and r.id == current.id), 0)
        if queue.rows:
            self.table.selectRow(index)
        self._selected()
        self.counted.emit(len(queue.rows))

    def selected(self) -> ApprovalRow | None:
        row = self.table.current_row()
        return row if row is not None and hasattr(row, "step") else None

    def _selected(self) -> None:
        row = self.selected()
        self.detail.setText(detail_text(row) if row is not None else "")
        self._enable()

    def _enable(self) -> None:
        row = self.selected()
        ok = row is not None and self.may_decide
        self.approve_button.setEnabled(ok)
        self.return_button.setEnabled(ok)
        self.review_button.setEnabled(ok and row is not None and row.step == "penalty")
        self.discuss_button.setEnabled(ok and row is not None and row.step == "penalty")
        self.open_button.setEnabled(row is not None)

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_case.emit(row.case_id, "approvals")

    def act(self, act: str) -> None:
        row = self.selected()
        if row is None:
            return
        from ui.leads.dialogs import LeadActDialog

        dialog = LeadActDialog(self.ctx, act, row, self)
        self.dialog = dialog

        def done() -> None:
            what = {"approve": _tr("已批准"), "return": _tr("已退回"),
                    "legal_review": _tr("已记录法制审核意见"), "collective": _tr("已记录集体讨论")}
            self.ctx.message(_tr("{what}：{case} {step}").format(
                what=what[act], case=row.case_number, step=vocab_label(APPROVAL_STEP, row.step)))

        dialog.accepted.connect(done)
        dialog.open()  # window-modal, without a nested event loop

    def _changed(self, changes: Changes) -> None:
        if changes.touches("approval", "case"):
            self.reload()
