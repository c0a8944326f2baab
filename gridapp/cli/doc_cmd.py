"""``gridapp doc …``, ``gridapp template …`` and ``gridapp casefile``: enforcement documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gridapp.cli.context import CliContext, actor_badge


def _case_template(p: argparse.ArgumentParser) -> None:
    p.add_argument("case", help="案件编号或 id")
    p.add_argument("template", help="模板 id，如 penalty_decision")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                   help="手工填写字段（可重复）；问答、物品清单、证据及证明对象用 JSON 列表")


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
            lines.append(f"{'阻断' if g.blocking else '提示'} {g.sentence()}")
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


def run_issue(ctx: CliContext) -> int:
    from gridapp.documents.service import (
        check_output_path,
        find_document,
        issue_document,
        stored_pdf,
        write_pdf,
    )

    if ctx.args.out:  # checked before the document is issued, not after
        check_output_path(ctx.args.out, replace=ctx.args.force)
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
            refusal_reason=a.refusal_reason, witnesses=tuple(a.witness or ()),
            evidence=evidence, consent=a.consent, agent=a.agent, agent_relation=a.agent_relation,
            tracking_number=a.tracking_number, mailed_on=a.mailed_on,
            signer_role=a.signer_role), actor)
        out = service_summary(row, s)
    ctx.emit(out, f"已记录送达：{out['method_label']}，受送达人 {out['recipient']}，"
             f"送达日期 {out['deemed_served_on']}")
    return 0


def run_render(ctx: CliContext) -> int:
    from gridapp.documents.service import (
        check_output_path,
        find_document,
        render_copy,
        write_pdf,
    )
    from gridapp.documents.serving import render_receipt, services_of

    check_output_path(ctx.args.out, replace=ctx.args.force)
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
    from gridapp.documents.service import check_output_path, write_pdf

    check_output_path(ctx.args.out, replace=ctx.args.force)

    def report(done: int, total: int) -> None:
        print(f"progress {done} {total}", file=sys.stderr, flush=True)

    store = ctx.station()
    with store.read() as s:
        built = build_casefile(store, s, ctx.args.case,
                               progress=report if ctx.args.progress else None)
    write_pdf(built.pdf, ctx.args.out)
    ctx.emit({"out": str(ctx.args.out), "pages": built.pages, "documents": built.documents,
              "photos": built.photos, "bytes": len(built.pdf)},
             f"案卷已生成：{ctx.args.out}（{built.pages} 页，文书 {built.documents} 件，照片 {built.photos} 张）")
    return 0
