"""统计图: the charts of a ``Stats``, drawn once for the desktop's statistics page and the
monthly report (the same code, only the size and resolution differ).

Contract: ``draw_charts`` returns PNG bytes per chart (matplotlib, Agg backend, no pyplot and
no GUI toolkit); it is called off the GUI thread. matplotlib is imported on first use, so
neither start-up nor a command that draws no chart pays for it. Labels are drawn in the bundled
Noto Serif SC (``resources/fonts``), the documents' font, so Chinese shows on any machine.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from gridapp.vocab.stage import COLOURS
from gridapp.workbench.stats import Count, Stats, percent

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CHART_KEYS = ("mix", "rates", "stages", "grids", "exemptions", "violations")
TARGET_MIX = {"service": 0.70, "management": 0.20, "enforcement": 0.10}
MIX_COLOURS = {"service": "#2e86c1", "management": "#28b463", "enforcement": "#c0392b",
               "unclassified": "#95a5a6"}
BAR = "#2e86c1"
MAX_BARS = 12
_LOCK = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe


@dataclass(frozen=True)
class Chart:
    key: str  # one of CHART_KEYS
    title: str
    png: bytes  # b"" when drawn ``raw``
    width_px: int
    height_px: int
    rgba: bytes = b""  # ``raw``: width_px × height_px pixels, 4 bytes each (R, G, B, A), by rows


@lru_cache(maxsize=1)
def _font() -> Any:
    """The bundled CJK font as matplotlib font properties (registered once per process)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager

    from gridapp.documents.fonts import BUNDLED_REGULAR, fonts_dir

    path = fonts_dir() / BUNDLED_REGULAR
    font_manager.fontManager.addfont(str(path))
    prop = font_manager.FontProperties(fname=str(path))
    matplotlib.rcParams["font.family"] = [prop.get_name()]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return prop


def _bars(ax: Axes, counts: Sequence[Count], *, colours: Sequence[str] | None = None,
          horizontal: bool = True) -> None:
    from matplotlib.ticker import MaxNLocator

    labels = [c.label for c in counts]
    values = [c.count for c in counts]
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    colour = list(colours) if colours else [BAR] * len(values)
    if horizontal:
        ys = list(range(len(values)))[::-1]
        ax.barh(ys, values, color=colour, height=0.6)
        ax.set_yticks(ys, labels)
        top = max(values, default=0) or 1
        ax.set_xlim(0, top * 1.25)
        for y, c in zip(ys, counts, strict=True):
            ax.text(c.count + top * 0.01, y, f"{c.count}（{percent(c.share)}）", va="center",
                    fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
    else:
        xs = list(range(len(values)))
        ax.bar(xs, values, color=colour, width=0.6)
        ax.set_xticks(xs, labels)
        top = max(values, default=0) or 1
        ax.set_ylim(0, top * 1.2)
        for x, c in zip(xs, counts, strict=True):
            ax.text(x, c.count + top * 0.02, f"{c.count}（{percent(c.share)}）", ha="center",
                    fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)


def _mix(ax: Axes, st: Stats) -> None:
    shown = [c for c in st.mix if c.code != "unclassified" or c.count]
    xs = list(range(len(shown)))
    actual = [(c.share or 0.0) * 100 for c in shown]
    target = [TARGET_MIX.get(c.code, 0.0) * 100 for c in shown]
    ax.bar([x - 0.18 for x in xs], actual, width=0.36, label="实际",
           color=[MIX_COLOURS[c.code] for c in shown])
    ax.bar([x + 0.18 for x in xs], target, width=0.36, label="目标（7:2:1）", color="#d5d8dc")
    ax.set_xticks(xs, [c.label for c in shown])
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    for x, c in zip(xs, shown, strict=True):
        ax.text(x - 0.18, (c.share or 0.0) * 100 + 2, f"{c.count}件", ha="center", fontsize=8)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)


def _rates(ax: Axes, st: Stats) -> None:
    rows = (
        ("柔性执法率", st.soft_rate, (0.60, 0.70)),
        ("按期整改率", st.rectification.rate, None),
        ("回访完成率", st.return_visits.completion, None),
        ("满意率", st.return_visits.satisfied_rate, None),
        ("12345 两小时响应率", st.hotline.within_target_rate, None),
        ("12345 来电人反馈率", st.hotline.feedback_rate, None),
    )
    ys = list(range(len(rows)))[::-1]
    for y, (_, value, target) in zip(ys, rows, strict=True):
        if target is not None:
            ax.axvspan(target[0] * 100, target[1] * 100, ymin=(y + 0.1) / len(rows),
                       ymax=(y + 0.9) / len(rows), color="#fdebd0")
        ax.barh(y, (value or 0.0) * 100, color=BAR, height=0.55)
        ax.text((value or 0.0) * 100 + 1, y, percent(value), va="center", fontsize=8)
    ax.set_yticks(ys, [r[0] for r in rows])
    ax.set_xlim(0, 110)
    ax.set_xlabel("%")
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)


def _top(counts: Sequence[Count]) -> list[Count]:
    return [c for c in counts if c.count][:MAX_BARS]


CHARTS: tuple[tuple[str, str, Callable[[Axes, Stats], None]], ...] = (
    ("mix", "721 处置结构（办结案件）", _mix),
    ("rates", "主要比率", _rates),
    ("stages", "三色阶段分布（新立案件）",
     lambda ax, st: _bars(ax, st.stages, colours=[COLOURS[c.code] for c in st.stages],
                          horizontal=False)),
    ("grids", "网格案件数（新立案件）", lambda ax, st: _bars(ax, _top(st.by_grid))),
    ("exemptions", "不予处罚，按法定情形（办结案件）", lambda ax, st: _bars(ax, st.exemptions)),
    ("violations", "违法行为（新立案件，前 12 类）", lambda ax, st: _bars(ax, _top(st.by_violation))),
)


def draw_charts(st: Stats, *, width_in: float = 6.0, height_in: float = 3.4, dpi: int = 100,
                keys: Sequence[str] = CHART_KEYS, raw: bool = False) -> tuple[Chart, ...]:
    """Each chart of ``keys`` as a PNG of ``width_in`` × ``height_in`` inches at ``dpi`` — or,
    ``raw``, as its pixels (a window shows them as they are; encoding a PNG costs about as
    much as drawing the chart)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import TightLayoutEngine

    out: list[Chart] = []
    with _LOCK:
        _font()
        for key, title, draw in CHARTS:
            if key not in keys:
                continue
            fig = Figure(figsize=(width_in, height_in), dpi=dpi)
            canvas = FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            ax.set_title(title, fontsize=11)
            ax.tick_params(labelsize=8)
            draw(ax, st)
            # Laid out once, by the engine alone: a figure that keeps a layout engine (as
            # ``fig.tight_layout()`` leaves it) is laid out and drawn again when saved.
            TightLayoutEngine().execute(fig)
            if raw:
                canvas.draw()  # type: ignore[no-untyped-call]
                width, height = canvas.get_width_height()
                out.append(Chart(key, title, b"", width, height, bytes(canvas.buffer_rgba())))  # type: ignore[no-untyped-call]
                continue
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=dpi)
            out.append(Chart(key, title, buf.getvalue(), round(width_in * dpi),
                             round(height_in * dpi)))
    return tuple(out)


def warm_up() -> None:
    """Import matplotlib and register the font now (a page calls it on a worker while its
    figures are still being counted, so the first drawing does not pay for it)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401

    with _LOCK:
        _font()
