"""``gridapp case add --example``: a complete, valid, commented case file.

JSON has no comments; the case reader takes lines whose first non-blank characters are ``//``
as comments (``context.strip_comment_lines``), so the example explains every field right next to
it and the officer saves, edits and registers the same file:
``gridapp case add --example > case.json`` then ``gridapp case add --from case.json``.
With ``--json`` the bare JSON is printed. When the data directory holds a station, its pack,
active officers and first grid are used, so the example registers there as printed.
"""

from __future__ import annotations

import json
from typing import Any

from gridapp import clock
from gridapp.cli.context import CliContext, dumps
from gridapp.errors import NotFoundError, StorageError
from gridapp.timeutil import station_time

SOURCES = "patrol 巡查发现、hotline 12345热线、public_report 群众举报、dispatch 上级交办、other 其他"


def _station_facts(ctx: CliContext) -> tuple[str, str, list[str], str]:
    """(pack code, violation code, two officer badges, grid code) of the station, or defaults."""
    try:
        from gridapp.caselog.query import list_grids
        from gridapp.caselog.service import default_actor
        from gridapp.officers import list_officers

        store = ctx.station(create=False)
        with store.read() as s:
            first = default_actor(s).badge_no
            others = [o.badge for o in list_officers(store, s) if o.badge != first]
            badges = [first, *others[:1]]
            grids = list_grids(s)
            grid = grids[0][0] if grids else ""
            codes = sorted(store.pack.violations)
            pack = store.station(s).pack_code
    except (NotFoundError, StorageError):
        return "shanghai", "street-vending", ["31010001", "31010002"], ""
    violation = "street-vending" if "street-vending" in codes else codes[0]
    return pack, violation, badges, grid


def example(ctx: CliContext) -> tuple[dict[str, Any], str]:
    """The example as data, and as the commented text printed."""
    pack, violation, badges, grid = _station_facts(ctx)
    now = station_time(clock.now())
    data: dict[str, Any] = {
        "violation": violation,
        "source": "patrol",
        "opened_at": f"{now:%Y-%m-%dT%H:%M}",
        "act_date": f"{now:%Y-%m-%d}",
        "address": "上海市黄浦区南京东路100号门前",
        "grid": grid,
        "lat": 31.2353,
        "lon": 121.484,
        "facts": "执法队员巡查发现当事人在人行道上占道设摊经营水果，占用面积约3平方米。",
        "party": {
            "kind": "person",
            "name": "王小明",
            "id_number": "310101199001011234",
            "phone": "13800138000",
            "address": "上海市黄浦区福州路8号",
            "birth_date": "1990-01-01",
            "care_flags": [],
        },
        "officers": badges,
    }
    comments = {
        "violation": f"违法行为编码（必填），取自规则包目录：gridapp pack show {pack}",
        "source": f"案件来源（默认 patrol）：{SOURCES}",
        "opened_at": "发现时间，站点时间 YYYY-MM-DDTHH:MM（可省略：登记时刻）；不能晚于现在",
        "act_date": "违法行为日期 YYYY-MM-DD（可省略）；不能晚于发现日期",
        "address": "违法行为地点",
        "grid": "网格编码（可为空）",
        "lat": "纬度、经度（WGS-84，可省略）",
        "facts": "案情（可省略，签发文书前须补充）",
        "party": "当事人（可省略，以后再关联）；同一证件号码的当事人自动合并",
        "officers": "承办执法人员的执法证号（两名，《行政处罚法》第四十二条）：gridapp officer list",
    }
    party_comments = {
        "kind": "person 公民 / organisation 法人或其他组织（必填）",
        "name": "姓名或单位名称（必填）",
        "id_number": "身份证号（18 位，校验位须正确）或统一社会信用代码（18 位）；可为空",
        "phone": "联系电话（可为空）",
        "address": "住址或住所（可为空）",
        "birth_date": "出生日期 YYYY-MM-DD（可为空）",
        "care_flags": "需关照情形（可为空列表）：disability 残疾、low_income 低保、elderly 高龄",
    }
    lines = [
        "// 案件登记示例：gridapp case add --from 本文件",
        "// 以 // 开头的整行是说明，读取时忽略；只有 violation 必填，其余字段可省略或留空。",
        "// 完整说明见 docs/CLI.md。",
        "{",
    ]
    keys = list(data)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        if key == "lon":
            lines.append(f'  "lon": {json.dumps(data["lon"])}{comma}')
            continue
        lines.append(f"  // {comments[key]}")
        if key == "party":
            lines.append('  "party": {')
            pkeys = list(data["party"])
            for j, pkey in enumerate(pkeys):
                pcomma = "," if j < len(pkeys) - 1 else ""
                lines.append(f"    // {party_comments[pkey]}")
                lines.append(f'    "{pkey}": {json.dumps(data["party"][pkey], ensure_ascii=False)}'
                             f"{pcomma}")
            lines.append(f"  }}{comma}")
        else:
            lines.append(f'  "{key}": {json.dumps(data[key], ensure_ascii=False)}{comma}')
    lines.append("}")
    return data, "\n".join(lines)


def run(ctx: CliContext) -> int:
    data, text = example(ctx)
    print(dumps(data) if ctx.as_json else text)
    return 0
