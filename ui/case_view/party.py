"""当事人: the case's party and their earlier cases, with dates and outcomes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from gridapp.vocab.care_flag import CARE_FLAG
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.workbench.parties import PartyHistory, PriorCaseView, party_history
from ui.case_view.common import CaseTab
from ui.context import AppContext
from ui.language import colon, day, vocab_label
from ui.language import tr as _tr
from ui.rows_model import Column, RowsModel
from ui.table import RowsTable


def earlier_columns() -> list[Column[PriorCaseView]]:
    return [
        Column(lambda: _tr("案件编号"), lambda c: c.number, width=200),
        Column(lambda: _tr("违法日期"), lambda c: day(c.act_on or c.opened_on),
               width=95),
        Column(lambda: _tr("违法行为"), lambda c: c.violation_name, width=150),
        Column(lambda: _tr("状态"), lambda c: vocab_label(CASE_STATUS, c.status), width=90),
        Column(lambda: _tr("处理结果"), lambda c: c.outcome_label, width=200),
    ]


class PartyTab(CaseTab):
    relevant = ("case", "party")
    open_case = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partyTab")
        self.party_id = ""
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (("name", _tr("姓名/名称")), ("kind", _tr("类型")),
                           ("id_number", _tr("证件号码")), ("phone", _tr("电话")),
                           ("address", _tr("住址/住所")), ("care", _tr("需关照情形"))):
            value = QLabel()
            value.setObjectName(f"party:{key}")
            value.setWordWrap(True)
            self.values[key] = value
            form.addRow(colon(label), value)
        self.heading = QLabel()
        self.model: RowsModel[PriorCaseView] = RowsModel(earlier_columns(), self)
        self.table = RowsTable(self.model)
        self.table.setObjectName("earlierCases")
        self.table.activated_row.connect(lambda c: self.open_case.emit(c.case_id, "basic"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def show_party(self, party_id: str) -> None:
        """Called by the case view once the case's detail is known."""
        self.party_id = party_id
        self.reload()

    def reload(self) -> None:
        case_id, store, party_id = self.case_id, self.ctx.store, self.party_id
        if case_id is None:
            return
        if not party_id:
            for value in self.values.values():
                value.setText("")
            self.heading.setText(_tr("本案尚未关联当事人。"))
            self.model.set_rows(())
            self.loaded.emit()
            return
        self.ctx.tasks.run(lambda _p: party_history(store, party_id, case_id=case_id),
                           on_done=self._show, key=self.key("party"),
                           error_title=_tr("无法读取当事人"))

    def _show(self, history: PartyHistory) -> None:
        party = history.party
        self.values["name"].setText(party.name)
        self.values["kind"].setText(vocab_label(PARTY_KIND, party.kind))
        self.values["id_number"].setText(party.id_number_masked or "—")
        self.values["phone"].setText(party.phone or "—")
        self.values["address"].setText(party.address or "—")
        self.values["care"].setText("、".join(vocab_label(CARE_FLAG, c) for c in party.care_flags)
                                     or _tr("无"))
        self.heading.setText(_tr("在先案件：{n} 件").format(n=len(history.earlier))
                             if history.earlier else _tr("没有在先案件。"))
        self.model.set_rows(history.earlier)
        self.loaded.emit()
