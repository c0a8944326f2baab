"""Test helper: edits the item properties of a HEIF file written by pillow-heif.

Used to give a real encoded HEIF a crop (``clap``) that the encoder cannot write: the property is
added to ``ipco`` and associated with the primary item in ``ipma`` ahead of any rotation or
mirror (the order ISO/IEC 23008-12 requires), and ``iloc``'s file offsets are moved by the bytes
added, so the coded data is found where it was.
"""

from __future__ import annotations

import struct

_CONTAINERS = {b"meta": 4, b"iprp": 0, b"ipco": 0}


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int, int]]:
    """(kind, box start, body start, box end) of the boxes in data[start:end]."""
    out = []
    at = start
    while at < end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        body = at + 8
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
            body = at + 16
        elif size == 0:
            size = end - at
        out.append((kind, at, body, at + size))
        at += size
    return out


def _find(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int, int]:
    for k, at, body, stop in _boxes(data, start, end):
        if k == kind:
            return at, body, stop
    raise LookupError(kind)


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def clap(width: int, height: int, left: int, top: int, full: tuple[int, int]) -> bytes:
    """A clean-aperture box keeping ``width``×``height`` from (left, top) of a ``full`` image."""
    # horizOff/vertOff: the crop's centre relative to the image's centre, as fractions of 2.
    horiz = 2 * left + width - full[0]
    vert = 2 * top + height - full[1]
    return _box(b"clap", struct.pack(">IIIIiIiI", width, 1, height, 1, horiz, 2, vert, 2))


def add_primary_property(data: bytes, prop: bytes) -> bytes:
    """``data`` with the property box ``prop`` added to the primary item (meta before mdat)."""
    meta_at, meta_body, meta_end = _find(data, 0, len(data), b"meta")
    inner = meta_body + 4
    _pitm, pitm_body, _ = _find(data, inner, meta_end, b"pitm")
    version = data[pitm_body]
    primary = struct.unpack(">H" if version == 0 else ">I",
                            data[pitm_body + 4 : pitm_body + (6 if version == 0 else 8)])[0]
    iprp_at, iprp_body, iprp_end = _find(data, inner, meta_end, b"iprp")
    _ipco_at, ipco_body, ipco_end = _find(data, iprp_body, iprp_end, b"ipco")
    _ipma_at, ipma_body, _ipma_end = _find(data, iprp_body, iprp_end, b"ipma")
    new_index = len(_boxes(data, ipco_body, ipco_end)) + 1
    ipco = _box(b"ipco", data[ipco_body:ipco_end] + prop)
    # ipma: rewrite the primary item's association list with the new property first among
    # the transformative ones (clap, irot, imir).
    transform_kinds = {b"clap", b"irot", b"imir"}
    kinds = [k for k, *_ in _boxes(data, ipco_body, ipco_end)]
    v, flags = data[ipma_body], int.from_bytes(data[ipma_body + 1 : ipma_body + 4], "big")
    wide = flags & 1
    at = ipma_body + 4
    count = struct.unpack(">I", data[at : at + 4])[0]
    at += 4
    entries = bytearray(struct.pack(">I", count))
    for _ in range(count):
        id_len = 2 if v == 0 else 4
        item = int.from_bytes(data[at : at + id_len], "big")
        entries += data[at : at + id_len]
        at += id_len
        n = data[at]
        at += 1
        assoc = []
        for _ in range(n):
            raw = int.from_bytes(data[at : at + (2 if wide else 1)], "big")
            at += 2 if wide else 1
            assoc.append(raw)
        if item == primary:
            mask = 0x7FFF if wide else 0x7F
            pos = next((i for i, a in enumerate(assoc) if kinds[(a & mask) - 1] in transform_kinds),
                       len(assoc))
            essential = 0x8000 if wide else 0x80
            assoc.insert(pos, essential | new_index)
        entries.append(len(assoc))
        for a in assoc:
            entries += a.to_bytes(2 if wide else 1, "big")
    ipma = _box(b"ipma", data[ipma_body : ipma_body + 4] + bytes(entries))
    iprp_children = b""
    for kind, at_, _body, stop in _boxes(data, iprp_body, iprp_end):
        iprp_children += ipco if kind == b"ipco" else ipma if kind == b"ipma" else data[at_:stop]
    iprp = _box(b"iprp", iprp_children)
    delta = len(iprp) - (iprp_end - iprp_at)
    meta_children = b""
    for kind, at_, _body, stop in _boxes(data, inner, meta_end):
        if kind == b"iprp":
            meta_children += iprp
        elif kind == b"iloc":
            meta_children += _shift_iloc(data[at_:stop], delta, meta_end)
        else:
            meta_children += data[at_:stop]
    meta = _box(b"meta", data[meta_body:inner] + meta_children)
    return data[:meta_at] + meta + data[meta_end:]


