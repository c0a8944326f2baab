"""Setting up a station: the station row, the first officer account, its grids."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp import numbering
from gridapp.accounts import keyslots, roles
from gridapp.accounts.passwords import check_policy, hash_password
from gridapp.errors import ValidationError
from gridapp.inputlimits import check_text
from gridapp.keys import slots
from gridapp.models import Grid, Meta, Officer, Station
from gridapp.models.station import ROLES
from gridapp.packs import JurisdictionPack, load_pack
from gridapp.packs.model import Bureau
from gridapp.store import StationStore


def _require(value: str, field: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(f"{label}不能为空", f"{field} is required", field=field)
    return value


def init_station(
    store: StationStore,
    *,
    name: str,
    pack_code: str,
    officer_name: str,
    badge: str,
    password: str = "",
    grids: list[tuple[str, str]] | None = None,
    segment: int = numbering.DEFAULT_SEGMENT,
    bureau: str = "",
) -> Station:
    """Create the station and its first officer (a team lead). Refuses a second station.

    ``segment`` (站点号段, 1..99, assigned by HQ so that no two stations share one) is shown in
    every case and document number this station gives until HQ reserves ranges.
    """
    segment = numbering.parse_segment(segment)
    name = _require(name, "station", "站点名称")
    officer_name = _require(officer_name, "officer", "执法人员姓名")
    badge = _require(badge, "badge", "执法证号")
    if store.data_key is not None and not password and not _has_open_slot(store):
        raise ValidationError(
            "站点数据加密保存：须为第一位执法人员（中队长）设置密码（至少 8 位），否则无人能打开本站数据",
            "an encrypted station needs a password for its first officer", field="password")
    pack = load_pack(pack_code)
    body = pack.bureau(bureau.strip() or pack.default_bureau)
    with store.session() as s:
        if s.scalars(select(Station.id)).first() is not None:
            raise ValidationError(
                "该数据目录已有站点，不能重复初始化", "station already initialised", field="station"
            )
        station = Station(name=name, pack_code=pack.code, authority=body.name,
                          district_code=body.code)
        store.record(s, station, op="insert", actor=badge, action="station.init")
        numbering.set_segment(s, segment)
        add_officer(store, s, station, officer_name, badge, role="lead", password=password)
        for code, grid_name in grids or []:
            store.record(
                s, Grid(station_id=station.id, code=code, name=grid_name),
                op="insert", actor=badge, action="grid.create",
            )
    store.__dict__.pop("pack", None)
    return station


def _has_open_slot(store: StationStore) -> bool:
    keys = slots.load(store.data_dir)
    return keys is not None and keys.demo_slot() is not None


def _hashed(password: str, badge: str) -> str:
    if not password:
        return ""
    check_policy(password, badge=badge)
    return hash_password(password)


def add_officer(
    store: StationStore,
    session: Session,
    station: Station,
    name: str,
    badge: str,
    *,
    role: str = "officer",
    password: str = "",
    actor: str | None = None,
) -> Officer:
    if role not in ROLES:
        raise ValidationError(f"未知角色 {role}", f"unknown role {role}", field="role")
    taken = select(Officer).where(Officer.station_id == station.id, Officer.badge_no == badge)
    if session.scalars(taken).first() is not None:
        raise ValidationError(f"执法证号 {badge} 已存在", f"badge {badge} exists", field="badge")
    officer = Officer(
        station_id=station.id,
        name=name,
        badge_no=badge,
        role=role,
        password_hash=_hashed(password, badge),
    )
    store.record(session, officer, op="insert", actor=actor or badge, action="officer.create")
    if password:
        keyslots.give(store, session, officer.id, badge, password)
    return officer


DEMO_STATION_NAME = "演示中队（黄浦城管执法中队）"
# Set in ``meta`` when ``gridapp.demo.ensure_demo_station`` creates the station: only such a
# station takes demo cases (they would use up a real station's case numbers), and everything it
# shows or prints is marked 演示数据.
DEMO_MARKER_KEY = "demo_station"


def is_demo_station(session: Session, station: Station) -> bool:
    """True for a station made by ``ensure_demo_station`` (before the marker: by its name)."""
    marker = session.get(Meta, DEMO_MARKER_KEY)
    if marker is not None:
        return marker.value == station.id
    return station.name == DEMO_STATION_NAME


def station_bureau(pack: JurisdictionPack, station: Station) -> Bureau | None:
    """The bureau ``station`` acts for, or None for a station never configured with one (a
    station from before bureaus were data: ``gridapp station set-bureau`` configures it)."""
    for b in pack.bureaus:
        if b.code == station.district_code:
            return b
    return None


def set_bureau(store: StationStore, code: str, *, actor: str, reason: str) -> tuple[Bureau, bool]:
    """Change the bureau the station acts for (a lead's or an admin's act, audited with its
    reason); returns the bureau and whether anything changed (naming the current bureau again
    writes nothing). Documents already issued keep the body they were issued by."""
    reason = _require(reason, "reason", "变更理由")
    check_text(reason, "reason", label="变更理由", multiline=True, max_chars=500)
    pack = store.pack
    body = pack.bureau(code.strip())
    with store.session() as s:
        officer = store.officer_by_badge(s, actor)
        roles.require(officer, "station.configure")
        station = store.station(s)
        if station.district_code == body.code and station.authority == body.name:
            return body, False
        before = {"authority": station.authority, "district_code": station.district_code}
        station.authority = body.name
        station.district_code = body.code
        store.record(s, station, op="update", actor=actor, action="station.bureau",
                     before=before, audit_after={"authority": body.name,
                                                 "district_code": body.code, "reason": reason})
    return body, True


# Where the station's fines are paid (行政处罚法第六十七条第三款: 到指定的银行或者通过电子支付系统),
# printed on every fine decision and its 收缴银行联. Key → (label, English).
PAYMENT_KEYS: dict[str, tuple[str, str]] = {
    "payment_bank": ("代收银行", "collecting bank"),
    "payment_account_name": ("收款账户户名", "account name"),
    "payment_account": ("收款账号", "account number"),
    "payment_channel": ("电子缴款渠道", "electronic payment channel"),
}


def station_payment(pack: JurisdictionPack, station: Station) -> dict[str, str]:
    """The payment details in force for ``station``: what the station configured, else its
    bureau's in the pack; ``""`` for what neither knows."""
    import json

    try:
        own = json.loads(station.payment_json or "{}")
    except ValueError:
        own = {}
    bureau = station_bureau(pack, station)
    out: dict[str, str] = {}
    for key in PAYMENT_KEYS:
        mine = str(own.get(key) or "").strip() if isinstance(own, dict) else ""
        out[key] = mine or (str(getattr(bureau, key, "")) if bureau is not None else "")
    return out


