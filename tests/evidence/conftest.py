"""Evidence fixtures: real photos from tests/data/photos, generated photos with EXIF, helpers
to capture "what is on disk and in the database" before and after an operation."""

from __future__ import annotations

import errno
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat
from sqlalchemy import func, select

from gridapp.evidence.fsops import FsOps
from gridapp.models import AuditEvent, Evidence, OutboxEntry
from gridapp.store import StationStore

PHOTOS = Path(__file__).resolve().parent.parent / "data" / "photos"


def exif_for(
    orientation: int = 1,
    when: str | None = "2026:11:20 09:15:30",
    offset: str | None = "+08:00",
    gps: tuple[float, float] | None = (31.2304, 121.4737),
    make: str = "HUAWEI",
    model: str = "P40 Pro",
) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = make
    exif[0x0110] = model
    sub = exif.get_ifd(0x8769)
    if when:
        sub[0x9003] = when
        if offset:
            sub[0x9011] = offset
    if gps:
        lat, lon = gps
        g = exif.get_ifd(0x8825)
        g[1], g[3] = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")
        for tag, value in ((2, abs(lat)), (4, abs(lon))):
            deg = int(value)
            minutes = (value - deg) * 60
            g[tag] = (float(deg), float(int(minutes)), round((minutes - int(minutes)) * 60, 3))
    return exif


def upright_scene(size: tuple[int, int]) -> Image.Image:
    """An asymmetric test scene: sky gradient, a red block top-left, a dark bar at the bottom."""
    w, h = size
    sky = Image.linear_gradient("L").resize((w, h))
    im = Image.merge("RGB", (sky.point(lambda v: 60 + v // 3), sky.point(lambda v: 120 + v // 3),
                             Image.new("L", (w, h), 210)))
    draw = ImageDraw.Draw(im)
    draw.rectangle((w // 20, h // 20, w // 3, h // 3), fill=(220, 30, 30))
    draw.rectangle((0, h * 4 // 5, w, h), fill=(30, 30, 30))
    return im


# The stored pixels for orientation N are the upright scene with the inverse transform applied.
STORE_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def write_photo(path: Path, size: tuple[int, int] = (320, 240), orientation: int = 1,
                noise: int = 0, quality: int = 85, **exif_args: object) -> Path:
    """Write a JPEG whose *displayed* (upright) content is ``upright_scene(size)``."""
    im = upright_scene(size)
    if noise:
        grain = Image.effect_noise(size, noise).convert("RGB")
        im = Image.blend(im, grain, 0.12)
    method = STORE_AS[orientation]
    if method is not None:
        im = im.transpose(method)
    im.save(path, "JPEG", quality=quality, exif=exif_for(orientation, **exif_args))  # type: ignore[arg-type]
    return path


@pytest.fixture(scope="session")
def photo_12mp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 12-megapixel (4000×3000 displayed) phone-like JPEG stored rotated, EXIF orientation 6."""
    path = tmp_path_factory.mktemp("gen") / "IMG_20261120_091530.jpg"
    return write_photo(path, (4000, 3000), orientation=6, noise=40, quality=90)


@pytest.fixture
def small_photo(tmp_path: Path) -> Path:
    return write_photo(tmp_path / "small.jpg", (64, 48))


@dataclass(frozen=True)
class State:
    rows: int
    audit: int
    outbox: int
    files: tuple[str, ...]


def state(store: StationStore) -> State:
    """Row counts and every file under the blob directory (including temp files)."""
    with store.read() as s:
        counts = [s.scalar(select(func.count()).select_from(m)) or 0
                  for m in (Evidence, AuditEvent, OutboxEntry)]
    root = store.blobs_dir
    files = tuple(sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())) \
        if root.exists() else ()
    return State(counts[0], counts[1], counts[2], files)


class FaultyFs(FsOps):
    """Raises ``OSError`` on the ``fail_at``-th call of write/fsync/rename (counted together)."""

    def __init__(self, fail_at: int, err: int = errno.ENOSPC) -> None:
        self.fail_at = fail_at
        self.err = err
        self.calls = 0

    def _tick(self, what: str) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            raise OSError(self.err, f"injected {errno.errorcode[self.err]} on {what}")

    def write(self, fd: int, data: bytes | memoryview) -> int:
        self._tick("write")
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self._tick("fsync")
        super().fsync(fd)

    def rename(self, src: Path, dst: Path) -> None:
        self._tick("rename")
        super().rename(src, dst)


def decode_jpeg(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute per-channel difference (0–255) after scaling ``b`` to ``a``'s size."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB").resize(a.size))
    return sum(ImageStat.Stat(diff).mean) / 3