def _shift_iloc(box: bytes, delta: int, after: int) -> bytes:
    """iloc with every file offset at or past ``after`` (data behind meta) moved by ``delta``."""
    out = bytearray(box)
    body = 8
    version = out[body]
    at = body + 4
    sizes = out[at]
    offset_size, length_size = sizes >> 4, sizes & 15
    base_size = out[at + 1] >> 4
    index_size = out[at + 1] & 15 if version in (1, 2) else 0
    at += 2
    count = int.from_bytes(out[at : at + (2 if version < 2 else 4)], "big")
    at += 2 if version < 2 else 4
    for _ in range(count):
        at += 2 if version < 2 else 4
        method = 0
        if version in (1, 2):
            method = int.from_bytes(out[at : at + 2], "big") & 15
            at += 2
        at += 2  # data_reference_index
        base = int.from_bytes(out[at : at + base_size], "big") if base_size else 0
        base_at = at
        at += base_size
        extents = int.from_bytes(out[at : at + 2], "big")
        at += 2
        for _ in range(extents):
            at += index_size
            if method == 0:
                if base_size and base >= after:
                    pass  # moved once through the base offset below
                elif offset_size:
                    off = int.from_bytes(out[at : at + offset_size], "big")
                    if base + off >= after:
                        out[at : at + offset_size] = (off + delta).to_bytes(offset_size, "big")
            at += offset_size + length_size
        if method == 0 and base_size and base >= after:
            out[base_at : base_at + base_size] = (base + delta).to_bytes(base_size, "big")
    return bytes(out)


def add_unused_properties(data: bytes, count: int) -> bytes:
    """``data`` with ``count`` empty ``free`` boxes added to ``ipco`` (associated with nothing):
    past libheif's limit of 100 children a box may have, a genuine decoder limit."""
    meta_at, meta_body, meta_end = _find(data, 0, len(data), b"meta")
    inner = meta_body + 4
    iprp_at, iprp_body, iprp_end = _find(data, inner, meta_end, b"iprp")
    _ipco_at, ipco_body, ipco_end = _find(data, iprp_body, iprp_end, b"ipco")
    ipco = _box(b"ipco", data[ipco_body:ipco_end] + _box(b"free", b"") * count)
    iprp = _box(b"iprp", b"".join(ipco if k == b"ipco" else data[a:e]
                                  for k, a, _b, e in _boxes(data, iprp_body, iprp_end)))
    delta = len(iprp) - (iprp_end - iprp_at)
    children = b"".join(iprp if k == b"iprp" else _shift_iloc(data[a:e], delta, meta_end)
                        if k == b"iloc" else data[a:e] for k, a, _b, e in _boxes(data, inner, meta_end))
    return data[:meta_at] + _box(b"meta", data[meta_body:inner] + children) + data[meta_end:]


def _full(kind: bytes, body: bytes, version: int = 0, flags: int = 0) -> bytes:
    return _box(kind, bytes([version]) + flags.to_bytes(3, "big") + body)


