"""How a finding names a row: its kind and the name a person knows it by."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gridapp.vocab.entity import ENTITY

_NAME_COLUMNS = ("number", "name", "badge_no", "code", "series", "original_name", "template_id")


def row_subject(entity: str, entity_id: str, values: Mapping[str, Any] | None = None) -> str:
    kind = ENTITY.zh(entity) if entity in ENTITY.codes else entity
    name = ""
    for column in _NAME_COLUMNS:
        value = (values or {}).get(column)
        if isinstance(value, str) and value:
            name = value
            break
    short = entity_id[:8]
    return f"{kind} {name}（{short}）" if name else f"{kind} {short}"
