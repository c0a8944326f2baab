"""Font registration for document rendering.

The bundled Noto Serif SC (OFL) is used unless ``GRIDAPP_FONT_REGULAR`` / ``GRIDAPP_FONT_BOLD``
name other TrueType files (a bureau's licensed 仿宋 / 小标宋). Headings (``一、违法事实和证据``)
are set in a 黑体-style face, the bundled Noto Sans SC Bold (GB 2312 subset), unless
``GRIDAPP_FONT_HEADING`` names a bureau's 黑体 (``heading_font``). Fonts are registered once per
process under names starting ``REGULAR``, ``BOLD`` and ``HEADING``. Each main font is followed by a fallback
chain (``gridapp.documents.fontchain``): the bundled Noto Serif SC of the same weight when the
main font is a bureau's own, then the bundled supplements for what Noto Serif SC lacks —
``FALLBACKS``: symbols, kana and CJK compatibility ideographs (a subset of HanaMinA), CJK
Extensions B–F (HanaMinB) and emoji (Noto Emoji, monochrome outlines).

``text_width`` measures each character in the font that draws it, so line breaking and
alignment agree with what is drawn.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from gridapp.documents.fontchain import font_for, register_ttf, set_chain
from gridapp.paths import resources_dir

ENV_REGULAR = "GRIDAPP_FONT_REGULAR"
ENV_BOLD = "GRIDAPP_FONT_BOLD"
ENV_HEADING = "GRIDAPP_FONT_HEADING"
REGULAR = "GridappSerif"
BOLD = "GridappSerif-Bold"
BUNDLED_REGULAR = "NotoSerifSC-Regular.ttf"
BUNDLED_BOLD = "NotoSerifSC-Bold.ttf"
HEADING = "GridappSans-Bold"
BUNDLED_HEADING = "NotoSansSC-Bold.ttf"
FALLBACKS = ("GridappMingSupplement.ttf", "HanaMinB.ttf", "NotoEmoji-Regular.ttf")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def font_paths() -> tuple[Path, Path]:
    """The regular and bold font files in force (environment override, else bundled)."""
    fonts = fonts_dir()
    regular = Path(os.environ.get(ENV_REGULAR) or fonts / BUNDLED_REGULAR)
    bold = Path(os.environ.get(ENV_BOLD) or fonts / BUNDLED_BOLD)
    return regular, bold


def fallback_paths(main: Path, bundled: str) -> tuple[Path, ...]:
    """The files after ``main`` in its chain: the bundled font of its weight (unless ``main`` is
    that font), then ``FALLBACKS``."""
    fonts = fonts_dir()
    own = fonts / bundled
    first = () if own.resolve() == main else (own.resolve(),)
    return (*first, *((fonts / name).resolve() for name in FALLBACKS))


@lru_cache(maxsize=4)
def _register(regular: Path, bold: Path) -> tuple[str, str]:
    names = (register_ttf(regular, REGULAR), register_ttf(bold, BOLD))
    set_chain(names[0], fallback_paths(regular, BUNDLED_REGULAR))
    set_chain(names[1], fallback_paths(bold, BUNDLED_BOLD))
    return names


def ensure_fonts() -> tuple[str, str]:
    """Register the fonts in force; return the (regular, bold) reportlab font names."""
    regular, bold = font_paths()
    return _register(regular.resolve(), bold.resolve())


def heading_path() -> Path:
    """The heading (黑体-style) font file in force (environment override, else bundled)."""
    return Path(os.environ.get(ENV_HEADING) or fonts_dir() / BUNDLED_HEADING)


@lru_cache(maxsize=4)
def _register_heading(path: Path, bold: Path) -> str:
    name = register_ttf(path, HEADING)
    # What the heading face lacks (it holds GB 2312 only) is drawn in the bold body face's chain.
    set_chain(name, (*((bold,) if bold != path else ()), *fallback_paths(bold, BUNDLED_BOLD)))
    return name


def heading_font() -> str:
    """Register the heading font (after the body fonts); return its reportlab font name."""
    ensure_fonts()
    _, bold = font_paths()
    return _register_heading(heading_path().resolve(), bold.resolve())


@lru_cache(maxsize=131072)
def _char_width(font: str, ch: str) -> float:
    """Width (per 1000 units of size) of ``ch`` in the font of ``font``'s chain that draws it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(ch, font_for(font, ch) or font, 1000))


def text_width(text: str, font: str, size: float) -> float:
    """Width in points; per-character widths are cached (CJK text has no kerning here)."""
    return sum(_char_width(font, ch) for ch in text) * size / 1000.0
