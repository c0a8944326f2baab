"""文书 tab: the documents issued on a case and their state (actions come with the documents
work). Plain rows, oldest first, voided ones included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from gridapp.documents.serving import METHODS
from gridapp.models import Case, Document, DocumentService
from gridapp.store import StationStore
from gridapp.vocab.document_kind import DOCUMENT_KIND
from gridapp.vocab.document_state import DOCUMENT_STATE
from gridapp.workbench.evidence import blob_path
from gridapp.workbench.labels import date_text, datetime_text, no_case


@dataclass(frozen=True)
class DocumentRow:
    id: str
    kind: str  # template id (``vocab.document_kind``)
    kind_label: str
    number: str  # 文号
    state: str  # issued | served | voided (``vocab.document_state``)
    state_label: str
    issued_at_text: str  # "2026年11月20日 14:05"
    served_on_text: str = ""  # the first service date, "" when not served
    service_method_label: str = ""
    void_reason: str = ""
    pdf_path: Path | None = None  # the issued PDF in the blob store (load it on a file lane)


def case_documents(store: StationStore, case_id: str) -> tuple[DocumentRow, ...]:
    """The case's documents, oldest first. Unknown case id → ``NotFoundError``."""
    with store.read() as s:
        case = s.get(Case, case_id) if case_id else None
        if case is None or case.deleted:
            raise no_case(case_id)
        docs = list(s.scalars(
            select(Document).where(Document.case_id == case.id, Document.deleted.is_(False))
            .order_by(Document.issued_at, Document.number)
        ))
        served: dict[str, tuple[str, str]] = {}
        if docs:
            for doc_id, served_on, method in s.execute(
                select(DocumentService.document_id, DocumentService.served_on,
                       DocumentService.method)
                .where(DocumentService.document_id.in_([d.id for d in docs]),
                       DocumentService.deleted.is_(False))
                .order_by(DocumentService.served_on)
            ):
                served.setdefault(doc_id, (served_on, method))
        rows = []
        for d in docs:
            state = ("voided" if d.voided_at is not None
                     else "served" if d.id in served else "issued")
            on, method = served.get(d.id, ("", ""))
            try:
                on_text = date_text(date.fromisoformat(on)) if on else ""
            except ValueError:
                on_text = on
            rows.append(DocumentRow(
                id=d.id, kind=d.template_id, kind_label=DOCUMENT_KIND.zh(d.template_id),
                number=d.number, state=state, state_label=DOCUMENT_STATE.zh(state),
                issued_at_text=datetime_text(d.issued_at), served_on_text=on_text,
                service_method_label=METHODS.get(method, method), void_reason=d.void_reason,
                pdf_path=blob_path(store, d.pdf_sha256),
            ))
        return tuple(rows)
