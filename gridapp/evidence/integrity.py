"""Integrity of stored evidence: re-hash every file, and collect unreferenced blobs.

``verify_evidence`` reads every original (and derivative) file of the chosen items and reports
each one that is missing or whose bytes no longer match the hash recorded at capture, by case
and item. ``collect_garbage`` removes only blobs that no row of any table references: every
column whose name ends in ``sha256`` counts as a reference (evidence originals and
derivatives, issued document PDFs, and any later blob column that follows the naming rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog.service import find_case
from gridapp.evidence.blobstore import BlobStatus, BlobStore, GcReport, is_sha256
from gridapp.models import Base, Case, Evidence

ROLE_LABELS = {"original": "原件", "thumbnail": "缩略图", "print": "打印件"}
STATUS_LABELS = {BlobStatus.MISSING: "文件缺失", BlobStatus.ALTERED: "内容被改动（哈希不符）"}


@dataclass(frozen=True)
class Problem:
    case_number: str
    item_no: int
    item_id: str
    role: str  # original | thumbnail | print
    sha256: str
    status: BlobStatus

    def describe(self) -> str:
        return (f"{self.case_number}#{self.item_no}（{self.item_id[:8]}）"
                f"{ROLE_LABELS[self.role]}：{STATUS_LABELS[self.status]}")


@dataclass
class VerifyReport:
    items: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_evidence(session: Session, blobs: BlobStore, case_ref: str | None = None) -> VerifyReport:
    query = select(Evidence, Case.number).join(Case, Case.id == Evidence.case_id)
    if case_ref is not None:
        query = query.where(Evidence.case_id == find_case(session, case_ref).id)
    report = VerifyReport()
    checked: dict[str, BlobStatus] = {}
    for row, number in session.execute(query.order_by(Case.number, Evidence.item_no)):
        report.items += 1
        for role, sha in (("original", row.sha256), ("thumbnail", row.thumb_sha256),
                          ("print", row.print_sha256)):
            if not sha:
                continue
            if sha not in checked:
                checked[sha] = blobs.verify(sha)
                report.files += 1
            if checked[sha] is not BlobStatus.OK:
                report.problems.append(Problem(number, row.item_no, row.id, role, sha,
                                               checked[sha]))
    return report


def referenced_blobs(session: Session) -> set[str]:
    refs: set[str] = set()
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.name.endswith("sha256"):
                refs.update(v for v in session.scalars(select(column).distinct())
                            if isinstance(v, str) and is_sha256(v))
    return refs


def collect_garbage(
    session: Session, blobs: BlobStore, *, grace_s: float = 3600.0, dry_run: bool = False
) -> GcReport:
    """Remove unreferenced blobs older than ``grace_s``. Runs under the collector's lock: no
    import or issue is between writing a blob and committing its row, and what is referenced is
    read after the lock is taken (a fresh snapshot), so nothing a row names is removed."""
    with blobs.collecting():
        session.rollback()  # read "referenced" after every writer that held the lock committed
        return blobs.gc(referenced_blobs(session), grace_s=grace_s, dry_run=dry_run)
