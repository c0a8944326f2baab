"""Limits on what people and files hand the program, checked before parsing goes deep.

Contract: JSON and TOML documents are refused (``ValidationError`` in Chinese, naming the
field and the limit) when nested deeper than ``MAX_DEPTH``, larger than ``MAX_DOCUMENT_CHARS``,
or holding an integer longer than ``MAX_INT_DIGITS`` digits — never a ``RecursionError`` or
Python's own integer-length error. Page numbers are bounded by ``MAX_PAGE``.
"""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path
from typing import Any

from gridapp.errors import ValidationError

MAX_DEPTH = 32
MAX_DOCUMENT_CHARS = 20_000_000
# A file a person hands in (case JSON, pack, template) is read only up to this size: the largest
# real one is well under 1 MB, and a refusal must not first load hundreds of megabytes.
MAX_DOCUMENT_BYTES = 16 * 2**20
MAX_INT_DIGITS = 30
MAX_PAGE = 1_000_000


def _depth(text: str, openers: str, closers: str, quotes: str) -> int:
    """The deepest bracket nesting outside strings (a linear scan; no recursion)."""
    depth = deepest = 0
    quote = ""
    escaped = False
    for ch in text:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = ""
            continue
        if ch in quotes:
            quote = ch
        elif ch in openers:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in closers:
            depth -= 1
    return deepest


def _check_shape(text: str, field: str, what: str, *, toml: bool) -> None:
    if len(text) > MAX_DOCUMENT_CHARS:
        raise ValidationError(
            f"{what}过大（{len(text):,} 个字符，上限 {MAX_DOCUMENT_CHARS:,}）",
            f"{what} too large ({len(text):,} characters, limit {MAX_DOCUMENT_CHARS:,})",
            field=field,
        )
    if _depth(text, "[{", "]}", "\"'" if toml else '"') > MAX_DEPTH:
        raise ValidationError(
            f"{what}嵌套过深（超过 {MAX_DEPTH} 层），未读取",
            f"{what} is nested deeper than {MAX_DEPTH} levels",
            field=field,
        )


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("+-")) > MAX_INT_DIGITS:
        raise ValueError("too many digits")
    return int(digits)


def _too_many_digits(field: str, what: str) -> ValidationError:
    return ValidationError(
        f"{what}中有超过 {MAX_INT_DIGITS} 位的整数，未读取",
        f"{what} holds an integer longer than {MAX_INT_DIGITS} digits",
        field=field,
    )


def load_json(text: str, *, field: str = "file", what: str = "JSON 文件") -> Any:
    """``json.loads`` within the limits. ``json.JSONDecodeError`` still reports bad syntax."""
    _check_shape(text, field, what, toml=False)
    try:
        return json.loads(text, parse_int=_bounded_int)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:
        raise _too_many_digits(field, what) from exc


def load_toml(text: str, *, field: str = "file", what: str = "TOML 文件") -> dict[str, Any]:
    """``tomllib.loads`` within the limits. ``tomllib.TOMLDecodeError`` still reports syntax."""
    _check_shape(text, field, what, toml=True)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except (ValueError, RecursionError) as exc:
        raise _too_many_digits(field, what) from exc


def check_page(page: int, *, field: str = "page") -> int:
    if not 1 <= page <= MAX_PAGE:
        raise ValidationError(f"页码应在 1–{MAX_PAGE:,} 之间，收到 {page}",
                              f"page must be 1..{MAX_PAGE}, got {page}", field=field)
    return page


