"""新建案件 (Ctrl+N): a guided wizard from the source of a case to its photos.

Contract: nothing is written before the last step. Each step's Next validates the draft so far
through the core (``validate_draft``, on the database lane) and shows every error of that step
beside its field, in Chinese. The last step creates the case (party, legal engine evaluation and
all, one user action, as the signed-in officer), shows the engine's result, and imports the photos
in the background with progress. Closing a wizard that holds entered data asks first.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from gridapp import clock
from gridapp.timeutil import station_time
from gridapp.vocab.care_flag import CARE_FLAG
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.vocab.stage import STAGE
from gridapp.workbench.actions import (
    ImportResult,
    NewCaseResult,
    PreparedImport,
    abandon_import,
    create_case,
    finish_import,
    prepare_import,
)
from gridapp.workbench.choices import (
    GridChoice,
    ViolationChoice,
    grid_choices,
    source_choices,
    violation_choices,
)
from gridapp.workbench.drafts import CaseDraft, PartyDraft, PartyRef, validate_draft
from gridapp.workbench.parties import PartyChoice, find_parties
from gridapp.workbench.status import OfficerChoice, officer_choices
from ui.context import AppContext
from ui.evidence_warnings import ImportWarningsDialog, confirm_import
from ui.language import pick, vocab_label
from ui.language import tr as _tr
from ui.media import media_filter
from ui.tasks import Cancelled, Changes, Lane, Progress

log = logging.getLogger(__name__)

ERROR_STYLE = "color:#c0392b;"



PARTNER_KEY = "wizard/partnerId"  # the partner chosen last, offered first next time


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"error:{name}")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class _Step(QWizardPage):
    """A wizard step whose Next is allowed only after the core found no error in its fields."""

    fields: tuple[str, ...] = ()

    def __init__(self, wizard: NewCaseWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.errors: dict[str, QLabel] = {}
        self.passed = False

    def field_row(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
        """A labelled field with its error line right below it."""
        caption = QLabel(label)
        caption.setBuddy(widget)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.errors[name] = error_label(name)
        column.addWidget(self.errors[name])
        form.addRow(caption, box)

    def show_errors(self, errors: dict[str, str]) -> bool:
        """Show the errors that belong to this step; True when there are none."""
        mine = {f: m for f, m in errors.items() if self.owns(f)}
        for name, label in self.errors.items():
            message = mine.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
        unplaced = [m for f, m in mine.items() if f not in self.errors]
        if unplaced:
            self.errors.setdefault("_", error_label("_"))
            self.layout().addWidget(self.errors["_"])  # type: ignore[union-attr]
            self.errors["_"].setText("\n".join(unplaced))
            self.errors["_"].show()
        return not mine

    def owns(self, name: str) -> bool:
        return any(name == f or name.startswith(f + ".") for f in self.fields)

    def validatePage(self) -> bool:
        if self.passed:
            self.passed = False
            return True
        self.owner.check_step(self)
        return False


class SourceStep(_Step):
    fields = ("source", "ticket_no", "act_at", "partner_id")

    def __init__(self, wizard: NewCaseWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_tr("案件来源"))
        self.setSubTitle(_tr("这件案件是怎么发现的？"))
        self.group = QButtonGroup(self)
        radios = QVBoxLayout()
        for i, choice in enumerate(source_choices()):
            code = choice.code
            radio = QRadioButton(pick(choice.label, choice.label_en))
            radio.setObjectName(f"source:{code}")
            radio.setProperty("code", code)
            self.group.addButton(radio, i)
            radios.addWidget(radio)
            if i == 0:
                radio.setChecked(True)
        self.group.buttonToggled.connect(lambda *_a: self._hotline_toggled())
        self.ticket = QLineEdit()
        self.ticket.setObjectName("ticketNo")
        self.ticket.setPlaceholderText(_tr("12345 工单号"))
        self.act_at = QDateTimeEdit()
        self.act_at.setObjectName("actAt")
        self.act_at.setCalendarPopup(True)
        self.act_at.setDisplayFormat("yyyy年MM月dd日 HH:mm")
        now = station_time(clock.now())
        self.act_at.setDateTime(QDateTime(now.year, now.month, now.day, now.hour, now.minute, 0))
        form = QFormLayout()
        box = QWidget()
        box.setLayout(radios)
        self.field_row(form, _tr("来源(&Y)："), "source", box)
        self.field_row(form, _tr("工单号(&K)："), "ticket_no", self.ticket)
        self.field_row(form, _tr("发现时间(&T)："), "act_at", self.act_at)
        self.partner = QComboBox()
        self.partner.setObjectName("partner")
        self.partner.addItem(_tr("（暂不指定）"), "")
        self.partner.setToolTip(_tr("执法人员不得少于两人（行政处罚法第四十二条）；未指定的，作出决定前须补充"))
        self.field_row(form, _tr("协办人员(&H)："), "partner_id", self.partner)
        self.setLayout(form)
        self._hotline_toggled()

    def set_partners(self, officers: Sequence[OfficerChoice], me: str, last: str) -> None:
        self.partner.clear()
        self.partner.addItem(_tr("（暂不指定）"), "")
        for officer in officers:
            if officer.id != me:
                self.partner.addItem(officer.label, officer.id)
        self.partner.setCurrentIndex(max(self.partner.findData(last), 0))

    def source(self) -> str:
        button = self.group.checkedButton()
        return str(button.property("code")) if button is not None else ""

    def _hotline_toggled(self) -> None:
        self.ticket.setEnabled(self.source() == "hotline")

    def act_at_value(self) -> datetime:
        value = self.act_at.dateTime().toPython()
        assert isinstance(value, datetime)
        return value.replace(tzinfo=station_time(clock.now()).tzinfo)


class PlaceStep(_Step):
    fields = ("address", "grid_code", "lat", "lon")

    def __init__(self, wizard: NewCaseWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_tr("地点"))
        self.setSubTitle(_tr("违法行为发生在哪里？"))
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.address.setPlaceholderText(_tr("例如：上海市黄浦区南京东路100号门前"))
        self.grid = QComboBox()
        self.grid.setObjectName("grid")
        self.grid.addItem(_tr("（未指定）"), "")
        self.lat = QLineEdit()
        self.lat.setObjectName("lat")
        self.lat.setPlaceholderText(_tr("纬度，可不填，如 31.2353"))
        self.lon = QLineEdit()
        self.lon.setObjectName("lon")
        self.lon.setPlaceholderText(_tr("经度，可不填，如 121.4840"))
        form = QFormLayout()
        self.field_row(form, _tr("地址(&A)："), "address", self.address)
        self.field_row(form, _tr("网格(&G)："), "grid_code", self.grid)
        self.field_row(form, _tr("纬度(&L)："), "lat", self.lat)
        self.field_row(form, _tr("经度(&O)："), "lon", self.lon)
        self.setLayout(form)

    def set_grids(self, grids: Sequence[GridChoice]) -> None:
        for grid in grids:
            self.grid.addItem(f"{grid.code} {grid.name}", grid.code)

    def coordinate(self, name: str) -> float | None:
        """The typed coordinate; ``ValueError`` for text that is not a number."""
        text = (self.lat if name == "lat" else self.lon).text().strip()
        return float(text) if text else None


class ViolationStep(_Step):
    fields = ("violation_code",)

    def __init__(self, wizard: NewCaseWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_tr("违法行为"))
        self.setSubTitle(_tr("输入关键字查找，选择一项违法行为。"))
        self.choices: tuple[ViolationChoice, ...] = ()
        self.search = QLineEdit()
        self.search.setObjectName("violationSearch")
        self.search.setPlaceholderText(_tr("如：占道、设摊、广告、渣土"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("violationList")
        self.list.currentItemChanged.connect(lambda *_a: self._describe())
        self.articles = QLabel()
        self.articles.setObjectName("violationArticles")
        self.articles.setWordWrap(True)
        form = QFormLayout()
        self.field_row(form, _tr("查找(&F)："), "_search", self.search)
        self.field_row(form, _tr("违法行为(&V)："), "violation_code", self.list)
        form.addRow(QLabel(_tr("依据：")), self.articles)
        self.education = QLabel()
        self.education.setObjectName("violationEducation")
        self.education.setWordWrap(True)
        form.addRow(QLabel(_tr("说理：")), self.education)
        self.setLayout(form)

    def set_choices(self, choices: Sequence[ViolationChoice]) -> None:
        self.choices = tuple(choices)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        current = self.code()
        self.list.clear()
        terms = text.strip().lower().split()
        for choice in self.choices:
            haystack = f"{choice.code} {choice.name} {choice.search_text}".lower()
            if all(t in haystack for t in terms):
                item = QListWidgetItem(choice.name)
                item.setData(Qt.ItemDataRole.UserRole, choice.code)
                self.list.addItem(item)
                if choice.code == current:
                    self.list.setCurrentItem(item)

    def code(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def chosen(self) -> ViolationChoice | None:
        code = self.code()
        return next((c for c in self.choices if c.code == code), None)

    def _describe(self) -> None:
        choice = self.chosen()
        self.articles.setText("" if choice is None else _tr("违反：{violated}\n处罚：{penalty}")
                              .format(violated=choice.violated_article,
                                      penalty=choice.penalty_article))
        self.education.setText(choice.education if choice is not None else "")


class PartyStep(_Step):
    fields = ("party",)
    EXISTING, NEW, NONE = 0, 1, 2

    def __init__(self, wizard: NewCaseWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_tr("当事人"))
        self.setSubTitle(_tr("先查找已登记的当事人，找不到再新建。"))
        self.mode = QButtonGroup(self)
        modes = QHBoxLayout()
        for i, text in enumerate((_tr("已登记的当事人(&E)"), _tr("新建当事人(&W)"),
                                  _tr("暂不登记当事人(&U)"))):
            radio = QRadioButton(text)
            radio.setObjectName(f"partyMode:{i}")
            self.mode.addButton(radio, i)
            modes.addWidget(radio)
        self.mode.button(self.EXISTING).setChecked(True)
        self.mode.idToggled.connect(lambda *_a: self._mode_changed())

        self.search = QLineEdit()
        self.search.setObjectName("partySearch")
        self.search.setPlaceholderText(_tr("姓名/名称、身份证号/统一社会信用代码或电话"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(wizard.find_parties)
        self.found = QListWidget()
        self.found.setObjectName("partyFound")
        self.found_note = QLabel()
        existing = QWidget()
        ex_form = QFormLayout(existing)
        self.field_row(ex_form, _tr("查找(&F)："), "_party_search", self.search)
        self.field_row(ex_form, _tr("结果："), "party.party_id", self.found)
        ex_form.addRow("", self.found_note)

        self.kind = QComboBox()
        self.kind.setObjectName("partyKind")
        for code in PARTY_KIND.codes:
            self.kind.addItem(vocab_label(PARTY_KIND, code), code)
        self.name = QLineEdit()
        self.name.setObjectName("partyName")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("partyIdNumber")
        self.id_number.setPlaceholderText(_tr("18 位身份证号或统一社会信用代码，可不填"))
        self.phone = QLineEdit()
        self.phone.setObjectName("partyPhone")
        self.address = QLineEdit()
        self.address.setObjectName("partyAddress")
        self.care: list[QCheckBox] = []
        care_box = QWidget()
        care_row = QHBoxLayout(care_box)
        care_row.setContentsMargins(0, 0, 0, 0)
        for code in CARE_FLAG.codes:
            check = QCheckBox(vocab_label(CARE_FLAG, code))
            check.setProperty("code", code)
            check.setObjectName(f"care:{code}")
            self.care.append(check)
            care_row.addWidget(check)
        care_row.addStretch(1)
        new = QWidget()
        new_form = QFormLayout(new)
        self.field_row(new_form, _tr("类型(&K)："), "party.kind", self.kind)
        self.field_row(new_form, _tr("姓名/名称(&N)："), "party.name", self.name)
        self.field_row(new_form, _tr("证件号码(&I)："), "party.id_number", self.id_number)
        self.field_row(new_form, _tr("电话(&P)："), "party.phone", self.phone)
        self.field_row(new_form, _tr("住址/住所(&D)："), "party.address", self.address)
        self.field_row(new_form, _tr("需关照情形："), "party.care_flags", care_box)

        none = QLabel(_tr("当事人可以在案件中以后再关联。"))
        self.stack = QStackedWidget()
        for widget in (existing, new, none):
            self.stack.addWidget(widget)
        layout = QVBoxLayout()
        layout.addLayout(modes)
        layout.addWidget(self.stack, 1)
        self.setLayout(layout)

    def _mode_changed(self) -> None:
        self.stack.setCurrentIndex(self.mode.checkedId())

    def set_found(self, parties: Sequence[PartyChoice]) -> None:
        self.found.clear()
        for party in parties:
            text = f"{party.name}　{party.id_number_masked}　{party.phone_masked}　{party.address}"
            item = QListWidgetItem(text.strip())
            item.setData(Qt.ItemDataRole.UserRole, party.id)
            self.found.addItem(item)
        self.found_note.setText(_tr("没有找到，可以选择“新建当事人”。") if not parties and
                                self.search.text().strip() else "")
        if parties:
            self.found.setCurrentRow(0)

    def party(self) -> PartyRef | PartyDraft | None:
        mode = self.mode.checkedId()
        if mode == self.NONE:
            return None
        if mode == self.EXISTING:
            item = self.found.currentItem()
            return PartyRef(party_id=str(item.data(Qt.ItemDataRole.UserRole))) if item else \
                PartyRef(party_id="")
        return PartyDraft(
            kind=str(self.kind.currentData()), name=self.name.text().strip(),
            id_number=self.id_number.text().strip().upper(), phone=self.phone.text().strip(),
            address=self.address.text().strip(),
            care_flags=tuple(str(c.property("code")) for c in self.care if c.isChecked()),
        )


class FactsStep(_Step):
    fields = ("facts",)

    def __init__(self, wizard: NewCaseWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_tr("案情"))
        self.setSubTitle(_tr("按模板写明时间、地点、当事人和违法事实，可随时修改。"))
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("facts")
        self.facts.setTabChangesFocus(True)
        self._template = ""
        self.use_template = QPushButton(_tr("套用模板(&M)"))
        self.use_template.clicked.connect(lambda: self.facts.setPlainText(self._template))
        form = QFormLayout()
        self.field_row(form, _tr("违法事实(&C)："), "facts", self.facts)
        form.addRow("", self.use_template)
        self.setLayout(form)

    def initializePage(self) -> None:
        choice = self.owner.violation_step.chosen()
        template = choice.fact_template if choice is not None else ""
        if not self.facts.toPlainText().strip() or self.facts.toPlainText() == self._template:
            self.facts.setPlainText(template)
        self._template = template


class DropList(QListWidget):
    """A list of files that accepts files dropped from the file manager."""

    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
            event.acceptProposedAction()


class PhotosStep(_Step):
    """The last input step: its Next validates the whole draft and creates the case."""

    fields = ("",)  # every field: the whole draft is checked here

    def __init__(self, wizard: NewCaseWizard) -> None:
        super().__init__(wizard)
        self.setTitle(_tr("照片和其他证据"))
        self.setSubTitle(_tr("把照片拖到下面，或点击“添加文件”。登记后在后台导入，可以先不加。"))
        self.list = DropList()
        self.list.setObjectName("photoList")
        self.list.files_dropped.connect(self.add_paths)
        add = QPushButton(_tr("添加文件(&A)…"))
        add.clicked.connect(self._choose)
        remove = QPushButton(_tr("移除(&R)"))
        remove.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        self.summary = error_label("_")
        self.errors["_"] = self.summary
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout()
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        self.setLayout(layout)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _tr("登记案件(&R)"))

    def owns(self, name: str) -> bool:
        return True

    def show_errors(self, errors: dict[str, str]) -> bool:
        self.summary.setText(_tr("还有需要修改的地方，请返回相应步骤查看。") if errors else "")
        self.summary.setVisible(bool(errors))
        return not errors

    def _choose(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _tr("选择证据文件"), "",
                                                      media_filter())
        self.add_paths(paths)

    def add_paths(self, paths: Sequence[str]) -> None:
        present = set(self.paths())
        for path in paths:
            if path and Path(path) not in present:
                item = QListWidgetItem(Path(path).name)
                item.setToolTip(path)
                item.setData(Qt.ItemDataRole.UserRole, path)
                self.list.addItem(item)

    def paths(self) -> list[Path]:
        return [Path(str(self.list.item(i).data(Qt.ItemDataRole.UserRole)))
                for i in range(self.list.count())]


class ResultStep(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_tr("已登记"))
        self.summary = QLabel()
        self.summary.setObjectName("resultSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.hide()
        self.imports = QLabel()
        self.imports.setObjectName("importSummary")
        self.imports.setWordWrap(True)
        self.cancel_import = QPushButton(_tr("取消导入(&C)"))
        self.cancel_import.setObjectName("cancelImport")
        self.cancel_import.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_import)
        layout.addWidget(self.imports)
        layout.addStretch(1)

    def show_result(self, result: NewCaseResult) -> None:
        self.summary.setText(_tr(
            "案件编号：{number}\n预警：{stage}\n在先案件：{earlier} 件\n免罚核查：{outcome}\n\n"
            "点击“完成”打开案件，在“免罚核查”中逐项确认。").format(
                number=result.number, stage=vocab_label(STAGE, result.stage), earlier=result.earlier_cases,
                outcome=result.exemption_outcome))


class NewCaseWizard(QWizard):
    """Emits ``created(case_id)`` when the officer finishes after the case was created."""

    created = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("newCaseWizard")
        self.setWindowTitle(_tr("新建案件"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.source_step = SourceStep(self)
        self.place_step = PlaceStep(self)
        self.violation_step = ViolationStep(self)
        self.party_step = PartyStep(self)
        self.facts_step = FactsStep(self)
        self.photos_step = PhotosStep(self)
        self.result_step = ResultStep()
        self.steps: list[_Step] = [self.source_step, self.place_step, self.violation_step,
                                   self.party_step, self.facts_step, self.photos_step]
        for step in (*self.steps, self.result_step):
            self.addPage(step)
        self.setButtonText(QWizard.WizardButton.NextButton, _tr("下一步(&N)"))
        self.setButtonText(QWizard.WizardButton.BackButton, _tr("上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _tr("完成并打开案件(&F)"))
        self.created_case: NewCaseResult | None = None
        self.import_result: ImportResult | None = None
        self.import_cancelled = False
        self.warnings_dialog: ImportWarningsDialog | None = None  # open while it asks
        self.busy = False
        self.resize(760, 560)
        QShortcut(QKeySequence("Ctrl+W"), self, self.close)
        self._load_choices()

    # --- choices -------------------------------------------------------------------------

    def _load_choices(self) -> None:
        store = self.ctx.store

        def load(_p: Progress) -> tuple[tuple[GridChoice, ...], tuple[ViolationChoice, ...],
                                        tuple[OfficerChoice, ...]]:
            return grid_choices(store), violation_choices(store), officer_choices(store)

        def fill(choices: tuple[tuple[GridChoice, ...], tuple[ViolationChoice, ...],
                                tuple[OfficerChoice, ...]]) -> None:
            self.place_step.set_grids(choices[0])
            self.violation_step.set_choices(choices[1])
            last = str(self.ctx.settings.value(PARTNER_KEY, "")) if self.ctx.settings else ""
            self.source_step.set_partners(choices[2], self.ctx.officer.id, last)

        self.ctx.tasks.run(load, on_done=fill, key="wizard-choices",
                           error_title=_tr("无法读取规则包"))

    def find_parties(self, text: str) -> None:
        text, store = text.strip(), self.ctx.store
        if not text:
            self.party_step.set_found(())
            return
        self.ctx.tasks.run(lambda _p: find_parties(store, text), key="wizard-parties",
                           on_done=self.party_step.set_found, error_title=_tr("无法查找当事人"))

    # --- the draft -----------------------------------------------------------------------

    def draft(self) -> tuple[CaseDraft, dict[str, str]]:
        """The draft as entered, and the errors found before asking the core (unparsable
        numbers)."""
        local: dict[str, str] = {}
        coordinates: dict[str, float | None] = {}
        for name in ("lat", "lon"):
            try:
                coordinates[name] = self.place_step.coordinate(name)
            except ValueError:
                coordinates[name] = None
                local[name] = _tr("请输入数字，如 31.2353；不知道可以不填")
        return CaseDraft(
            source=self.source_step.source(),
            ticket_no=self.source_step.ticket.text().strip(),
            act_at=self.source_step.act_at_value(),
            address=self.place_step.address.text().strip(),
            grid_code=str(self.place_step.grid.currentData() or ""),
            lat=coordinates["lat"],
            lon=coordinates["lon"],
            violation_code=self.violation_step.code(),
            party=self.party_step.party(),
            facts=self.facts_step.facts.toPlainText().strip(),
            partner_id=str(self.source_step.partner.currentData() or ""),
        ), local

    def has_input(self) -> bool:
        draft, _ = self.draft()
        return bool(draft.address or draft.violation_code or draft.facts or draft.ticket_no
                    or (isinstance(draft.party, PartyDraft) and draft.party.name)
                    or self.photos_step.paths())

    def check_step(self, step: _Step) -> None:
        """Validate the draft for ``step`` on the database lane; go on when it has no errors
        (on the last input step: create the case)."""
        if self.busy:
            return
        draft, local = self.draft()
        if local and not step.show_errors(local):
            return
        self.busy = True
        self.button(QWizard.WizardButton.NextButton).setEnabled(False)
        store = self.ctx.store

        def checked(errors: dict[str, str]) -> None:
            self.busy = False
            self.button(QWizard.WizardButton.NextButton).setEnabled(True)
            if step is self.photos_step and errors:
                self._back_to_first_error(errors)
                return
            if step.show_errors(errors):
                if step is self.photos_step:
                    self._create(draft)
                else:
                    step.passed = True
                    self.next()

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.button(QWizard.WizardButton.NextButton).setEnabled(True)
            self.ctx.tasks.failed.emit(exc, _tr("无法检查输入"))

        self.ctx.tasks.run(lambda _p: validate_draft(store, draft), on_done=checked,
                           on_error=failed, key="wizard-validate")

    def _back_to_first_error(self, errors: dict[str, str]) -> None:
        for step in self.steps:
            step.show_errors(errors)
        target = next(s for s in self.steps if any(s.owns(f) for f in errors))
        while self.currentPage() is not target and self.currentId() > 0:
            self.back()

    def _create(self, draft: CaseDraft) -> None:
        store, actor = self.ctx.store, self.ctx.officer.id
        paths = self.photos_step.paths()
        self.busy = True
        self.button(QWizard.WizardButton.CommitButton).setEnabled(False)

        def created(result: NewCaseResult) -> None:
            self.busy = False
            self.created_case = result
            if self.ctx.settings is not None and draft.partner_id:
                self.ctx.settings.setValue(PARTNER_KEY, draft.partner_id)
            self.photos_step.passed = True
            self.next()
            self.result_step.show_result(result)
            if paths:
                self._import(result.case_id, paths)

        def failed(exc: BaseException) -> None:
            self.busy = False
            self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
            self.ctx.tasks.failed.emit(exc, _tr("案件未能登记"))
            fields = {getattr(exc, "field", None) or "": str(getattr(exc, "message_zh", exc))}
            if any(s.owns(f) for s in self.steps[:-1] for f in fields if f):
                self._back_to_first_error(fields)

        self.ctx.tasks.run(
            lambda _p: create_case(store, draft, actor), on_done=created, on_error=failed,
            changes=lambda r: Changes.of("case", "party", "checklist", case_id=r.case_id))

    def _import(self, case_id: str, paths: list[Path]) -> None:
        store, actor = self.ctx.store, self.ctx.officer.id
        bar = self.result_step.progress
        bar.setRange(0, len(paths))
        bar.setValue(0)
        bar.show()
        self.result_step.imports.setText(_tr("正在导入 {n} 个文件…").format(n=len(paths)))
        progress = Progress()
        cancel = self.result_step.cancel_import
        cancel.show()
        cancel.clicked.connect(progress.cancel)
        cancelled_text = _tr("已取消导入，未导入任何文件。可在案件的“证据”中重新添加。")

        def work(p: Progress) -> PreparedImport:
            prepared = prepare_import(store, case_id, paths, actor, progress=p.update,
                                      cancelled=lambda: p.cancelled)
            if p.cancelled:  # cancelled as it finished: nothing must stay staged
                abandon_import(prepared)
                raise Cancelled
            return prepared

        def done(result: ImportResult) -> None:
            self.import_result = result
            cancel.hide()
            if result.cancelled:
                self.import_cancelled = True
                bar.hide()
                self.result_step.imports.setText(cancelled_text)
                return
            bar.setValue(bar.maximum())
            text = _tr("已导入 {n} 个文件。").format(n=len(result.imported))
            if result.skipped:
                text += "\n" + _tr("未导入：") + "\n" + "\n".join(
                    f"{Path(path).name}：{reason}" for path, reason in result.skipped)
            if result.warnings:
                text += "\n" + _tr("以下提示已随证据记录：") + "\n" + "\n".join(
                    w for _l, w in result.warnings)
            self.result_step.imports.setText(text)

        def confirm(prepared: PreparedImport) -> None:
            """Between preparing and writing: the warnings, if any, need the officer's reason."""
            cancel.hide()
            confirm_import(self, self.ctx.tasks, prepared,
                           write=lambda reason: write(prepared, reason), stopped=stopped,
                           keep=lambda dialog: setattr(self, "warnings_dialog", dialog))

        def write(prepared: PreparedImport, reason: str) -> None:
            def commit(_p: Progress) -> ImportResult:
                try:
                    return finish_import(store, prepared, reason)
                finally:
                    abandon_import(prepared)  # after an error: the staged files go

            self.ctx.tasks.run(commit, lane=Lane.FILES, on_done=done, on_error=failed,
                               changes=Changes.of("evidence", case_id=case_id))

        def failed(exc: BaseException) -> None:
            bar.hide()
            cancel.hide()
            self.result_step.imports.setText(_tr("照片未能导入，可在案件的“证据”中重新添加。"))
            self.ctx.tasks.failed.emit(exc, _tr("照片未能导入"))

        def watch() -> None:
            if progress.total:
                bar.setMaximum(progress.total)
                bar.setValue(progress.done)

        timer = QTimer(self)
        timer.setInterval(100)
        timer.timeout.connect(watch)
        timer.start()

        def finished(prepared: PreparedImport) -> None:
            timer.stop()
            if prepared.pending is None:  # nothing importable, or cancelled
                done(ImportResult((), prepared.skipped, prepared.cancelled))
                return
            confirm(prepared)

        def broke(exc: BaseException) -> None:
            timer.stop()
            failed(exc)

        def stopped() -> None:
            timer.stop()
            cancel.hide()
            bar.hide()
            self.import_cancelled = True
            self.result_step.imports.setText(cancelled_text)

        self.ctx.tasks.run(work, lane=Lane.FILES, progress=progress, on_done=finished,
                           on_error=broke, on_cancel=stopped)

    # --- finishing -----------------------------------------------------------------------

    def accept(self) -> None:
        if self.created_case is not None:
            self.created.emit(self.created_case.case_id)
        super().accept()

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: ask before dropping entered data; after
        the case was created, closing opens it like 完成."""
        if self.created_case is None and self.has_input() and not self._confirm_discard():
            return
        if self.created_case is not None:
            self.created.emit(self.created_case.case_id)
        super().reject()

    def _confirm_discard(self) -> bool:
        return confirm_discard(self)


def confirm_discard(parent: QWidget) -> bool:
    """Ask whether to drop what was entered; the default is to keep it."""
    box = QMessageBox(QMessageBox.Icon.Question, _tr("放弃登记"),
                      _tr("已填写的内容尚未登记，关闭后将丢失。确定放弃吗？"), parent=parent)
    drop = box.addButton(_tr("放弃"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_tr("继续填写"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is drop
