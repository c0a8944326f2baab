"""``gridapp pack list|show CODE|validate FILE`` — works without a station."""

from __future__ import annotations

from gridapp.cli.context import CliContext
from gridapp.packs import PARTY_KINDS, list_packs, load_pack, validate_file
from gridapp.packs.export import pack_to_dict
from gridapp.packs.model import JurisdictionPack
from gridapp.vocab.party_kind import PARTY_KIND


def run_list(ctx: CliContext) -> int:
    infos = list_packs()
    rows = [
        {
            "code": i.code,
            "name": i.name,
            "version": i.version,
            "effective_date": i.effective_date.isoformat(),
            "authority": i.authority,
            "default": i.default,
        }
        for i in infos
    ]
    lines = [
        f"{i.code:<10} {i.version:<8} {i.effective_date} {i.name}{'（默认）' if i.default else ''}"
        for i in infos
    ]
    ctx.emit(rows, "\n".join(lines))
    return 0


def _summary(pack: JurisdictionPack) -> str:
    h = pack.hearing_thresholds
    lines = [
        f"{pack.name}（{pack.code}）版本 {pack.version}，自 {pack.effective_date} 起施行",
        f"主管部门：{pack.authority}；区执法机关 {len(pack.bureaus)} 个（站点以其中之一的名义执法，"
        f"默认 {pack.default_bureau}；gridapp station bureaus 查看复议机关与管辖法院）",
        f"听证标准：公民 {h.zh('person')}，法人或其他组织 {h.zh('organisation')}",
        f"陈述申辩期：{pack.statement_period_days} 日；公告送达：{pack.service_by_notice_days} 日；"
        f"回溯期：{pack.lookback_days} 日",
        f"案件编号：{pack.case_number_format}",
        "文书编号：" + "；".join(f"{k} {v}" for k, v in pack.document_number_formats.items()),
        f"违法行为目录（{len(pack.violations)} 项）：",
    ]
    for v in pack.violations.values():
        fines = "，".join(
            f"{PARTY_KIND.zh(k)} {v.fines[k].zh()}" for k in PARTY_KINDS if k in v.fines
        )
        flag = "〔拒不改正后方可罚款〕" if v.refusal_required else ""
        lines.append(
            f"  {v.code:<32} {v.name}｜{v.event_class}｜{v.penalty_article}｜{fines}{flag}"
        )
    lines.append(f"免罚清单（{len(pack.exemptions)} 项）：")
    for e in pack.exemptions:
        limits = "，".join(f"{k} ≤ {val:g}" for k, val in e.limits.items()) or "无数量限制"
        lines.append(f"  {e.id} {e.violation}：{'、'.join(e.branches)}；{limits}")
    return "\n".join(lines)


def run_show(ctx: CliContext) -> int:
    pack = load_pack(ctx.args.code)
    ctx.emit(pack_to_dict(pack), lambda: _summary(pack))
    return 0


def run_validate(ctx: CliContext) -> int:
    pack = validate_file(ctx.args.file)
    ctx.emit(
        {"valid": True, "code": pack.code, "version": pack.version,
         "violations": len(pack.violations), "exemptions": len(pack.exemptions)},
        f"规则包有效：{pack.name}（{pack.code}）版本 {pack.version}，"
        f"{len(pack.violations)} 类违法行为，{len(pack.exemptions)} 项免罚事项",
    )  # fmt: skip
    return 0
