"""The detail pane: one case's fields, party, officers, repeat offences and audit history.

``load_detail`` reads everything through core services into a plain ``CaseDetail`` inside one
read-only session; the widget only renders that value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.audit import events_for_case
from gridapp.caselog.identity import mask_id_number
from gridapp.caselog.query import earlier_cases
from gridapp.caselog.service import case_officers, find_case, find_party
from gridapp.errors import NotFoundError
from gridapp.store import StationStore
from gridapp.timeutil import station_time
from gridapp.vocab.audit_action import AUDIT_ACTION
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.party_kind import PARTY_KIND
from gridapp.vocab.stage import STAGE


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str


@dataclass(frozen=True)
class CaseDetail:
    id: str
    number: str
    status: str
    stage: str
    violation: str
    source: str
    grid: str
    address: str
    facts: str
    opened_at: datetime
    closed_at: datetime | None
    due_at: datetime | None
    disposition: str | None
    outcome: str
    party: str
    party_id_number: str
    party_phone: str
    officers: tuple[str, ...]
    prior_cases: int
    history: tuple[HistoryEntry, ...] = field(default=())


def _parse_at(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime.min


def load_detail(
    store: StationStore,
    case_id: str,
    violation_names: Mapping[str, str],
    grid_names: Mapping[str, str],
) -> CaseDetail:
    with store.read() as session:
        case = find_case(session, case_id)
        party_text, party_id, party_phone, prior = "", "", "", 0
        if case.party_id:
            party = find_party(session, case.party_id)
            party_text = f"{party.name}（{PARTY_KIND.zh(party.kind)}）"
            party_id = mask_id_number(party.id_number)
            party_phone = party.phone
            prior = len(earlier_cases(session, party, case=case))
        officers = case_officers(session, case.id)
        names = {o.badge_no: o.name for o in officers}
        history: list[HistoryEntry] = []
        for ev in events_for_case(session, case.id):
            if ev.actor and ev.actor not in names:
                try:
                    names[ev.actor] = store.officer_by_badge(
                        session, ev.actor, include_retired=True).name
                except NotFoundError:
                    names[ev.actor] = ev.actor
            history.append(
                HistoryEntry(_parse_at(ev.at), names.get(ev.actor, ev.actor), ev.action)
            )
        return CaseDetail(
            id=case.id,
            number=case.number,
            status=case.status,
            stage=case.stage,
            violation=violation_names.get(case.violation_code, case.violation_code),
            source=case.source,
            grid=grid_names.get(case.grid_code, case.grid_code),
            address=case.address,
            facts=case.facts,
            opened_at=case.opened_at,
            closed_at=case.closed_at,
            due_at=case.due_at,
            disposition=case.disposition,
            outcome=case.outcome,
            party=party_text,
            party_id_number=party_id,
            party_phone=party_phone,
            officers=tuple(f"{o.name}（{o.badge_no}）" for o in officers),
            prior_cases=prior,
            history=tuple(history),
        )


def _when(moment: datetime | None) -> str:
    if moment is None or moment == datetime.min:
        return "—"
    return f"{station_time(moment):%Y-%m-%d %H:%M}"


class CaseDetailPane(QWidget):
    """Title on top; case and party fields (scrolling) above the audit history, split."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("未选择案件"))
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)

        self._values: dict[str, QLabel] = {}
        body = QWidget()
        fields = QVBoxLayout(body)
        fields.setContentsMargins(0, 0, 0, 0)
        case_box = QGroupBox(self.tr("案件信息"))
        self._form(case_box, (
            ("status", self.tr("状态")), ("stage", self.tr("三色预警")),
            ("violation", self.tr("违法行为")), ("source", self.tr("案件来源")),
            ("grid", self.tr("网格")), ("address", self.tr("地点")),
            ("opened", self.tr("发现时间")), ("due", self.tr("整改期限")),
            ("closed", self.tr("结案时间")), ("outcome", self.tr("处置结果")),
            ("facts", self.tr("违法事实")),
        ))
        fields.addWidget(case_box)
        party_box = QGroupBox(self.tr("当事人与执法人员"))
        self._form(party_box, (
            ("party", self.tr("当事人")), ("id_number", self.tr("证件号码")),
            ("phone", self.tr("联系电话")), ("prior", self.tr("既往案件")),
            ("officers", self.tr("执法人员")),
        ))
        fields.addWidget(party_box)
        fields.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        history_box = QGroupBox(self.tr("执法全过程记录"))
        history_layout = QVBoxLayout(history_box)
        self.history = QTreeWidget()
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels([self.tr("时间"), self.tr("执法人员"), self.tr("操作")])
        self.history.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_layout.addWidget(self.history)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(scroll)
        split.addWidget(history_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([380, 240])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.show_case(None)

    def _form(self, box: QGroupBox, rows: tuple[tuple[str, str], ...]) -> None:
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, label in rows:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._values[key] = value
            form.addRow(label + "：", value)

    def value_text(self, key: str) -> str:
        return self._values[key].text()

    def show_case(self, detail: CaseDetail | None) -> None:
        self.history.clear()
        if detail is None:
            self.title.setText(self.tr("未选择案件"))
            for value in self._values.values():
                value.setText("")
            return
        disposition = DISPOSITION.zh(detail.disposition)
        outcome = "，".join(part for part in (detail.outcome, disposition) if part)
        values = {
            "status": CASE_STATUS.zh(detail.status),
            "stage": STAGE.zh(detail.stage),
            "violation": detail.violation,
            "source": CASE_SOURCE.zh(detail.source),
            "grid": detail.grid,
            "address": detail.address,
            "opened": _when(detail.opened_at),
            "due": _when(detail.due_at),
            "closed": _when(detail.closed_at),
            "outcome": outcome or "—",
            "facts": detail.facts or "—",
            "party": detail.party or self.tr("（未登记）"),
            "id_number": detail.party_id_number or "—",
            "phone": detail.party_phone or "—",
            "prior": self.tr("{n} 件").format(n=detail.prior_cases),
            "officers": "、".join(detail.officers) or "—",
        }
        self.title.setText(detail.number)
        for key, text in values.items():
            self._values[key].setText(text)
        for entry in detail.history:
            QTreeWidgetItem(self.history, [_when(entry.at), entry.actor, AUDIT_ACTION.zh(entry.action)])
