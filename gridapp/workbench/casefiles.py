"""案卷 for team leads: what the file will lack (checked before building) and the build itself,
for one case or a selection, with progress that may stop the work.

Expected documents follow the path the legal engine's latest evaluation puts the case on:
no penalty (不予行政处罚决定书, and the 首违不罚 undertaking when proposed), 提醒 (温馨提示卡),
责令改正, 当场处罚, or the general procedure (立案审批表, 现场检查笔录, 事先告知书, 处罚决定书);
plus whatever the engine proposes next. A decision or notice issued to the party and never
served is reported as unserved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gridapp.documents.casefile import build_casefile
from gridapp.documents.context import latest_evaluation
from gridapp.documents.gates import TEMPLATE_IDS
from gridapp.documents.service import write_pdf
from gridapp.documents.templates import all_templates
from gridapp.errors import StorageError, ValidationError
from gridapp.models import Case, Document, DocumentService
from gridapp.store import StationStore
from gridapp.vocab.document_kind import DOCUMENT_KIND
from gridapp.workbench.labels import no_case

CHILD_NICENESS = 10  # a background build yields the CPU to the desktop on a 2-core laptop
PATH_DOCUMENTS = {
    # 不予处罚 follows the 教育告诫记录 (行政处罚法第三十三条第三款).
    "no_penalty": ("education_record", "no_penalty_decision"),
    # A fine only for 拒不改正, corrected: the order to correct, complied with, then closing.
    "complied": ("rectification_notice",),
    "yellow": ("reminder_card",),
    "orange": ("rectification_notice",),
    "summary": ("summary_penalty_decision",),
    "general": ("filing_approval", "site_inspection_record", "advance_notice", "penalty_decision"),
}


@dataclass(frozen=True)
class CaseFileCheck:
    case_id: str
    number: str
    path_label: str  # the procedure the file is judged against, in words
    missing: tuple[str, ...]  # titles of expected documents not issued (or only voided)
    unserved: tuple[str, ...]  # "title 文号" of issued party documents with no service record
    documents: int  # documents in the file (voided ones included)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.unserved


def _path(result: dict[str, Any], procedure: str) -> tuple[str, str]:
    from gridapp.rules.engine import COMPLIED_ZH

    exemption = result.get("exemption") or {}
    if COMPLIED_ZH in (exemption.get("reasons") or ()):
        return "complied", "责令改正已履行"
    outcome = any(g.get("gate") in ("limitation_expired", "minor_under_14")
                  for g in result.get("gates") or ())
    if exemption.get("applies") or outcome:
        return "no_penalty", "不予行政处罚"
    stage = str(result.get("stage") or "")
    if stage == "yellow":
        return "yellow", "提醒告知（黄色）"
    if stage == "orange":
        return "orange", "责令改正（橙色）"
    if procedure == "summary":
        return "summary", "当场处罚（简易程序）"
    return "general", "行政处罚（普通程序）"


def check_case_file(store: StationStore, case_id: str) -> CaseFileCheck:
    """What the case file of ``case_id`` lacks. Writes nothing."""
    from gridapp.documents.more_context import further_proposals

    templates = all_templates()
    with store.read() as s:
        case = s.get(Case, case_id) if case_id else None
        if case is None or case.deleted:
            raise no_case(case_id)
        row = latest_evaluation(s, case.id)
        result: dict[str, Any] = json.loads(row.result_json) if row is not None else {}
        procedure = str(((json.loads(row.input_json) if row else {}).get("case") or {})
                        .get("procedure") or "")
        docs = list(s.scalars(select(Document).where(Document.case_id == case.id,
                                                     Document.deleted.is_(False))))
        served = set(s.scalars(select(DocumentService.document_id).where(
            DocumentService.document_id.in_([d.id for d in docs]),
            DocumentService.deleted.is_(False)))) if docs else set()
        number = case.number
        further = further_proposals(s, case)
    path, label = _path(result, procedure)
    expected = list(PATH_DOCUMENTS[path])
    expected += [TEMPLATE_IDS.get(str(d), str(d)) for d in result.get("next_documents") or ()]
    expected += further  # a seizure released and returned, a hearing's record and report …
    valid = {d.template_id for d in docs if d.voided_at is None}
    missing = tuple(DOCUMENT_KIND.zh(k) for k in dict.fromkeys(expected) if k not in valid)
    unserved = tuple(
        f"{DOCUMENT_KIND.zh(d.template_id)} {d.number}" for d in sorted(docs, key=lambda d: d.issued_at)
        if d.voided_at is None and d.id not in served
        and (t := templates.get(d.template_id)) is not None and t.served_on_party
    )
    return CaseFileCheck(case_id, number, label, missing, unserved, len(docs))


@dataclass(frozen=True)
class CaseFile:
    number: str
    pdf: bytes
    pages: int
    documents: int
    photos: int


def build_case_file(store: StationStore, case_id: str,
                    progress: Callable[[int, int], None] | None = None) -> CaseFile:
    """The 案卷 PDF of one case (nothing is stored); ``progress`` may raise to stop."""
    with store.read() as s:
        case = s.get(Case, case_id) if case_id else None
        if case is None or case.deleted:
            raise no_case(case_id)
        built = build_casefile(store, s, case.id, progress=progress)
        return CaseFile(case.number, built.pdf, built.pages, built.documents, built.photos)


def build_case_file_apart(store: StationStore, case_id: str,
                          progress: Callable[[int, int], None] | None = None) -> CaseFile:
    """``build_case_file`` in a child process (``gridapp casefile --progress``): laying out and
    writing a case file is long pure-Python work that would otherwise compete with the desktop
    for the interpreter. ``progress`` may raise to stop: the child is ended and nothing is
    left behind."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    with store.read() as s:
        case = s.get(Case, case_id) if case_id else None
        if case is None or case.deleted:
            raise no_case(case_id)
        number = case.number
    with tempfile.TemporaryDirectory(prefix="gridapp-casefile-") as tmp:
        out = Path(tmp) / "casefile.pdf"
        command = [sys.executable, "-m", "gridapp", "--data-dir", str(store.data_dir), "--json",
                   "casefile", case_id, "--out", str(out), "--progress"]
        if hasattr(os, "nice") and shutil.which("nice"):
            command = ["nice", "-n", str(CHILD_NICENESS), *command]  # the window comes first
        # UTF-8 both ways whatever the locale (a Chinese Windows pipe would be cp936).
        env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, encoding="utf-8", errors="replace", env=env)
        errors: list[str] = []
        try:
            assert child.stderr is not None and child.stdout is not None
            for line in child.stderr:
                parts = line.split()
                if len(parts) == 3 and parts[0] == "progress":
                    if progress is not None:
                        progress(int(parts[1]), int(parts[2]))
                elif line.strip():
                    errors.append(line.strip())
            report = child.stdout.read()
            code = child.wait()
        except BaseException:
            child.kill()
            child.wait()
            raise
        if code != 0 or not out.exists():
            detail = "；".join(errors) or f"exit {code}"
            raise StorageError(f"生成案卷 {number} 失败：{detail.removeprefix('错误: ')}",
                               f"case file of {number} failed: {detail}", field="casefile")
        info = json.loads(report)
        return CaseFile(number, out.read_bytes(), int(info["pages"]), int(info["documents"]),
                        int(info["photos"]))


def case_file_name(number: str) -> str:
    """``案卷_<case number>.pdf`` with characters a file system refuses replaced."""
    safe = "".join("_" if c in '\\/:*?"<>|' else c for c in number)
    return f"案卷_{safe}.pdf"


def save_case_files(store: StationStore, case_ids: Sequence[str], folder: Path,
                    progress: Callable[[int, int], None] | None = None) -> tuple[Path, ...]:
    """Build the case file of every case into ``folder`` (one PDF each, written whole or not at
    all). ``progress(done, total)`` counts cases and may raise to stop; files already written
    stay."""
    if not case_ids:
        raise ValidationError("请先在列表中选择要生成案卷的案件", "no case chosen", field="cases")
    out: list[Path] = []
    for i, case_id in enumerate(case_ids):
        if progress is not None:
            progress(i, len(case_ids))
        step = None if progress is None else \
            (lambda _d, _t, i=i: progress(i, len(case_ids)))  # may stop the case in hand too
        built = build_case_file_apart(store, case_id, step)
        path = folder / case_file_name(built.number)
        write_pdf(built.pdf, path)
        out.append(path)
    if progress is not None:
        progress(len(case_ids), len(case_ids))
    return tuple(out)
