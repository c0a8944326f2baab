"""What every CLI handler receives: parsed arguments, output helpers, the station (lazily)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridapp.paths import resolve_data_dir

if TYPE_CHECKING:
    from gridapp.store import StationStore


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=_json_default)


@dataclass
class CliContext:
    args: argparse.Namespace
    _station: StationStore | None = field(default=None, init=False)

    @property
    def data_dir(self) -> Path:
        return resolve_data_dir(getattr(self.args, "data_dir", None))

    @property
    def as_json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def station(self, *, create: bool = False) -> StationStore:
        """Open the station in the data directory (running migrations). ``create`` allows a new DB."""
        if self._station is None:
            from gridapp.store import open_store

            self._station = open_store(self.data_dir, create=create)
        return self._station

    def emit(self, obj: Any, human: str | Callable[[], str] | None = None) -> None:
        """Print ``obj`` as JSON under ``--json``, else the human-readable text."""
        if self.as_json or human is None:
            print(dumps(obj))
        else:
            print(human() if callable(human) else human)

    def close(self) -> None:
        if self._station is not None:
            self._station.close()
            self._station = None


def warn(text: str) -> None:
    print(text, file=sys.stderr)


Handler = Callable[[CliContext], int]
