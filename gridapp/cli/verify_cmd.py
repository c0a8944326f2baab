"""``gridapp verify``: the whole station checked against its audit chain (exit 1 on findings)."""

from __future__ import annotations

from gridapp.cli.context import CliContext
from gridapp.integrity.findings import CHECKS


def run(ctx: CliContext) -> int:
    from gridapp.integrity.station import verify_station

    store = ctx.station(create=False)
    report = verify_station(store)
    payload = {
        "ok": report.ok,
        "checked": report.checked,
        "findings": [{"check": f.check, "subject": f.subject, "message": f.message_zh,
                      "message_en": f.message_en} for f in report.findings],
        "notes": report.notes,
    }
    counted = "，".join(f"{CHECKS[k]} {n} 项" for k, n in report.checked.items())
    lines = [f"已核对：{counted}。"]
    lines += [f"说明：{note}" for note in report.notes]
    if report.ok:
        lines.append("一致：数据库、文件与审计链相符，未发现未经记录的改动。")
    else:
        lines.append(f"发现 {len(report.findings)} 处不一致：")
        lines += [f"  {f.describe()}" for f in report.findings]
    ctx.emit(payload, "\n".join(lines))
    return 0 if report.ok else 1
