"""Where a station keeps its data. Resolved once, never at import time."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "GRIDAPP_DATA_DIR"
APP_NAME = "gridapp"

DB_FILENAME = "station.sqlite"
BLOBS_DIRNAME = "blobs"
BACKUPS_DIRNAME = "backups"


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Data directory: ``--data-dir`` wins, then ``$GRIDAPP_DATA_DIR``, then the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The bundled ``resources/`` package directory (packs, templates, fonts)."""
    import resources

    return Path(resources.__file__).resolve().parent
