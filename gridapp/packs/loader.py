"""Finding, reading and caching jurisdiction packs.

Shipped packs live in ``resources/packs/<code>.toml``; holiday calendars they reference in
``resources/packs/calendars/<name>.toml``. A pack file checked with ``validate_file`` may sit
anywhere; its calendar is looked up next to it first (``<dir>/calendars/``), then in resources.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from gridapp.errors import NotFoundError, ValidationError
from gridapp.inputlimits import load_toml, read_document
from gridapp.packs import fields as f
from gridapp.packs.model import HolidayCalendar, JurisdictionPack, PackInfo
from gridapp.packs.schema import parse_pack
from gridapp.paths import resources_dir

DEFAULT_PACK = "shanghai"


def packs_dir() -> Path:
    return resources_dir() / "packs"


def _read_toml(path: Path) -> dict[str, Any]:
    text = read_document(path, field="path")
    try:
        return load_toml(text, field="path", what=f"规则包文件 {path.name} ")
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            f"TOML 格式错误（{path.name}）：{exc}", f"malformed TOML in {path.name}: {exc}"
        ) from None


def _expand_days(values: list[Any], where: str) -> set[date]:
    """Dates given one by one (``"2026-10-01"``) or as inclusive ranges (``["a", "b"]``)."""
    out: set[date] = set()
    for i, value in enumerate(values):
        path = f"{where}[{i}]"
        if isinstance(value, list) and len(value) == 2:
            start, end = f.parse_date(value[0], path), f.parse_date(value[1], path)
            if start > end:
                raise f.fail(path, f"“{path}”日期范围颠倒", f"{path!r}: inverted range")
            while start <= end:
                out.add(start)
                start += timedelta(days=1)
        else:
            out.add(f.parse_date(value, path))
    return out


def parse_calendar(data: Mapping[str, Any], name: str) -> HolidayCalendar:
    f.reject_unknown(data, {"name", "source", "years"}, "calendar")
    years = f.table(data, "years", "calendar")
    holidays: set[date] = set()
    workdays: set[date] = set()
    covered: set[int] = set()
    for key, raw in years.items():
        where = f"calendar.years.{key}"
        if not key.isdigit() or not isinstance(raw, Mapping):
            raise f.fail(where, f"“{where}”应为年份表", f"{where!r} must be a year table")
        f.reject_unknown(raw, {"holidays", "workdays"}, where)
        holidays |= _expand_days(f.array(raw, "holidays", where), f"{where}.holidays")
        workdays |= _expand_days(
            f.array(raw, "workdays", where, required=False), f"{where}.workdays"
        )
        covered.add(int(key))
    return HolidayCalendar(
        name=f.text(data, "name", "calendar", required=False, default=name),
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        years=frozenset(covered),
        source="; ".join(f.text_list(data, "source", "calendar")),
    )


def _calendar_loader(pack_dir: Path) -> Any:
    def load(name: str, where: str) -> HolidayCalendar:
        if not name.replace("-", "").isalnum():
            raise f.fail(where, f"“{where}”名称无效", f"{where!r}: invalid calendar name")
        for base in (pack_dir / "calendars", packs_dir() / "calendars"):
            path = base / f"{name}.toml"
            if path.is_file():
                return parse_calendar(_read_toml(path), name)
        raise f.fail(where, f"找不到节假日日历“{name}”", f"holiday calendar {name!r} not found")

    return load


def validate_file(path: str | Path) -> JurisdictionPack:
    """Read and check one pack file; raises ``ValidationError`` naming the bad field."""
    file = Path(path)
    return parse_pack(_read_toml(file), _calendar_loader(file.resolve().parent))


@functools.lru_cache(maxsize=16)
def _load_shipped(code: str) -> JurisdictionPack:
    pack = validate_file(packs_dir() / f"{code}.toml")
    if pack.code != code:
        raise ValidationError(
            f"规则包文件 {code}.toml 的 code 字段为“{pack.code}”",
            f"pack file {code}.toml declares code {pack.code!r}",
            field="code",
        )
    return pack


def _shipped_codes() -> list[str]:
    return sorted(p.stem for p in packs_dir().glob("*.toml"))


APPLIED_DIRNAME = "packs"


def applied_pack_path(data_dir: Path, code: str) -> Path:
    """Where a station keeps a pack version HQ published for it (``gridapp.sync`` writes it)."""
    return data_dir / APPLIED_DIRNAME / f"{code}.toml"


@functools.lru_cache(maxsize=16)
def _load_applied(path: Path, code: str, _stamp: tuple[int, int]) -> JurisdictionPack:
    pack = validate_file(path)
    if pack.code != code:
        raise ValidationError(
            f"规则包文件 {path.name} 的 code 字段为“{pack.code}”",
            f"pack file {path.name} declares code {pack.code!r}",
            field="code",
        )
    return pack


def load_pack(code: str, *, data_dir: Path | None = None) -> JurisdictionPack:
    """The pack ``code`` a station uses: the version HQ published for it when the station in
    ``data_dir`` applied one, else the shipped pack. Unknown code → ``NotFoundError``."""
    if data_dir is not None:
        path = applied_pack_path(data_dir, code)
        try:
            st = path.stat()
        except OSError:
            pass
        else:
            return _load_applied(path, code, (st.st_mtime_ns, st.st_size))
    if code not in _shipped_codes():
        known = "、".join(_shipped_codes())
        raise NotFoundError(
            f"未知的规则包“{code}”（可用：{known}）",
            f"unknown jurisdiction pack {code!r} (available: {known})",
            field="pack",
        )
    return _load_shipped(code)


def list_packs() -> list[PackInfo]:
    return [load_pack(code).info(DEFAULT_PACK) for code in _shipped_codes()]
