"""Typed field readers that name the offending field in every error.

Used by the pack schema (and reusable by any TOML/JSON reader): each helper takes the parent
mapping, the key and the dotted path of the parent, and raises ``ValidationError`` with
``field`` set to the full path (``violations[3].penalty_article``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from gridapp.errors import ValidationError


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def fail(path: str, zh: str, en: str) -> ValidationError:
    return ValidationError(zh, en, field=path)


def reject_unknown(data: Mapping[str, Any], allowed: set[str], path: str) -> None:
    for key in data:
        if key not in allowed:
            where = join(path, key)
            raise fail(where, f"未知字段“{where}”", f"unknown field {where!r}")


def _missing(path: str) -> ValidationError:
    return fail(path, f"缺少必填字段“{path}”", f"missing required field {path!r}")


def table(data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> dict[str, Any]:
    where = join(path, key)
    if key not in data:
        if required:
            raise _missing(where)
        return {}
    value = data[key]
    if not isinstance(value, Mapping):
        raise fail(where, f"“{where}”应为表（对象）", f"{where!r} must be a table/object")
    return dict(value)


def array(data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> list[Any]:
    where = join(path, key)
    if key not in data:
        if required:
            raise _missing(where)
        return []
    value = data[key]
    if not isinstance(value, list):
        raise fail(where, f"“{where}”应为数组", f"{where!r} must be an array")
    return value


def text(
    data: Mapping[str, Any], key: str, path: str, *, required: bool = True, default: str = ""
) -> str:
    where = join(path, key)
    if key not in data:
        if required:
            raise _missing(where)
        return default
    value = data[key]
    if not isinstance(value, str):
        raise fail(where, f"“{where}”应为文本", f"{where!r} must be a string")
    if required and not value.strip():
        raise fail(where, f"“{where}”不能为空", f"{where!r} must not be empty")
    return value


def integer(
    data: Mapping[str, Any],
    key: str,
    path: str,
    *,
    required: bool = True,
    default: int = 0,
    minimum: int | None = 0,
) -> int:
    where = join(path, key)
    if key not in data:
        if required:
            raise _missing(where)
        return default
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(where, f"“{where}”应为整数", f"{where!r} must be an integer")
    if minimum is not None and value < minimum:
        raise fail(where, f"“{where}”不能小于 {minimum}", f"{where!r} must be >= {minimum}")
    return value


def number(data: Mapping[str, Any], key: str, path: str) -> float:
    where = join(path, key)
    if key not in data:
        raise _missing(where)
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(where, f"“{where}”应为数字", f"{where!r} must be a number")
    if value < 0:
        raise fail(where, f"“{where}”不能为负数", f"{where!r} must not be negative")
    return float(value)


def boolean(data: Mapping[str, Any], key: str, path: str, *, default: bool = False) -> bool:
    where = join(path, key)
    if key not in data:
        return default
    value = data[key]
    if not isinstance(value, bool):
        raise fail(where, f"“{where}”应为 true 或 false", f"{where!r} must be a boolean")
    return value


def iso_date(data: Mapping[str, Any], key: str, path: str) -> date:
    where = join(path, key)
    if key not in data:
        raise _missing(where)
    return parse_date(data[key], where)


def parse_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise fail(
        where,
        f"“{where}”应为 YYYY-MM-DD 格式的日期",
        f"{where!r} must be an ISO date (YYYY-MM-DD)",
    )


def text_list(data: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> list[str]:
    items = array(data, key, path, required=required)
    out: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            where = join(join(path, key), i)
            raise fail(where, f"“{where}”应为非空文本", f"{where!r} must be a non-empty string")
        out.append(item)
    return out


def choice(value: str, allowed: Sequence[str], where: str, what_zh: str) -> str:
    if value not in allowed:
        raise fail(
            where,
            f"“{where}”的{what_zh}“{value}”无效，可选：{'、'.join(allowed)}",
            f"{where!r}: invalid value {value!r}; allowed: {', '.join(allowed)}",
        )
    return value
