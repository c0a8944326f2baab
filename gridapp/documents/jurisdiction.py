"""执法主体 and 管辖: which bureau a station acts for, and which bureau the case's place belongs to.

The place of the act decides 管辖 (行政处罚法第二十二条: 由违法行为发生地的行政机关管辖): the
case's address is read first, then its grid's name, against the pack's ``[[bureaus]].places``.
A document the station would issue in its bureau's name to the party, on a case whose place lies
in another bureau's district, is refused with the referral (案件移送函) as the way on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.documents.fill import GateView
from gridapp.documents.templates import Template
from gridapp.models import Case, Grid, Station
from gridapp.packs import JurisdictionPack
from gridapp.packs.model import Bureau
from gridapp.setup import station_bureau

# The document that moves a case to the bureau that has 管辖; never refused by the gate.
REFERRAL_TEMPLATE = "case_referral"
BASIS_PLACE = "《行政处罚法》第二十二条"
BASIS_BODY = "《行政处罚法》第二十二条、第三十八条第一款"


@dataclass(frozen=True)
class Jurisdiction:
    acting: Bureau | None  # the bureau the station acts for (None: not configured)
    place: Bureau | None  # the bureau of the district the act took place in (None: not named)

    @property
    def outside(self) -> bool:
        return self.acting is not None and self.place is not None and self.acting != self.place


def case_jurisdiction(session: Session, pack: JurisdictionPack, case: Case) -> Jurisdiction:
    station = session.scalars(select(Station).where(Station.deleted.is_(False))).first()
    acting = station_bureau(pack, station) if station is not None else None
    grid_name = ""
    if case.grid_code:
        grid_name = session.scalars(
            select(Grid.name).where(Grid.code == case.grid_code, Grid.deleted.is_(False))
        ).first() or ""
    return Jurisdiction(acting, pack.bureau_of_place(case.address, grid_name))


def issued_in_bureau_name(template: Template) -> bool:
    """Documents that bind or notify the party in the bureau's name (the ones 管辖 governs)."""
    return template.served_on_party or template.category in ("decision", "served")


def jurisdiction_gates(j: Jurisdiction, template: Template, address: str) -> list[GateView]:
    if template.id == REFERRAL_TEMPLATE:
        if j.outside:
            return []
        return [GateView(
            "referral_not_needed", True,
            "案件发生地属本机关管辖（或未写明所在区），无需移送",
            BASIS_PLACE, "请核对案件地点",
        )]
    if not issued_in_bureau_name(template):
        return []
    if j.acting is None:
        return [GateView(
            "bureau_not_configured", True,
            "本站尚未配置所属的区执法机关（执法主体），文书不能以其名义作出",
            BASIS_BODY, "请中队长或管理员运行 gridapp station set-bureau 区划代码 --reason 理由",
        )]
    if j.outside:
        assert j.place is not None
        return [GateView(
            "outside_jurisdiction", True,
            f"案件发生地（{address}）属{j.place.name}管辖，本站以{j.acting.name}的名义执法，"
            f"不能作出本文书",
            BASIS_PLACE, f"请制作案件移送函，将案件移送{j.place.name}",
        )]
    if j.place is None:
        return [GateView(
            "jurisdiction_unknown", False,
            f"案件地点（{address or '未填写'}）未写明所在区，无法核对是否属{j.acting.name}管辖",
            BASIS_PLACE, "",
        )]
    return []
