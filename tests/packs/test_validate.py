"""``gridapp pack validate`` rejects malformed packs, naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp.errors import ValidationError
from gridapp.packs import packs_dir, validate_file

SHANGHAI = (packs_dir() / "shanghai.toml").read_text(encoding="utf-8")
VENDING_PENALTY = 'penalty_article = "《上海市市容环境卫生管理条例》第二十五条第二款"'


def bad_pack(tmp_path: Path, old: str, new: str, *, count: int = 1) -> Path:
    assert old in SHANGHAI, old
    path = tmp_path / "bad.toml"
    path.write_text(SHANGHAI.replace(old, new, count), encoding="utf-8")
    return path


CASES = [
    # (description, old, new, expected field, Chinese fragment)
    ("missing article", VENDING_PENALTY, "", "violations[0].penalty_article", "缺少必填字段"),
    ("article without 条", VENDING_PENALTY, 'penalty_article = "见条例"',
     "violations[0].penalty_article", "应写明条款"),
    ("inverted fine", "fines = { person = [50, 500], organisation = [50, 500] }\nmeasures = [\"责令改正\", \"暂扣",
     "fines = { person = [500, 50], organisation = [50, 500] }\nmeasures = [\"责令改正\", \"暂扣",
     "violations.street-vending.fines.person", "罚款幅度颠倒"),
    ("duplicate code", 'code = "road-piling"', 'code = "street-vending"', "violations[2].code", "重复"),
    ("education not text", 'education = "道路和人行道是大家通行的公共空间，不能占用设摊经营。占道设摊会妨碍行人和车辆通行，也影响街面整洁和安全。请立即收拾摊位、恢复通行，今后到指定的经营场所经营。"', "education = 3",
     "violations[0].education", "文本"),
    ("unknown event class", 'event_class = "宣传广告"', 'event_class = "交通违章"',
     "violations[4].event_class", "事件大类"),
    ("unknown branch", 'branches = ["minor_no_harm", "first_offence", "no_fault"]',
     'branches = ["minor_no_harm", "warning_only"]', "exemptions[0].branches[1]", "免罚情形"),
    ("exemption for unknown code", 'violation = "street-car-wash"', 'violation = "jaywalking"',
     "exemptions[4].violation", "不存在的违法行为"),
    ("numbering without seq", 'case = "沪城管案〔{year}〕{segment:02d}-{seq:06d}"',
     'case = "沪城管案〔{year}〕{segment:02d}"', "numbering.case", "{seq}"),
    ("numbering without segment", 'case = "沪城管案〔{year}〕{segment:02d}-{seq:06d}"',
     'case = "沪城管案〔{year}〕{seq:06d}"', "numbering.case", "站点号段"),
    ("segment not two digits", 'case = "沪城管案〔{year}〕{segment:02d}-{seq:06d}"',
     'case = "沪城管案〔{year}〕{segment}-{seq:06d}"', "numbering.case", "{segment:02d}"),
    ("serial without fixed width", '第{segment:02d}-{seq:04d}号"\nadvance_notice',
     '第{segment:02d}-{seq}号"\nadvance_notice', "numbering.documents.rectification_notice",
     "定宽补零"),
    ("unknown top-level field", 'code = "shanghai"', 'code = "shanghai"\ncolour = "red"', "colour",
     "未知字段"),
    ("negative fine", "fines = { person = { max = 100 }, organisation = { max = 100 } }",
     "fines = { person = { max = -1 }, organisation = { max = 100 } }",
     "violations.littering.fines.person.max", "不能小于"),
    ("missing deadline", "[deadlines.payment_due]\ndays = 15", "[deadlines.payment_duex]\ndays = 15",
     "deadlines.payment_duex", "未知字段"),
    ("hearing threshold as text", "person = 5000", 'person = "5000"', "hearing_thresholds.person",
     "整数"),
    ("evidence days negative", "days_before_act = 3", "days_before_act = -1",
     "evidence.days_before_act", "不能小于"),
    ("evidence distance zero", "distance_m = 500", "distance_m = 0", "evidence.distance_m",
     "不能小于"),
    ("evidence days as text", "days_before_act = 3", 'days_before_act = "3"',
     "evidence.days_before_act", "整数"),
    ("evidence unknown key", "distance_m = 500", "distance_m = 500\nradius = 1",
     "evidence.radius", "未知字段"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("desc", "old", "new", "field", "fragment"), CASES, ids=[c[0] for c in CASES]
)
def test_validator_names_the_field(
    tmp_path: Path, desc: str, old: str, new: str, field: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as err:
        validate_file(bad_pack(tmp_path, old, new))
    assert err.value.field == field, desc
    assert fragment in err.value.message_zh


def test_tier_outside_statutory_range_is_rejected(tmp_path: Path) -> None:
    path = bad_pack(
        tmp_path,
        'measures = ["责令改正", "暂扣经营兜售的物品和有关工具"]',
        'measures = ["责令改正"]\n\n[[violations.tiers]]\nname = "严重"\nperson = [400, 800]\n'
        "organisation = [400, 500]",
    )
    with pytest.raises(ValidationError) as err:
        validate_file(path)
    assert err.value.field == "violations.street-vending.tiers[0].person"
    assert "超出法定罚款幅度" in err.value.message_zh


def test_malformed_toml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('code = "x\n', encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        validate_file(broken)
    assert "TOML 格式错误" in err.value.message_zh
    with pytest.raises(Exception, match="找不到文件"):
        validate_file(tmp_path / "nope.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ValidationError, match="UTF-8"):
        validate_file(binary)


def test_cli_validate_good_and_bad(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    ok = run_cli("pack", "validate", packs_dir() / "beijing.toml")
    assert ok.code == 0 and "规则包有效" in ok.out
    for old, new, field in (
        (VENDING_PENALTY, "", "violations[0].penalty_article"),
        ("person = [50, 500], organisation = [50, 500] }\nmeasures = [\"责令改正\", \"暂扣",
         "person = [500, 50], organisation = [50, 500] }\nmeasures = [\"责令改正\", \"暂扣",
         "violations.street-vending.fines.person"),
        ('code = "road-piling"', 'code = "street-vending"', "violations[2].code"),
    ):  # fmt: skip
        res = run_cli("pack", "validate", bad_pack(tmp_path, old, new))
        assert res.code == 2
        assert field in res.err and res.out == ""


def test_cli_list_and_show_without_station(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GRIDAPP_DATA_DIR", str(tmp_path / "none"))
    listed = run_cli("pack", "list", "--json")
    assert listed.code == 0
    rows = {r["code"]: r for r in listed.json()}  # type: ignore[union-attr]
    assert rows["shanghai"]["default"] is True
    shown = run_cli("pack", "show", "shanghai")
    assert shown.code == 0 and "占道设摊经营" in shown.out and "5000元以上" in shown.out
    data = run_cli("pack", "show", "beijing", "--json").json()
    assert data["service_by_notice_days"] == 30  # type: ignore[index]
    assert len(data["violations"]) >= 20  # type: ignore[index]
    missing = run_cli("pack", "show", "atlantis")
    assert missing.code == 2 and "未知的规则包" in missing.err
    assert not (tmp_path / "none").exists()


def test_a_bureau_may_name_where_its_fines_are_paid(tmp_path: Path) -> None:
    """Payment details (行政处罚法第六十七条第三款) are optional bureau data; an account that is
    not a number is refused with the key named. A station without its own settings prints the
    bureau's on its fine decisions (``setup.station_payment``)."""
    places = 'places = ["黄浦区"]'
    good = bad_pack(tmp_path, places, places + '\npayment_bank = "某银行黄浦支行"\n'
                    'payment_account_name = "某区财政局"\npayment_account = "1001 2002 3003"')
    bureau = validate_file(good).bureau("310101")
    assert (bureau.payment_bank, bureau.payment_account_name, bureau.payment_account) == (
        "某银行黄浦支行", "某区财政局", "1001 2002 3003")
    bad = bad_pack(tmp_path, places, places + '\npayment_account = "见公告"')
    with pytest.raises(ValidationError) as err:
        validate_file(bad)
    assert err.value.field == "bureaus[0].payment_account" and "收款账号" in err.value.message_zh


def test_a_station_without_its_own_payment_details_uses_its_bureaus() -> None:
    from dataclasses import replace

    from gridapp.models import Station
    from gridapp.packs import load_pack
    from gridapp.setup import station_payment

    pack = load_pack("shanghai")
    bureaus = tuple(replace(b, payment_bank="某银行黄浦支行") if b.code == "310101" else b
                    for b in pack.bureaus)
    pack = replace(pack, bureaus=bureaus)
    station = Station(name="x", pack_code="shanghai", district_code="310101", payment_json="{}")
    assert station_payment(pack, station)["payment_bank"] == "某银行黄浦支行"
    station.payment_json = '{"payment_bank": "本站设置的银行"}'
    assert station_payment(pack, station)["payment_bank"] == "本站设置的银行"
