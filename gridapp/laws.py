"""法规库: the statute texts bundled with the app (``resources/laws/*.md``), by law and article.

Contract: ``laws()`` lists the bundled laws (title and version date from the file name);
``articles(law_id)`` splits one into its articles (第X条, with the chapter it stands in and all
its paragraphs); ``search(text)`` finds articles containing every term, across all laws;
``find_citation`` turns a citation as packs and documents write it
(《上海市市容环境卫生管理条例》第二十五条第二款) into the law and article it names. Texts are read
once per process. Unknown laws raise ``NotFoundError``; nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cn2an

from gridapp.errors import NotFoundError
from gridapp.paths import resources_dir

_ARTICLE = re.compile(r"^第([零〇一二三四五六七八九十百千]+)条\s*(.*)$")
_CHAPTER = re.compile(r"^#{2,}\s*(.+?)\s*$")
_CITATION = re.compile(r"《([^》]+)》\s*第([零〇一二三四五六七八九十百千]+)条")
_FILE = re.compile(r"^(?P<title>.+?)\((?P<version>\d{4}-\d{2}-\d{2})\)$")
NATIONAL_PREFIX = "中华人民共和国"
SNIPPET = 36


@dataclass(frozen=True)
class Law:
    id: str  # the file's stem, e.g. "行政处罚法(2021-01-22)"
    title: str  # 行政处罚法
    version: str  # 2021-01-22


@dataclass(frozen=True)
class Article:
    law_id: str
    number: int
    label: str  # 第二十五条
    chapter: str  # 第三章  市容管理 ("" before the first chapter)
    text: str  # the article's paragraphs, the first beginning with its label


@dataclass(frozen=True)
class Hit:
    law_id: str
    law_title: str
    number: int
    label: str
    snippet: str  # the text around the first match


def _folder() -> Path:
    return resources_dir() / "laws"


@cache
def laws() -> tuple[Law, ...]:
    found = []
    for path in sorted(_folder().glob("*.md")):
        match = _FILE.match(path.stem)
        if match:
            found.append(Law(path.stem, match["title"], match["version"]))
    return tuple(found)


def law(law_id: str) -> Law:
    for item in laws():
        if item.id == law_id:
            return item
    raise NotFoundError(f"法规库中没有“{law_id}”", f"no law {law_id!r} in the library",
                        field="law")


@cache
def articles(law_id: str) -> tuple[Article, ...]:
    law(law_id)
    lines = (_folder() / f"{law_id}.md").read_text(encoding="utf-8").splitlines()
    out: list[Article] = []
    chapter = ""
    current: tuple[int, str, list[str]] | None = None

    def close() -> None:
        if current is not None:
            number, label, paragraphs = current
            out.append(Article(law_id, number, label, chapter_of[number],
                               "\n".join(p for p in paragraphs if p)))

    chapter_of: dict[int, str] = {}
    for raw in lines:
        line = raw.strip()
        if line.startswith("<!--"):
            continue
        heading = _CHAPTER.match(line)
        if heading:
            close()
            current = None
            chapter = heading.group(1)
            continue
        start = _ARTICLE.match(line)
        if start:
            close()
            number = int(cn2an.cn2an(start.group(1), "smart"))  # 第一百零三条 → 103
            chapter_of[number] = chapter
            current = (number, f"第{start.group(1)}条", [line])
        elif current is not None:
            current[2].append(line)
    close()
    return tuple(out)


def article(law_id: str, number: int) -> Article:
    for item in articles(law_id):
        if item.number == number:
            return item
    raise NotFoundError(f"“{law(law_id).title}”中没有第 {number} 条",
                        f"{law_id} has no article {number}", field="article")


def _law_by_title(title: str) -> Law | None:
    wanted = title.removeprefix(NATIONAL_PREFIX)
    return next((item for item in laws() if item.title.removeprefix(NATIONAL_PREFIX) == wanted),
                None)


def find_citation(citation: str) -> tuple[str, int] | None:
    """The (law id, article number) a citation names first, or None when the library does not
    hold that law or the text names no article."""
    for match in _CITATION.finditer(citation):
        found = _law_by_title(match.group(1))
        if found is not None:
            return found.id, int(cn2an.cn2an(match.group(2), "smart"))
    return None


def search(text: str, limit: int = 200) -> tuple[Hit, ...]:
    """Articles containing every whitespace-separated term of ``text`` (all laws)."""
    terms = [t for t in text.split() if t]
    if not terms:
        return ()
    hits: list[Hit] = []
    for item in laws():
        for art in articles(item.id):
            if all(t in art.text for t in terms):
                at = art.text.find(terms[0])
                start = max(0, at - SNIPPET // 2)
                snippet = art.text[start:start + SNIPPET + len(terms[0])].replace("\n", " ")
                hits.append(Hit(item.id, item.title, art.number, art.label,
                                ("…" if start else "") + snippet + "…"))
                if len(hits) >= limit:
                    return tuple(hits)
    return tuple(hits)