def set_payment(store: StationStore, values: dict[str, str], *, actor: str,
                reason: str) -> tuple[dict[str, str], bool]:
    """Configure where this station's fines are paid (a lead's or an admin's act, audited with
    its reason). ``values`` holds some of ``PAYMENT_KEYS``; an empty value clears the station's
    own entry (the bureau's, if any, applies again). Returns the details now in force and
    whether anything changed. Documents already issued keep what they printed."""
    import json

    reason = _require(reason, "reason", "变更理由")
    check_text(reason, "reason", label="变更理由", multiline=True, max_chars=500)
    unknown = sorted(set(values) - set(PAYMENT_KEYS))
    if unknown:
        raise ValidationError(f"未知的缴款信息项 {unknown[0]}", f"unknown key {unknown[0]}",
                              field=unknown[0])
    if not values:
        raise ValidationError("请至少填写一项缴款信息（代收银行、户名、账号或电子缴款渠道）",
                              "nothing to set", field="payment_bank")
    for key, value in values.items():
        check_text(value.strip(), key, label=PAYMENT_KEYS[key][0], max_chars=200)
    account = values.get("payment_account", "").strip()
    if account and not all(ch.isdigit() or ch in " -" for ch in account):
        raise ValidationError(f"收款账号只能包含数字（可用空格或“-”分隔），收到“{account}”",
                              "account number must be digits", field="payment_account")
    with store.session() as s:
        officer = store.officer_by_badge(s, actor)
        roles.require(officer, "station.configure")
        station = store.station(s)
        try:
            own = json.loads(station.payment_json or "{}")
        except ValueError:
            own = {}
        new = {k: v for k, v in (own if isinstance(own, dict) else {}).items() if k in PAYMENT_KEYS}
        for key, value in values.items():
            if value.strip():
                new[key] = value.strip()
            else:
                new.pop(key, None)
        text = json.dumps(new, ensure_ascii=False, sort_keys=True)
        if text == (station.payment_json or "{}"):
            return station_payment(store.pack, station), False
        before = {"payment_json": station.payment_json}
        station.payment_json = text
        store.record(s, station, op="update", actor=actor, action="station.payment",
                     before=before, audit_after={"payment_json": text, "reason": reason})
        return station_payment(store.pack, station), True
