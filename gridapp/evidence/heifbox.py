"""What a HEIF file declares before libheif decodes it: the primary item, the coded sizes
(``ispe``), its transformations and whether it holds an image sequence track.

Read from the boxes alone, with bounded reads (the ``meta`` box is read up to ``MAX_META``), so
the decode worker can judge a file before libheif allocates anything:
- the coded size (``ispe``, before a crop) is what the decoder allocates, and it is what the
  pixel limit is checked against: a crop (``clap``) makes the shown image smaller, not the work;
- libheif 1.23 bounds its own decode by the size *after* the crop (strukturag/libheif#1856), so
  a photo cropped on the phone fails there with "Security limit exceeded" although its coded
  frame is ordinary (fixed in later libheif releases than the one pi-heif bundles).
  Such a file is decoded without its transformations (``uncropped``: the properties renamed to
  ``free`` in a copy of the bytes, sizes unchanged) and they are applied here (``Transform``),
  which lets libheif's limits stay on;
- an image sequence (a ``moov`` box with a picture track) without a primary still item has
  nothing a photo can be made from, which is said as such rather than as damage.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from fractions import Fraction
from typing import IO

MAX_META = 8 << 20  # a phone's meta box is a few kB; one with 1000 tiles under 100 kB
_CONTAINERS = (b"iprp", b"ipco")


@dataclass
class HeifLayout:
    primary: int | None = None
    item_types: dict[int, bytes] = field(default_factory=dict)
    coded_sizes: list[tuple[int, int]] = field(default_factory=list)  # every ispe in the file
    properties: list[bytes] = field(default_factory=list)  # ipco's property kinds in order
    primary_properties: list[bytes] = field(default_factory=list)
    brands: set[bytes] = field(default_factory=set)  # ftyp's major and compatible brands
    has_meta: bool = False
    has_sequence: bool = False  # a moov box (an image sequence or a video track)
    # Where each ipco property box starts in the file, its body, and where each ipma
    # association byte of an item lies (absolute offsets), for ``uncropped``.
    property_at: list[int] = field(default_factory=list)
    property_body: list[bytes] = field(default_factory=list)
    primary_indexes: list[int] = field(default_factory=list)
    association_at: list[tuple[int, int]] = field(default_factory=list)  # (offset, index)

    @property
    def avif(self) -> bool:
        return bool(self.brands & {b"avif", b"avis"})

    @property
    def sequence_only(self) -> bool:
        """An image sequence with no still item to show (the file's own first-frame cover)."""
        return self.has_sequence and self.primary is None and not self.avif

    @property
    def cropped(self) -> bool:
        return b"clap" in self.properties

    @property
    def largest_coded(self) -> int:
        return max((w * h for w, h in self.coded_sizes), default=0)

    @property
    def transforms(self) -> list[str]:
        return [k.decode("latin-1") for k in self.primary_properties if k in _TRANSFORMS]

    def primary_transforms(self) -> list[Transform]:
        """The primary item's crop, rotation and mirror in the order they apply."""
        size = next((self._size(i) for i in self.primary_indexes
                     if self.properties[i - 1] == b"ispe"), None)
        out: list[Transform] = []
        for i in self.primary_indexes:
            kind, body = self.properties[i - 1], self.property_body[i - 1]
            if kind == b"clap" and size is not None and len(body) >= 32:
                out.append(Transform("clap", crop=_clap_box(body, size)))
                size = (out[-1].crop[2] - out[-1].crop[0], out[-1].crop[3] - out[-1].crop[1])
            elif kind == b"irot" and body:
                out.append(Transform("irot", angle=(body[0] & 3) * 90))
                if size is not None and body[0] & 1:
                    size = (size[1], size[0])
            elif kind == b"imir" and body:
                out.append(Transform("imir", axis=body[0] & 1))
        return out

    def _size(self, index: int) -> tuple[int, int]:
        body = self.property_body[index - 1]
        return int.from_bytes(body[4:8], "big"), int.from_bytes(body[8:12], "big")


_TRANSFORMS = (b"clap", b"irot", b"imir")


@dataclass(frozen=True)
class Transform:
    kind: str  # clap | irot | imir
    crop: tuple[int, int, int, int] = (0, 0, 0, 0)  # clap: left, top, right, bottom (exclusive)
    angle: int = 0  # irot: degrees anticlockwise
    axis: int = 0  # imir's axis bit, applied as libheif applies it (see imaging._transformed)


def _clap_box(body: bytes, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """The pixels a clean aperture keeps of an image of ``size`` (ISO/IEC 14496-12 12.1.4),
    rounded as libheif does and clamped to the image."""
    def frac(at: int, signed: bool = False) -> Fraction:
        n = int.from_bytes(body[at:at + 4], "big", signed=signed)
        d = int.from_bytes(body[at + 4:at + 8], "big")
        return Fraction(n, d or 1)

    cw, ch = frac(0), frac(8)
    ox, oy = frac(16, signed=True), frac(24, signed=True)
    pcx, pcy = ox + Fraction(size[0] - 1, 2), oy + Fraction(size[1] - 1, 2)
    left, right = int(pcx - (cw - 1) / 2), int(pcx + (cw - 1) / 2)
    top, bottom = int(pcy - (ch - 1) / 2), int(pcy + (ch - 1) / 2)
    left, top = max(0, left), max(0, top)
    right, bottom = min(size[0] - 1, right), min(size[1] - 1, bottom)
    if right < left or bottom < top:
        return 0, 0, size[0], size[1]
    return left, top, right + 1, bottom + 1


def uncropped(data: bytes, layout: HeifLayout) -> bytes:
    """A copy of ``data`` in which the primary item's clap, irot and imir no longer apply: the
    property boxes renamed ``free`` and their associations made non-essential (same sizes, so
    every offset holds)."""
    out = bytearray(data)
    gone = {i for i in layout.primary_indexes if layout.properties[i - 1] in _TRANSFORMS}
    for i in gone:
        at = layout.property_at[i - 1]
        out[at + 4:at + 8] = b"free"
    for at, index in layout.association_at:
        if index in gone:
            out[at] &= 0x7F  # the essential bit is the first of the association
    return bytes(out)


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(kind, body start, box end) of the boxes in data[start:end]; stops at a broken size."""
    out: list[tuple[bytes, int, int]] = []
    at = start
    while at + 8 <= end:
        size, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        body = at + 8
        if size == 1:
            if at + 16 > end:
                break
            size, body = int.from_bytes(data[at + 8:at + 16], "big"), at + 16
        elif size == 0:
            size = end - at
        if size < body - at or at + size > end:
            break
        out.append((kind, body, at + size))
        at += size
    return out


def read_layout(stream: IO[bytes]) -> HeifLayout | None:
    """The layout of an ISO-BMFF image file (``ftyp`` first), None for anything else.
    The stream is left at 0."""
    layout = HeifLayout()
    stream.seek(0, io.SEEK_END)
    end = stream.tell()
    at = 0
    try:
        while at + 8 <= end:
            stream.seek(at)
            header = stream.read(16)
            size, kind = int.from_bytes(header[:4], "big"), header[4:8]
            if at == 0 and kind != b"ftyp":
                return None
            if at == 0:
                stream.seek(8)
                ftyp = stream.read(min(max(size - 8, 0), 256))
                layout.brands = {ftyp[0:4]} | {ftyp[i:i + 4] for i in range(8, len(ftyp) - 3, 4)}
            head = 8
            if size == 1 and len(header) == 16:
                size, head = int.from_bytes(header[8:16], "big"), 16
            elif size == 0:
                size = end - at
            if size < head:
                break
            if kind == b"meta" and not layout.has_meta:
                layout.has_meta = True
                stream.seek(at + head)
                body = stream.read(min(size - head, MAX_META))
                _read_meta(body, layout, at + head)
            elif kind == b"moov":
                layout.has_sequence = True
            at += size
    finally:
        stream.seek(0)
    return layout


def _read_meta(body: bytes, layout: HeifLayout, base: int) -> None:
    # meta is a full box: 4 bytes of version and flags before its children.
    for kind, start, stop in _boxes(body, 4, len(body)):
        if kind == b"pitm":
            version = body[start]
            width = 2 if version == 0 else 4
            layout.primary = int.from_bytes(body[start + 4:start + 4 + width], "big")
        elif kind == b"iinf":
            _read_iinf(body, start, stop, layout)
        elif kind == b"iprp":
            _read_iprp(body, start, stop, layout, base)
    if layout.primary is not None:
        layout.primary_indexes = [i for i in _associations(body, layout, base).get(
            layout.primary, []) if 0 < i <= len(layout.properties)]
        layout.primary_properties = [layout.properties[i - 1] for i in layout.primary_indexes]


def _read_iinf(body: bytes, start: int, stop: int, layout: HeifLayout) -> None:
    version = body[start]
    first = start + 4 + (2 if version == 0 else 4)
    for kind, s, _e in _boxes(body, first, stop):
        if kind != b"infe" or body[s] < 2:
            continue
        wide = body[s] == 3
        item = int.from_bytes(body[s + 4:s + (8 if wide else 6)], "big")
        type_at = s + (8 if wide else 6) + 2
        layout.item_types[item] = body[type_at:type_at + 4]


def _read_iprp(body: bytes, start: int, stop: int, layout: HeifLayout, base: int) -> None:
    for kind, s, e in _boxes(body, start, stop):
        if kind != b"ipco":
            continue
        for prop, ps, pe in _boxes(body, s, e):
            layout.properties.append(prop)
            layout.property_at.append(base + ps - 8)
            layout.property_body.append(body[ps:pe] if prop in (*_TRANSFORMS, b"ispe") else b"")
            if prop == b"ispe" and ps + 12 <= len(body):
                layout.coded_sizes.append((int.from_bytes(body[ps + 4:ps + 8], "big"),
                                           int.from_bytes(body[ps + 8:ps + 12], "big")))


def _associations(body: bytes, layout: HeifLayout, base: int) -> dict[int, list[int]]:
    """item id → the 1-based ipco indexes ipma associates with it."""
    out: dict[int, list[int]] = {}
    for kind, start, stop in _boxes(body, 4, len(body)):
        if kind != b"iprp":
            continue
        for ikind, s, e in _boxes(body, start, stop):
            if ikind != b"ipma":
                continue
            version, wide = body[s], body[s + 3] & 1
            at = s + 8
            for _ in range(int.from_bytes(body[s + 4:s + 8], "big")):
                id_len = 2 if version == 0 else 4
                if at + id_len + 1 > e:
                    break
                item = int.from_bytes(body[at:at + id_len], "big")
                count = body[at + id_len]
                at += id_len + 1
                step = 2 if wide else 1
                mask = 0x7FFF if wide else 0x7F
                indexes = []
                for k in range(count):
                    index = int.from_bytes(body[at + k * step:at + (k + 1) * step], "big") & mask
                    indexes.append(index)
                    layout.association_at.append((base + at + k * step, index))
                out[item] = indexes
                at += count * step
    return out
