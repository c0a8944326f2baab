"""What may be printed: every character drawn must have a glyph in the font chain.

``for_print`` normalises a value before layout: line ends to ``\\n``, tabs to spaces, and the
invisible characters that only steer shaping (variation selectors, zero-width joiners) are
dropped — reportlab does not shape, so they would print nothing, and dropping them keeps the
laid-out text, the drawn text and ``doc verify``'s extracted text the same.

``unprintable_in_values`` names the first field holding a character no font has (or a control or
bidi character that reached a document from outside the input checks, e.g. a synced record);
``check_laid_out`` is the last guard over every string laid out (template and pack wording too).
Both refuse with a ``ValidationError`` naming the character and its code point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from gridapp.documents.fontchain import missing
from gridapp.documents.layout import Op, TextOp
from gridapp.documents.templates import Template
from gridapp.errors import ValidationError
from gridapp.inputlimits import BIDI_CONTROLS

# Default-ignorable characters that only select a presentation or join glyphs.
IGNORABLE = re.compile("[\u200b-\u200d\u2060\ufeff\ufe00-\ufe0f\U000e0100-\U000e01ef]")
NOT_SHOWN = "〓"  # a draft shows an unprintable character as the 缺字 mark
NOT_DRAWN = frozenset({"image"})  # a photo item's print-copy path is drawn as an image


def for_print(text: str) -> str:
    return IGNORABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def _forbidden(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch != "\n") or 0x7F <= code < 0xA0 or ch in BIDI_CONTROLS


def bad_characters(text: str, font: str) -> list[str]:
    """Control and bidi characters, then characters without a glyph, each once."""
    controls = [ch for ch in dict.fromkeys(text) if _forbidden(ch)]
    return controls + [ch for ch in missing(text, font) if ch not in controls and ch != "\n"]


def refusal(ch: str, where: str, field: str) -> ValidationError:
    code = ord(ch)
    shown = f"“{ch}”" if not _forbidden(ch) else ""
    reason = ("是不可见的控制字符" if _forbidden(ch) else "所有字体都没有该字形")
    return ValidationError(
        f"{where}中的字符{shown}（U+{code:04X}）无法打印：{reason}",
        f"{field}: character U+{code:04X} cannot be printed", field=field)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping):
                yield from (v for k, v in item.items() if isinstance(v, str) and k not in NOT_DRAWN)
    elif isinstance(value, str):
        yield value


def unprintable_fields(template: Template, values: Mapping[str, Any], fonts: tuple[str, str]
                       ) -> dict[str, ValidationError]:
    """For each field (in template order) holding a character that cannot be printed, checked
    against the regular and the bold chain, the refusal naming its first such character."""
    out: dict[str, ValidationError] = {}
    for spec in template.fields:
        for text in _strings(values.get(spec.name)):
            bad = [ch for font in fonts for ch in bad_characters(text, font)]
            if bad:
                out[spec.name] = refusal(bad[0], spec.label, spec.name)
                break
    return out


def unprintable_in_values(template: Template, values: Mapping[str, Any], fonts: tuple[str, str]
                          ) -> ValidationError | None:
    """The refusal for the first field holding a character that cannot be printed, if any."""
    return next(iter(unprintable_fields(template, values, fonts).values()), None)


def blank_unprintable(values: Mapping[str, Any], fonts: tuple[str, str]) -> dict[str, Any]:
    """``values`` with every unprintable character shown as ``NOT_SHOWN`` (for a draft)."""

    def clean(text: str) -> str:
        bad = {ch for font in fonts for ch in bad_characters(text, font)}
        return "".join(NOT_SHOWN if ch in bad else ch for ch in text) if bad else text

    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, list):
            out[name] = [{k: clean(v) if isinstance(v, str) and k not in NOT_DRAWN else v
                          for k, v in item.items()}
                         if isinstance(item, Mapping) else item for item in value]
        else:
            out[name] = clean(value) if isinstance(value, str) else value
    return out


def check_laid_out(template: Template, pages: list[list[Op]]) -> None:
    """Refuse if any laid-out string holds a character that cannot be printed."""
    for page in pages:
        for op in page:
            if isinstance(op, TextOp):
                bad = bad_characters(op.text, op.font)
                if bad:
                    raise refusal(bad[0], f"文书“{template.title}”", "template")
