"""A bundled demo station with realistic Chinese case data (for trying the app and benchmarks).

Contract: cases are committed in batches; ``progress(done, total)`` is called after each commit,
so ``done`` cases are durable when it is called. Interrupting loses at most the open batch.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.accounts import keyslots
from gridapp.caselog import service
from gridapp.caselog.identity import resident_id_check_char, uscc_check_char
from gridapp.caselog.intake import CaseInput, PartyInput
from gridapp.db.statistics import refresh_if_stale
from gridapp.errors import ValidationError
from gridapp.followups import service as followups
from gridapp.models import Case, Grid, Meta, Officer, Station
from gridapp.packs import DEFAULT_PACK
from gridapp.setup import (
    DEMO_MARKER_KEY,
    DEMO_STATION_NAME,
    add_officer,
    init_station,
    is_demo_station,
    set_payment,
)
from gridapp.store import StationStore
from gridapp.timeutil import station_time

# The demo station's marks live with the set-up (the documents mark demo pages); named here too.
__all__ = ["DEMO_BADGE", "DEMO_MARKER_KEY", "DEMO_STATION_NAME", "ensure_demo_station",
           "is_demo_station", "seed_demo"]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕红梅玉兰春梅晓东小红文博子轩浩然欣怡梓涵宇航思远佳琪"
SHOP_WORDS = ("鲜果", "便利", "小吃", "五金", "早餐", "烟杂", "汽修", "面馆", "水果", "干洗", "花店", "烧烤")
SHOP_KINDS = ("店", "商行", "经营部", "餐饮店", "超市")
COMPANIES = ("建设工程有限公司", "渣土运输有限公司", "广告传媒有限公司", "物业管理有限公司", "餐饮管理有限公司")
STREETS = (
    ("黄浦区", "南京东路"), ("黄浦区", "福州路"), ("静安区", "昌平路"), ("静安区", "西康路"),
    ("徐汇区", "漕溪北路"), ("徐汇区", "天钥桥路"), ("长宁区", "愚园路"), ("普陀区", "长寿路"),
    ("虹口区", "四川北路"), ("杨浦区", "控江路"), ("杨浦区", "五角场"), ("浦东新区", "张杨路"),
    ("浦东新区", "昌里路"), ("闵行区", "莘庄路"), ("宝山区", "友谊路"), ("嘉定区", "城中路"),
)
GRIDS = tuple((f"G{d:02d}{n:02d}", f"{STREETS[d][0]}{STREETS[d][1]}第{n}网格")
              for d in range(len(STREETS)) for n in (1, 2, 3))
# Relative frequency of the common street violations; every other catalog code weighs 1.
COMMON_VIOLATIONS = {
    "street-vending": 20, "outside-door-trading": 15, "road-piling": 10, "illegal-posting": 10,
    "responsibility-zone": 8, "street-hanging": 5, "street-car-wash": 5, "littering": 5,
    "muck-truck-uncovered": 4, "illegal-outdoor-ad": 4, "construction-waste-dumping": 3,
}
DETAILS = (
    "经现场劝导，当事人表示立即整改",
    "当事人不在现场，已拍照取证",
    "现场有群众围观，影响通行",
    "占用人行道，行人被迫绕行",
    "周边居民多次投诉",
    "已告知当事人相关法律规定",
)
# status, weight, transitions to reach it
STATUS_PATHS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("discovered", 10, ()),
    ("verified", 10, ("verified",)),
    ("rectifying", 12, ("verified", "rectifying")),
    ("filed", 8, ("verified", "filed")),
    ("investigated", 4, ("verified", "filed", "investigated")),
    ("decided", 4, ("verified", "filed", "investigated", "decided")),
    ("closed", 45, ("verified", "closed")),
    ("dismissed", 7, ("dismissed",)),
)


def _person_id(rng: random.Random) -> str:
    area = rng.choice(("310101", "310104", "310105", "310106", "310107", "310109", "310110",
                       "310115", "320102", "340104", "410105", "510107"))
    birth = datetime(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 48))
    first17 = f"{area}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + resident_id_check_char(first17)


def _uscc(rng: random.Random) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    first17 = "91310" + "".join(rng.choice("0123456789") for _ in range(5)) + "".join(
        rng.choice(chars) for _ in range(7)
    )
    return first17 + uscc_check_char(first17)


@dataclass
class _PartyPool:
    rng: random.Random
    parties: list[PartyInput]

    def pick(self) -> PartyInput:
        # About a third of cases involve a party seen before (repeat offenders).
        if self.parties and self.rng.random() < 0.35:
            return self.rng.choice(self.parties)
        party = self._new()
        self.parties.append(party)
        return party

    def _new(self) -> PartyInput:
        rng = self.rng
        district, street = rng.choice(STREETS)
        address = f"上海市{district}{street}{rng.randrange(1, 1200)}号"
        roll = rng.random()
        if roll < 0.55:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            has_id = rng.random() < 0.8
            return PartyInput("person", name, _person_id(rng) if has_id else "",
                              f"13{rng.randrange(0, 10**9):09d}", address)
        if roll < 0.85:
            name = f"上海市{district}{rng.choice(SHOP_WORDS)}{rng.choice(SHOP_KINDS)}"
            name = name.replace("上海市", "") if rng.random() < 0.5 else name
            return PartyInput("organisation", name, _uscc(rng), f"021-{rng.randrange(10**7, 10**8)}",
                              address)
        name = f"上海{rng.choice('宏盛鑫达兴隆恒远浦江申城')}{rng.choice(COMPANIES)}"
        return PartyInput("organisation", name, _uscc(rng), f"021-{rng.randrange(10**7, 10**8)}",
                          address)


# The documented demo account: the demo station's lead, with no password (the desktop's
# sign-in fills it in; the CLI acts as it without asking). Its other officers have none either.
DEMO_BADGE = "31010001"
DEMO_OFFICER_NAME = "张建国"


def ensure_demo_station(store: StationStore) -> Station:
    """The demo station in ``store``, created (default pack, three officers) if none exists.

    Raises ``ValidationError`` (nothing written) when ``store`` holds a real station."""
    with store.read() as s:
        existing = s.scalars(select(Station)).first()
        if existing is not None and not is_demo_station(s, existing):
            raise ValidationError(
                f"数据目录 {store.data_dir} 中是正式站点“{existing.name}”（由 gridapp init 创建），"
                "演示数据会占用正式案件编号，不能写入；请为演示另用一个空目录，例如 "
                "gridapp --data-dir 演示目录 demo",
                f"{store.data_dir} holds the real station {existing.name!r}; demo cases would "
                "use up its case numbers — use an empty directory for the demo",
                field="data-dir",
            )
    if existing is not None:
        return existing
    keyslots.open_demo(store)
    station = init_station(
        store,
        name=DEMO_STATION_NAME,
        pack_code=DEFAULT_PACK,
        officer_name=DEMO_OFFICER_NAME,
        badge=DEMO_BADGE,
        grids=list(GRIDS),
    )
    with store.session() as s:
        st = s.get(Station, station.id)
        assert st is not None
        for name, badge in DEMO_OFFICERS:
            add_officer(store, s, st, name, badge, actor=DEMO_BADGE)
        s.merge(Meta(key=DEMO_MARKER_KEY, value=station.id))
    # Plainly invented payment details, so the demo's fine decisions can be issued (a real
    # station sets its own with ``gridapp station set-payment``).
    set_payment(store, dict(DEMO_PAYMENT), actor=DEMO_BADGE, reason="演示站点的缴款信息（虚构）")
    return station


DEMO_PAYMENT = (("payment_bank", "演示银行演示支行（虚构，非真实账户）"),
                ("payment_account_name", "演示数据收款户"),
                ("payment_account", "0000 0000 0000 0000"))


DEMO_OFFICERS = (("李明", "31010002"), ("王芳", "31010003"))


def _ensure_two_officers(store: StationStore) -> None:
    """Cases need two officers (APL Art 42): add demo officers to a station that has fewer."""
    with store.session() as s:
        station = store.station(s)
        officers = list(s.scalars(select(Officer).where(Officer.active.is_(True))))
        taken = {o.badge_no for o in officers}
        actor = officers[0].badge_no if officers else DEMO_OFFICERS[0][1]
        for name, badge in DEMO_OFFICERS:
            if len(officers) >= 2:
                break
            if badge not in taken:
                officers.append(add_officer(store, s, station, name, badge, actor=actor))


def seed_demo(
    store: StationStore,
    cases: int,
    *,
    seed: int = 7,
    batch: int = 250,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Add ``cases`` demo cases (creating the demo station first if needed). Returns the count."""
    ensure_demo_station(store)
    _ensure_two_officers(store)
    rng = random.Random(seed)
    pool = _PartyPool(rng, [])
    codes = sorted(store.pack.violations)
    code_weights = [COMMON_VIOLATIONS.get(c, 1) for c in codes]
    with store.read() as s:
        badges = [o.badge_no for o in s.scalars(select(Officer).order_by(Officer.badge_no))]
        grids = [g.code for g in s.scalars(select(Grid).order_by(Grid.code))] or [g[0] for g in GRIDS]
    actor = badges[0]
    now = clock.now()
    statuses = list(STATUS_PATHS)
    weights = [p[1] for p in STATUS_PATHS]
    done = 0
    while done < cases:
        if cancelled is not None and cancelled():
            break
        with store.session() as s:
            for _ in range(min(batch, cases - done)):
                _one_case(store, s, rng, pool, (codes, code_weights), grids, badges, actor, now,
                          statuses, weights)
                done += 1
        if progress is not None:
            progress(done, cases)
    refresh_if_stale(store.engine)
    return done


