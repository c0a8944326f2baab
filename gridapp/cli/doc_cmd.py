"""``gridapp doc …``, ``gridapp template …`` and ``gridapp casefile``: enforcement documents."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gridapp.cli.context import CliContext, actor_badge, add_actor_option


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    doc = sub.add_parser("doc", parents=[common], help="执法文书：填写、签发、作废、送达、打印、核验")
    ds = doc.add_subparsers(dest="doc_command", metavar="ACTION", required=True)

    fill = ds.add_parser("fill", parents=[common], help="查看文书的填写情况（缺项、来源、程序关口）")
    _case_template(fill)
    fill.set_defaults(handler=run_fill)

    issue = ds.add_parser("issue", parents=[common], help="签发文书（编号、生成 PDF、存档）")
    _case_template(issue)
    issue.add_argument("--replaces", metavar="DOC", help="替换的已作废文书（文号或 id）")
    issue.add_argument("--out", type=Path, help="同时把存档联 PDF 写到此文件")
    add_actor_option(issue)
    issue.set_defaults(handler=run_issue)

    void = ds.add_parser("void", parents=[common], help="作废文书（文号保留）")
    void.add_argument("document", help="文号或 id")
    void.add_argument("--reason", required=True, help="作废理由")
    add_actor_option(void)
    void.set_defaults(handler=run_void)

    serve = ds.add_parser("serve", parents=[common], help="记录文书送达")
    serve.add_argument("document", help="文号或 id")
    serve.add_argument("--method", required=True,
                       help="direct 直接 / left 留置 / post 邮寄 / electronic 电子 / notice 公告")
    serve.add_argument("--recipient", default="", help="受送达人（默认当事人）")
    serve.add_argument("--date", default="", help="送达日期 YYYY-MM-DD（默认今天）")
    serve.add_argument("--place", default="")
    serve.add_argument("--refusal-reason", default="", help="拒收事由（留置送达）")
    serve.add_argument("--witness", default="", help="见证人")
    serve.add_argument("--evidence", default="", help="记录送达过程的证据（id 或 案件编号#序号）")
    serve.add_argument("--consent", action="store_true", help="受送达人已同意电子送达")
    add_actor_option(serve)
    serve.set_defaults(handler=run_serve)

    render = ds.add_parser("render", parents=[common], help="输出文书 PDF（存档联、当事人联或送达回证）")
    render.add_argument("document", help="文号或 id")
    render.add_argument("--out", type=Path, required=True)
    render.add_argument("--copy", choices=("file", "party"), default="file",
                        help="file 存档联（证件号码遮蔽）/ party 当事人联（证件号码完整）")
    render.add_argument("--receipt", action="store_true", help="输出送达回证")
    render.set_defaults(handler=run_render)

    verify = ds.add_parser("verify", parents=[common], help="核验 PDF 文书与签发记录是否一致")
    verify.add_argument("file", type=Path)
    verify.set_defaults(handler=run_verify)

    ls = ds.add_parser("list", parents=[common], help="列出案件的文书")
    ls.add_argument("case")
    ls.set_defaults(handler=run_list)

    tpl = sub.add_parser("template", parents=[common], help="文书模板")
    ts = tpl.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    val = ts.add_parser("validate", parents=[common], help="校验模板文件（默认全部内置模板）")
    val.add_argument("files", nargs="*", type=Path, metavar="FILE")
    val.set_defaults(handler=run_template_validate)
    tl = ts.add_parser("list", parents=[common], help="列出模板")
    tl.set_defaults(handler=run_template_list)

    cf = sub.add_parser("casefile", parents=[common], help="生成案卷 PDF（封面、卷内目录、文书、证据、备考表）")
    cf.add_argument("case", help="案件编号或 id")
    cf.add_argument("--out", type=Path, required=True)
    cf.set_defaults(handler=run_casefile)


def _case_template(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", help="案件编号或 id")
    p.add_argument("template", help="模板 id，如 penalty_decision")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                   help="手工填写字段（可重复）；问答、物品清单用 JSON 列表")


def run_fill(ctx: CliContext) -> int:
    from gridapp.documents.service import fill_for_case

    store = ctx.station()
    with store.read() as s:
        _, _, result = fill_for_case(store, s, ctx.args.case, ctx.args.template, ctx.args.field)
    data = result.as_dict()

    def human() -> str:
        lines = [f"{result.title}：{'可以签发' if result.can_issue else '暂不能签发'}"]
        for f in result.fields:
            mark = "✗ 缺" if f.missing else ("* " if f.required else "  ")
            value = f"{len(f.value)} 项" if isinstance(f.value, list) else str(f.value)
            lines.append(f"{mark} {f.label}（{f.name}）：{value[:40]}　[{f.provenance}]")
        for g in result.gates:
            lines.append(f"{'阻断' if g.blocking else '提示'} {g.gate}：{g.reason}")
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


def run_issue(ctx: CliContext) -> int:
    from gridapp.documents.service import find_document, issue_document, stored_pdf, write_pdf

    store = ctx.station()
    actor = actor_badge(ctx, store)
    with store.session() as s:
        issued = issue_document(store, s, ctx.args.case, ctx.args.template, ctx.args.field, actor,
                                replaces=ctx.args.replaces)
    if ctx.args.out:
        with store.read() as s:
            write_pdf(stored_pdf(store, find_document(s, issued.id)), ctx.args.out)
    ctx.emit(issued.__dict__, f"已签发 {issued.title} {issued.number}（{issued.pages} 页，"
             f"SHA-256 {issued.pdf_sha256[:16]}…）")
    return 0


def run_void(ctx: CliContext) -> int:
    from gridapp.documents.service import void_document

    store = ctx.station()
    actor = actor_badge(ctx, store)
    with store.session() as s:
        doc = void_document(store, s, ctx.args.document, ctx.args.reason, actor)
        out = {"number": doc.number, "voided": True, "reason": doc.void_reason}
    ctx.emit(out, f"已作废 {out['number']}：{out['reason']}（文号保留，不再使用）")
    return 0


def run_serve(ctx: CliContext) -> int:
    from gridapp.documents.serving import ServiceInput, serve_document, service_summary
    from gridapp.evidence.service import find_item

    store = ctx.station()
    actor = actor_badge(ctx, store)
    a = ctx.args
    with store.session() as s:
        evidence = find_item(s, a.evidence).id if a.evidence else ""
        row = serve_document(store, s, a.document, ServiceInput(
            method=a.method, served_on=a.date, recipient=a.recipient, place=a.place,
            refusal_reason=a.refusal_reason, witness=a.witness, evidence=evidence,
            consent=a.consent), actor)
        out = service_summary(row)
    ctx.emit(out, f"已记录送达：{out['method_label']}，受送达人 {out['recipient']}，"
             f"送达日期 {out['deemed_served_on']}")
    return 0


def run_render(ctx: CliContext) -> int:
    from gridapp.documents.service import find_document, render_copy, write_pdf
    from gridapp.documents.serving import render_receipt, services_of

    store = ctx.station()
    with store.read() as s:
        doc = find_document(s, ctx.args.document)
        if ctx.args.receipt:
            services = services_of(s, doc.id)
            data = render_receipt(store, s, doc, services[-1] if services else None).pdf
        else:
            data = render_copy(store, s, doc, ctx.args.copy)
        number = doc.number
    write_pdf(data, ctx.args.out)
    ctx.emit({"number": number, "out": str(ctx.args.out), "bytes": len(data)},
             f"已输出 {number} → {ctx.args.out}")
    return 0


def run_verify(ctx: CliContext) -> int:
    from gridapp.documents.verify import verify_pdf

    store = ctx.station()
    with store.read() as s:
        result = verify_pdf(s, ctx.args.file)
    ctx.emit(result.__dict__ | {"ok": result.ok}, result.message_zh)
    return 0 if result.ok else 1


def run_list(ctx: CliContext) -> int:
    from dataclasses import asdict

    from gridapp.documents.service import documents_of_case

    store = ctx.station()
    with store.read() as s:
        rows = [asdict(d) for d in documents_of_case(s, ctx.args.case)]
    ctx.emit(rows, lambda: "\n".join(
        f"{r['number']}　{r['title']}{'　[已作废：' + str(r['void_reason']) + ']' if r['voided'] else ''}"
        for r in rows) or "（本案尚无文书）")
    return 0


def run_template_validate(ctx: CliContext) -> int:
    from gridapp.documents.templates import load_template_file, templates_dir

    files = ctx.args.files or sorted(templates_dir().glob("*.toml"))
    checked = [load_template_file(Path(f)).id for f in files]
    ctx.emit({"valid": checked}, f"{len(checked)} 个模板校验通过：{'、'.join(checked)}")
    return 0


def run_template_list(ctx: CliContext) -> int:
    from gridapp.documents.templates import all_templates

    rows = [{"id": t.id, "title": t.title, "version": t.version, "category": t.category,
             "series": t.series, "note": t.note} for t in all_templates().values()]
    ctx.emit(rows, lambda: "\n".join(f"{r['id']:<30}{r['title']}" for r in rows))
    return 0


def run_casefile(ctx: CliContext) -> int:
    from gridapp.documents.casefile import build_casefile
    from gridapp.documents.service import write_pdf

    store = ctx.station()
    with store.read() as s:
        built = build_casefile(store, s, ctx.args.case)
    write_pdf(built.pdf, ctx.args.out)
    ctx.emit({"out": str(ctx.args.out), "pages": built.pages, "documents": built.documents,
              "photos": built.photos, "bytes": len(built.pdf)},
             f"案卷已生成：{ctx.args.out}（{built.pages} 页，文书 {built.documents} 件，照片 {built.photos} 张）")
    return 0
