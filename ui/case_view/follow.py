"""审批与跟踪: the case's approval requests (a returned one with the lead's comment on top), the
execution of its fine decision (记录缴纳), and its follow-ups (复查、回访、12345 反馈), with
submitting for approval and recording payments and follow-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gridapp.timeutil import station_time
from gridapp.vocab.approval import APPROVAL_STATUS, APPROVAL_STEP
from gridapp.vocab.follow_up import FINDING, FOLLOW_UP_KIND, SATISFACTION
from ui.case_view.common import ERROR_STYLE, CaseTab
from ui.context import AppContext
from ui.language import day, vocab_label
from ui.language import tr as _tr
from ui.rows_model import Column, RowsModel
from ui.table import RowsTable
from ui.tasks import Progress

if TYPE_CHECKING:  # the core's reader loads the ORM: imported by the work on the lane
    from gridapp.approvals.service import ApprovalRow
    from gridapp.followups.service import FollowUpRow
    from gridapp.workbench.leads import CaseFollowWork


def _at(value: object) -> str:
    from datetime import datetime

    return f"{station_time(value):%Y-%m-%d %H:%M}" if isinstance(value, datetime) else ""


def approval_columns() -> list[Column[ApprovalRow]]:
    def opinion(r: ApprovalRow) -> str:
        return r.opinion if r.status != "pending" else r.note

    return [
        Column(lambda: _tr("审批环节"), lambda r: vocab_label(APPROVAL_STEP, r.step), width=90),
        Column(lambda: _tr("状态"), lambda r: vocab_label(APPROVAL_STATUS, r.status),
               colour=lambda r: "#c0392b" if r.status == "returned" else None, width=70),
        Column(lambda: _tr("提交人"), lambda r: r.submitted_by, width=70),
        Column(lambda: _tr("提交时间"), lambda r: _at(r.submitted_at), width=130),
        Column(lambda: _tr("审批人"), lambda r: r.decided_by, width=70),
        Column(lambda: _tr("意见"), opinion, tooltip=lambda r: opinion(r) or None, width=330),
    ]


def follow_state(f: FollowUpRow) -> str:
    if f.done_at is not None:
        return _tr("已完成")
    if f.days_overdue:
        return _tr("逾期 {n} 天").format(n=f.days_overdue)
    return _tr("待办")


def follow_columns() -> list[Column[FollowUpRow]]:
    return [
        Column(lambda: _tr("跟踪"), lambda f: vocab_label(FOLLOW_UP_KIND, f.kind), width=120),
        Column(lambda: _tr("应完成日期"), lambda f: day(f.due), width=125),
        Column(lambda: _tr("状态"), follow_state,
               colour=lambda f: "#c0392b" if f.days_overdue else None, width=80),
        Column(lambda: _tr("结论"), lambda f: vocab_label(FINDING, f.finding) if f.finding else "",
               width=90),
        Column(lambda: _tr("满意度"), lambda f: vocab_label(SATISFACTION, f.satisfaction)
               if f.satisfaction else "", width=80),
        Column(lambda: _tr("记录人"), lambda f: f.done_by, width=70),
        Column(lambda: _tr("情况说明"), lambda f: f.result, tooltip=lambda f: f.result or None,
               width=250),
    ]


def returned_text(rows: tuple[ApprovalRow, ...]) -> str:
    """The comment of each step whose latest request was returned (rows: newest first)."""
    seen: set[str] = set()
    lines = []
    for r in rows:
        if r.step in seen:
            continue
        seen.add(r.step)
        if r.status == "returned":
            lines.append(_tr("{step}被退回（{who} {at}）：{comment}。请修改后重新提交。").format(
                step=vocab_label(APPROVAL_STEP, r.step), who=r.decided_by, at=_at(r.decided_at),
                comment=r.opinion.rstrip("。.")))
    return "\n".join(lines)


class ApprovalsTab(CaseTab):
    relevant = ("case", "approval", "follow_up", "document", "execution")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("approvalsTab")
        self.number = ""
        self.work: CaseFollowWork | None = None
        self.dialog: QDialog | None = None  # the open dialog (tests drive it)
        self.returned = QLabel()
        self.returned.setObjectName("returnedComment")
        self.returned.setStyleSheet(ERROR_STYLE)
        self.returned.setWordWrap(True)
        self.returned.hide()
        self.approvals: RowsModel[ApprovalRow] = RowsModel(approval_columns(), self)
        self.approval_table = RowsTable(self.approvals)
        self.approval_table.setObjectName("caseApprovals")
        self.follow: RowsModel[FollowUpRow] = RowsModel(follow_columns(), self)
        self.follow_table = RowsTable(self.follow)
        self.follow_table.setObjectName("caseFollowUps")
        self.submit_button = QPushButton(_tr("提交审批(&U)…"))
        self.submit_button.setObjectName("submitApprovalButton")
        self.submit_button.clicked.connect(self.submit)
        self.execution = QLabel()
        self.execution.setObjectName("executionState")
        self.execution.setWordWrap(True)
        self.pay_button = QPushButton(_tr("记录缴纳(&P)…"))
        self.pay_button.setObjectName("recordPaymentButton")
        self.pay_button.clicked.connect(self.pay)
        self.recheck_button = self._follow_button(_tr("记录复查(&K)…"), "recheck")
        self.visit_button = self._follow_button(_tr("记录回访(&V)…"), "return_visit")
        self.feedback_button = self._follow_button(_tr("记录12345反馈(&B)…"), "caller_feedback")
        top = QHBoxLayout()
        top.addWidget(QLabel(_tr("审批")))
        top.addStretch(1)
        top.addWidget(self.submit_button)
        paid = QHBoxLayout()
        paid.addWidget(QLabel(_tr("执行")))
        paid.addWidget(self.execution, 1)
        paid.addWidget(self.pay_button)
        middle = QHBoxLayout()
        middle.addWidget(QLabel(_tr("跟踪（复查、回访、12345反馈）")))
        middle.addStretch(1)
        for b in (self.recheck_button, self.visit_button, self.feedback_button):
            middle.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.returned)
        layout.addLayout(top)
        layout.addWidget(self.approval_table, 1)
        layout.addLayout(paid)
        layout.addLayout(middle)
        layout.addWidget(self.follow_table, 1)
        self._enable()

    def _follow_button(self, text: str, kind: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"record:{kind}")
        button.clicked.connect(lambda _c=False, kind=kind: self.record(kind))
        return button

    def reload(self) -> None:
        case_id, store = self.case_id, self.ctx.store
        if case_id is None:
            return

        def read(_p: Progress) -> CaseFollowWork:
            from gridapp.workbench.leads import case_follow_work

            return case_follow_work(store, case_id)

        self.ctx.tasks.run(read, on_done=self._show, key=self.key("approvals"),
                           error_title=_tr("无法读取审批与跟踪"), owner=self)

    def _show(self, work: CaseFollowWork) -> None:
        self.work = work
        self.approvals.set_rows(work.approvals)
        self.follow.set_rows(work.follow_ups)
        self.execution.setText(work.execution or _tr("本案没有罚款决定，无须记录缴纳"))
        text = returned_text(work.approvals)
        self.returned.setText(text)
        self.returned.setVisible(bool(text))
        self._enable()
        self.loaded.emit()

    def _enable(self) -> None:
        work = self.work
        closed = work is not None and work.status == "closed"
        open_case = work is not None and work.status not in ("closed", "dismissed")
        self.submit_button.setEnabled(open_case)
        self.pay_button.setEnabled(open_case and work is not None and work.payable)
        self.recheck_button.setEnabled(work is not None and work.has_correction_deadline)
        self.visit_button.setEnabled(closed)
        self.feedback_button.setEnabled(closed and work is not None and work.source == "hotline")

    def submit(self) -> None:
        if self.case_id is None:
            return
        from ui.leads.dialogs import SubmitDialog

        dialog = SubmitDialog(self.ctx, self.case_id, self.number, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.ctx.message(_tr("已提交{step}，等待中队长审批").format(
            step=vocab_label(APPROVAL_STEP, dialog.outcome.step))))
        dialog.open()  # window-modal, without a nested event loop

    def pay(self) -> None:
        if self.case_id is None:
            return
        from gridapp.timeutil import station_today
        from ui.leads.dialogs import PaymentDialog

        dialog = PaymentDialog(self.ctx, self.case_id, self.number,
                               station_today().isoformat(), self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.ctx.message(_tr("已记录缴纳：{state}").format(
            state=dialog.outcome)))
        dialog.open()

    def record(self, kind: str) -> None:
        if self.case_id is None:
            return
        from ui.leads.dialogs import FollowUpDialog

        dialog = FollowUpDialog(self.ctx, self.case_id, self.number, kind, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.ctx.message(
            _tr("已记录{kind}").format(kind=vocab_label(FOLLOW_UP_KIND, kind))))
        dialog.open()
