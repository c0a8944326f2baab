"""Text helpers: placeholder filling, identity masking, money and dates, canonical content."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from gridapp.documents.templates import PLACEHOLDER

# 18-digit resident ID (last may be X) or the old 15-digit form; 18-char credit codes too.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])([0-9A-Z]{4})([0-9A-Z]{7,10})([0-9A-Z]{3}[0-9Xx])(?![0-9A-Za-z])")
# Marks drawn on the page that are not part of the document's content.
# Printed at the head of every page a demo station makes (``render.new_canvas``): never part of
# a document's content, so it is left out of the content hash like the page marks.
DEMO_MARK = "演示数据 · 非真实案件，不具法律效力"
META_PATTERNS = (
    re.compile(re.escape(re.sub(r"\s+", "", DEMO_MARK))),
    re.compile(r"第\d+页共\d+页"),
    re.compile(r"【[^【】]{1,12}联】"),
    re.compile(r"核验码[:：][0-9a-f]{16}"),
    re.compile(r"卷内第\d+页"),
    # Typesetting, not content: printed under the last filled row of a list (blocks._items).
    re.compile("以下空白"),
)
SHORT_HASH = 16


def mask_id(value: str) -> str:
    """``310101199001011234`` → ``3101**********1234``; short values are returned unchanged."""
    v = value.strip()
    if len(v) < 12:
        return value
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_ids_in(text: str) -> str:
    """Mask every identity-number-like run (15–18 characters with enough digits) in free text."""

    def repl(m: re.Match[str]) -> str:
        whole = m.group(0)
        if sum(c.isdigit() for c in whole) < 12:
            return whole
        return mask_id(whole)

    return _ID_RE.sub(repl, text)


def fill(text: str, values: Mapping[str, Any]) -> str:
    """Replace ``{name}`` with the value (missing → a blank line of full-width spaces)."""

    def repl(m: re.Match[str]) -> str:
        value = values.get(m.group(1), "")
        text_value = "" if value is None else str(value)
        return text_value if text_value.strip() else "\u3000" * 4

    return PLACEHOLDER.sub(repl, text.replace("{{", "\x00").replace("}}", "\x01")).replace(
        "\x00", "{").replace("\x01", "}")


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿")


def rmb_upper(amount: Decimal) -> str:
    """Amount in 大写 (``520`` → ``伍佰贰拾元整``) as printed on fines."""
    cents = int((amount * 100).to_integral_value())
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    out = ""
    if yuan == 0:
        out = "零"
    section = 0
    need_zero = False
    while yuan:
        part, yuan = yuan % 10000, yuan // 10000
        words = ""
        zero = False
        for pos in range(4):
            d = part // (10 ** pos) % 10
            if d:
                words = _DIGITS[d] + _UNITS[pos] + ("零" if zero and words else "") + words
                zero = False
            else:
                zero = True
        if part:
            out = words + _SECTIONS[section] + ("零" if need_zero and out else "") + out
        need_zero = part < 1000
        section += 1
    out += "元"
    if jiao == 0 and fen == 0:
        return out + "整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif fen:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    return out


def format_money(raw: str) -> str:
    """``"500"`` → ``"500元（大写：伍佰元整）"``; unparsable input is returned as written."""
    try:
        amount = Decimal(str(raw).replace(",", "").replace("元", "").strip())
    except InvalidOperation:
        return raw
    if amount < 0:
        return raw
    shown = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return f"{shown}元（大写：{rmb_upper(amount)}）"


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


def format_date(raw: str) -> str:
    """``2026-11-20`` → ``2026年11月20日`` (with time ``…日 14时05分``)."""
    m = _ISO_DATE.fullmatch(raw.strip()[:16]) if raw else None
    if not m:
        return raw
    y, mo, d, hh, mi = m.groups()
    out = f"{int(y)}年{int(mo)}月{int(d)}日"
    if hh is not None:
        out += f"{int(hh)}时{int(mi):02d}分"
    return out


def canonical_text(text: str) -> str:
    """The content that a document's hash covers: no whitespace, no page marks, IDs masked."""
    compact = re.sub(r"[\s\x00-\x1f]+", "", text)
    for pattern in META_PATTERNS:
        compact = pattern.sub("", compact)
    return mask_ids_in(compact)


def content_hash(text: str) -> str:
    return hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()
