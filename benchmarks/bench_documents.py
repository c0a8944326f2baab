"""Document rendering and case-file benchmark.

Prints: median time to render one 行政处罚决定书 in-process; time and size of a case file with
20 photos and 12 documents built from the print copies; the same case file built from the
original 12-megapixel photos (naive baseline); and the ratios.

    .venv/bin/python benchmarks/bench_documents.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from gridapp.caselog import service
from gridapp.documents.casefile import build_casefile
from gridapp.documents.context import today_local
from gridapp.documents.render import render_document
from gridapp.documents.service import issue_document
from gridapp.documents.serving import ServiceInput, serve_document
from gridapp.documents.templates import get_template
from gridapp.evidence.capture import import_files
from gridapp.models import Station
from gridapp.rules.record import build_case_input, evaluate_case
from gridapp.setup import add_officer, init_station
from gridapp.store import open_store

LEAD, OFFICER = "31010001", "31010002"
BENCH_PASSWORD = "bench-password-1"
DECISION_VALUES = {
    "authority": "上海市黄浦区城市管理行政执法局", "doc_number": "沪城管罚字〔2026〕第0001号",
    "party_name": "王小明", "party_id_label": "身份证号码", "party_id": "310101199001011234",
    "party_address": "上海市黄浦区福州路8号", "act_date": "2026-11-19",
    "place": "上海市黄浦区南京东路100号门前", "violation": "占道设摊经营",
    "facts": "执法队员巡查发现当事人在人行道上占道设摊经营水果，占用面积约3平方米，经劝导仍未停止。",
    "evidence": "现场检查（勘验）笔录、询问笔录、现场照片20张",
    "legal_basis": "《上海市市容环境卫生管理条例》第二十五条第二款",
    "penalty_basis": "《上海市市容环境卫生管理条例》第二十五条第二款",
    "discretion": "按照本地裁量基准，本案属“一般”档次。",
    "statement_summary": "当事人在法定期限内未提出陈述、申辩，也未要求听证。",
    "penalty_type": "罚款", "fine_amount": "300", "correction": "立即停止违法行为并改正",
    "payment_place": "指定银行或者通过电子支付系统", "review_body": "上海市黄浦区人民政府",
    "court": "上海市黄浦区人民法院", "issue_date": "2026-11-25",
}
FREE = {
    "rectification_notice": ["deadline=2026-12-01"],
    "site_inspection_record": ["end=2026-11-19 10:10"],
    "inquiry_record": ["start=2026-11-19 10:15", "end=2026-11-19 10:40",
                       'qa=[{"q": "你今天在这里做什么？", "a": "摆摊卖水果。"}]'],
    "statement_record": ["time=2026-11-22 14:00", "place=中队", "statement=我认识到了错误。"],
    "investigation_report": ["proposal=建议罚款300元，并责令改正。"],
    "penalty_approval": ["handler_opinion=同意。"],
    "advance_notice": ["contact=南京东路200号（电话 021-63000000）"],
    "hearing_notice": ["contact=南京东路200号（电话 021-63000000）"],
}
SEQUENCE = ("case_source_register", "filing_approval", "rectification_notice",
            "site_inspection_record", "inquiry_record", "hearing_notice", "statement_record",
            "investigation_report", "penalty_approval")


def make_photo(path: Path, seed: int) -> None:
    """A 4000×3000 (12 MP) JPEG with camera-like detail (noise, shapes, soft edges)."""
    size = (4000, 3000)
    noise = Image.effect_noise(size, 28 + seed % 7)
    grad = Image.linear_gradient("L").resize(size)
    img = Image.merge("RGB", (Image.blend(grad, noise, 0.5), noise, grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(img)
    for k in range(12):
        x, y = (seed * 397 + k * 331) % 3600, (seed * 211 + k * 157) % 2600
        draw.rectangle((x, y, x + 400, y + 300), fill=((k * 40) % 255, (seed * 30) % 255, 120))
    img.filter(ImageFilter.GaussianBlur(1)).save(path, "JPEG", quality=90)


def median_render(n: int = 30) -> float:
    template = get_template("penalty_decision")
    render_document(template, DECISION_VALUES, number="x", station="s", authority="a")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        render_document(template, DECISION_VALUES, number=DECISION_VALUES["doc_number"],
                        station="黄浦中队", authority=DECISION_VALUES["authority"])
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def build_case(root: Path) -> tuple[object, str]:
    st = open_store(root / "station")
    station = init_station(st, name="基准中队", pack_code="shanghai", officer_name="张建国",
                           badge=LEAD, grids=[("G0101", "南京东路第1网格")], password=BENCH_PASSWORD)
    with st.session() as s:
        row = s.get(Station, station.id)
        assert row is not None
        add_officer(st, s, row, "李明", OFFICER, actor=LEAD)
    with st.session() as s:
        case = service.create_case(st, s, {
            "violation": "street-vending", "address": "上海市黄浦区南京东路100号门前",
            "grid": "G0101", "source": "patrol",
            "facts": "执法队员巡查发现当事人在人行道上占道设摊经营水果，占用面积约3平方米。",
            "party": {"kind": "person", "name": "王小明", "id_number": "310101199001011234",
                      "address": "上海市黄浦区福州路8号"},
            "officers": [LEAD, OFFICER], "act_date": "2026-11-19"}, LEAD)
        number = case.number
    photos = root / "photos"
    photos.mkdir()
    files = []
    for i in range(20):
        files.append(photos / f"IMG_{i:04d}.jpg")
        make_photo(files[-1], i)
    import_files(st, number, files, actor=LEAD, caption="占道设摊现场", reason="已核实，属本案证据")
    with st.session() as s:
        case = service.find_case(s, number)
        evaluate_case(st, s, case, build_case_input(s, case, {
            "facts": {"harm": "slight", "corrected": False}, "case": {"proposed_fine": 300}}), LEAD)
    back = date.fromisoformat(today_local()) - timedelta(days=20)
    with st.session() as s:
        for tid in SEQUENCE:
            issue_document(st, s, number, tid, FREE.get(tid, []), LEAD)
        notice = issue_document(st, s, number, "advance_notice", FREE["advance_notice"], LEAD,
                                issue_date=back)
    with st.session() as s:
        serve_document(st, s, notice.number, ServiceInput("direct", back.isoformat()), LEAD)
    with st.session() as s:
        decision = issue_document(st, s, number, "penalty_decision", [], LEAD)
        issue_document(st, s, number, "closing_report", ["execution=已缴纳罚款，已改正。"], LEAD)
    with st.session() as s:
        serve_document(st, s, decision.number, ServiceInput("direct"), LEAD)
    return st, number


def timed_casefile(st: object, number: str, originals: bool) -> tuple[float, int, int, int]:
    best = None
    for _ in range(3):
        t = time.perf_counter()
        with st.read() as s:  # type: ignore[attr-defined]
            built = build_casefile(st, s, number, originals=originals)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t
        best = elapsed if best is None else min(best, elapsed)
    return best or 0.0, len(built.pdf), built.documents, built.photos


def main() -> int:
    render = median_render()
    print(f"penalty_decision render, median of 30 in-process: {render * 1000:.1f} ms (target ≤ 150 ms)")
    with tempfile.TemporaryDirectory() as tmp:
        st, number = build_case(Path(tmp))
        t_print, size_print, docs, photos = timed_casefile(st, number, originals=False)
        t_orig, size_orig, _, _ = timed_casefile(st, number, originals=True)
        st.close()  # type: ignore[attr-defined]
    print(f"case file ({docs} documents, {photos} photos, print copies): "
          f"{t_print:.2f} s, {size_print / 1e6:.2f} MB (target ≤ 2 s, ≤ 8 MB)")
    print(f"naive baseline (same case file from the original 12 MP photos): "
          f"{t_orig:.2f} s, {size_orig / 1e6:.2f} MB")
    print(f"ratios baseline/print-copy: size {size_orig / size_print:.1f}x (target ≥ 5x), "
          f"time {t_orig / t_print:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
