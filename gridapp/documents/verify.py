"""``doc verify``: re-derive a PDF's content hash from its text and compare with the issue record.

The hash covers the document's visible text (whitespace removed, page marks removed, identity
numbers masked), so the party copy and the file copy verify alike and any change to the
wording, amounts or names is a mismatch.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.documents.render import QR_PREFIX
from gridapp.documents.text import SHORT_HASH, content_hash
from gridapp.errors import NotFoundError, ValidationError
from gridapp.models import Document


@dataclass(frozen=True)
class VerifyResult:
    status: str  # match | void | mismatch | unknown
    computed_hash: str
    claimed_number: str
    claimed_hash: str
    number: str
    message_zh: str

    @property
    def ok(self) -> bool:
        return self.status == "match"


MAX_PDF_BYTES = 200 * 2**20


def pdf_text_and_payload(path: Path) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
            raise ValidationError(f"{path} 不是普通文件（可能是目录、管道或设备），未读取",
                                  f"{path} is not a regular file", field="file")
        if st.st_size > MAX_PDF_BYTES:
            raise ValidationError(f"{path.name} 过大（超过 {MAX_PDF_BYTES // 2**20} MB），不是本系统签发的文书",
                                  f"{path.name} is too large for an issued document", field="file")
        with path.open("rb") as fh:
            if fh.read(5) != b"%PDF-":
                raise ValidationError(f"{path.name} 不是 PDF 文件", f"{path.name} is not a PDF",
                                      field="file")
        reader = PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        meta = reader.metadata
        keywords = str(meta.get("/Keywords", "")) if meta else ""
    except FileNotFoundError as exc:
        raise NotFoundError(f"找不到文件 {path}", f"no file {path}", field="file") from exc
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise ValidationError(f"{path.name} 不是可读取的 PDF 文件：{exc}",
                              f"{path.name} is not a readable PDF", field="file") from exc
    return text, keywords


def verify_pdf(session: Session, path: Path) -> VerifyResult:
    text, keywords = pdf_text_and_payload(path)
    digest = content_hash(text)
    parts = keywords.split("|")
    claimed_number, claimed_hash = "", ""
    if len(parts) == 4 and parts[0] == QR_PREFIX:
        claimed_number, claimed_hash = parts[1], parts[3]
    doc = session.scalars(select(Document).where(Document.content_hash == digest)).first()
    if doc is not None:
        if doc.voided_at is not None:
            return VerifyResult("void", digest, claimed_number, claimed_hash, doc.number,
                                f"内容与文书 {doc.number} 一致，但该文书已作废（{doc.void_reason}）")
        return VerifyResult("match", digest, claimed_number, claimed_hash, doc.number,
                            f"一致：内容与签发记录 {doc.number} 相符")
    if claimed_number:
        claimed = session.scalars(select(Document).where(Document.number == claimed_number)).first()
        if claimed is not None:
            return VerifyResult(
                "mismatch", digest, claimed_number, claimed_hash, claimed.number,
                f"不一致：文件自称 {claimed_number}，但内容与签发记录不符"
                f"（记录核验码 {claimed.content_hash[:SHORT_HASH]}，文件内容 {digest[:SHORT_HASH]}），"
                "文书可能被改动")
        return VerifyResult("mismatch", digest, claimed_number, claimed_hash, "",
                            f"不一致：本站没有文号为 {claimed_number} 的签发记录")
    return VerifyResult("unknown", digest, "", "", "",
                        "无法核验：文件不含本系统的核验信息，且内容与任何签发记录都不符")
