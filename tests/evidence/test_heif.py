"""HEIF as phones write it: grid images at full resolution, crops and rotations, files holding
several images, image sequences; refusals that say why (pixel count, decoder limit, no still).

The files are made here with pillow-heif (libheif + x265, a test-only dependency: the app
decodes with pi-heif, which cannot encode). pillow-heif writes a real grid of 512-pixel tiles
(``tile_size``), rotations and mirrors (``irot``/``imir`` from the EXIF orientation) and files
with several images; a crop (``clap``) and image sequences are added with ``heif_edit``.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image
from sqlalchemy import select

from gridapp.evidence.blobstore import BlobStore
from gridapp.evidence.capture import ImportLimits, import_files
from gridapp.evidence.heifbox import read_layout
from gridapp.evidence.imaging import PRINT_PX
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case, Evidence
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.evidence.conftest import PHOTOS, mean_difference, upright_scene
from tests.evidence.heif_edit import (
    add_primary_property,
    add_unused_properties,
    clap,
    image_sequence,
)
from tests.evidence.test_bad_input import refuse


@functools.cache
def heic(size: tuple[int, int], *, orientation: int = 1, tile: int = 0) -> bytes:
    """``upright_scene(size)`` encoded as HEIC (x265, fastest preset), tiled when ``tile``."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    pillow_heif.from_pillow(upright_scene(size)).save(
        buf, exif=exif.tobytes(), quality=75, enc_params={"preset": "ultrafast"}, tile_size=tile)
    return buf.getvalue()


def reference(data: bytes) -> Image.Image:
    """The picture libheif itself shows for ``data`` (pillow-heif's newer libheif, which
    handles crops), RGB."""
    return pillow_heif.open_heif(io.BytesIO(data))[0].to_pillow().convert("RGB")


def imported(store: StationStore, case: Case, path: Path, worker: DecodeWorker) -> Evidence:
    (item_id,) = import_files(store, case.id, [path], actor=LEAD_BADGE, worker=worker,
                              reason="已核实，属本案证据")
    with store.read() as s:
        row = s.scalars(select(Evidence).where(Evidence.id == item_id)).one()
        s.expunge(row)
    return row


def print_copy(store: StationStore, row: Evidence) -> Image.Image:
    with BlobStore(store.blobs_dir, key=store.data_key).open(row.print_sha256) as fh:
        return Image.open(io.BytesIO(fh.read())).convert("RGB")


def test_a_full_resolution_grid_heic_imports(store: StationStore, demo_case: Case,
                                             tmp_path: Path, worker: DecodeWorker) -> None:
    data = heic((2048, 1536), tile=512)
    src = tmp_path / "grid.heic"
    src.write_bytes(data)
    with src.open("rb") as fh:
        layout = read_layout(fh)
    assert layout is not None and layout.primary is not None
    assert layout.item_types[layout.primary] == b"grid"
    assert sum(t == b"hvc1" for t in layout.item_types.values()) == 12  # 4 × 3 tiles
    row = imported(store, demo_case, src, worker)
    assert (row.media, row.mime, row.width, row.height) == ("photo", "image/heic", 2048, 1536)
    printed = print_copy(store, row)
    assert max(printed.size) == PRINT_PX
    assert mean_difference(printed, upright_scene(printed.size)) < 6


def test_a_heif_whose_primary_grid_is_not_its_first_image(store: StationStore, demo_case: Case,
                                                          tmp_path: Path,
                                                          worker: DecodeWorker) -> None:
    """Two images, the primary a grid larger than the print size: the decoder is kept for the
    other image, and shrinking the picture in place had it decoded again at full size over the
    print copy ("tile cannot extend outside image")."""
    heif = pillow_heif.from_pillow(upright_scene((320, 240)))
    heif.add_from_pillow(upright_scene((2048, 1536)))
    out = io.BytesIO()
    heif.save(out, quality=75, enc_params={"preset": "ultrafast"}, tile_size=512,
              primary_index=1)
    src = tmp_path / "two.heic"
    src.write_bytes(out.getvalue())
    row = imported(store, demo_case, src, worker)
    assert (row.width, row.height) == (2048, 1536)
    printed = print_copy(store, row)
    assert printed.size == (PRINT_PX, 1200)
    assert mean_difference(printed, upright_scene(printed.size)) < 6