DEMO_SATISFACTION = ("satisfied", "satisfied", "satisfied", "basically_satisfied", "dissatisfied")


def _demo_follow_ups(store: StationStore, s: Session, case: Case, actor: str) -> None:
    """The 回访 (and 12345 feedback) of a closed demo case, nine in ten already done. Chosen by
    the case number's hash, so the demo's random sequence (and every other demo case) stays
    as it was."""
    rows = followups.schedule_after_close(store, s, case, actor)
    if not rows:
        return
    officer = store.officer_by_badge(s, actor)
    for row in rows:
        pick = zlib.crc32(f"{case.number}/{row.kind}".encode())
        if pick % 10 == 0:
            continue  # still to do
        followups.complete(
            store, s, row, officer, satisfaction=DEMO_SATISFACTION[pick % 7 % 5],
            finding="confirmed" if row.kind == "caller_feedback" else "",
            result="当事人已整改，表示理解" if row.kind == "return_visit" else "已向来电人反馈处理结果")


def _one_case(store: StationStore, s: Session, rng: random.Random, pool: _PartyPool,
              codes: tuple[list[str], list[int]], grids: list[str], badges: list[str], actor: str,
              now: datetime, statuses: list[tuple[str, int, tuple[str, ...]]],
              weights: list[int]) -> None:
    code = rng.choices(codes[0], codes[1])[0]
    violation = store.pack.violations[code]
    party = pool.pick()
    grid = rng.choice(grids)
    district, street = STREETS[int(grid[1:3]) % len(STREETS)]
    address = f"上海市{district}{street}{rng.randrange(1, 1200)}号门前"
    opened = now - timedelta(days=rng.randrange(0, 720), minutes=rng.randrange(0, 1440))
    facts = (f"{station_time(opened):%Y年%m月%d日}，执法队员巡查至{address}，发现当事人{party.name}"
             f"存在{violation.name}行为。{rng.choice(DETAILS)}。")
    case = service.create_case(
        store, s,
        CaseInput(
            violation=code,
            source=rng.choices(("patrol", "hotline", "public_report", "dispatch"), (55, 25, 15, 5))[0],
            address=address,
            grid=grid,
            facts=facts,
            party=party,
            lat=31.2 + rng.random() * 0.2,
            lon=121.4 + rng.random() * 0.2,
            act_date=station_time(opened).date().isoformat(),
            officers=tuple(rng.sample(badges, 2)),
            opened_at=opened.isoformat(),
        ),
        actor,
    )
    # Older cases have mostly been closed; open work concentrates in the last three months.
    if (now - opened).days > 90:
        weights = [1 if p[0] in ("rectifying", "filed", "investigated", "discovered") else
                   p[1] * (4 if p[0] in ("closed", "dismissed") else 1) for p in statuses]
    status, _, path = rng.choices(statuses, weights)[0]
    for n, target in enumerate(path, start=1):
        disposition = None
        if target == "closed":
            disposition = rng.choices(("service", "management", "enforcement"), (7, 2, 1))[0]
        if n == len(path) and status in ("rectifying", "filed", "investigated"):
            # Set with the transition that opens the open work, so it is recorded with it.
            case.due_at = opened + timedelta(days=rng.choice((3, 7, 15, 90)))
        service.transition(store, s, case, target, actor, disposition=disposition,
                           outcome={"closed": "已整改", "dismissed": "不予立案"}.get(target, ""))
        _demo_follow_ups(store, s, case, actor)
