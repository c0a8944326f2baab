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


PRIVATE_UMASK = 0o077  # what this process creates is readable by its user alone (POSIX)


def keep_private() -> None:
    """Create every later file 0600 and directory 0700 (the station holds personal data)."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def make_private(data_dir: Path) -> None:
    """Close a data directory made by an earlier version (or another umask) to other users:
    the directory itself 0700 (nothing inside is reachable without it), and the files directly
    in it and in ``backups/`` 0600. Paths owned by someone else are left as they are."""
    if os.name != "posix":
        return
    paths = [data_dir, *data_dir.glob("*"), *(data_dir / BACKUPS_DIRNAME).glob("*")]
    for path in paths:
        try:
            st = path.lstat()
            if st.st_uid != os.getuid() or not st.st_mode & 0o077 or path.is_symlink():
                continue
            path.chmod((st.st_mode & 0o700) | (0o700 if path.is_dir() else 0))
        except OSError:
            continue  # read-only media, or vanished meanwhile: nothing to protect here
