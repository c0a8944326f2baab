"""Importing photos, video and audio into a case: what gets recorded and stored."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import wave
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from gridapp import audit
from gridapp.errors import GridappError, ValidationError
from gridapp.evidence import service
from gridapp.evidence.blobstore import BlobStore
from gridapp.evidence.capture import import_files
from gridapp.evidence.paging import page_jpegs
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import AuditEvent, Case, Evidence, OutboxEntry
from gridapp.store import StationStore
from gridapp.vocab.evidence import CAPTURE_TIME_SOURCE
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.evidence.conftest import PHOTOS, decode_jpeg, mean_difference, upright_scene, write_photo


def _row(store: StationStore, item_id: str) -> Evidence:
    with store.read() as s:
        row = s.get(Evidence, item_id)
        assert row is not None
        return row


def test_12mp_rotated_photo(store: StationStore, demo_case: Case, photo_12mp: Path,
                            worker: DecodeWorker) -> None:
    [item_id] = import_files(store, demo_case.number, [photo_12mp], actor=OFFICER_BADGE,
                             caption="南京东路100号门前占道设摊", worker=worker, reason="已核实，属本案证据")
    row = _row(store, item_id)
    data = photo_12mp.read_bytes()
    assert row.sha256 == hashlib.sha256(data).hexdigest() and row.size == len(data)
    assert (row.mime, row.media, row.kind) == ("image/jpeg", "photo", "视听资料")
    assert (row.width, row.height) == (4000, 3000), "dimensions as displayed (orientation 6)"
    assert row.capture_time_source == "exif" and row.capture_utc_offset == "+08:00"
    assert row.captured_at is not None
    assert row.captured_at == datetime(2026, 11, 20, 1, 15, 30, tzinfo=UTC)
    assert (round(row.lat or 0, 4), round(row.lon or 0, 4)) == (31.2304, 121.4737)
    assert row.camera == "HUAWEI P40 Pro"
    assert row.caption == "南京东路100号门前占道设摊" and row.item_no == 1
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    assert blobs.read_bytes(row.sha256) == data, "the original is kept untouched"
    stored = blobs.path_for(row.sha256).read_bytes()
    assert data[:64] not in stored and not stored.startswith(b"\xff\xd8"), "kept encrypted"
    with blobs.open(row.thumb_sha256) as fh:
        thumb = decode_jpeg(fh.read())
    with blobs.open(row.print_sha256) as fh:
        printed = decode_jpeg(fh.read())
    assert thumb.size == (256, 192) and printed.size == (1600, 1200)
    upright = upright_scene((400, 300))
    assert mean_difference(thumb, upright) < 8
    assert mean_difference(printed, upright) < 8
    with store.read() as s:
        views = service.list_items(s, demo_case.number)
        assert views[0].officer_badge == OFFICER_BADGE
        assert views[0].captured_at == "2026-11-20T09:15:30+08:00"


def test_real_phone_heic_and_small_heif(store: StationStore, demo_case: Case,
                                        worker: DecodeWorker) -> None:
    ids = import_files(store, demo_case.id,
                       [PHOTOS / "heic_IMG_5195.HEIC", PHOTOS / "heic_samplefilehub.heif"],
                       actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    phone, small = (_row(store, i) for i in ids)
    assert phone.mime == "image/heic" and phone.camera == "Apple iPhone 11 Pro Max"
    assert (phone.width, phone.height) == (2566, 3313)
    assert phone.capture_utc_offset == "-05:00" and phone.capture_time_source == "exif"
    assert phone.lat is not None and round(phone.lat, 3) == 39.051
    assert (small.width, small.height) == (640, 426)
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    with blobs.open(phone.thumb_sha256) as fh:
        assert decode_jpeg(fh.read()).size == (198, 256)
    assert [r.item_no for r in (phone, small)] == [1, 2]


def test_exif_details_of_real_cameras(store: StationStore, demo_case: Case,
                                      worker: DecodeWorker) -> None:
    ids = import_files(store, demo_case.id,
                       [PHOTOS / "jpg_gps_DSCN0010.jpg", PHOTOS / "jpg_Canon_40D.jpg",
                        PHOTOS / "jpg_invalid_image01088.jpg"],
                       actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    nikon, canon, odd = (_row(store, i) for i in ids)
    assert nikon.camera == "NIKON COOLPIX P6000"
    assert (round(nikon.lat or 0, 4), round(nikon.lon or 0, 4)) == (43.4674, 11.8851)
    # No offset in these cameras' EXIF: read as station time (UTC+8) and flagged as such.
    assert nikon.capture_time_source == "exif_local" and nikon.capture_utc_offset == "+08:00"
    assert nikon.captured_at is not None
    assert nikon.captured_at == datetime(2008, 10, 22, 8, 28, 39, tzinfo=UTC)
    assert canon.camera == "Canon EOS 40D" and canon.lat is None
    assert odd.width == 425 and odd.thumb_sha256


def test_photo_without_exif_falls_back_to_file_time(store: StationStore, demo_case: Case,
                                                   tmp_path: Path, worker: DecodeWorker) -> None:
    src = tmp_path / "no_exif.jpg"
    upright_scene((320, 240)).save(src, "JPEG")  # no EXIF block at all
    mtime = datetime(2026, 11, 18, 6, 0, tzinfo=UTC).timestamp()
    os.utime(src, (mtime, mtime))
    [item_id] = import_files(store, demo_case.id, [src], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    row = _row(store, item_id)
    assert row.capture_time_source == "file"
    assert row.captured_at is not None and row.captured_at.timestamp() == mtime
    assert row.lat is None and row.camera == ""
    with store.read() as s:
        assert "非拍摄时间" in CAPTURE_TIME_SOURCE.zh(service.item_view(s, row).capture_time_source)


def test_same_bytes_twice_store_one_file_and_two_items(store: StationStore, demo_case: Case,
                                                       small_photo: Path,
                                                       worker: DecodeWorker) -> None:
    first = import_files(store, demo_case.id, [small_photo], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    second = import_files(store, demo_case.id, [small_photo], actor=LEAD_BADGE, kind="物证",
                          worker=worker, reason="已核实，属本案证据")
    a, b = _row(store, first[0]), _row(store, second[0])
    assert a.id != b.id and a.sha256 == b.sha256 and (a.item_no, b.item_no) == (1, 2)
    assert b.kind == "物证"
    files = [p for p in store.blobs_dir.rglob("*") if p.is_file()]
    assert len(files) == 3, "original, thumbnail and print copy stored once"


def test_import_is_recorded_in_audit_trail_and_outbox(store: StationStore, demo_case: Case,
                                                      small_photo: Path,
                                                      worker: DecodeWorker) -> None:
    [item_id] = import_files(store, demo_case.id, [small_photo], actor=OFFICER_BADGE,
                             worker=worker, reason="已核实，属本案证据")
    with store.read() as s:
        events = [e for e in audit.events_for_case(s, demo_case.id) if e.entity == "evidence"]
        assert [(e.action, e.actor, e.entity_id) for e in events] == [
            ("evidence.add", OFFICER_BADGE, item_id)
        ]
        assert json.loads(events[0].after_json)["sha256"] == _row(store, item_id).sha256
        outbox = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == item_id)).all()
        assert [o.op for o in outbox] == ["append"]
        assert audit.verify(s).ok


def _mp4(duration_s: int, timescale: int = 600) -> bytes:
    created = int((datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
                   - datetime(1904, 1, 1, tzinfo=UTC)).total_seconds())
    mvhd_body = struct.pack(">B3xIIII", 0, created, created, timescale,
                            duration_s * timescale) + b"\0" * 80
    mvhd = struct.pack(">I", 8 + len(mvhd_body)) + b"mvhd" + mvhd_body
    moov = struct.pack(">I", 8 + len(mvhd)) + b"moov" + mvhd
    ftyp_body = b"isom\0\0\x02\0isomiso2avc1mp41"
    ftyp = struct.pack(">I", 8 + len(ftyp_body)) + b"ftyp" + ftyp_body
    mdat = struct.pack(">I", 8 + 4096) + b"mdat" + os.urandom(4096)
    return ftyp + mdat + moov


def test_video_and_audio_are_stored_as_is_with_duration(store: StationStore, demo_case: Case,
                                                        tmp_path: Path) -> None:
    clip = tmp_path / "执法记录仪_0001.mp4"
    clip.write_bytes(_mp4(42))
    rec = tmp_path / "询问录音.wav"
    with wave.open(str(rec), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 8000 * 3)
    amr = tmp_path / "voice.amr"
    amr.write_bytes(b"#!AMR\n" + (b"\x3c" + b"\0" * 31) * 250)  # 250 frames × 20 ms
    ids = import_files(store, demo_case.id, [clip, rec, amr], actor=LEAD_BADGE, reason="已核实，属本案证据")
    video, audio, voice = (_row(store, i) for i in ids)
    assert (video.mime, video.media, video.duration_s) == ("video/mp4", "video", 42.0)
    assert video.capture_time_source == "media"
    assert video.captured_at is not None
    assert video.captured_at == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    assert (audio.mime, audio.duration_s, audio.capture_time_source) == ("audio/wav", 3.0, "file")
    assert voice.mime == "audio/amr" and voice.duration_s == pytest.approx(5.0)
    assert video.thumb_sha256 == "" and video.original_name == "执法记录仪_0001.mp4"
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    for row, src in ((video, clip), (audio, rec), (voice, amr)):
        assert blobs.read_bytes(row.sha256) == src.read_bytes()


def test_batch_is_all_or_nothing(store: StationStore, demo_case: Case, small_photo: Path,
                                 tmp_path: Path, worker: DecodeWorker) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(small_photo.read_bytes()[:300])
    with pytest.raises(ValidationError, match=r"broken\.jpg"):
        import_files(store, demo_case.id, [small_photo, broken], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    with store.read() as s:
        assert s.scalars(select(Evidence)).all() == []
        assert s.scalars(select(AuditEvent).where(AuditEvent.entity == "evidence")).all() == []
    leftovers = [p for p in store.blobs_dir.rglob("*") if p.is_file()]
    assert leftovers == []


def test_orientation_landscape_photo_written_by_pillow(store: StationStore, demo_case: Case,
                                                       tmp_path: Path,
                                                       worker: DecodeWorker) -> None:
    """A photo with every EXIF orientation: the thumbnail shows the same upright scene."""
    upright = upright_scene((160, 120))
    paths = [write_photo(tmp_path / f"o{n}.jpg", (640, 480), orientation=n) for n in range(1, 9)]
    ids = import_files(store, demo_case.id, paths, actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    for n, item_id in enumerate(ids, start=1):
        row = _row(store, item_id)
        with blobs.open(row.thumb_sha256) as fh:
            thumb = decode_jpeg(fh.read())
        assert thumb.size == (256, 192), f"orientation {n}"
        assert mean_difference(thumb, upright) < 6, f"orientation {n} is not upright"


def test_png_with_transparency_webp_and_16_bit_png(store: StationStore, demo_case: Case,
                                                  tmp_path: Path, worker: DecodeWorker) -> None:
    scene = upright_scene((400, 300))
    rgba = scene.convert("RGBA")
    rgba.putalpha(255)
    rgba.paste((0, 0, 0, 0), (0, 0, 40, 40))  # a transparent corner shows white
    rgba.save(tmp_path / "screenshot.png")
    scene.save(tmp_path / "chat.webp", "WEBP", quality=90)
    grey = scene.convert("L")
    wide = b"".join(struct.pack("<H", v * 257) for v in grey.tobytes())  # full 16-bit range
    Image.frombytes("I;16", grey.size, wide).save(tmp_path / "scan16.png")
    ids = import_files(store, demo_case.id, [tmp_path / "screenshot.png",
                                             tmp_path / "chat.webp", tmp_path / "scan16.png"],
                       actor=LEAD_BADGE, kind="电子数据", worker=worker, reason="已核实，属本案证据")
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    rows = [_row(store, i) for i in ids]
    assert [r.mime for r in rows] == ["image/png", "image/webp", "image/png"]
    assert all(r.kind == "电子数据" and (r.width, r.height) == (400, 300) for r in rows)
    thumbs = []
    for r in rows:
        with blobs.open(r.thumb_sha256) as fh:
            thumbs.append(decode_jpeg(fh.read()))
    assert thumbs[0].getpixel((5, 5)) >= (245, 245, 245), "transparent pixels print white"
    assert mean_difference(thumbs[1], scene) < 6
    assert mean_difference(thumbs[2].convert("L"), scene.convert("L")) < 6


def test_progress_is_reported_and_cancel_writes_nothing(store: StationStore, demo_case: Case,
                                                       tmp_path: Path,
                                                       worker: DecodeWorker) -> None:
    paths = [write_photo(tmp_path / f"p{n}.jpg", (80, 60)) for n in range(3)]
    seen: list[tuple[int, int]] = []
    with pytest.raises(GridappError) as err:
        import_files(store, demo_case.id, paths, actor=LEAD_BADGE, worker=worker,
                     progress=lambda done, total: seen.append((done, total)),
                     cancelled=lambda: len(seen) == 2, reason="已核实，属本案证据")
    assert "已取消导入" in err.value.message_zh and seen == [(1, 3), (2, 3)]
    assert [p for p in store.blobs_dir.rglob("*") if p.is_file()] == []
    with store.read() as s:
        assert s.scalars(select(Evidence)).all() == []
    seen.clear()
    ids = import_files(store, demo_case.id, paths, actor=LEAD_BADGE, worker=worker,
                       progress=lambda done, total: seen.append((done, total)), reason="已核实，属本案证据")
    assert len(ids) == 3 and seen == [(1, 3), (2, 3), (3, 3)]


def test_a_photo_whose_only_date_is_exif_datetime_keeps_that_time(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    src = tmp_path / "edited.jpg"
    exif = Image.Exif()
    exif[0x0132] = "2026:11:19 17:45:10"  # DateTime only: no DateTimeOriginal/Digitized
    exif.get_ifd(0x8769)[0x9010] = "+08:00"
    upright_scene((320, 240)).save(src, "JPEG", exif=exif)
    os.utime(src, (datetime(2026, 11, 27, tzinfo=UTC).timestamp(),) * 2)
    [item_id] = import_files(store, demo_case.id, [src], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    row = _row(store, item_id)
    assert row.capture_time_source == "exif_datetime" and row.capture_utc_offset == "+08:00"
    assert row.captured_at == datetime(2026, 11, 19, 9, 45, 10, tzinfo=UTC), "not the file time"
    with store.read() as s:
        label = CAPTURE_TIME_SOURCE.zh(service.item_view(s, row).capture_time_source)
    assert "无原始拍摄时间" in label, "shown for what it is"


def test_an_xmp_capture_time_without_a_zone_is_read_as_station_time(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    src = tmp_path / "xmp.jpg"
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
           b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
           b'exif:DateTimeOriginal="2026-11-19T07:30:00"/></rdf:RDF></x:xmpmeta>')
    upright_scene((320, 240)).save(src, "JPEG", xmp=xmp)
    [item_id] = import_files(store, demo_case.id, [src], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    row = _row(store, item_id)
    assert row.capture_time_source == "xmp_local" and row.capture_utc_offset == "+08:00"
    assert row.captured_at == datetime(2026, 11, 18, 23, 30, tzinfo=UTC)


def test_a_hostile_xmp_packet_is_ignored_not_expanded(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    src = tmp_path / "laughs.jpg"
    xmp = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
           b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
           b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&c;</x:xmpmeta>')
    upright_scene((320, 240)).save(src, "JPEG", xmp=xmp)
    [item_id] = import_files(store, demo_case.id, [src], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    assert _row(store, item_id).capture_time_source == "file"


def test_avif_stills_and_animated_avif_import_as_photos(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    still, animated = tmp_path / "still.avif", tmp_path / "animated.avif"
    upright_scene((320, 240)).save(still, "AVIF")
    frames = [upright_scene((320, 240)), Image.new("RGB", (320, 240), (0, 0, 0))]
    frames[0].save(animated, "AVIF", save_all=True, append_images=frames[1:], duration=200)
    assert b"ftypavis" in animated.read_bytes()[:16], "an image sequence with MP4 brands"
    ids = import_files(store, demo_case.id, [still, animated], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    rows = [_row(store, i) for i in ids]
    assert [(r.media, r.mime) for r in rows] == [("photo", "image/avif")] * 2, "not a video"
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    with blobs.open(rows[1].print_sha256) as fh:
        first_frame = decode_jpeg(fh.read())
    assert mean_difference(first_frame, upright_scene((320, 240))) < 10, "the first frame"


def test_a_scanned_tiff_imports_as_a_photo_and_a_multi_page_one_as_a_document(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    page = upright_scene((320, 240))
    scan = tmp_path / "licence.tif"
    page.save(scan, "TIFF", compression="tiff_lzw")
    [item_id] = import_files(store, demo_case.id, [scan], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    row = _row(store, item_id)
    assert (row.mime, row.width, row.height) == ("image/tiff", 320, 240)
    two = tmp_path / "contract.tif"
    page.save(two, "TIFF", save_all=True, append_images=[page.rotate(180)])
    [doc_id] = import_files(store, demo_case.id, [two], actor=LEAD_BADGE, worker=worker,
                             reason="已核实，属本案证据")
    doc = _row(store, doc_id)
    assert (doc.media, doc.kind, doc.mime) == ("document", "书证", "image/tiff"), "no page lost"
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    with blobs.open(doc.print_sha256) as fh:
        assert len(page_jpegs(fh.read())) == 2
