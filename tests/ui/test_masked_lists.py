"""The desktop's lists show identity and phone numbers masked: the parties table and the new-case
wizard's list of matching parties (a party's full numbers stay in the case view and the party's
copy of a document)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from gridapp.models import Party
from gridapp.workbench.parties import find_parties
from ui.context import AppContext
from ui.main_window import PAGE_PARTIES, MainWindow
from ui.wizard import NewCaseWizard


def known_party(ctx: AppContext) -> tuple[str, str, str]:
    with ctx.store.read() as s:
        p = s.scalars(select(Party).where(Party.kind == "person", Party.id_number != "",
                                          Party.phone != "").order_by(Party.name)).first()
        assert p is not None
        return p.name, p.id_number, p.phone


def test_lists_never_show_full_identity_or_phone_numbers(qtbot: QtBot, ctx: AppContext) -> None:
    name, id_number, phone = known_party(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(PAGE_PARTIES)
    page = window.parties
    page.search.setText(name)
    qtbot.waitUntil(lambda: any(r.name == name for r in page.model.rows), timeout=10_000)
    cells = " ".join(str(page.model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "")
                     for r in range(page.model.rowCount())
                     for c in range(page.model.columnCount()))
    assert name in cells and id_number[:4] in cells
    assert id_number not in cells and phone not in cells

    wizard = NewCaseWizard(ctx, window)
    qtbot.addWidget(wizard)
    wizard.party_step.set_found(find_parties(ctx.store, name))
    found = " ".join(wizard.party_step.found.item(i).text()
                     for i in range(wizard.party_step.found.count()))
    assert name in found and phone[-4:] in found
    assert id_number not in found and phone not in found
