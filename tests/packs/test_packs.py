"""Shipped packs validate, carry the required data, and agree with the bundled statute texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp import laws
from gridapp.errors import NotFoundError, ValidationError
from gridapp.packs import (
    DEFAULT_PACK,
    EVENT_CLASSES,
    list_packs,
    load_pack,
    packs_dir,
    validate_file,
)
from gridapp.paths import resources_dir

SHANGHAI_REQUIRED = {
    "street-vending": "占道设摊经营",
    "outside-door-trading": "超出门窗外墙经营",
    "road-piling": "占道堆放物品",
    "illegal-posting": "乱张贴涂写刻画",
    "organised-flyers": "组织散发张贴小广告",
    "street-hanging": "沿街吊挂晾晒",
    "illegal-outdoor-ad": "擅自设置户外广告",
    "street-car-wash": "占道洗车",
    "littering": "乱扔废弃物",
    "responsibility-zone": "市容环境卫生责任区未履责",
    "muck-truck-uncovered": "渣土运输未密闭",
    "construction-waste-dumping": "擅自倾倒建筑垃圾",
}
SHANGHAI_EXEMPT = (
    "street-vending", "outside-door-trading", "illegal-posting", "street-hanging",
    "street-car-wash", "responsibility-zone",
)  # fmt: skip

LAW_FILES = {
    "《上海市市容环境卫生管理条例》": "上海市市容环境卫生管理条例(2018-12-20).md",
    "《北京市市容环境卫生条例》": "北京市市容环境卫生条例(2021-09-24).md",
}
ZH_AMOUNTS = {
    20: "二十", 50: "五十", 100: "一百", 200: "二百", 300: "三百", 500: "五百", 1000: "一千",
    2000: "二千", 3000: "三千", 5000: "五千", 10000: "一万", 20000: "二万", 30000: "三万",
    50000: "五万", 100000: "十万", 500000: "五十万",
}  # fmt: skip


@pytest.mark.parametrize("code", ["shanghai", "beijing"])
def test_shipped_pack_validates_with_at_least_20_violations(code: str) -> None:
    pack = validate_file(packs_dir() / f"{code}.toml")
    assert pack.code == code
    assert len(pack.violations) >= 20
    assert pack.version and pack.authority and pack.source
    for v in pack.violations.values():
        assert v.event_class in EVENT_CLASSES
        assert v.fines and all(r.min <= r.max for r in v.fines.values())


def test_shanghai_is_default_and_has_required_codes_with_statutory_names() -> None:
    assert DEFAULT_PACK == "shanghai"
    pack = load_pack("shanghai")
    for code, name in SHANGHAI_REQUIRED.items():
        assert pack.violation(code).name == name
    for code in SHANGHAI_EXEMPT:
        item = pack.exemption_for(code)
        assert item is not None, code
        assert set(item.branches) == {"minor_no_harm", "first_offence", "no_fault"}
        assert not item.limits and item.lookback_days == 365


def test_shanghai_thresholds_service_and_numbering() -> None:
    pack = load_pack("shanghai")
    h = pack.hearing_thresholds
    assert (h.person, h.organisation, h.inclusive) == (5000, 50000, True)
    assert h.requires_hearing("person", 5000) and not h.requires_hearing("person", 4999)
    assert pack.service_by_notice_days == 60
    assert pack.lookback_days == 365
    assert pack.format_case_number(2026, 12, segment=3) == "沪城管案〔2026〕03-000012"
    # 文号 carry the 文号代字 of the district bureau the station acts for, not the city's.
    huangpu = pack.bureau("310101")
    assert (pack.format_document_number("penalty_decision", 2026, 7, segment=3,
                                        bureau=huangpu.number_prefix)
            == "沪黄城管罚字〔2026〕第03-0007号")
    with pytest.raises(ValidationError) as err:
        pack.format_document_number("nonsense", 2026, 1, segment=3)
    assert err.value.field == "series"


def test_beijing_differs_where_its_law_differs() -> None:
    bj, sh = load_pack("beijing"), load_pack("shanghai")
    assert bj.service_by_notice_days == 30
    assert bj.hearing_thresholds.inclusive is False
    assert bj.violation("street-vending").fines["person"].as_list() == [500, 5000]
    assert sh.violation("street-vending").fines["person"].as_list() == [50, 500]
    limited = [e for e in bj.exemptions if e.limits]
    assert any(e.limits.get("area_m2") == 5 and e.limits.get("duration_days") == 2 for e in limited)
    shared = set(bj.violations) & set(SHANGHAI_REQUIRED)
    assert {"street-vending", "outside-door-trading", "illegal-posting", "littering"} <= shared


def test_max_only_and_fixed_fines() -> None:
    sh = load_pack("shanghai")
    littering = sh.violation("littering").fines["person"]
    assert (littering.min, littering.max) == (0, 100)
    hanging = sh.violation("street-hanging").fines
    assert hanging["person"].as_list() == [20, 20] and hanging["organisation"].as_list() == [
        20,
        200,
    ]
    assert "person" not in sh.violation("muck-truck-uncovered").fines


@pytest.mark.parametrize("code", ["shanghai", "beijing"])
def test_articles_and_fines_match_the_bundled_statute(code: str) -> None:
    pack = load_pack(code)
    for v in pack.violations.values():
        for cite in (v.violated_article, v.penalty_article):
            found = laws.find_citation(cite)  # every citation opens in the 法规库
            assert found is not None and found[0] + ".md" in LAW_FILES.values(), cite
            laws.article(*found)
        found = laws.find_citation(v.penalty_article)
        assert found is not None
        body = laws.article(*found).text
        for rng in v.fines.values():
            for amount in {rng.min, rng.max} - {0}:
                assert f"{ZH_AMOUNTS[amount]}元" in body, (v.code, amount, v.penalty_article)
            if rng.min == 0:
                assert f"{ZH_AMOUNTS[rng.max]}元以下" in body, v.code


def test_list_packs_and_unknown_code() -> None:
    infos = {i.code: i for i in list_packs()}
    assert set(infos) >= {"shanghai", "beijing"}
    assert infos["shanghai"].default and not infos["beijing"].default
    with pytest.raises(NotFoundError) as err:
        load_pack("atlantis")
    assert "atlantis" in err.value.message_zh


def test_unknown_violation_raises_chinese_validation_error() -> None:
    with pytest.raises(ValidationError) as err:
        load_pack("shanghai").violation("jaywalking")
    assert err.value.field == "violation"
    assert "未知的违法行为类型" in err.value.message_zh


def test_bundled_law_texts_exist_for_offline_reading() -> None:
    folder = resources_dir() / "laws"
    assert (folder / "README.md").read_text(encoding="utf-8").count("Copyright Law") == 1
    for name in [
        *LAW_FILES.values(),
        "行政处罚法(2021-01-22).md",
        "上海市城市管理行政执法条例(2018-05-24).md",
    ]:
        assert (folder / name).stat().st_size > 1000
    text = laws.article("上海市城市管理行政执法条例(2018-05-24)", 25).text
    assert "经过六十日" in text
    assert (
        Path(folder / "民事诉讼法(2023-09-01).md").read_text(encoding="utf-8").count("经过三十日")
        == 1
    )


@pytest.mark.parametrize("code", ["shanghai", "beijing"])
def test_every_violation_has_words_to_read_out_to_the_party(code: str) -> None:
    """说理: what the rule is, why it matters and how to correct, for every listed violation."""
    pack = load_pack(code)
    for vt in pack.violations.values():
        assert len(vt.education) >= 30, f"{code}/{vt.code} has no 说理 text"
        assert "请" in vt.education, f"{code}/{vt.code}: the text should say how to correct"
