"""处置方式 (721 工作法) / disposition (``Case.disposition``): service, management, enforcement."""

from __future__ import annotations

from gridapp.vocab import Term, Vocabulary

DISPOSITION = Vocabulary("disposition", (
    Term("service", "服务", "service"),
    Term("management", "管理", "management"),
    Term("enforcement", "执法", "enforcement"),
))
