"""The committed OpenAPI document (``docs/openapi.json``) is generated from the app itself."""

from __future__ import annotations

import json
from typing import Any


def schema() -> dict[str, Any]:
    from fastapi.openapi.utils import get_openapi

    from sync.hq.app import create_app

    app = create_app(None)  # type: ignore[arg-type]  # routes only; nothing is served
    return get_openapi(title=app.title, version=app.version, description=app.description,
                       routes=app.routes)


def schema_json() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
