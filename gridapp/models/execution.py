"""How a decided penalty was executed (执行记录, table ``execution``), one row per record:

- ``kind``: ``payment`` 缴纳 (the party paid, in full or a part) | ``court`` 人民法院强制执行
  (executed by the court on the bureau's application; ``reference`` = the ruling's number) |
  ``substitute`` 代履行完毕 (the obligation the decision ordered was performed by substitution)
  | ``instalment`` 分期 / 延期缴纳 approved (行政处罚法第六十六条第二款; ``schedule_json`` the
  approved schedule) | ``terminated`` 终结执行 (行政强制法第四十条; ``note`` the reason) |
  ``not_enforced`` 人民法院裁定不予执行 (``reference`` = the ruling's number) | ``refund``
  退还罚款 (``amount_fen`` refunded, ``reference`` the refund voucher) | ``reconsideration``
  申请行政复议 / ``suit`` 提起行政诉讼 (``on`` the filing day, ``reference`` the 复议机关 or
  人民法院) | ``remedy_ended`` the 复议/诉讼 concluded (``on`` the day its 复议决定/判决/裁定
  took effect or the withdrawal, ``way`` the outcome ``upheld``/``dismissed``/``withdrawn``/
  ``changed``/``revoked``, ``reference`` its number); the period between earns no 加处罚款
  (行政处罚法第七十三条第三款);
- ``decision_id``: the decision (``Document.id``) the record executes;
- ``amount_fen``: the amount paid (payment), collected (court, optional: 执行到位) or refunded
  (refund), in fen; None
  otherwise;
- ``on``: station date ``YYYY-MM-DD`` — the day paid, the ruling's or completion day, the day
  the instalments were approved;
- ``way``: for a payment ``bank`` 指定银行 | ``on_site`` 当场收缴 | ``electronic`` 电子支付; ""
  otherwise;
- ``reference``: the bank receipt or 专用票据 number, the court's ruling number, the approval's
  number; ``note`` the officer's words; ``recorded_by`` the ``Officer.id`` who recorded it.

Rows are appended through ``store.record`` (audit action ``execution.record``), never edited.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, SyncMixin

EXECUTION_KINDS = ("payment", "court", "substitute", "instalment", "terminated", "not_enforced",
                   "refund", "reconsideration", "suit", "remedy_ended")
PAYMENT_WAYS = ("bank", "on_site", "electronic")


class Execution(SyncMixin, Base):
    __tablename__ = "execution"

    case_id: Mapped[str] = mapped_column(ForeignKey("case.id"), index=True)
    decision_id: Mapped[str | None] = mapped_column(ForeignKey("document.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    on: Mapped[str] = mapped_column(String(10))
    way: Mapped[str] = mapped_column(String(16), default="")
    reference: Mapped[str] = mapped_column(String(100), default="")
    schedule_json: Mapped[str] = mapped_column(Text, default="[]")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
