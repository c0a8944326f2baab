"""The statistics page: the same figures as the core for the chosen period and filters, six
charts drawn off the GUI thread, and a reload when the filters change."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from gridapp.workbench.stats import StatsFilter, parse_period, station_stats
from ui.context import AppContext
from ui.main_window import PAGE_STATS, MainWindow
from ui.pages.stats_page import figure_rows


def test_statistics_page_shows_the_core_figures_and_six_charts(qtbot: QtBot,
                                                               ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.stats
    page.set_period(date(2025, 1, 1), date(2026, 11, 30))
    with qtbot.waitSignal(page.painted, timeout=30_000):
        window.nav.setCurrentRow(PAGE_STATS)
    expected = station_stats(ctx.store, StatsFilter(parse_period("2025-01-01", "2026-11-30")))
    assert page.stats == expected and expected.opened > 0
    cells = [(page.table.item(r, 0).text(), page.table.item(r, 1).text())
             for r in range(page.table.rowCount())]
    assert cells == figure_rows(expected)
    assert cells[0] == ("新立案件", f"{expected.opened} 件")
    assert [c.key for c in page.charts] == ["mix", "rates", "stages", "grids", "exemptions",
                                            "violations"]
    pixmaps = [label.pixmap() for label in page.chart_labels]
    assert len(pixmaps) == 6 and all(not p.isNull() for p in pixmaps)
    # Two abreast in the charts' scroll area, no wider than it.
    viewport = page.chart_scroll.viewport().width()
    assert all(2 * p.width() <= viewport for p in pixmaps)
    # Each shows its chart: a white sheet with bars and text in several colours.
    for pixmap in pixmaps:
        image = pixmap.toImage()
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert image.pixelColor(1, 1).name() == "#ffffff" and len(colours) >= 4

    # A grid filter: the figures of that grid only.
    qtbot.waitUntil(lambda: page.grid.count() > 1)
    code = expected.by_grid[0].code  # the grid with the most cases
    page.grid.setCurrentIndex(page.grid.findData(code))
    with qtbot.waitSignal(page.painted, timeout=30_000):
        page.apply.click()
    assert page.stats is not None and page.stats.grid_code == code
    assert page.stats.opened == expected.by_grid[0].count < expected.opened
