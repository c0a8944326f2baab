"""Every ``gridapp`` command: its name, help and arguments — nothing else.

Contract: importing this module imports no service, model or third-party library. Each top-level
command has a builder that adds its arguments (and subcommands) to the parser it is given; a
builder that needs a constant from a heavier module imports it inside itself, so only the command
being run pays for it. Handlers are named, not imported: ``set_defaults(handler="case_cmd:run_show")``
names ``run_show`` in ``gridapp.cli.case_cmd``, imported by ``main`` only when that command runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from gridapp.cli.context import add_actor_option
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.stage import STAGE

Builder = Callable[[argparse.ArgumentParser, argparse.ArgumentParser], None]


class Command(NamedTuple):
    name: str
    help: str
    build: Builder


def _subparsers(parser: argparse.ArgumentParser, dest: str) -> Any:
    return parser.add_subparsers(dest=dest, metavar="ACTION", required=True,
                                 title="操作", description=None)


CASE_REF_HELP = "案件编号（可只写末尾序号，如 000027 或 01-000027）、案件 id 或 id 前 8 位以上"


# --- station: init, device, demo ----------------------------------------------------------


def _init(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    from gridapp.numbering import MAX_SEGMENT, MIN_SEGMENT
    from gridapp.packs.loader import DEFAULT_PACK

    p.add_argument("--station", required=True, help="站点（中队）名称")
    p.add_argument("--pack", default=DEFAULT_PACK, help=f"地方规则包代码（默认 {DEFAULT_PACK}）")
    p.add_argument("--officer", required=True, help="第一位执法人员姓名（中队长）")
    p.add_argument("--badge", required=True, help="执法证号")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取登录密码")
    p.add_argument("--bureau", default="",
                   help="本站以其名义执法的区执法机关（规则包 [[bureaus]] 的六位区划代码，如 310101；"
                        "默认为规则包的 default_bureau）；可用 gridapp station bureaus 查看")
    # Required, but checked in run_init so that a missing one gets a Chinese explanation.
    p.add_argument("--segment", default=None,
                   help=f"（必填）站点号段 {MIN_SEGMENT}–{MAX_SEGMENT}，由市局分配、各站点互不相同，"
                        "显示在案件编号与文号中")
    p.set_defaults(handler="station_cmd:run_init")


def _device(dev: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    ds = _subparsers(dev, "device_command")
    ren = ds.add_parser("reenrol", parents=[common], help="副本取得新的设备身份与站点号段")
    ren.add_argument("--segment", required=True, help="市局分配的新站点号段（1–99）")
    add_actor_option(ren)
    ren.set_defaults(handler="station_cmd:run_reenrol")
    mv = ds.add_parser("confirm-move", parents=[common],
                       help="确认数据目录是搬迁或从备份恢复的（原目录不再使用）")
    add_actor_option(mv)
    mv.set_defaults(handler="station_cmd:run_confirm_move")
    seg = ds.add_parser("set-segment", parents=[common],
                        help="为旧版本升级的站点设置市局分配的站点号段（设备身份不变）")
    seg.add_argument("segment", metavar="N", help="市局分配的站点号段（1–99）")
    add_actor_option(seg)
    seg.set_defaults(handler="station_cmd:run_set_segment")
    enc = ds.add_parser("encrypt", parents=[common],
                        help="把旧版本的明文站点转换为加密存储（须 --officer 与密码；先备份、校验，再删除明文）")
    enc.set_defaults(handler="keys_cmd:run_encrypt")
    rk = ds.add_parser("recovery-key", parents=[common],
                       help="登记指挥中心的恢复公钥（丢失全部密码时由指挥中心恢复）")
    rk.add_argument("public_key", metavar="KEY", help="指挥中心恢复公钥（gridapp-hq recovery-key 显示的 base64）")
    add_actor_option(rk)
    rk.set_defaults(handler="keys_cmd:run_recovery_key")
    rec = ds.add_parser("recover", parents=[common],
                        help="用指挥中心给出的恢复码为一名执法人员设置新密码（标准输入：恢复码、新密码各一行）")
    rec.add_argument("badge", metavar="BADGE", help="要设置新密码的执法人员的执法证号")
    rec.set_defaults(handler="keys_cmd:run_recover")


def _station(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    ss = _subparsers(p, "station_command")
    ls = ss.add_parser("bureaus", parents=[common],
                       help="列出规则包中的区执法机关、复议机关与管辖法院，标出本站所属")
    ls.set_defaults(handler="station_cmd:run_bureaus")
    sb = ss.add_parser("set-bureau", parents=[common],
                       help="变更本站以其名义执法的区执法机关（中队长或管理员；记入审计链）")
    sb.add_argument("bureau", metavar="CODE", help="区执法机关的六位区划代码，如 310106")
    sb.add_argument("--reason", required=True, help="变更理由（如：中队划归静安区管理）")
    add_actor_option(sb)
    sb.set_defaults(handler="station_cmd:run_set_bureau")
    sp = ss.add_parser("set-payment", parents=[common],
                       help="设置本站罚款的代收银行、户名、账号或电子缴款渠道（中队长或管理员；记入审计链）")
    sp.add_argument("--bank", default=None, help="代收银行（空字符串清除本站设置）")
    sp.add_argument("--account-name", default=None, help="收款账户户名")
    sp.add_argument("--account", default=None, help="收款账号（数字）")
    sp.add_argument("--channel", default=None, help="电子缴款渠道（如：某某非税收入电子缴款系统）")
    sp.add_argument("--reason", required=True, help="变更理由")
    add_actor_option(sp)
    sp.set_defaults(handler="station_cmd:run_set_payment")


def _demo(d: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    d.add_argument("--cases", type=int, default=200, help="演示案件数量")
    d.add_argument("--seed", type=int, default=7, help="随机种子")
    d.add_argument("--batch", type=int, default=250, metavar="N",
                   help="每次提交的案件数（1–10000，默认 250）")
    d.set_defaults(handler="station_cmd:run_demo")


# --- officers -------------------------------------------------------------------------------


def _officer(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    from gridapp.models.station import ROLES

    os_ = _subparsers(p, "officer_command")
    add = os_.add_parser("add", parents=[common], help="添加执法人员")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--badge", required=True, help="执法证号（本站点内唯一）")
    add.add_argument("--role", default="officer",
                     help="角色：" + "、".join(ROLES) + "（officer 执法队员，lead 中队长，"
                          "admin 管理员；默认 officer）")
    add.add_argument("--password-stdin", action="store_true",
                     help="从标准输入读取该人员的登录密码（至少 8 位）")
    add_actor_option(add)
    add.set_defaults(handler="officer_cmd:run_add")

    ed = os_.add_parser("edit", parents=[common], help="修改执法人员的姓名或角色（中队长、管理员）")
    ed.add_argument("badge", help="执法证号")
    ed.add_argument("--name", help="新姓名")
    ed.add_argument("--role", help="新角色：" + "、".join(ROLES))
    add_actor_option(ed)
    ed.set_defaults(handler="officer_cmd:run_edit")

    pw = os_.add_parser("passwd", parents=[common],
                        help="更改本人密码：从标准输入依次读原密码、新密码（各一行）")
    pw.add_argument("badge", help="本人执法证号")
    pw.set_defaults(handler="officer_cmd:run_passwd")

    rs = os_.add_parser("reset", parents=[common],
                        help="为他人设置临时密码（中队长、管理员；首次登录须更改）")
    rs.add_argument("badge", help="执法证号")
    add_actor_option(rs)
    rs.set_defaults(handler="officer_cmd:run_reset")

    ls = os_.add_parser("list", parents=[common], help="列出执法人员")
    ls.add_argument("--all", action="store_true", help="包括已停用的人员")
    ls.set_defaults(handler="officer_cmd:run_list")

    ret = os_.add_parser("retire", parents=[common], help="停用执法人员（记录保留，不能再办案）")
    ret.add_argument("badge", help="执法证号")
    add_actor_option(ret)
    ret.set_defaults(handler="officer_cmd:run_retire")


# --- cases and parties ----------------------------------------------------------------------


def _iso_date(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from exc


def _case(case: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    cs = _subparsers(case, "case_command")

    add = cs.add_parser("add", parents=[common], help="从 JSON 文件登记案件")
    src = add.add_mutually_exclusive_group(required=True)
    src.add_argument("--from", dest="source_file", metavar="FILE.json",
                     help="案件 JSON 文件（- 为标准输入；以 // 开头的行是说明；格式见 docs/CLI.md）")
    src.add_argument("--example", action="store_true",
                     help="输出一份完整、有效、带说明的案件 JSON 示例（有站点时用本站的执法人员与网格）")
    add_actor_option(add)
    add.set_defaults(handler="case_cmd:run_add")

    for name, helptext in (("list", "按条件列出案件"), ("search", "全文检索案件")):
        p = cs.add_parser(name, parents=[common], help=helptext)
        if name == "search":
            p.add_argument("text", help="检索词（案件编号、当事人、地址、案情）")
        p.add_argument("--status", choices=CASE_STATUS.codes, help="案件状态")
        p.add_argument("--grid", help="网格编码")
        p.add_argument("--stage", choices=STAGE.codes, help="阶段（黄、橙、红）")
        p.add_argument("--officer", help="执法证号")
        p.add_argument("--source", choices=CASE_SOURCE.codes,
                       help="案件来源")
        p.add_argument("--from-date", type=_iso_date, dest="date_from", metavar="YYYY-MM-DD",
                       help="立案日期起（站点时间）")
        p.add_argument("--to-date", type=_iso_date, dest="date_to", metavar="YYYY-MM-DD",
                       help="立案日期止（站点时间，含当日）")
        p.add_argument("--overdue", action="store_true", help="只列逾期案件")
        p.add_argument("--page", type=int, default=1, help="页码（默认 1）")
        p.add_argument("--limit", type=int, default=100, help="每页件数（1–1000，默认 100）")
        p.set_defaults(handler="case_cmd:run_list")

    show = cs.add_parser("show", parents=[common], help="查看案件详情")
    show.add_argument("case", help=CASE_REF_HELP)
    show.set_defaults(handler="case_cmd:run_show")

    tr = cs.add_parser("transition", parents=[common], help="变更案件状态")
    tr.add_argument("case", help=CASE_REF_HELP)
    tr.add_argument("status", help="目标状态：" + CASE_STATUS.choices_zh())
    tr.add_argument("--disposition", choices=DISPOSITION.codes,
                    help="处置方式")
    tr.add_argument("--outcome", default="", help="处理结果")
    add_actor_option(tr)
    tr.set_defaults(handler="case_cmd:run_transition")

    asg = cs.add_parser("assign", parents=[common], help="指派执法人员")
    asg.add_argument("case", help=CASE_REF_HELP)
    asg.add_argument("badge", help="执法证号")
    add_actor_option(asg)
    asg.set_defaults(handler="case_cmd:run_assign")

    paid = cs.add_parser("paid", parents=[common],
                         help="记录罚款缴纳（金额、日期、方式、票据号），结案前须缴清罚款和加处罚款")
    paid.add_argument("case", help=CASE_REF_HELP)
    paid.add_argument("--amount", required=True, help="缴纳金额（元，最多两位小数，如 300 或 300.50）")
    paid.add_argument("--date", required=True,
                      help="缴纳日期 YYYY-MM-DD（不早于决定作出之日，不晚于今天）")
    paid.add_argument("--way", required=True,
                      help="缴纳方式：bank 到指定银行缴纳 / on_site 当场收缴 / electronic 电子支付系统缴纳")
    paid.add_argument("--receipt", required=True,
                      help="缴款凭证号码；当场收缴的为财政部门统一制发的专用票据号码（行政处罚法第七十条）")
    paid.add_argument("--note", default="", help="备注")
    add_actor_option(paid)
    paid.set_defaults(handler="execution_cmd:run_paid")

    done = cs.add_parser("executed", parents=[common],
                         help="记录其他方式的执行：人民法院强制执行、代履行完毕、批准延期（分期）缴纳、"
                              "终结执行、人民法院裁定不予执行、退还罚款")
    done.add_argument("case", help=CASE_REF_HELP)
    done.add_argument("--by", required=True,
                      help="court 人民法院强制执行 / substitute 代履行完毕 / instalment 批准延期（分期）缴纳"
                           " / terminated 终结执行（须 --note 写明理由） / not_enforced 人民法院裁定不予执行"
                           " / refund 退还罚款（须 --amount）")
    done.add_argument("--date", required=True,
                      help="执行、裁定、代履行完毕、批准、终结或退还日期 YYYY-MM-DD（不晚于今天）")
    done.add_argument("--reference", required=True,
                      help="人民法院裁定书文号、本案代履行决定书文号、延期（分期）缴纳批准文号、"
                           "终结执行决定文号或退还罚款凭证号")
    done.add_argument("--schedule", default="",
                      help="延期（分期）缴纳：批准的 日期:金额，多期以逗号分隔，合计等于罚款"
                           "（如 2026-12-15:150,2027-01-15:150）")
    done.add_argument("--amount", default="",
                      help="人民法院强制执行到位的金额（元；不填的只记为裁定准予执行）或退还的金额")
    done.add_argument("--note", default="", help="备注；终结执行的理由（行政强制法第四十条）")
    add_actor_option(done)
    done.set_defaults(handler="execution_cmd:run_executed")

    rv = cs.add_parser("review", parents=[common],
                       help="记录当事人对罚款决定申请行政复议或提起行政诉讼及其终结；期间不计加处罚款"
                            "（行政处罚法第七十三条第三款），未终结的不得申请强制执行")
    rv.add_argument("case", help=CASE_REF_HELP)
    rv.add_argument("--kind", required=True,
                    help="reconsideration 申请行政复议 / suit 提起行政诉讼")
    rv.add_argument("--filed", required=True,
                    help="申请复议（起诉）之日 YYYY-MM-DD（不早于决定书送达之日，不晚于今天）")
    rv.add_argument("--body", required=True, help="行政复议机关或受理的人民法院")
    rv.add_argument("--ended", default="",
                    help="复议决定、判决或裁定生效之日（或撤回之日）YYYY-MM-DD；未终结的不填，"
                         "终结后以同一 --kind、--filed 再记录一次")
    rv.add_argument("--outcome", default="",
                    help="结果（与 --ended 同填）：upheld 维持（驳回诉讼请求） / dismissed 驳回申请（起诉）"
                         " / withdrawn 撤回（撤诉） / changed 变更 / revoked 撤销")
    rv.add_argument("--reference", default="", help="复议决定书、判决书或裁定书文号（与 --ended 同填）")
    rv.add_argument("--note", default="", help="备注")
    add_actor_option(rv)
    rv.set_defaults(handler="execution_cmd:run_review")

    ex = cs.add_parser("execution", parents=[common], help="查看罚款决定的执行情况（应缴、已缴、尚欠）")
    ex.add_argument("case", help=CASE_REF_HELP)
    ex.set_defaults(handler="execution_cmd:run_show")


def _party(party: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    ps = _subparsers(party, "party_command")
    hist = ps.add_parser("history", parents=[common], help="当事人以往案件（重复违法查询）")
    hist.add_argument("ref", nargs="?", default="",
                      help="案件编号、当事人姓名或名称、证件号码或当事人 id（也可用下面的选项）")
    hist.add_argument("--name", default="", help="当事人姓名或名称（完全相同优先，否则包含此词）")
    hist.add_argument("--id-number", default="", help="证件号码（身份证号或统一社会信用代码）")
    hist.add_argument("--phone", default="", help="联系电话")
    hist.set_defaults(handler="case_cmd:run_history")


# --- sync -----------------------------------------------------------------------------------


def _sync(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    ps = _subparsers(p, "sync_command")
    en = ps.add_parser("enroll", parents=[common], help="用指挥中心发放的一次性注册码注册本设备")
    en.add_argument("url", metavar="URL", help="指挥中心地址，如 https://hq.example.gov.cn")
    en.add_argument("code", metavar="CODE", help="一次性注册码")
    en.add_argument("--ca-bundle", default=None, metavar="FILE",
                    help="政务内网自建 CA 的证书文件（PEM）")
    en.set_defaults(handler="sync_cmd:run_enroll")
    ps.add_parser("run", parents=[common], help="立即同步：上传变更与文件，接收指挥中心的数据"
                  ).set_defaults(handler="sync_cmd:run_sync")
    ps.add_parser("status", parents=[common], help="待同步数量、最近一次成功同步、指挥中心地址"
                  ).set_defaults(handler="sync_cmd:run_status")
    ps.add_parser("conflicts", parents=[common], help="列出同步冲突"
                  ).set_defaults(handler="sync_cmd:run_conflicts")
    rs = ps.add_parser("resolve", parents=[common], help="处理一条同步冲突")
    rs.add_argument("conflict", type=int, metavar="ID", help="冲突编号")
    rs.add_argument("--keep", required=True, choices=("hq", "incoming"),
                    help="保留哪个值：hq（指挥中心现值）或 incoming（后到的修改）")
    add_actor_option(rs)
    rs.set_defaults(handler="sync_cmd:run_resolve")


# --- audit, packs, rules --------------------------------------------------------------------


def _audit(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    ps = _subparsers(p, "audit_command")
    v = ps.add_parser("verify", parents=[common], help="校验审计链是否完整、未被篡改")
    v.set_defaults(handler="audit_cmd:run_verify")
    s = ps.add_parser("show", parents=[common], help="查看案件的全过程记录")
    s.add_argument("case", help=CASE_REF_HELP)
    s.set_defaults(handler="audit_cmd:run_show")


def _pack(pack: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    ps = _subparsers(pack, "pack_command")
    ps.add_parser("list", parents=[common], help="列出随附的规则包").set_defaults(
        handler="pack_cmd:run_list")
    show = ps.add_parser("show", parents=[common], help="查看规则包内容")
    show.add_argument("code", help="规则包编码，如 shanghai")
    show.set_defaults(handler="pack_cmd:run_show")
    val = ps.add_parser("validate", parents=[common], help="校验规则包文件")
    val.add_argument("file", help="规则包 TOML 文件")
    val.set_defaults(handler="pack_cmd:run_validate")


def _rules(rules: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    from gridapp.packs.loader import DEFAULT_PACK

    rs = _subparsers(rules, "rules_command")
    ev = rs.add_parser("evaluate", parents=[common], help="评估一个案件情形，输出 JSON")
    ev.add_argument("--pack", default=None, help=f"规则包编码（默认 {DEFAULT_PACK}，或站点规则包）")
    ev.add_argument("--input", required=True, metavar="FILE.json",
                    help="评估输入（- 为标准输入；格式见 docs/CLI.md）")
    ev.add_argument("--case", default=None, help="案件：结合案件数据评估并保存到案件（" + CASE_REF_HELP + "）")
    ev.add_argument(
        "--officer", default=None, help="执法证号（与 --case 一起使用，默认站点首位执法人员）"
    )
    ev.add_argument("--checklist", action="store_true", help="同时输出免罚核查单")
    ev.set_defaults(handler="rules_cmd:run_evaluate")


# --- evidence -------------------------------------------------------------------------------


def _evidence(ev: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    from gridapp.evidence.intake import DEFAULT_MAX_BYTES
    from gridapp.models.evidence import EVIDENCE_KINDS

    es = _subparsers(ev, "evidence_command")

    add = es.add_parser("add", parents=[common], help="向案件导入证据文件（照片、视频、录音）")
    add.add_argument("case", help=CASE_REF_HELP)
    add.add_argument("files", nargs="+", metavar="FILE", help="证据文件")
    add.add_argument("--kind", help="证据种类：" + "、".join(EVIDENCE_KINDS) + "（默认 视听资料）")
    add.add_argument("--caption", default="", help="说明文字")
    add.add_argument("--reason", metavar="TEXT",
                     help="有提示时（重复导入、拍摄时间或地点与案件不符、无拍摄时间）仍要导入的理由，"
                          "记入审计日志和照片证据；有提示而未给出时不导入")
    add.add_argument("--max-size-mb", type=int, default=DEFAULT_MAX_BYTES >> 20,
                     help="单个文件大小上限（MB，默认 500）")
    add_actor_option(add)
    add.set_defaults(handler="evidence_cmd:run_add")

    ls = es.add_parser("list", parents=[common], help="列出案件的证据")
    ls.add_argument("case", help=CASE_REF_HELP)
    ls.set_defaults(handler="evidence_cmd:run_list")

    show = es.add_parser("show", parents=[common], help="查看一件证据")
    show.add_argument("item", help="证据 id、id 前缀或 案件编号#序号")
    show.set_defaults(handler="evidence_cmd:run_show")

    cap = es.add_parser("caption", parents=[common], help="修改证据说明")
    cap.add_argument("item", help="证据 id、id 前缀或 案件编号#序号")
    cap.add_argument("text", help="新的说明文字")
    add_actor_option(cap)
    cap.set_defaults(handler="evidence_cmd:run_caption")

    wd = es.add_parser("withdraw", parents=[common], help="撤回证据（保留记录与文件）")
    wd.add_argument("item", help="证据 id、id 前缀或 案件编号#序号")
    wd.add_argument("--reason", required=True, help="撤回理由")
    add_actor_option(wd)
    wd.set_defaults(handler="evidence_cmd:run_withdraw")

    ver = es.add_parser("verify", parents=[common], help="重新计算哈希，校验证据文件完整性")
    ver.add_argument("case", nargs="?", help="只校验该案件（默认全部）")
    ver.set_defaults(handler="evidence_cmd:run_verify")

    exp = es.add_parser("export", parents=[common], help="导出案件证据原件及清单")
    exp.add_argument("case", help=CASE_REF_HELP)
    exp.add_argument("dir", type=Path, help="导出目录")
    exp.add_argument("--include-withdrawn", action="store_true", help="包括已撤回的证据")
    add_actor_option(exp)
    exp.set_defaults(handler="evidence_cmd:run_export")

    gc = es.add_parser("gc", parents=[common], help="清理未被引用的存储文件")
    gc.add_argument("--dry-run", action="store_true", help="只列出，不删除")
    gc.add_argument("--grace-hours", type=float, default=1.0,
                    help="不清理此时长内写入的文件（默认 1 小时）")
    gc.set_defaults(handler="evidence_cmd:run_gc")


# --- documents ------------------------------------------------------------------------------


def _case_template(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", help=CASE_REF_HELP)
    p.add_argument("template", help="模板 id，如 penalty_decision（见 gridapp template list）")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                   help="手工填写字段（可重复）；问答、物品清单、证据及证明对象用 JSON 列表")


def _doc(doc: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    ds = _subparsers(doc, "doc_command")

    fill = ds.add_parser("fill", parents=[common], help="查看文书的填写情况（缺项、来源、程序关口）")
    _case_template(fill)
    fill.set_defaults(handler="doc_cmd:run_fill")

    issue = ds.add_parser("issue", parents=[common], help="签发文书（编号、生成 PDF、存档）")
    _case_template(issue)
    issue.add_argument("--replaces", metavar="DOC", help="替换的已作废文书（文号或 id）")
    issue.add_argument("--out", type=Path, help="同时把存档联 PDF 写到此文件")
    issue.add_argument("--force", action="store_true", help="输出文件已存在时替换它")
    add_actor_option(issue)
    issue.set_defaults(handler="doc_cmd:run_issue")

    void = ds.add_parser("void", parents=[common], help="作废文书（文号保留）")
    void.add_argument("document", help="文号或 id")
    void.add_argument("--reason", required=True, help="作废理由")
    add_actor_option(void)
    void.set_defaults(handler="doc_cmd:run_void")

    serve = ds.add_parser("serve", parents=[common], help="记录文书送达")
    serve.add_argument("document", help="文号或 id")
    serve.add_argument("--method", required=True,
                       help="direct 直接 / left 留置 / post 邮寄 / electronic 电子 / notice 公告")
    serve.add_argument("--recipient", default="", help="受送达人（默认当事人）")
    serve.add_argument("--date", default="",
                       help="送达日期 YYYY-MM-DD（默认今天；邮寄送达为回执上的签收日期，必填）")
    serve.add_argument("--place", default="", help="送达地点（留置送达必填：文书留置的地点）")
    serve.add_argument("--refusal-reason", default="", help="拒收事由（留置送达）")
    serve.add_argument("--witness", action="append", default=None,
                       help="见证人：姓名（所在单位），如 王芳（南京东路街道居委会），留置送达时每名见证人写一次")
    serve.add_argument("--evidence", default="", help="记录送达过程的证据（id 或 案件编号#序号）")
    serve.add_argument("--consent", action="store_true",
                       help="受送达人已同意电子送达（须本案已有电子送达确认书）")
    serve.add_argument("--agent", default="", help="代收人姓名（直接送达由他人代收时）")
    serve.add_argument("--agent-relation", default="", help="代收人与受送达人的关系")
    serve.add_argument("--tracking-number", default="", help="邮件号（邮寄送达）")
    serve.add_argument("--mailed-on", default="", help="交寄日期 YYYY-MM-DD（邮寄送达；送达日期为回执签收日期）")
    serve.add_argument("--signer-role", default="",
                       help="单位当事人由谁签收：legal_rep 法定代表人 / head 主要负责人 / "
                            "mail_room 负责收件的人（收发部门）（直接送达）")
    add_actor_option(serve)
    serve.set_defaults(handler="doc_cmd:run_serve")

    render = ds.add_parser("render", parents=[common], help="输出文书 PDF（存档联、当事人联或送达回证）")
    render.add_argument("document", help="文号或 id")
    render.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    render.add_argument("--force", action="store_true", help="输出文件已存在时替换它")
    render.add_argument("--copy", choices=("file", "party", "public", "bank"), default="file",
                        help="file 存档联 / party 当事人联（两者内容相同，证件号码完整）/ "
                             "public 公开联（对外公开或交他人时用，证件号码遮蔽）")
    render.add_argument("--receipt", action="store_true", help="输出送达回证")
    render.set_defaults(handler="doc_cmd:run_render")

    verify = ds.add_parser("verify", parents=[common], help="核验 PDF 文书与签发记录是否一致")
    verify.add_argument("file", type=Path, help="PDF 文件")
    verify.set_defaults(handler="doc_cmd:run_verify")

    ls = ds.add_parser("list", parents=[common], help="列出案件的文书")
    ls.add_argument("case", help=CASE_REF_HELP)
    ls.set_defaults(handler="doc_cmd:run_list")


def _template(tpl: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    ts = _subparsers(tpl, "template_command")
    val = ts.add_parser("validate", parents=[common], help="校验模板文件（默认全部内置模板）")
    val.add_argument("files", nargs="*", type=Path, metavar="FILE", help="模板 TOML 文件")
    val.set_defaults(handler="doc_cmd:run_template_validate")
    tl = ts.add_parser("list", parents=[common], help="列出模板")
    tl.set_defaults(handler="doc_cmd:run_template_list")


def _casefile(cf: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    cf.add_argument("case", help=CASE_REF_HELP)
    cf.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    cf.add_argument("--force", action="store_true", help="输出文件已存在时替换它")
    cf.add_argument("--progress", action="store_true",
                    help="在标准错误输出逐行报告进度：progress 已完成 总数")
    cf.set_defaults(handler="doc_cmd:run_casefile")


# --- statistics, the monthly report, the case register ---------------------------------


def _period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD",
                   help="起始日期（含当日）")
    p.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD",
                   help="截止日期（含当日）")
    p.add_argument("--grid", default="", help="只统计该网格（网格编码）")
    p.add_argument("--officer", default="", metavar="BADGE", help="只统计该执法人员参与的案件（执法证号）")


def _stats(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    _period_options(p)
    p.set_defaults(handler="stats_cmd:run_stats")


def _report(rep: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    rs = _subparsers(rep, "report_command")
    monthly = rs.add_parser("monthly", parents=[common], help="生成月度工作报告 PDF（指标表与统计图）")
    monthly.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-11")
    monthly.add_argument("--grid", default="", help="只统计该网格（网格编码）")
    monthly.add_argument("--out", type=Path, required=True, help="输出 PDF 文件")
    monthly.add_argument("--force", action="store_true", help="输出文件已存在时替换它")
    monthly.set_defaults(handler="stats_cmd:run_report_monthly")


def _export(exp: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    es = _subparsers(exp, "export_command")
    reg = es.add_parser("register", parents=[common],
                        help="导出案件台账 Excel（.xlsx；身份证号、电话脱敏）")
    _period_options(reg)
    reg.add_argument("--out", type=Path, required=True, help="输出 .xlsx 文件")
    reg.add_argument("--force", action="store_true", help="输出文件已存在时替换它")
    add_actor_option(reg)
    reg.set_defaults(handler="stats_cmd:run_export_register")
# --- approvals and follow-ups ---------------------------------------------------------------

STEP_HELP = ("审批环节：filing 立案审批 / penalty 处罚审批 / closing 结案审批 / seizure 扣押审批 / "
             "seizure_extend 延长扣押审批 / preservation 先行登记保存审批")
APPROVAL_REF_HELP = "审批编号（list 中的编号，前 6 位以上）或案件编号（该案待审批的请求）"


def _approval_ref(p: argparse.ArgumentParser) -> None:
    p.add_argument("approval", help=APPROVAL_REF_HELP)
    p.add_argument("--step", default=None, help="案件有多个待审批请求时指明环节：" + STEP_HELP)
    add_actor_option(p)


def _approval(ap: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    aps = _subparsers(ap, "approval_command")
    ls = aps.add_parser("list", parents=[common], help="待审批队列（或一个案件的全部审批）")
    ls.add_argument("--case", default=None, help="只看此案件的审批（含已批准、已退回）；" + CASE_REF_HELP)
    ls.set_defaults(handler="approval_cmd:run_list")

    sub = aps.add_parser("submit", parents=[common], help="承办人提交审批")
    sub.add_argument("case", help=CASE_REF_HELP)
    sub.add_argument("--step", required=True, help=STEP_HELP)
    sub.add_argument("--note", default="", help="承办人意见")
    sub.add_argument("--fine", default=None, metavar="元",
                     help="处罚审批的拟罚款金额（整数元；默认取规则评估中的金额）")
    sub.add_argument("--major", default="", metavar="理由",
                     help="重大复杂案件的理由（须法制审核与集体讨论，行政处罚法第五十七条、第五十八条）")
    add_actor_option(sub)
    sub.set_defaults(handler="approval_cmd:run_submit")

    ok = aps.add_parser("approve", parents=[common], help="负责人批准")
    _approval_ref(ok)
    ok.add_argument("--opinion", default="", help="审批意见（默认“同意。”）")
    ok.set_defaults(handler="approval_cmd:run_approve")

    back = aps.add_parser("return", parents=[common], help="负责人退回（须写明意见）")
    _approval_ref(back)
    back.add_argument("--comment", required=True, help="退回意见（承办人在案件中看到）")
    back.set_defaults(handler="approval_cmd:run_return")

    review = aps.add_parser("legal-review", parents=[common], help="记录法制审核意见（处罚审批）")
    _approval_ref(review)
    review.add_argument("--opinion", required=True, help="法制审核意见")
    review.set_defaults(handler="approval_cmd:run_legal_review")

    talk = aps.add_parser("discuss", parents=[common], help="记录负责人集体讨论（处罚审批）")
    _approval_ref(talk)
    talk.add_argument("--record", required=True, help="集体讨论记录：参加人员、讨论意见、结论")
    talk.set_defaults(handler="approval_cmd:run_discuss")


def _followup(fu: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    fs = _subparsers(fu, "followup_command")
    ls = fs.add_parser("list", parents=[common], help="到期未完成的跟踪（复查、回访、12345反馈）")
    ls.add_argument("--case", default=None, help="只看此案件的全部跟踪；" + CASE_REF_HELP)
    ls.add_argument("--overdue", action="store_true", help="只列已逾期的")
    ls.set_defaults(handler="followup_cmd:run_list")

    rec = fs.add_parser("record", parents=[common], help="记录复查、回访或12345来电人反馈")
    rec.add_argument("case", help=CASE_REF_HELP)
    rec.add_argument("--kind", required=True,
                     help="recheck 复查 / return_visit 回访 / caller_feedback 12345来电人反馈")
    rec.add_argument("--finding", default="",
                     help="复查：corrected 已改正 / not_corrected 未改正；"
                          "反馈：confirmed 来电人确认 / disputed 来电人有异议")
    rec.add_argument("--satisfaction", default="",
                     help="回访、反馈：satisfied 满意 / basically_satisfied 基本满意 / dissatisfied 不满意")
    rec.add_argument("--result", default="", help="情况说明")
    add_actor_option(rec)
    rec.set_defaults(handler="followup_cmd:run_record")


def _verify(v: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    v.set_defaults(handler="verify_cmd:run")


COMMANDS: tuple[Command, ...] = (
    Command("init", "初始化站点与第一位执法人员", _init),
    Command("device", "本设备：身份（数据目录复制、搬迁后）、加密与恢复", _device),
    Command("station", "站点配置：所属区执法机关（执法主体）", _station),
    Command("demo", "生成演示数据（空目录先建演示站点；不能写入正式站点）", _demo),
    Command("officer", "执法人员：添加、列出、停用", _officer),
    Command("case", "案件登记、查询与流转", _case),
    Command("party", "当事人", _party),
    Command("audit", "执法全过程记录（审计链）", _audit),
    Command("pack", "地方规则包：列出、查看、校验", _pack),
    Command("rules", "执法规则引擎：免罚核查、关口与期限", _rules),
    Command("evidence", "证据采集、校验与导出", _evidence),
    Command("doc", "执法文书：填写、签发、作废、送达、打印、核验", _doc),
    Command("template", "文书模板", _template),
    Command("casefile", "生成案卷 PDF（封面、卷内目录、文书、证据、备考表）", _casefile),
    Command("stats", "统计：721 处置结构、柔性执法、免罚、阶段、重复违法、整改、回访、12345 响应", _stats),
    Command("report", "工作报告：月报 PDF", _report),
    Command("export", "导出：案件台账 Excel", _export),
    Command("approval", "审批：提交、待审批队列、法制审核、集体讨论、批准、退回", _approval),
    Command("followup", "跟踪：复查、回访、12345来电人反馈", _followup),
    Command("sync", "与指挥中心同步：注册、同步、状态、冲突", _sync),
    Command("verify", "全站核验：记录、编号、文件与审计链逐一比对，报告未经记录的改动", _verify),
)
