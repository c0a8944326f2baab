"""Make sure Chinese text renders, with or without system CJK fonts.

Contract: after ``ensure_cjk_font(app)`` the application font covers Simplified Chinese. A
system sans-serif CJK family is preferred (it matches the desktop); when none is installed (a
minimal Debian, the offscreen platform in CI) the project's bundled font is registered.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from gridapp.paths import resources_dir

log = logging.getLogger(__name__)

PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Droid Sans Fallback",
)
BUNDLED = ("NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf")
UI_POINT_SIZE = 10


def _system_family() -> str | None:
    available = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for family in PREFERRED_FAMILIES:
        if family in available:
            return family
    return None


def _bundled_family() -> str | None:
    family: str | None = None
    for name in BUNDLED:
        path = resources_dir() / "fonts" / name
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load bundled font %s", path)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families and family is None:
            family = families[0]
    return family


def ensure_cjk_font(app: QApplication) -> str:
    """Set an application font that covers Chinese; returns the family chosen."""
    family = _system_family() or _bundled_family()
    if family is None:
        log.warning("no font covering Simplified Chinese found; text may show as boxes")
        return app.font().family()
    font = QFont(family, UI_POINT_SIZE)
    app.setFont(font)
    return family
