"""法规库: the bundled statutes split into articles, citations resolved, offline search."""

from __future__ import annotations

import pytest

from gridapp import laws
from gridapp.errors import NotFoundError
from gridapp.store import StationStore
from gridapp.workbench.library import library_search


def test_every_bundled_law_is_split_into_its_numbered_articles() -> None:
    titles = {law.title: law for law in laws.laws()}
    assert {"行政处罚法", "上海市市容环境卫生管理条例", "行政强制法"} <= set(titles)
    apl = laws.articles(titles["行政处罚法"].id)
    assert [a.number for a in apl] == list(range(1, 87)), "行政处罚法 2021 has 86 articles"
    art33 = laws.article(titles["行政处罚法"].id, 33)
    assert art33.label == "第三十三条" and "初次违法" in art33.text
    assert art33.chapter == "第四章 行政处罚的管辖和适用"


@pytest.mark.parametrize(("citation", "title", "number"), [
    ("《上海市市容环境卫生管理条例》第二十五条第二款", "上海市市容环境卫生管理条例", 25),
    ("《中华人民共和国行政处罚法》第三十三条第一款", "行政处罚法", 33),
    ("依据《行政强制法》第一百零三条", None, None),  # no such article: resolved, then refused
])
def test_a_citation_as_packs_write_it_opens_its_article(citation: str, title: str | None,
                                                      number: int | None) -> None:
    found = laws.find_citation(citation)
    assert found is not None
    if title is None:
        with pytest.raises(NotFoundError) as err:
            laws.article(*found)
        assert "没有第 103 条" in err.value.message_zh
        return
    assert laws.law(found[0]).title == title and found[1] == number
    assert laws.article(*found).text.startswith(f"第{'二十五' if number == 25 else '三十三'}条")


def test_bad_references_are_refused_in_chinese() -> None:
    assert laws.find_citation("《没有这部法》第一条") is None
    assert laws.find_citation("随便写的文字") is None
    with pytest.raises(NotFoundError) as err:
        laws.articles("不存在的法(2000-01-01)")
    assert "法规库中没有" in err.value.message_zh
    assert laws.search("") == () and laws.search("   ") == ()


def test_search_finds_articles_by_their_words_and_by_the_violations_that_cite_them(
    store: StationStore,
) -> None:
    by_text = laws.search("占用道路 设摊")
    assert any(h.law_title == "上海市市容环境卫生管理条例" and h.number == 25 for h in by_text)
    hits = library_search(store, "占道")
    first = hits[0]
    assert (first.law_title, first.number, first.via) == ("上海市市容环境卫生管理条例", 25,
                                                         "占道设摊经营")
    assert len({(h.law_id, h.number) for h in hits}) == len(hits), "each article once"
    assert library_search(store, "没有这个词XYZ") == ()
