"""Which font draws each character: the main font first, then the bundled fallbacks.

A chain is keyed by the reportlab name of its main font (regular or bold, possibly a bureau's
own font from ``GRIDAPP_FONT_REGULAR``/``GRIDAPP_FONT_BOLD``). For each character the first font
of the chain whose character map has it draws it; text is drawn and measured as runs of one font.
A fallback file is read only when a character first needs it (HanaMinB is 30 MB).

Contract: ``font_for`` returns ``None`` for a character no font of the chain has; such text is
refused before issuing (``gridapp.documents.printable``), never drawn as a blank or a box.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from gridapp.documents import tounicode
from gridapp.errors import ValidationError


@dataclass(frozen=True)
class Chain:
    """The main font's reportlab name and the fallback files after it, in order."""

    main: str
    fallbacks: tuple[Path, ...]


_CHAINS: dict[str, Chain] = {}


@lru_cache(maxsize=32)
def register_ttf(path: Path, base: str) -> str:
    """Register a TrueType file once per process; return its reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    tounicode.install()
    if not path.is_file():
        raise ValidationError(f"找不到字体文件 {path}", f"font file not found: {path}", field="font")
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
    return name


def set_chain(main: str, fallbacks: tuple[Path, ...]) -> None:
    """Make ``fallbacks`` (files, in order) follow the registered font ``main``."""
    chain = Chain(main, fallbacks)
    if _CHAINS.get(main) != chain:
        _CHAINS[main] = chain
        font_for.cache_clear()


def _has_glyph(font: str, code: int) -> bool:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font).face
    return code in face.charToGlyph


def _fonts(main: str) -> Iterator[str]:
    yield main
    chain = _CHAINS.get(main)
    for path in chain.fallbacks if chain else ():
        yield register_ttf(path, "GridappFallback")


@lru_cache(maxsize=131072)
def font_for(main: str, ch: str) -> str | None:
    """The first font of ``main``'s chain that has a glyph for ``ch``, else ``None``."""
    code = ord(ch)
    return next((f for f in _fonts(main) if _has_glyph(f, code)), None)


def runs(text: str, main: str) -> list[tuple[str, str]]:
    """``text`` as (font, run) pairs; a character no font has stays in the main font."""
    return [(font, "".join(chars))
            for font, chars in groupby(text, key=lambda ch: font_for(main, ch) or main)]


def missing(text: str, main: str) -> list[str]:
    """The distinct characters of ``text`` that no font of the chain can draw, in order."""
    return list(dict.fromkeys(ch for ch in text if font_for(main, ch) is None))
