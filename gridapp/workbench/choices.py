"""What the new-case wizard offers to choose from: violations, grids and case sources.

Plain data from the station's pack, its grid table and the vocabulary; nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from gridapp.caselog.query import list_grids
from gridapp.packs.model import ViolationType
from gridapp.store import StationStore
from gridapp.timeutil import station_time
from gridapp.vocab.case_source import CASE_SOURCE

# Placeholders of a fact template the wizard can fill from what the officer already entered.
TIME_SLOT = "〔时间〕"
PLACE_SLOT = "〔地点〕"
PARTY_SLOT = "〔当事人〕"
# Sources the wizard offers, in this order (``other`` stays a CLI/import value).
WIZARD_SOURCES = ("patrol", "hotline", "public_report", "dispatch")
# Sources that must carry the ticket number they came with (12345 工单号).
TICKET_SOURCES = frozenset({"hotline"})


@dataclass(frozen=True)
class ViolationChoice:
    code: str
    name: str
    category: str  # 事件大类 (GB/T 30428.2)
    violated_article: str
    penalty_article: str
    fact_template: str
    # Lower-cased code, name, category and articles: what a search box matches against.
    search_text: str
    exemptable: bool = False  # on the pack's exemption list (免罚清单)
    education: str = ""  # 说理: the pack's words to read out to the party ("" when none)


@dataclass(frozen=True)
class GridChoice:
    code: str
    name: str


@dataclass(frozen=True)
class SourceChoice:
    code: str
    label: str
    label_en: str
    needs_ticket: bool


def default_fact_template(vt: ViolationType) -> str:
    """A starting text for the facts (案情) of ``vt`` when the pack gives none."""
    measure = vt.measures[0] if vt.measures else "责令改正"
    return (
        f"{TIME_SLOT}，执法队员在{PLACE_SLOT}发现{PARTY_SLOT}{vt.name}，"
        f"〔具体情形：物品、占用面积、持续时间等〕。"
        f"执法队员当场出示执法证件，告知其行为违反{vt.violated_article}的规定，并{measure}；"
        f"当事人〔是否当场改正〕。"
    )


def violation_choices(store: StationStore) -> tuple[ViolationChoice, ...]:
    """The pack's violation catalog, by category then name (the order of the pack kept within)."""
    pack = store.pack
    exemptable = {item.violation for item in pack.exemptions}
    out = []
    for vt in pack.violations.values():
        search = " ".join((vt.code, vt.name, vt.event_class, vt.violated_article,
                           vt.penalty_article)).lower()  # fmt: skip
        out.append(ViolationChoice(
            code=vt.code, name=vt.name, category=vt.event_class,
            violated_article=vt.violated_article, penalty_article=vt.penalty_article,
            fact_template=vt.fact_template or default_fact_template(vt),
            search_text=search, exemptable=vt.code in exemptable, education=vt.education,
        ))  # fmt: skip
    return tuple(out)


def search_violations(
    choices: tuple[ViolationChoice, ...], text: str
) -> tuple[ViolationChoice, ...]:
    """The choices whose search text holds every space-separated term of ``text``."""
    terms = text.lower().split()
    return tuple(c for c in choices if all(t in c.search_text for t in terms))


def fill_fact_template(
    template: str, *, act_at: datetime | None = None, address: str = "", party_name: str = ""
) -> str:
    """``template`` with the time, place and party filled in where they are known."""
    text = template
    if act_at is not None:
        local = act_at if act_at.tzinfo is None else station_time(act_at)
        text = text.replace(TIME_SLOT, f"{local:%Y年%m月%d日%H时%M分}")
    if address.strip():
        text = text.replace(PLACE_SLOT, address.strip())
    if party_name.strip():
        text = text.replace(PARTY_SLOT, f"当事人{party_name.strip()}")
    return text


def grid_choices(store: StationStore) -> tuple[GridChoice, ...]:
    """The station's grids (网格), by code."""
    with store.read() as s:
        return tuple(GridChoice(code, name) for code, name in list_grids(s))


def source_choices() -> tuple[SourceChoice, ...]:
    return tuple(
        SourceChoice(code, CASE_SOURCE.zh(code), CASE_SOURCE.en(code), code in TICKET_SOURCES)
        for code in WIZARD_SOURCES
    )
