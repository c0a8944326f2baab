"""The 法规库 page's search: statute articles by their words, and by the violations of the
station's pack that cite them (an officer searching 占道 finds the article behind
占道设摊经营 even though the statute says 占用道路)."""

from __future__ import annotations

from dataclasses import dataclass

from gridapp import laws
from gridapp.store import StationStore


@dataclass(frozen=True)
class LibraryHit:
    law_id: str
    law_title: str
    number: int
    label: str  # 第二十五条
    snippet: str
    via: str = ""  # the pack's violation whose citation led here ("" for a text match)


def library_search(store: StationStore, text: str, limit: int = 200) -> tuple[LibraryHit, ...]:
    """Articles cited by pack violations whose name contains every term, then articles whose
    text does; each article once."""
    terms = [t for t in text.split() if t]
    if not terms:
        return ()
    hits: list[LibraryHit] = []
    seen: set[tuple[str, int]] = set()
    for violation in store.pack.violations.values():
        if not all(t in violation.name for t in terms):
            continue
        for citation in (violation.violated_article, violation.penalty_article):
            found = laws.find_citation(citation or "")
            if found is None or found in seen:
                continue
            seen.add(found)
            art = laws.article(*found)
            hits.append(LibraryHit(art.law_id, laws.law(art.law_id).title, art.number, art.label,
                                   art.text[:60].replace("\n", " ") + "…", via=violation.name))
    for hit in laws.search(text, limit):
        if (hit.law_id, hit.number) not in seen:
            seen.add((hit.law_id, hit.number))
            hits.append(LibraryHit(hit.law_id, hit.law_title, hit.number, hit.label, hit.snippet))
    return tuple(hits[:limit])
