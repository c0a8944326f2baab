"""The dialogs for approvals and follow-ups. Each one runs its work on the database lane when
the officer presses OK, shows the core's refusal beside the field it names (nothing written),
and closes only when the work is done. ``confirm`` is the only question that waits (tests
replace it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import GridappError
from gridapp.vocab.approval import APPROVAL_STEP
from gridapp.vocab.execution import PAYMENT_WAY
from gridapp.vocab.follow_up import FINDING, FOLLOW_UP_KIND, SATISFACTION
from ui.case_view.common import error_label, show_error_on
from ui.context import AppContext
from ui.errors import user_message
from ui.language import tr as _tr
from ui.language import vocab_label
from ui.tasks import Changes

FINDINGS = {"recheck": ("corrected", "not_corrected"), "return_visit": (),
            "caller_feedback": ("confirmed", "disputed")}


def ask_confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


# Replaced in tests (the question is modal).
confirm = ask_confirm


class WorkDialog(QDialog):
    """A form whose OK runs ``work()`` on the database lane; ``result`` holds what it returned.
    ``errors`` maps the core's field names to the red lines under the fields ("$": any other)."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.outcome: Any = None
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {"$": error_label("$")}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.errors["$"])
        layout.addWidget(self.buttons)

    def say(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_row(self, label: str, widget: QWidget, *fields: str) -> None:
        self.form.addRow(label, widget)
        for name in fields:
            self.errors[name] = error_label(name)
            self.form.addRow("", self.errors[name])

    def text_box(self, name: str, placeholder: str = "") -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setObjectName(name)
        box.setTabChangesFocus(True)
        box.setPlaceholderText(placeholder)
        box.setFixedHeight(90)
        return box

    # What runs on the lane (no widget access there), the confirmation, and what changed.
    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def confirmation(self) -> tuple[str, str] | None:
        return None

    def changes(self) -> Changes:
        raise NotImplementedError

    def _ok(self) -> None:
        for label in self.errors.values():
            show_error_on(label, "")
        try:
            fn = self.work()
        except GridappError as exc:  # a value the dialog itself refuses (nothing runs)
            self._failed(exc)
            return
        asked = self.confirmation()
        if asked is not None and not confirm(self, *asked):
            return
        self.buttons.setEnabled(False)

        def done(result: Any) -> None:
            self.outcome = result
            self.buttons.setEnabled(True)
            self.accept()

        self.ctx.tasks.run(lambda _p: fn(), on_done=done, on_error=self._failed,
                           changes=self.changes(), owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        name = exc.field if isinstance(exc, GridappError) else "$"
        show_error_on(self.errors.get(name or "$", self.errors["$"]), user_message(exc))


class LeadActDialog(WorkDialog):
    """批准 / 退回 / 法制审核 / 集体讨论 on one waiting request (a lead's act)."""

    @staticmethod
    def prompt(act: str) -> tuple[str, str]:
        """(the field's label, its placeholder) in the interface language."""
        if act == "approve":
            return _tr("审批意见"), _tr("同意。")
        if act == "return":
            return _tr("退回意见（承办人将在案件中看到）"), _tr("请写明退回原因和需要补正的内容")
        if act == "legal_review":
            return _tr("法制审核意见"), _tr("对事实、证据、程序、适用法律和裁量的审核意见")
        return _tr("集体讨论记录"), _tr("参加人员、讨论意见和结论")

    FIELDS: ClassVar[dict[str, str]] = {"approve": "opinion", "return": "comment",
                                        "legal_review": "opinion",
                                        "collective": "record"}

    def __init__(self, ctx: AppContext, act: str, approval: Any,
                 parent: QWidget | None = None) -> None:
        titles = {"approve": _tr("批准"), "return": _tr("退回"), "legal_review": _tr("法制审核"),
                  "collective": _tr("集体讨论")}
        super().__init__(ctx, f"{titles[act]} — {approval.case_number}", parent)
        self.setObjectName(f"leadAct:{act}")
        self.act = act
        self.approval = approval
        label, hint = self.prompt(act)
        self.say(_tr("{step}：{case}，{who} 提交").format(
            step=vocab_label(APPROVAL_STEP, approval.step), case=approval.case_number,
            who=approval.submitted_by))
        self.text = self.text_box("opinion", hint)
        self.add_row(label, self.text, self.FIELDS[act], "role", "approval",
                     "legal_review", "collective")

    def work(self) -> Callable[[], Any]:
        from gridapp.workbench.leads import decide

        store, officer_id = self.ctx.store, self.ctx.officer.id
        approval_id, act, text = self.approval.id, self.act, self.text.toPlainText()
        return lambda: decide(store, approval_id, act, text, officer_id)  # type: ignore[arg-type]

    def confirmation(self) -> tuple[str, str] | None:
        step = vocab_label(APPROVAL_STEP, self.approval.step)
        if self.act == "approve":
            return (_tr("确认批准"), _tr("确定批准 {case} 的{step}？批准后承办人即可签发审批表。").format(
                case=self.approval.case_number, step=step))
        if self.act == "return":
            return (_tr("确认退回"), _tr("确定退回 {case} 的{step}？").format(
                case=self.approval.case_number, step=step))
        return None

    def changes(self) -> Changes:
        return Changes.of("approval", "case", case_id=self.approval.case_id)


class SubmitDialog(WorkDialog):
    """The officer submits a case for approval: the step, their opinion, the fine (处罚审批)
    and, when the case is 重大复杂, why."""

    def __init__(self, ctx: AppContext, case_id: str, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _tr("提交审批 — {case}").format(case=number), parent)
        self.setObjectName("submitApproval")
        self.case_id = case_id
        self.step = QComboBox()
        self.step.setObjectName("step")
        for term in APPROVAL_STEP:
            self.step.addItem(vocab_label(APPROVAL_STEP, term.code), term.code)
        self.note = self.text_box("note", _tr("承办人意见"))
        self.fine = QLineEdit()
        self.fine.setObjectName("fine")
        self.fine.setPlaceholderText(_tr("处罚审批：拟罚款（元）；留空取规则评估中的金额"))
        self.major = QLineEdit()
        self.major.setObjectName("major")
        self.major.setPlaceholderText(_tr("重大复杂案件的理由（须法制审核、集体讨论）"))
        self.add_row(_tr("审批环节"), self.step, "step")
        self.add_row(_tr("承办人意见"), self.note, "note")
        self.add_row(_tr("拟罚款（元）"), self.fine, "fine")
        self.add_row(_tr("重大复杂"), self.major, "major", "role")
        self.step.currentIndexChanged.connect(self._step_changed)
        self._step_changed()

    def _step_changed(self) -> None:
        """The fine and the 重大复杂 reason belong to the 处罚审批 only."""
        penalty = self.step.currentData() == "penalty"
        self.fine.setEnabled(penalty)
        self.major.setEnabled(penalty)

    def work(self) -> Callable[[], Any]:
        from gridapp.workbench.leads import submit_approval

        store, officer_id, case_id = self.ctx.store, self.ctx.officer.id, self.case_id
        step, note = str(self.step.currentData()), self.note.toPlainText()
        penalty = step == "penalty"
        fine = self.fine.text() if penalty else ""
        major = self.major.text() if penalty else ""
        return lambda: submit_approval(store, case_id, step, officer_id, note=note, fine=fine,
                                       major=major)

    def changes(self) -> Changes:
        return Changes.of("approval", "case", case_id=self.case_id)


class FollowUpDialog(WorkDialog):
    """记录复查 / 回访 / 12345 反馈 on a case."""

    def __init__(self, ctx: AppContext, case_id: str, number: str, kind: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _tr("记录{kind} — {case}").format(
            kind=vocab_label(FOLLOW_UP_KIND, kind), case=number), parent)
        self.setObjectName(f"followUp:{kind}")
        self.case_id, self.kind = case_id, kind
        self.finding = QComboBox()
        self.finding.setObjectName("finding")
        for code in FINDINGS[kind]:
            self.finding.addItem(vocab_label(FINDING, code), code)
        self.satisfaction = QComboBox()
        self.satisfaction.setObjectName("satisfaction")
        self.satisfaction.addItem(_tr("（请选择）"), "")
        for term in SATISFACTION:
            self.satisfaction.addItem(vocab_label(SATISFACTION, term.code), term.code)
        self.result_text = self.text_box("result", _tr("情况说明"))
        if FINDINGS[kind]:
            self.add_row(_tr("结论"), self.finding, "finding")
        if kind != "recheck":
            self.add_row(_tr("满意度"), self.satisfaction, "satisfaction")
        self.add_row(_tr("情况说明"), self.result_text, "result", "kind")

    def work(self) -> Callable[[], Any]:
        from gridapp.workbench.leads import record_follow_up

        store, officer_id, case_id, kind = (self.ctx.store, self.ctx.officer.id, self.case_id,
                                            self.kind)
        finding = str(self.finding.currentData() or "") if FINDINGS[kind] else ""
        satisfaction = str(self.satisfaction.currentData() or "") if kind != "recheck" else ""
        result = self.result_text.toPlainText()
        return lambda: record_follow_up(store, case_id, kind, officer_id, finding=finding,
                                        satisfaction=satisfaction, result=result)

    def changes(self) -> Changes:
        return Changes.of("follow_up", "case", case_id=self.case_id)


class PaymentDialog(WorkDialog):
    """记录缴纳: the amount, the day, how the fine was paid and the receipt's number (the 专用
    票据 for one collected on the spot), on a case whose fine decision is not executed yet."""

    def __init__(self, ctx: AppContext, case_id: str, number: str, today: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _tr("记录缴纳 — {case}").format(case=number), parent)
        self.setObjectName("recordPayment")
        self.case_id = case_id
        self.say(_tr("罚款和加处罚款缴清（或经人民法院强制执行）后，案件才能结案。"))
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(_tr("元，最多两位小数，如 300 或 300.50"))
        self.day = QLineEdit(today)
        self.day.setObjectName("date")
        self.day.setPlaceholderText(_tr("年-月-日，如 2026-11-28"))
        self.way = QComboBox()
        self.way.setObjectName("way")
        for term in PAYMENT_WAY:
            self.way.addItem(vocab_label(PAYMENT_WAY, term.code), term.code)
        self.receipt = QLineEdit()
        self.receipt.setObjectName("receipt")
        self.receipt.setPlaceholderText(_tr("缴款凭证号码；当场收缴的写专用票据号码"))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.add_row(_tr("缴纳金额（元）"), self.amount, "amount")
        self.add_row(_tr("缴纳日期"), self.day, "date")
        self.add_row(_tr("缴纳方式"), self.way, "way")
        self.add_row(_tr("票据号码"), self.receipt, "receipt")
        self.add_row(_tr("备注"), self.note, "note", "case")

    def work(self) -> Callable[[], Any]:
        from gridapp.workbench.leads import record_payment

        store, officer_id, case_id = self.ctx.store, self.ctx.officer.id, self.case_id
        amount, day, receipt = self.amount.text(), self.day.text(), self.receipt.text()
        way, note = str(self.way.currentData()), self.note.text()
        return lambda: record_payment(store, case_id, officer_id, amount=amount, paid_on=day,
                                      way=way, receipt=receipt, note=note)

    def changes(self) -> Changes:
        return Changes.of("execution", "case", case_id=self.case_id)
