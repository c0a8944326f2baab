"""免罚核查: the exemption checklist — each question in plain Chinese with the engine's
pre-answer, where it came from and how fresh the history is; the officer confirms or corrects
each answer; the outcome with its reasons and cited articles; 保存核查结果 saves the evaluation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridapp.vocab.answer_source import ANSWER_SOURCE
from gridapp.vocab.stage import STAGE
from gridapp.workbench.checklist import (
    ChecklistView,
    QuestionView,
    case_checklist,
    confirm_checklist,
)
from ui.case_view.common import CaseTab
from ui.context import AppContext
from ui.language import tr as _tr
from ui.language import vocab_label
from ui.tasks import Changes

YES, NO, OPEN = "yes", "no", "open"


def answer_code(answer: bool | None) -> str:
    return OPEN if answer is None else YES if answer else NO


class ChecklistTab(CaseTab):
    relevant = ("case", "checklist", "evidence", "party")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("checklistTab")
        self.view: ChecklistView | None = None
        self.answers: dict[str, QComboBox] = {}
        self.freshness = QLabel()
        self.freshness.setObjectName("checklistFreshness")
        self.freshness.setWordWrap(True)
        self.questions_box = QWidget()
        self.questions = QGridLayout(self.questions_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.questions_box)
        self.outcome = QLabel()
        self.outcome.setObjectName("checklistOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        result = QGroupBox(_tr("核查结果"))
        QVBoxLayout(result).addWidget(self.outcome)
        self.education = QLabel()
        self.education.setObjectName("educationText")
        self.education.setWordWrap(True)
        self.education.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.education_box = QGroupBox(_tr("说理要点（可向当事人宣读）"))
        QVBoxLayout(self.education_box).addWidget(self.education)
        self.education_box.hide()
        self.saved_note = QLabel()
        self.saved_note.setObjectName("checklistSaved")
        self.save_button = QPushButton(_tr("保存核查结果(&K)"))
        self.save_button.setObjectName("saveChecklist")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.saved_note, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.freshness)
        layout.addWidget(scroll, 3)
        layout.addWidget(result, 2)
        layout.addWidget(self.education_box)
        layout.addLayout(row)

    def show_education(self, text: str) -> None:
        """The pack's 说理 text for the case's violation ("" hides the box)."""
        self.education.setText(text)
        self.education_box.setVisible(bool(text))

    def reload(self) -> None:
        case_id, store = self.case_id, self.ctx.store
        if case_id is None:
            return
        self.ctx.tasks.run(lambda _p: case_checklist(store, case_id), on_done=self.show_view,
                           key=self.key("checklist"), error_title=_tr("无法读取免罚核查"))

    def show_view(self, view: ChecklistView) -> None:
        self.view = view
        while self.questions.count():
            item = self.questions.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.answers = {}
        for column, title in enumerate((_tr("核查事项"), _tr("回答"), _tr("依据来源"),
                                        _tr("说明"))):
            header = QLabel(f"<b>{title}</b>")
            self.questions.addWidget(header, 0, column)
        for row, question in enumerate(view.questions, start=1):
            self._add_question(row, question)
        self.questions.setColumnStretch(0, 3)
        self.questions.setColumnStretch(3, 2)
        self.freshness.setText(view.freshness_text)
        self.outcome.setText(self._outcome_text(view))
        if view.saved:
            self.saved_note.setText(_tr("已保存：{who}　{when}").format(
                who=view.evaluated_by, when=view.evaluated_at_text))
        else:
            self.saved_note.setText(_tr("尚未保存"))
        self.save_button.setEnabled(bool(view.questions))
        self.loaded.emit()

    def _add_question(self, row: int, question: QuestionView) -> None:
        text = QLabel(question.text)
        text.setObjectName("checklistQuestion")
        text.setWordWrap(True)
        combo = QComboBox()
        combo.setObjectName(f"answer:{question.id}")
        combo.addItem(_tr("是"), YES)
        combo.addItem(_tr("否"), NO)
        combo.addItem(_tr("待回答"), OPEN)
        combo.setCurrentIndex(combo.findData(answer_code(question.answer)))
        text.setBuddy(combo)
        self.answers[question.id] = combo
        source = vocab_label(ANSWER_SOURCE, question.source) + (
            _tr("（临时）") if question.provisional else "")
        if question.confirmed:
            source += _tr("，已确认")
        note = QLabel(question.note)
        note.setObjectName("checklistNote")
        note.setWordWrap(True)
        self.questions.addWidget(text, row, 0)
        self.questions.addWidget(combo, row, 1)
        self.questions.addWidget(QLabel(source), row, 2)
        self.questions.addWidget(note, row, 3)

    @staticmethod
    def _outcome_text(view: ChecklistView) -> str:
        parts = [view.outcome_text or _tr("（尚无结论）")]
        if view.stage_label:
            parts.append(_tr("预警等级：{stage}").format(stage=vocab_label(STAGE, view.stage)))
        if view.reasons:
            parts.append(_tr("理由：") + "；".join(view.reasons))
        if view.cited_articles:
            parts.append(_tr("依据：") + "；".join(view.cited_articles))
        return "\n".join(parts)

    def chosen_answers(self) -> dict[str, bool]:
        """Every question the officer answered yes or no (all shown answers are sent, so each
        counts as confirmed)."""
        return {qid: combo.currentData() == YES for qid, combo in self.answers.items()
                if combo.currentData() in (YES, NO)}

    def has_unsaved(self) -> bool:
        if self.view is None:
            return False
        shown = {q.id: answer_code(q.answer) for q in self.view.questions}
        return any(combo.currentData() != shown.get(qid) for qid, combo in self.answers.items())

    def save(self) -> None:
        case_id, store, actor = self.case_id, self.ctx.store, self.ctx.officer.id
        if case_id is None:
            return
        answers = self.chosen_answers()
        self.save_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.ctx.tasks.failed.emit(exc, _tr("核查结果未保存"))

        self.ctx.tasks.run(lambda _p: confirm_checklist(store, case_id, answers, actor),
                           on_done=self.show_view, on_error=failed,
                           changes=Changes.of("checklist", case_id=case_id))
