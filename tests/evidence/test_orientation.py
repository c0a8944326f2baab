"""Real camera photos saved with each EXIF orientation: every thumbnail and print copy upright.

The sample set is one scene saved eight times (landscape) and four times (portrait) with the
pixels stored rotated/flipped and the EXIF orientation saying how to show them. After import the
derivatives of each set must look alike: compared with the orientation-1 copy, the mean pixel
difference stays small, while a wrongly turned image differs a lot (checked as a control).
"""

from __future__ import annotations

import pytest
from PIL import Image

from gridapp.evidence.blobstore import BlobStore
from gridapp.evidence.capture import import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case, Evidence
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.evidence.conftest import PHOTOS, decode_jpeg, mean_difference

SETS = {"landscape": range(1, 9), "portrait": (1, 3, 6, 8)}


@pytest.mark.parametrize("shape", sorted(SETS))
def test_every_orientation_gives_the_same_upright_derivatives(
    store: StationStore, demo_case: Case, worker: DecodeWorker, shape: str
) -> None:
    paths = [PHOTOS / f"jpg_orientation_{shape}_{n}.jpg" for n in SETS[shape]]
    ids = import_files(store, demo_case.id, paths, actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    thumbs: list[Image.Image] = []
    prints: list[Image.Image] = []
    with store.read() as s:
        for item_id in ids:
            row = s.get(Evidence, item_id)
            assert row is not None
            with blobs.open(row.thumb_sha256) as fh:
                thumbs.append(decode_jpeg(fh.read()))
            with blobs.open(row.print_sha256) as fh:
                prints.append(decode_jpeg(fh.read()))
            assert (row.width or 0) > (row.height or 0) if shape == "landscape" else \
                (row.width or 0) < (row.height or 0)
    expected = (256, 192) if shape == "landscape" else (192, 256)
    reference, reference_print = thumbs[0], prints[0]
    for n, thumb, printed in zip(SETS[shape], thumbs, prints, strict=True):
        assert thumb.size == expected, f"{shape} orientation {n}"
        assert printed.size == reference_print.size
        # The samples differ only by the digit printed on each and JPEG noise.
        assert mean_difference(reference, thumb) < 6, f"{shape} orientation {n} is not upright"
        assert mean_difference(reference_print, printed) < 8, f"{shape} {n} print copy"
    # Control: the same comparison does see a photo left mirrored or turned.
    for wrong in (Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.ROTATE_180):
        assert mean_difference(reference, reference.transpose(wrong)) > 20
