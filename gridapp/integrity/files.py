"""Every blob a row references (evidence originals and derivatives, issued PDFs, template
snapshots): present, and its bytes still hash to its name."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.evidence.blobstore import BlobStatus, BlobStore, is_sha256
from gridapp.integrity.findings import Report
from gridapp.integrity.naming import row_subject
from gridapp.integrity.rows import syncable_tables
from gridapp.vocab.field import field_label

_STATUS = {BlobStatus.MISSING: ("文件缺失", "file missing"),
           BlobStatus.ALTERED: ("文件内容被改动（哈希不符）", "file altered (hash differs)")}


def check_files(session: Session, blobs: BlobStore, report: Report) -> None:
    users: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for entity, table in syncable_tables().items():
        columns = [c.name for c in table.columns if c.name.endswith("sha256")]
        if not columns:
            continue
        for row in session.execute(select(table).where(table.c.deleted.is_(False))):
            values = dict(row._mapping)
            for column in columns:
                sha = values[column]
                if isinstance(sha, str) and is_sha256(sha):
                    users[sha].append((entity, column, row_subject(entity, values["id"],
                                                                   values)))
    for sha, referrers in sorted(users.items()):
        report.count("files")
        status = blobs.verify(sha)
        if status is BlobStatus.OK:
            continue
        zh, en = _STATUS[status]
        for entity, column, subject in referrers:
            report.add("files", f"{subject} 的{field_label(entity, column)}",
                       f"{zh}（{sha[:16]}…）", en)
