"""法规库: the bundled statutes by law and article, searchable offline; a citation opens at its
article (``show_citation``). Files are read and searched on the file lane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gridapp import laws
from gridapp.workbench.library import LibraryHit, library_search
from ui.context import AppContext
from ui.language import tr as _tr
from ui.tasks import Lane

ROLE = Qt.ItemDataRole.UserRole


class LawsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("lawsPage")
        self.search = QLineEdit()
        self.search.setObjectName("lawSearch")
        self.search.setPlaceholderText(_tr("查找法条：输入关键字或违法行为，如 占道、设摊、送达"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        self.search.textChanged.connect(lambda text: self.run_search() if not text else None)
        self.law_list = QListWidget()
        self.law_list.setObjectName("lawList")
        self.law_list.currentItemChanged.connect(lambda *_a: self._law_chosen())
        self.article_list = QListWidget()
        self.article_list.setObjectName("articleList")
        self.article_list.setWordWrap(True)
        self.article_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.article_list.currentItemChanged.connect(lambda *_a: self._article_chosen())
        self.heading = QLabel()
        self.heading.setObjectName("lawHeading")
        self.text = QTextBrowser()
        self.text.setObjectName("articleText")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.text, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.law_list)
        splitter.addWidget(self.article_list)
        splitter.addWidget(right)
        splitter.setSizes([220, 320, 600])
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        self.shown: tuple[str, int] | None = None
        self._wanted: tuple[str, int] | None = None
        self._loaded = False

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.ctx.tasks.run(lambda _p: laws.laws(), lane=Lane.FILES, on_done=self._fill_laws,
                               key="laws-list", error_title=_tr("无法读取法规库"))

    def _fill_laws(self, found: tuple[laws.Law, ...]) -> None:
        self.law_list.clear()
        for item in found:
            entry = QListWidgetItem(f"{item.title}\n（{item.version}）")
            entry.setData(ROLE, item.id)
            self.law_list.addItem(entry)
        if self._wanted is not None:
            self._select_law(self._wanted[0])
        elif found:
            self.law_list.setCurrentRow(0)

    def _select_law(self, law_id: str) -> None:
        for row in range(self.law_list.count()):
            if self.law_list.item(row).data(ROLE) == law_id:
                self.law_list.setCurrentRow(row)
                return

    def _law_chosen(self) -> None:
        item = self.law_list.currentItem()
        if item is None:
            return
        law_id = str(item.data(ROLE))
        self.ctx.tasks.run(lambda _p: laws.articles(law_id), lane=Lane.FILES,
                           on_done=self._fill_articles, key="laws-articles",
                           error_title=_tr("无法读取法规库"))

    def _fill_articles(self, found: tuple[laws.Article, ...]) -> None:
        self.article_list.clear()
        for art in found:
            first = art.text.split("\n", 1)[0].removeprefix(art.label).strip()
            entry = QListWidgetItem(f"{art.label}　{first[:24]}")
            entry.setData(ROLE, (art.law_id, art.number))
            self.article_list.addItem(entry)
        self.summary.setText(_tr("共 {n} 条").format(n=len(found)))
        target = self._wanted
        row = 0
        if target is not None and found and found[0].law_id == target[0]:
            row = next((i for i, a in enumerate(found) if a.number == target[1]), 0)
            self._wanted = None
        if found:
            self.article_list.setCurrentRow(row)

    def _article_chosen(self) -> None:
        item = self.article_list.currentItem()
        if item is None:
            return
        law_id, number = item.data(ROLE)
        self.ctx.tasks.run(lambda _p: laws.article(law_id, number), lane=Lane.FILES,
                           on_done=self._show_article, key="laws-article",
                           error_title=_tr("无法读取法规库"))

    def _show_article(self, art: laws.Article) -> None:
        self.shown = (art.law_id, art.number)
        title = laws.law(art.law_id).title
        self.heading.setText(f"<b>{title}</b>　{art.chapter}")
        self.text.setPlainText(art.text)
        terms = self.search.text().split()
        if terms:
            self.text.find(terms[0])  # the first match is selected where the words occur

    def run_search(self) -> None:
        text, store = self.search.text().strip(), self.ctx.store
        if not text:
            self._law_chosen()
            return
        self.ctx.tasks.run(lambda _p: library_search(store, text), lane=Lane.FILES,
                           on_done=self._show_hits, key="laws-search",
                           error_title=_tr("无法查找法条"))

    def _show_hits(self, hits: tuple[LibraryHit, ...]) -> None:
        self.article_list.clear()
        for hit in hits:
            via = _tr("（违法行为：{name}）").format(name=hit.via) if hit.via else ""
            entry = QListWidgetItem(f"{hit.law_title} {hit.label}{via}\n{hit.snippet}")
            entry.setData(ROLE, (hit.law_id, hit.number))
            self.article_list.addItem(entry)
        self.summary.setText(_tr("找到 {n} 条").format(n=len(hits)) if hits else
                             _tr("没有找到，换一个关键字试试。"))
        if hits:
            self.article_list.setCurrentRow(0)

    def show_citation(self, citation: str) -> bool:
        """Open the article ``citation`` names (e.g. 《上海市市容环境卫生管理条例》第二十五条第二款);
        False when the library does not hold it."""
        found = laws.find_citation(citation)
        if found is None:
            self.summary.setText(_tr("法规库中没有“{citation}”").format(citation=citation))
            return False
        self._wanted = found
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        if not self._loaded:
            self.activate()
        else:
            self._select_law(found[0])
            current = self.law_list.currentItem()
            if current is not None and current.data(ROLE) == found[0]:
                self._law_chosen()
        return True

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