@pytest.mark.parametrize(("size", "tile"), [((1200, 900), 0), ((2048, 1536), 512)],
                         ids=["single", "grid"])
@pytest.mark.parametrize("orientation", [1, 2, 6, 7])
def test_a_cropped_and_rotated_heif_imports_as_libheif_shows_it(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker,
        size: tuple[int, int], tile: int, orientation: int) -> None:
    """A crop (clap) made libheif 1.23 refuse the file ("Security limit exceeded": its limit
    was taken from the cropped size); rotations and mirrors must come out as libheif shows
    them."""
    w, h = size
    data = add_primary_property(heic(size, orientation=orientation, tile=tile),
                                clap(w // 2, h // 3, w // 8, h // 5, size))
    src = tmp_path / "cropped.heic"
    src.write_bytes(data)
    expected = reference(data)
    row = imported(store, demo_case, src, worker)
    assert (row.width, row.height) == expected.size
    printed = print_copy(store, row)
    assert printed.size == expected.size
    assert mean_difference(printed, expected) < 4


def test_a_rotated_heif_without_a_crop(store: StationStore, demo_case: Case, tmp_path: Path,
                                       worker: DecodeWorker) -> None:
    data = heic((2048, 1536), orientation=6, tile=512)
    src = tmp_path / "rotated.heic"
    src.write_bytes(data)
    row = imported(store, demo_case, src, worker)
    assert (row.width, row.height) == (1536, 2048)
    printed = print_copy(store, row)
    assert mean_difference(printed, reference(data).resize(printed.size)) < 4


def test_a_crop_does_not_hide_the_coded_size_from_the_pixel_limit(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    data = add_primary_property(heic((2048, 1536), tile=512),
                                clap(400, 300, 100, 100, (2048, 1536)))
    src = tmp_path / "small-crop.heic"
    src.write_bytes(data)
    err = refuse(store, demo_case, src, worker=worker,
                 limits=ImportLimits(max_pixels=2_000_000))
    assert "图像像素过多" in err.message_zh and "2048x1536" in err.message_en


def test_a_genuine_decoder_limit_is_said_as_such(store: StationStore, demo_case: Case,
                                                 tmp_path: Path, worker: DecodeWorker) -> None:
    src = tmp_path / "many-properties.heic"
    src.write_bytes(add_unused_properties(heic((320, 240)), 200))
    err = refuse(store, demo_case, src, worker=worker)
    assert "超出解码限制" in err.message_zh and "已损坏" not in err.message_zh
    assert "Security limit exceeded" in err.message_en


def test_an_image_sequence_with_a_still_imports_the_still(store: StationStore, demo_case: Case,
                                                          tmp_path: Path,
                                                          worker: DecodeWorker) -> None:
    src = tmp_path / "burst.heic"
    src.write_bytes(image_sequence(heic((320, 240)), keep_still=True))
    row = imported(store, demo_case, src, worker)
    assert (row.media, row.width, row.height) == ("photo", 320, 240)
    assert mean_difference(print_copy(store, row), upright_scene((320, 240))) < 6


def test_an_image_sequence_without_a_still_is_refused_as_such(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    src = tmp_path / "sequence.heics"
    src.write_bytes(image_sequence(heic((320, 240)), keep_still=False))
    err = refuse(store, demo_case, src, worker=worker)
    assert "图像序列" in err.message_zh and "没有静态" in err.message_zh
    assert "已损坏" not in err.message_zh


def test_the_real_iphone_grid_keeps_working(store: StationStore, demo_case: Case,
                                            worker: DecodeWorker) -> None:
    with (PHOTOS / "heic_IMG_5195.HEIC").open("rb") as fh:
        layout = read_layout(fh)
    assert layout is not None and layout.primary is not None
    assert layout.item_types[layout.primary] == b"grid" and layout.transforms == ["irot"]
    row = imported(store, demo_case, PHOTOS / "heic_IMG_5195.HEIC", worker)
    assert (row.width, row.height) == (2566, 3313)