def image_sequence(still: bytes, *, keep_still: bool) -> bytes:
    """A HEIF image sequence (ISO/IEC 23008-12 clause 7: a ``moov`` with a ``pict`` track) whose
    one frame is the coded picture of ``still`` (a single-image HEIC from pillow-heif).

    ``keep_still``: the file keeps its ``meta`` box, so the sequence has a still (cover) image;
    otherwise it is the track alone. Neither pillow-heif nor pi-heif writes sequences."""
    meta_at, meta_body, meta_end = _find(still, 0, len(still), b"meta")
    inner = meta_body + 4
    _i, iprp_body, iprp_end = _find(still, inner, meta_end, b"iprp")
    _c, ipco_body, ipco_end = _find(still, iprp_body, iprp_end, b"ipco")
    hvcc_at, _hb, hvcc_end = _find(still, ipco_body, ipco_end, b"hvcC")
    _m, mdat_body, mdat_end = _find(still, 0, len(still), b"mdat")
    sample = still[mdat_body:mdat_end]  # one coded picture: length-prefixed NAL units
    _s, ispe_body, _e = _find(still, ipco_body, ipco_end, b"ispe")
    width, height = struct.unpack(">II", still[ispe_body + 4 : ispe_body + 12])
    hvc1 = _box(b"hvc1", bytes(6) + struct.pack(">H", 1) + bytes(16)
                + struct.pack(">HHIIIH", width, height, 0x00480000, 0x00480000, 0, 1)
                + bytes(32) + struct.pack(">Hh", 0x18, -1) + still[hvcc_at:hvcc_end])
    ftyp_brands = b"msf1" + bytes(4) + b"msf1hevciso8" + (b"mif1heic" if keep_still else b"")
    ftyp = _box(b"ftyp", ftyp_brands)
    head = ftyp

    def moov(chunk_offset: int) -> bytes:
        matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
        mvhd = _full(b"mvhd", struct.pack(">IIII", 0, 0, 1000, 1000) + struct.pack(">IH", 0x10000, 0x100)
                     + bytes(10) + matrix + bytes(24) + struct.pack(">I", 2))
        tkhd = _full(b"tkhd", struct.pack(">IIIII", 0, 0, 1, 0, 1000) + bytes(8)
                     + struct.pack(">hhH", 0, 0, 0) + bytes(2) + matrix
                     + struct.pack(">II", width << 16, height << 16), flags=3)
        mdhd = _full(b"mdhd", struct.pack(">IIII", 0, 0, 1000, 1000) + struct.pack(">HH", 0x55C4, 0))
        hdlr = _full(b"hdlr", bytes(4) + b"pict" + bytes(12) + b"\x00")
        stbl = _box(b"stbl", _full(b"stsd", struct.pack(">I", 1) + hvc1)
                    + _full(b"stts", struct.pack(">III", 1, 1, 1000))
                    + _full(b"stsc", struct.pack(">IIII", 1, 1, 1, 1))
                    + _full(b"stsz", struct.pack(">III", 0, 1, len(sample)))
                    + _full(b"stco", struct.pack(">II", 1, chunk_offset)))
        dinf = _box(b"dinf", _full(b"dref", struct.pack(">I", 1) + _full(b"url ", b"", flags=1)))
        minf = _box(b"minf", _full(b"vmhd", bytes(8), flags=1) + dinf + stbl)
        trak = _box(b"trak", tkhd + _box(b"mdia", mdhd + hdlr + minf))
        return _box(b"moov", mvhd + trak)

    if not keep_still:
        return head + moov(len(head) + len(moov(0)) + 8) + _box(b"mdat", sample)
    # The still's meta stays, behind a longer ftyp: its iloc file offsets move by the difference.
    shift = len(ftyp) - meta_at
    children = b"".join(_shift_iloc(still[a:e], shift, 0) if k == b"iloc" else still[a:e]
                        for k, a, _b, e in _boxes(still, inner, meta_end))
    meta = _box(b"meta", still[meta_body:inner] + children)
    mdat = still[meta_end:mdat_end]
    return ftyp + meta + mdat + moov(len(ftyp) + len(meta) + (mdat_body - meta_end))
