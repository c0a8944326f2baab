"""The operating-system calls the blob store makes, behind one replaceable object.

Tests substitute a subclass whose ``write``/``fsync``/``rename`` raise ``OSError`` on the Nth call
to inject disk-full and I/O errors into the OS layer; everything above it runs for real.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class FsOps:
    """Thin wrappers over ``os``; every durable step of the store goes through one of these."""

    def mkstemp(self, directory: Path, prefix: str) -> tuple[int, Path]:
        fd, name = tempfile.mkstemp(prefix=prefix, dir=directory)
        return fd, Path(name)

    def write(self, fd: int, data: bytes | memoryview) -> int:
        return os.write(fd, data)

    def write_all(self, fd: int, data: bytes | memoryview) -> None:
        view = memoryview(data)
        while view:
            n = self.write(fd, view)
            view = view[n:]

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def close(self, fd: int) -> None:
        os.close(fd)

    def make_readonly(self, fd: int) -> None:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o400)

    def rename(self, src: Path, dst: Path) -> None:
        src.replace(dst)

    def fsync_dir(self, directory: Path) -> None:
        """Persist a directory entry (a rename or a new file) — a no-op where unsupported."""
        if os.name != "posix":
            return
        fd = os.open(directory, os.O_RDONLY)
        try:
            self.fsync(fd)
        finally:
            os.close(fd)

    def mkdir(self, directory: Path) -> bool:
        """Create ``directory``; True if it did not exist before."""
        try:
            directory.mkdir()
        except FileExistsError:
            return False
        return True

    def unlink(self, path: Path) -> None:
        path.unlink(missing_ok=True)
