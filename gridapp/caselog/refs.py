"""Finding a case from what an officer types: the one resolver behind every case reference.

Accepted, in this order (deleted cases are never found):
1. the exact case number (``沪城管案〔2026〕01-000027``) or the exact id;
2. the number with ASCII or other brackets around the year: ``沪城管案[2026]01-000027``,
   ``沪城管案(2026)01-000027``, ``沪城管案【2026】01-000027``;
3. the end of the number, cut at a boundary: ``01-000027``, ``000027``, ``〔2026〕01-000027``;
   a tail of digits only also matches the sequence number without its leading zeros (``27``);
4. the start of the id, at least 8 hexadecimal characters (``3f2a9c1e``).
Steps 3 and 4 are pooled: when the reference matches more than one case, ``AmbiguousCaseError``
lists them (exit code 2) and nothing is done.

Contract: plain SQL over a DB-API ``sqlite3.Connection``, no SQLAlchemy, so the quick read path
(``gridapp.workbench.detail``) and the ORM services (``gridapp.caselog.lookup``, which hands
over its session's connection) resolve a reference with this same code.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from gridapp.errors import NotFoundError, ValidationError

MIN_ID_PREFIX = 8
# Longer than any case number or id: refused before it reaches SQL (SQLite refuses LIKE patterns
# over 50,000 bytes with an error of its own).
MAX_REF_CHARS = 200
# Shown in the error when a reference matches several cases.
LIST_LIMIT = 20

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕",
                           "【": "〔", "】": "〕", "［": "〔", "］": "〕"})
_HEX_PREFIX = re.compile(r"[0-9a-f][0-9a-f-]{7,35}")  # at least MIN_ID_PREFIX characters
_DIGITS = re.compile(r"\d+")
_FINAL_DIGITS = re.compile(r"(\d+)$")

_EXACT = ('SELECT id, number FROM "case" WHERE (number = ? OR id = ? OR number = ?) '
          "AND deleted = 0")
_BY_TAIL = "SELECT id, number FROM \"case\" WHERE number LIKE ? ESCAPE '\\' AND deleted = 0"
_BY_ID_PREFIX = "SELECT id, number FROM \"case\" WHERE id LIKE ? ESCAPE '\\' AND deleted = 0"


@dataclass(frozen=True)
class CaseMatch:
    id: str
    number: str


class AmbiguousCaseError(ValidationError):
    """A reference that matches several cases; ``matches`` lists them (number order)."""

    def __init__(self, ref: str, matches: list[CaseMatch]) -> None:
        shown = matches[:LIST_LIMIT]
        lines = "\n".join(f"  {m.number}（id {m.id[:8]}）" for m in shown)
        more = f"\n  ……另有 {len(matches) - len(shown)} 件" if len(matches) > len(shown) else ""
        super().__init__(
            f"“{ref}”对应 {len(matches)} 件案件，请写出更完整的案件编号或 id：\n{lines}{more}",
            f"{ref!r} matches {len(matches)} cases: "
            + ", ".join(m.number for m in shown),
            field="case",
        )
        self.matches = matches


def normalise(ref: str) -> str:
    """The reference with its brackets written the way case numbers write them (〔〕)."""
    return ref.strip().translate(_BRACKETS)


def _tail_matches(number: str, tail: str) -> bool:
    if number == tail:
        return True
    if number.endswith(tail):
        before = number[-len(tail) - 1]
        if not (before.isdigit() or (tail[0].isdigit() and before.isalnum())):
            return True
    if _DIGITS.fullmatch(tail):
        final = _FINAL_DIGITS.search(number)
        return final is not None and int(final.group(1)) == int(tail)
    return False


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def candidates(conn: sqlite3.Connection, ref: str) -> list[CaseMatch]:
    """Every live case ``ref`` may mean (empty when none); exact matches alone when there is one."""
    ref = ref.strip()
    if not ref or len(ref) > MAX_REF_CHARS:
        return []
    norm = normalise(ref)
    exact = conn.execute(_EXACT, (ref, ref, norm)).fetchall()
    if exact:
        return [CaseMatch(str(case_id), str(number)) for case_id, number in exact]
    found: dict[str, CaseMatch] = {}
    tail = norm
    pattern = "%" + _like_escape(tail.lstrip("0") if _DIGITS.fullmatch(tail) else tail)
    for case_id, number in conn.execute(_BY_TAIL, (pattern,)):
        if _tail_matches(number, tail):
            found[case_id] = CaseMatch(case_id, number)
    lowered = ref.lower()
    if _HEX_PREFIX.fullmatch(lowered):
        for case_id, number in conn.execute(_BY_ID_PREFIX, (_like_escape(lowered) + "%",)):
            found[case_id] = CaseMatch(case_id, number)
    return sorted(found.values(), key=lambda m: m.number)


def resolve(conn: sqlite3.Connection, ref: str) -> CaseMatch:
    """The one live case ``ref`` names; ``NotFoundError`` (none) or ``AmbiguousCaseError``."""
    ref = ref.strip()
    if not ref:
        raise ValidationError("请给出案件编号", "a case number is required", field="case")
    if len(ref) > MAX_REF_CHARS:
        raise ValidationError(
            f"案件编号过长（{len(ref):,} 个字），不是案件编号或 id，请检查输入",
            f"case reference too long ({len(ref):,} characters)", field="case")
    matches = candidates(conn, ref)
    if not matches:
        raise NotFoundError(f"找不到案件 {ref}", f"no case {ref}", field="case")
    if len(matches) > 1:
        raise AmbiguousCaseError(ref, matches)
    return matches[0]