def read_document(path: Path, *, field: str = "file") -> str:
    """A UTF-8 text file given by a person, within the size limit: a FIFO, a device or a
    directory is refused before anything is read (never a hang); a byte-order mark is
    dropped."""
    from gridapp.errors import NotFoundError, os_reason

    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise NotFoundError(f"找不到文件：{path}", f"file not found: {path}", field=field) from exc
    except OSError as exc:
        raise ValidationError(f"无法读取 {path}：{os_reason(exc)}", f"cannot read {path}: {exc}",
                              field=field) from exc
    if stat.S_ISDIR(st.st_mode):
        raise ValidationError(f"{path}：这是一个目录，不是文件，未读取",
                              f"{path} is a directory, not a file", field=field)
    if not stat.S_ISREG(st.st_mode):
        raise ValidationError(f"{path} 不是普通文件（可能是管道或设备），未读取",
                              f"{path} is not a regular file", field=field)
    too_large = ValidationError(
        f"{path.name} 过大（超过 {MAX_DOCUMENT_BYTES // 2**20} MB），未读取",
        f"{path.name} is larger than {MAX_DOCUMENT_BYTES // 2**20} MB", field=field)
    if st.st_size > MAX_DOCUMENT_BYTES:
        raise too_large
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_DOCUMENT_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise ValidationError(f"无法读取 {path}：{os_reason(exc)}", f"cannot read {path}: {exc}",
                              field=field) from exc
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise too_large
    return _decode(raw, path.name, field)


def read_stdin(*, field: str = "file") -> str:
    """Standard input as UTF-8 text, within the size limit (as ``read_document``)."""
    import sys

    try:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # replaced by a text stream (an embedding program, a test)
            text = sys.stdin.read(MAX_DOCUMENT_BYTES + 1)
            raw = text.encode("utf-8", "surrogatepass")
        else:
            raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        from gridapp.errors import os_reason

        raise ValidationError(f"无法读取标准输入：{os_reason(exc)}", f"cannot read stdin: {exc}",
                              field=field) from exc
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise ValidationError(f"标准输入的内容过大（超过 {MAX_DOCUMENT_BYTES // 2**20} MB），未读取",
                              "standard input is too large", field=field)
    return _decode(raw, "标准输入", field)


def _decode(raw: bytes, name: str, field: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{name} 不是 UTF-8 编码的文本文件（可能是 GBK），请另存为 UTF-8 后重试",
            f"{name} is not UTF-8 text", field=field) from exc


# Invisible characters that reorder or hide text (a name with U+202E shows reversed).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
MAX_LINE_CHARS = 500
MAX_TEXT_CHARS = 20_000
# A value typed for one field of a document (a 询问笔录's 问答 list counts as one value): about
# a hundred printed pages, the most a single document field is ever given.
MAX_DOCUMENT_FIELD_CHARS = 100_000


def check_text(value: str, field: str, *, multiline: bool = False,
               max_chars: int | None = None, label: str | None = None) -> str:
    """Text a person typed or a file gave: no control characters (NUL, terminal escapes; a
    line break only where the field has lines), no bidi controls, within ``max_chars``
    (default 500 for one line, 20,000 for several). Returns ``value`` unchanged. Messages name
    ``label`` (default: ``field``)."""
    shown = label or field
    limit = max_chars or (MAX_TEXT_CHARS if multiline else MAX_LINE_CHARS)
    if len(value) > limit:
        raise ValidationError(f"{shown} 过长（{len(value):,} 个字，最多 {limit:,} 个字）",
                              f"{field} too long ({len(value):,} > {limit:,})", field=field)
    allowed = "\n\t\r" if multiline else ""
    for ch in value:
        code = ord(ch)
        if (code < 0x20 and ch not in allowed) or 0x7F <= code < 0xA0 or ch in BIDI_CONTROLS:
            raise ValidationError(
                f"{shown} 含有不可见的控制字符（U+{code:04X}），可能是从别处复制带入的，请删除后重试",
                f"{field} holds a control character U+{code:04X}", field=field)
    return value


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters other than line breaks and tabs,
    bidi controls and lone surrogates are shown as escapes (``\\x1b``, ``\\u202e``), so an input
    echoed in an error message cannot recolour, clear or reorder the officer's terminal."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\n\t" or not (code < 0x20 or 0x7F <= code < 0xA0 or ch in BIDI_CONTROLS
                                or 0xD800 <= code <= 0xDFFF):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)
