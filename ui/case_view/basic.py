"""基本信息: the case's facts, place and violation (editable, checked beside each field before
anything is written) and the status changes the state machine allows, each confirmed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.timeutil import station_time
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.workbench.actions import (
    CaseEditResult,
    TransitionChoice,
    add_case_officer,
    allowed_transitions,
    change_status,
    edit_case,
)
from gridapp.workbench.choices import GridChoice, ViolationChoice, grid_choices, violation_choices
from gridapp.workbench.detail import CaseDetail
from gridapp.workbench.drafts import CaseEdit, DraftInvalid
from gridapp.workbench.status import OfficerChoice, officer_choices
from ui.case_view.common import CaseTab, error_label, show_error_on
from ui.context import AppContext
from ui.language import tr as _tr
from ui.language import vocab_label
from ui.tasks import Changes

FIELDS = ("facts", "address", "grid_code", "lat", "lon", "violation_code")


def choose_officer(parent: QWidget, choices: list[OfficerChoice]) -> OfficerChoice | None:
    labels = [c.label for c in choices]
    label, ok = QInputDialog.getItem(parent, _tr("添加执法人员"), _tr("选择加入本案的执法人员："),
                                     labels, 0, False)
    return choices[labels.index(label)] if ok and label in labels else None


# Replaced in tests (the question is modal).
ask_officer = choose_officer


class TransitionDialog(QDialog):
    """Confirms a status change; asks for the reason (and the 721 disposition) where needed."""

    def __init__(self, choice: TransitionChoice, number: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_tr("更改案件状态"))
        self.choice = choice
        text = QLabel(_tr("将案件 {number} 改为“{status}”。").format(
            number=number, status=vocab_label(CASE_STATUS, choice.to_status)))
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if choice.warning_zh:
            warning = QLabel(choice.warning_zh)
            warning.setWordWrap(True)
            warning.setStyleSheet("color:#b9770e;")
            layout.addWidget(warning)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("transitionReason")
        self.reason_error = error_label("reason")
        self.disposition = QComboBox()
        self.disposition.setObjectName("transitionDisposition")
        for code, label in choice.dispositions:
            self.disposition.addItem(label, code)
        if choice.needs_disposition:
            form.addRow(_tr("处置方式(&D)："), self.disposition)
        if choice.needs_reason:
            form.addRow(_tr("理由(&R)："), self.reason)
            form.addRow("", self.reason_error)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        buttons.addButton(_tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(_tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.choice.needs_reason and not self.reason.text().strip():
            show_error_on(self.reason_error, _tr("请填写理由"))
            return
        self.accept()


def ask_transition(parent: QWidget, choice: TransitionChoice, number: str
                   ) -> tuple[str, str | None] | None:
    """(reason, disposition) when the officer confirms the change, else None."""
    dialog = TransitionDialog(choice, number, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    disposition = dialog.disposition.currentData() if choice.needs_disposition else None
    return dialog.reason.text().strip(), disposition


class BasicTab(CaseTab):
    relevant = ("case",)
    saved = Signal()
    open_citation = Signal(str)
    violations_loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("basicTab")
        self.detail: CaseDetail | None = None
        self._choices_loaded = False
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("facts")
        self.facts.setTabChangesFocus(True)
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.grid = QComboBox()
        self.grid.setObjectName("grid")
        self.lat = QLineEdit()
        self.lat.setObjectName("lat")
        self.lon = QLineEdit()
        self.lon.setObjectName("lon")
        self.violation = QComboBox()
        self.violation.setObjectName("violation")
        self.violation.setEditable(True)
        self.violation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.violations: dict[str, ViolationChoice] = {}
        self.violated_button = QPushButton(_tr("查看违反条款"))
        self.violated_button.setObjectName("openViolatedArticle")
        self.violated_button.clicked.connect(lambda: self._open_article("violated"))
        self.penalty_button = QPushButton(_tr("查看处罚依据"))
        self.penalty_button.setObjectName("openPenaltyArticle")
        self.penalty_button.clicked.connect(lambda: self._open_article("penalty"))
        self.errors = {name: error_label(name) for name in FIELDS}
        self.info = QLabel()
        self.info.setObjectName("caseInfo")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.officers = QLabel()
        self.officers.setObjectName("caseOfficers")
        self.add_officer_button = QPushButton(_tr("添加执法人员(&O)…"))
        self.add_officer_button.setObjectName("addOfficer")
        self.add_officer_button.clicked.connect(self.add_officer)
        officers_row = QHBoxLayout()
        officers_row.addWidget(self.officers, 1)
        officers_row.addWidget(self.add_officer_button)

        form = QFormLayout()
        form.addRow(_tr("案件信息："), self.info)
        form.addRow(_tr("执法人员："), officers_row)
        for label, name, widget in (
            (_tr("违法行为(&V)："), "violation_code", self.violation),
            (_tr("地址(&A)："), "address", self.address),
            (_tr("网格(&G)："), "grid_code", self.grid),
            (_tr("纬度："), "lat", self.lat),
            (_tr("经度："), "lon", self.lon),
            (_tr("违法事实(&C)："), "facts", self.facts),
        ):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            if widget is self.violation:
                row = QHBoxLayout()
                row.addWidget(widget, 1)
                row.addWidget(self.violated_button)
                row.addWidget(self.penalty_button)
                column.addLayout(row)
            else:
                column.addWidget(widget)
            column.addWidget(self.errors[name])
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, box)
        self.save_button = QPushButton(_tr("保存修改(&S)"))
        self.save_button.setObjectName("saveCase")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_tr("撤销修改"))
        self.revert_button.clicked.connect(self.revert)
        self.transitions = QHBoxLayout()
        self.transition_buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.revert_button)
        row.addStretch(1)
        row.addWidget(QLabel(_tr("状态：")))
        row.addLayout(self.transitions)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addLayout(row)

    # --- loading -------------------------------------------------------------------------

    def show_detail(self, detail: CaseDetail) -> None:
        """Called by the case view with freshly read detail; keeps edits the officer is making
        on the same case only when nothing was saved in between."""
        self.detail = detail
        if not self._choices_loaded:
            self._load_choices()
        self.revert()
        self._load_transitions()

    def _load_choices(self) -> None:
        self._choices_loaded = True
        store = self.ctx.store

        def load(_p: object) -> tuple[tuple[GridChoice, ...], tuple[ViolationChoice, ...]]:
            return grid_choices(store), violation_choices(store)

        self.ctx.tasks.run(load, on_done=self._fill_choices, key=self.key("choices"),
                           error_title=_tr("无法读取规则包"))

    def _fill_choices(self, choices: tuple[tuple[GridChoice, ...], tuple[ViolationChoice, ...]]
                      ) -> None:
        grids, violations = choices
        self.grid.clear()
        self.grid.addItem(_tr("（未指定）"), "")
        for grid in grids:
            self.grid.addItem(f"{grid.code} {grid.name}", grid.code)
        self.violation.clear()
        self.violations = {v.code: v for v in violations}
        for v in violations:
            self.violation.addItem(v.name, v.code)
        self.revert()
        self.violations_loaded.emit()

    def _open_article(self, which: str) -> None:
        code = self.violation.currentData() or (self.detail.violation if self.detail else "")
        choice = self.violations.get(str(code))
        if choice is not None:
            self.open_citation.emit(choice.violated_article if which == "violated"
                                    else choice.penalty_article)

    def reload(self) -> None:
        """The case view reloads the detail and hands it over (``show_detail``)."""

    def _load_transitions(self) -> None:
        case_id, store = self.case_id, self.ctx.store
        if case_id is None:
            return
        self.ctx.tasks.run(lambda _p: allowed_transitions(store, case_id),
                           on_done=self._show_transitions, key=self.key("transitions"),
                           error_title=_tr("无法读取可用的状态"))

    def _show_transitions(self, choices: tuple[TransitionChoice, ...]) -> None:
        for button in self.transition_buttons:
            self.transitions.removeWidget(button)
            button.deleteLater()
        self.transition_buttons = []
        for choice in choices:
            button = QPushButton(vocab_label(CASE_STATUS, choice.to_status))
            button.setObjectName(f"transition:{choice.to_status}")
            button.clicked.connect(lambda _c=False, choice=choice: self.transition(choice))
            self.transitions.addWidget(button)
            self.transition_buttons.append(button)
        self.loaded.emit()

    # --- editing -------------------------------------------------------------------------

    def revert(self) -> None:
        d = self.detail
        if d is None:
            return
        self.info.setText(_tr("{number}　来源：{source}　发现时间：{opened}　状态：{status}").format(
            number=d.number, source=vocab_label(CASE_SOURCE, d.source),
            status=vocab_label(CASE_STATUS, d.status),
            opened=f"{station_time(d.opened_at):%Y-%m-%d %H:%M}"))
        names = "、".join(f"{o.name}（{o.badge}）" for o in d.officers)
        if len(d.officers) < 2:
            names += _tr("　<span style='color:#c0392b'>执法人员不得少于两人，作出决定前请添加</span>")
        self.officers.setText(names)
        self.facts.setPlainText(d.facts)
        self.address.setText(d.address)
        self.grid.setCurrentIndex(max(self.grid.findData(d.grid), 0))
        self.lat.setText("" if d.lat is None else f"{d.lat}")
        self.lon.setText("" if d.lon is None else f"{d.lon}")
        index = self.violation.findData(d.violation)
        if index >= 0:
            self.violation.setCurrentIndex(index)
        else:
            self.violation.setEditText(d.violation_name)
        for label in self.errors.values():
            show_error_on(label, "")
        editable = d.status not in ("closed", "dismissed")
        for widget in (self.facts, self.address, self.grid, self.lat, self.lon, self.violation,
                       self.save_button, self.revert_button):
            widget.setEnabled(editable)

    def add_officer(self) -> None:
        """Put another of the station's active officers on the case (asked from a list)."""
        d = self.detail
        if d is None:
            return
        store, on_case = self.ctx.store, {o.id for o in d.officers}

        def offer(choices: tuple[OfficerChoice, ...]) -> None:
            free = [c for c in choices if c.id not in on_case]
            if not free:
                self.ctx.message(_tr("本站所有在岗执法人员都已在本案中"))
                return
            chosen = ask_officer(self, free)
            if chosen is None:
                return
            actor, case_id = self.ctx.officer.id, d.id
            self.ctx.tasks.run(
                lambda _p: add_case_officer(store, case_id, chosen.id, actor),
                changes=Changes.of("case", case_id=case_id),
                on_done=lambda _r: self.ctx.message(
                    _tr("已将 {name} 加入本案").format(name=chosen.label)),
                error_title=_tr("无法添加执法人员"))

        self.ctx.tasks.run(lambda _p: officer_choices(store), on_done=offer,
                           error_title=_tr("无法读取执法人员"))

    def edit(self) -> tuple[CaseEdit, dict[str, str]]:
        """The officer's changes (None = unchanged) and errors found before asking the core."""
        d = self.detail
        assert d is not None
        local: dict[str, str] = {}
        numbers: dict[str, float | None] = {}
        for name, field in (("lat", self.lat), ("lon", self.lon)):
            text = field.text().strip()
            try:
                numbers[name] = float(text) if text else None
            except ValueError:
                local[name] = _tr("请输入数字，如 31.2353；不知道可以不填")
                numbers[name] = None
        facts = self.facts.toPlainText().strip()
        code = self.violation.currentData() if self.violation.currentIndex() >= 0 else None
        if self.violation.currentText().strip() != self.violation.itemText(
                self.violation.currentIndex()):
            code = ""
        coordinates_changed = (numbers["lat"], numbers["lon"]) != (d.lat, d.lon)
        return CaseEdit(
            facts=facts if facts != d.facts.strip() else None,
            address=self.address.text().strip() if self.address.text().strip() != d.address
            else None,
            grid_code=self.grid.currentData() if (self.grid.currentData() or "") != d.grid
            else None,
            lat=numbers["lat"] if coordinates_changed else None,
            lon=numbers["lon"] if coordinates_changed else None,
            violation_code=(code if code is not None and code != d.violation else None),
        ), local

    def has_unsaved(self) -> bool:
        if self.detail is None:
            return False
        changes, local = self.edit()
        return bool(local) or any(getattr(changes, f) is not None for f in FIELDS)

    def save(self) -> None:
        if self.detail is None or not self.has_unsaved():
            return
        changes, local = self.edit()
        for name, label in self.errors.items():
            show_error_on(label, local.get(name, ""))
        if local:
            return
        store, actor, case_id = self.ctx.store, self.ctx.officer.id, self.detail.id
        self.save_button.setEnabled(False)

        def done(_result: CaseEditResult) -> None:
            self.save_button.setEnabled(True)
            self.saved.emit()

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, DraftInvalid) and exc.errors:
                for name, label in self.errors.items():
                    show_error_on(label, exc.errors.get(name, ""))
                return
            self.ctx.tasks.failed.emit(exc, _tr("修改未保存"))

        self.ctx.tasks.run(lambda _p: edit_case(store, case_id, changes, actor), on_done=done,
                           on_error=failed,
                           changes=Changes.of("case", "checklist", case_id=case_id))

    def transition(self, choice: TransitionChoice) -> None:
        if self.detail is None:
            return
        answer = transition_question(self, choice, self.detail.number)
        if answer is None:
            return
        reason, disposition = answer
        store, actor, case_id = self.ctx.store, self.ctx.officer.id, self.detail.id
        self.ctx.tasks.run(
            lambda _p: change_status(store, case_id, choice.to_status, reason, actor,
                                     disposition=disposition),
            on_done=lambda _r: None, error_title=_tr("状态未更改"),
            changes=Changes.of("case", "checklist", case_id=case_id))


# Replaced in tests (the dialog is modal).
transition_question = ask_transition

