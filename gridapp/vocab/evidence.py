"""证据: evidence kind (证据种类, 行政处罚法第四十六条), media and capture-time source.

``Evidence.kind`` stores the Chinese statutory name itself, so its code is its Chinese label.
"""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

EVIDENCE_KIND = Vocabulary("evidence kind", (
    Term("书证", "书证", "documentary evidence"),
    Term("物证", "物证", "physical evidence"),
    Term("视听资料", "视听资料", "audio-visual material"),
    Term("电子数据", "电子数据", "electronic data"),
    Term("证人证言", "证人证言", "witness testimony"),
    Term("当事人陈述", "当事人陈述", "statement of the party"),
    Term("鉴定意见", "鉴定意见", "expert opinion"),
    Term("勘验笔录·现场笔录", "勘验笔录·现场笔录", "inspection or on-site record"),
))

# ``Evidence.media``: what the file is. Chinese as a document lists evidence (现场照片3张).
MEDIA = Vocabulary("evidence media", (
    Term("photo", "现场照片", "photo"),
    Term("video", "执法音像视频", "video"),
    Term("audio", "录音", "audio recording"),
    Term("document", "书证", "document scan"),
))
MEDIA_COUNTER: dict[str, str] = {"photo": "张", "video": "段", "audio": "段", "document": "份"}

# ``Evidence.capture_time_source``: where the capture time came from.
CAPTURE_TIME_SOURCE = Vocabulary("capture time source", (
    Term("exif", "照片EXIF", "photo EXIF"),
    Term("exif_local", "照片EXIF（无时区，按北京时间）", "photo EXIF without zone (read as Beijing time)"),
    Term("xmp", "照片XMP拍摄时间", "photo XMP capture time"),
    Term("xmp_local", "照片XMP拍摄时间（无时区，按北京时间）",
         "photo XMP capture time without zone (read as Beijing time)"),
    Term("exif_datetime", "照片EXIF保存时间（无原始拍摄时间）",
         "photo EXIF DateTime (no original capture time)"),
    Term("media", "视音频文件头", "media container header"),
    Term("file", "文件修改时间（非拍摄时间）", "file modification time (not the capture time)"),
))
