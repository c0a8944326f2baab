"""What each role may do, enforced by the core services (never only by hiding buttons).

- ``officer`` (执法队员): their own case work;
- ``lead`` (中队长): also approves (the approval forms), reassigns cases, voids documents other
  officers issued, and administers the station's accounts;
- ``admin`` (管理员): administers accounts (add, edit, retire, reset passwords) and takes no
  legal decisions.
"""

from __future__ import annotations

from gridapp.errors import PermissionDenied
from gridapp.models import Officer

ROLE_LABELS: dict[str, str] = {"officer": "执法队员", "lead": "中队长", "admin": "管理员"}

PERMISSIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({"lead"}), "审批（签发审批表）"),
    "case.reassign": (frozenset({"lead"}), "把案件指派给他人办理"),
    "doc.void_others": (frozenset({"lead"}), "作废其他执法人员签发的文书"),
    "accounts.manage": (frozenset({"lead", "admin"}), "添加、修改、停用执法人员"),
    "accounts.reset": (frozenset({"lead", "admin"}), "重置他人密码"),
    "accounts.grant_lead": (frozenset({"lead"}), "授予或取消中队长角色"),
    "station.configure": (frozenset({"lead", "admin"}), "变更站点所属执法机关（执法主体）"),
}

# Documents whose issue is an approval (the lead's act, APL Art 57).
APPROVAL_TEMPLATES = frozenset({"filing_approval", "penalty_approval", "closing_report"})


def may(officer: Officer, permission: str) -> bool:
    return officer.role in PERMISSIONS[permission][0]


def require(officer: Officer, permission: str) -> None:
    roles, what = PERMISSIONS[permission]
    if officer.role in roles:
        return
    allowed = "、".join(ROLE_LABELS[r] for r in sorted(roles))
    raise PermissionDenied(
        f"{officer.name}（{ROLE_LABELS.get(officer.role, officer.role)}）无权{what}：只有{allowed}可以",
        f"{officer.badge_no} ({officer.role}) may not: {permission}", field="role")
