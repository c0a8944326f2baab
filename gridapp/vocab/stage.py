"""三色预警 / stage (``Case.stage``): yellow 温馨提示, orange 责令（限期）改正, red 立案处罚."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

STAGE = Vocabulary("stage", (
    Term("yellow", "黄色（温馨提示）", "yellow (reminder)"),
    Term("orange", "橙色（责令改正）", "orange (order to correct)"),
    Term("red", "红色（立案处罚）", "red (case filed for penalty)"),
))

# The colour each stage is drawn in (desktop list, printed summaries).
COLOURS: dict[str, str] = {"yellow": "#d4a017", "orange": "#e67e22", "red": "#c0392b"}
