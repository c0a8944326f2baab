"""Font registration for document rendering.

The bundled Noto Serif SC (OFL) is used unless ``GRIDAPP_FONT_REGULAR`` / ``GRIDAPP_FONT_BOLD``
name other TrueType files (a bureau's licensed 仿宋 / 小标宋). Fonts are registered once per
process under the names ``REGULAR`` and ``BOLD``.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from gridapp.errors import ValidationError
from gridapp.paths import resources_dir

ENV_REGULAR = "GRIDAPP_FONT_REGULAR"
ENV_BOLD = "GRIDAPP_FONT_BOLD"
REGULAR = "GridappSerif"
BOLD = "GridappSerif-Bold"


def font_paths() -> tuple[Path, Path]:
    """The regular and bold font files in force (environment override, else bundled)."""
    fonts = resources_dir() / "fonts"
    regular = Path(os.environ.get(ENV_REGULAR) or fonts / "NotoSerifSC-Regular.ttf")
    bold = Path(os.environ.get(ENV_BOLD) or fonts / "NotoSerifSC-Bold.ttf")
    return regular, bold


@lru_cache(maxsize=4)
def _register(regular: Path, bold: Path) -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    names = []
    for path, base in ((regular, REGULAR), (bold, BOLD)):
        if not path.is_file():
            raise ValidationError(
                f"找不到字体文件 {path}", f"font file not found: {path}", field="font"
            )
        # A distinct name per file so an override never collides with an earlier registration.
        name = f"{base}-{hashlib.sha256(str(path).encode()).hexdigest()[:8]}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError) as exc:
            raise ValidationError(
                f"字体文件 {path} 无法嵌入（需要 TrueType 轮廓的 .ttf 字体）：{exc}",
                f"font {path} cannot be embedded (TrueType outlines required): {exc}",
                field="font",
            ) from exc
        names.append(name)
    return names[0], names[1]


def ensure_fonts() -> tuple[str, str]:
    """Register the fonts in force; return the (regular, bold) reportlab font names."""
    regular, bold = font_paths()
    return _register(regular.resolve(), bold.resolve())


@lru_cache(maxsize=65536)
def _char_width(font: str, ch: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(ch, font, 1000))


def text_width(text: str, font: str, size: float) -> float:
    """Width in points; per-character widths are cached (CJK text has no kerning here)."""
    return sum(_char_width(font, ch) for ch in text) * size / 1000.0
