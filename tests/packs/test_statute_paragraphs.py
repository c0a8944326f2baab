"""Pack citations agree with the bundled statutes down to the paragraph (款) and item (项).

The statute files put each paragraph of an article on its own line; items (（一）…) belong to the
paragraph that introduces them and do not start a new 款.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from gridapp.packs import load_pack
from gridapp.paths import resources_dir

LAW_FILES = {
    "《上海市市容环境卫生管理条例》": "上海市市容环境卫生管理条例(2018-12-20).md",
    "《北京市市容环境卫生条例》": "北京市市容环境卫生条例(2021-09-24).md",
}
ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
ZH_AMOUNTS = {
    20: "二十", 50: "五十", 100: "一百", 200: "二百", 300: "三百", 500: "五百", 1000: "一千",
    2000: "二千", 3000: "三千", 5000: "五千", 10000: "一万", 20000: "二万", 30000: "三万",
    50000: "五万", 100000: "十万", 500000: "五十万",
}  # fmt: skip
CITE = re.compile(r"第([一二三四五六七八九十]+)条((?:第[一二三四五六七八九十]+款)?)((?:第（[一二三四五六七八九十]+）项)?)")
ITEM = re.compile(r"第(（[一二三四五六七八九十]+）)项")
MORE_PARAS = re.compile(r"、第([一二三四五六七八九十]+)款")

# Penalty clauses that bind only one kind of party (the statute names the duty holder).
ORGANISATION_ONLY = {
    "shanghai": {
        "muck-truck-uncovered",  # 第二十七条第二款“对责任单位处”
        "muck-no-disposal-permit",  # 第四十四条第一款“产生建筑垃圾、工程渣土的单位”
        "garbage-sorting-unit",  # 第四十条第二款“违反生活垃圾分类投放规定的单位”
        "site-fence-missing",  # 第三十三条“施工单位”
    },
    "beijing": {
        "street-cleaning",  # 第四十五条“专业清扫保洁责任单位”
        "maintenance-waste",  # 第四十七条“作业单位”
        "green-waste",  # 第四十八条“绿地管理养护单位”“作业单位”
        "feces-dumping",  # 第五十八条第二款“负有清掏粪便责任的单位”
        "lighting-not-operated",  # 第四十四条第二款“设置单位或者管理单位”
    },
}
PERSON_ONLY = {"shanghai": {"pet-waste"}, "beijing": set()}  # 上海第三十六条第三款“居民”


def zh_int(text: str) -> int:
    if "十" in text:
        tens, ones = text.split("十")
        return (ZH_DIGITS[tens] if tens else 1) * 10 + (ZH_DIGITS[ones] if ones else 0)
    return ZH_DIGITS[text]


@cache
def paragraphs(law_file: str) -> dict[int, list[str]]:
    """Article number → its paragraphs, items joined to the paragraph that introduces them."""
    out: dict[int, list[str]] = {}
    current: int | None = None
    text = (resources_dir() / "laws" / law_file).read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.replace("\u200b", "").strip()
        if not line or line.startswith(("#", "<!--")):
            continue
        head = re.match(r"^第([一二三四五六七八九十]+)条\s*(.*)$", line)
        if head:
            current = zh_int(head.group(1))
            out[current] = [head.group(2)]
        elif current is not None and re.match(r"^（[一二三四五六七八九十]+）", line):
            out[current][-1] += line
        elif current is not None:
            out[current].append(line)
    return out


def cited_paragraphs(cite: str) -> list[tuple[str, int, int | None, str | None]]:
    """(law file, article, paragraph or None, item or None) for each part of a citation."""
    law = next(name for name in LAW_FILES if cite.startswith(name))
    first = CITE.search(cite)
    assert first, cite
    article = zh_int(first.group(1))
    para = zh_int(first.group(2)[1:-1]) if first.group(2) else None
    items = ITEM.findall(cite) or [None]
    out = [(LAW_FILES[law], article, para, item) for item in items]
    out += [(LAW_FILES[law], article, zh_int(m), None) for m in MORE_PARAS.findall(cite)]
    return out


def paragraph_text(law_file: str, article: int, para: int | None, cite: str) -> str:
    paras = paragraphs(law_file)[article]
    if para is None:
        assert len(paras) == 1, f"{cite}: 该条有 {len(paras)} 款，引用须写明第几款"
        return paras[0]
    assert para <= len(paras), f"{cite}: 该条只有 {len(paras)} 款"
    return paras[para - 1]


def test_paragraph_counting_matches_known_articles() -> None:
    sh = paragraphs(LAW_FILES["《上海市市容环境卫生管理条例》"])
    assert len(sh[25]) == 5 and len(sh[28]) == 2 and len(sh[13]) == 3 and len(sh[44]) == 6
    assert "（六）占用道路" in sh[28][0]
    bj = paragraphs(LAW_FILES["《北京市市容环境卫生条例》"])
    assert len(bj[35]) == 5 and len(bj[52]) == 2 and len(bj[58]) == 3


@pytest.mark.parametrize("code", ["shanghai", "beijing"])
def test_cited_paragraphs_and_items_exist(code: str) -> None:
    for v in load_pack(code).violations.values():
        for cite in (v.violated_article, v.penalty_article):
            for law, article, para, item in cited_paragraphs(cite):
                text = paragraph_text(law, article, para, cite)
                if item:
                    assert item in text, f"{v.code}: {cite} 中没有第{item}项"


@pytest.mark.parametrize("code", ["shanghai", "beijing"])
def test_fine_amounts_appear_in_the_cited_penalty_paragraph(code: str) -> None:
    for v in load_pack(code).violations.values():
        law, article, para, _ = cited_paragraphs(v.penalty_article)[0]
        text = paragraph_text(law, article, para, v.penalty_article)
        for rng in v.fines.values():
            for amount in {rng.min, rng.max} - {0}:
                assert f"{ZH_AMOUNTS[amount]}元" in text, (v.code, amount, v.penalty_article)
            if rng.min == 0:
                assert f"{ZH_AMOUNTS[rng.max]}元以下" in text, v.code


@pytest.mark.parametrize("code", ["shanghai", "beijing"])
def test_refusal_flag_only_where_the_paragraph_makes_refusal_a_condition(code: str) -> None:
    for v in load_pack(code).violations.values():
        if not v.refusal_required:
            continue
        law, article, para, _ = cited_paragraphs(v.penalty_article)[0]
        text = paragraph_text(law, article, para, v.penalty_article)
        assert re.search(r"拒不|逾期不|逾期未", text), v.code


@pytest.mark.parametrize("code", ["shanghai", "beijing"])
def test_party_kinds_follow_the_duty_holder_named_in_the_statute(code: str) -> None:
    pack = load_pack(code)
    for vcode in ORGANISATION_ONLY[code]:
        assert set(pack.violation(vcode).fines) == {"organisation"}, vcode
    for vcode in PERSON_ONLY[code]:
        assert set(pack.violation(vcode).fines) == {"person"}, vcode


def test_fixed_amount_fines_in_beijing_article_52_are_50_or_200() -> None:
    """“可处五十元罚款；情节严重的，处二百元罚款”: two fixed amounts, not a range."""
    pack = load_pack("beijing")
    for vcode in ("littering", "spitting", "garbage-dumping"):
        tiers = {t.name: t.fines["person"].as_list() for t in pack.violation(vcode).tiers}
        assert tiers == {"较轻": [50, 50], "一般": [50, 50], "严重": [200, 200]}, vcode
