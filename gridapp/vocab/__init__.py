"""One vocabulary: every coded value the station stores, with its Chinese and English label.

One module per vocabulary (``case_status``, ``stage``, ``case_source``, ``disposition``,
``party_kind``, ``audit_action``, ``document_kind``, ``evidence``, ``entity``); the CLI, the
desktop, the documents and the case file all label codes through them, so a code is called the
same everywhere. Pure data: this package imports nothing from the rest of ``gridapp``.

Contract: ``Vocabulary.zh``/``en`` of an unknown code return the code itself (a stored value
from a newer station is shown rather than crashing); tests assert that every code the software
writes is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One coded value: the code stored in the database and its labels."""

    code: str
    zh: str
    en: str


class Vocabulary:
    """An ordered, closed set of terms (order = the order users see them in)."""

    def __init__(self, name: str, terms: Iterable[Term]) -> None:
        self.name = name
        self._terms: dict[str, Term] = {}
        for term in terms:
            if term.code in self._terms:
                raise ValueError(f"{name}: duplicate code {term.code!r}")
            if not term.zh or not term.en:
                raise ValueError(f"{name}: {term.code!r} needs a Chinese and an English label")
            self._terms[term.code] = term

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._terms)

    def __contains__(self, code: object) -> bool:
        return code in self._terms

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    def term(self, code: str) -> Term:
        """The term for ``code``; ``KeyError`` when the code is not in this vocabulary."""
        return self._terms[code]

    def zh(self, code: str | None) -> str:
        """Chinese label; an unknown code is returned as it is, ``None`` as the empty string."""
        if code is None:
            return ""
        term = self._terms.get(code)
        return term.zh if term is not None else code

    def en(self, code: str | None) -> str:
        """English label; an unknown code is returned as it is, ``None`` as the empty string."""
        if code is None:
            return ""
        term = self._terms.get(code)
        return term.en if term is not None else code

    def zh_labels(self) -> dict[str, str]:
        """``{code: Chinese label}`` in order (for choice lists)."""
        return {t.code: t.zh for t in self._terms.values()}

    def choices_zh(self) -> str:
        """``code（标签）、…`` — how an error message lists the allowed values."""
        return "、".join(f"{t.code}（{t.zh}）" for t in self._terms.values())


__all__ = ["Term", "Vocabulary"]
